"""The list of inspections: what "Welke" shows when nobody chose, and that a status filter does
not quietly narrow a coordinator's list to the inspections she is on the team of."""

import re
from collections.abc import Callable

from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.inspections.models import Inspection


def listed(body: str) -> set[int]:
    return {int(i) for i in re.findall(r'href="/inspecties/(\d+)"', body)}


def chosen(body: str) -> str:
    """The value of the option selected in the "Welke" select."""
    select = re.search(r'<select[^>]*name="mine".*?</select>', body, re.S)
    assert select, "no 'Welke' filter"
    found = re.search(
        r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected',
        select[0],
    )
    assert found, select[0]
    return found[1] or found[2]


def test_a_coordinator_sees_all_and_a_status_filter_keeps_it_so(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
    make_user: Callable[..., User],
) -> None:
    someone_else = make_user("coordinator")
    in_review = make_inspection("ter_review", coordinator=someone_else)
    planned = make_inspection(coordinator=someone_else)
    login_as("coordinator")
    body = client.get("/inspecties/").get_data(as_text=True)
    assert chosen(body) == "0"
    assert {in_review.id, planned.id} <= listed(body)
    # The form as the browser sends it after choosing a status: "Welke" as it was shown.
    body = client.get("/inspecties/?mine=0&status=ter_review").get_data(as_text=True)
    assert in_review.id in listed(body) and planned.id not in listed(body)
    body = client.get("/inspecties/?status=ter_review").get_data(as_text=True)
    assert in_review.id in listed(body)


def test_an_inspector_sees_her_own_unless_she_asks_for_all(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
) -> None:
    other = make_inspection()
    inspector = login_as("inspecteur")
    mine = make_inspection(lead=inspector)
    body = client.get("/inspecties/").get_data(as_text=True)
    assert chosen(body) == "1"
    assert mine.id in listed(body) and other.id not in listed(body)
    body = client.get("/inspecties/?mine=0").get_data(as_text=True)
    assert {mine.id, other.id} <= listed(body)
