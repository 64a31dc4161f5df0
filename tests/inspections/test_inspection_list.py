"""The list of inspections: what "Welke" shows when nobody chose, and that a status filter does
not quietly narrow a coordinator's list to the inspections she is on the team of."""

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.inspections.models import Inspection
from inspectie.locations.models import Location


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


def test_the_inspections_of_one_location(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
    make_location: Callable[..., Location],
) -> None:
    here = make_location(name="azc Hier")
    there = make_inspection()
    inspection = make_inspection(location=here)
    login_as("inspecteur")
    # The link on the location's page, as it is.
    body = client.get(f"/inspecties/?locatie={here.id}&mine=0").get_data(as_text=True)
    assert listed(body) == {inspection.id} and there.id not in listed(body)
    assert "Alleen de inspecties van" in body and "azc Hier" in body
    # Filtering on keeps the location (a hidden field in the filter bar).
    assert f'name="locatie" type="hidden" value="{here.id}"' in body
    body = client.get(f"/inspecties/?locatie={here.id}&mine=0&status=vastgesteld").get_data(
        as_text=True
    )
    assert listed(body) == set() and "azc Hier" in body


@pytest.mark.parametrize("value", ["abc", "0", "-3", "99999999999999", "999999", "foreign"])
def test_an_unknown_location_is_refused(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
    make_location: Callable[..., Location],
    value: str,
) -> None:
    foreign = make_inspection()  # of a location of another operator than the partner's
    user = login_as("ketenpartner")
    # A partner sees the own inspections once they are final.
    own = make_inspection(
        "vastgesteld", location=make_location(operator=user.organisation, name="azc Eigen")
    )
    wanted = str(foreign.location.id) if value == "foreign" else value
    page = client.get(f"/inspecties/?locatie={wanted}")
    body = page.get_data(as_text=True)
    assert page.status_code == 400
    message = re.search(r'<p class="error-message" role="alert">Locatie: ([^<]+)</p>', body)
    assert message, body
    assert message[1] == ("Ongeldig getal." if value == "abc" else "Onbekende locatie.")
    assert "Geen resultaten: een filter is ongeldig." in body
    assert own.id not in listed(body) and foreign.id not in listed(body)
    assert foreign.location.name not in body
    # Without it, the partner sees the own inspections.
    assert listed(client.get("/inspecties/").get_data(as_text=True)) == {own.id}


def test_a_partner_gets_no_filters_but_is_told_of_an_invalid_one(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_inspection: Callable[..., Inspection],
    make_location: Callable[..., Location],
) -> None:
    user = login_as("ketenpartner")
    own = make_inspection("vastgesteld", location=make_location(operator=user.organisation))
    # Only final inspections are a partner's to see: a status filter would offer nothing.
    body = client.get("/inspecties/").get_data(as_text=True)
    assert listed(body) == {own.id} and 'name="status"' not in body and 'name="mine"' not in body
    page = client.get("/inspecties/?status=bijna")
    body = page.get_data(as_text=True)
    assert page.status_code == 400 and 'id="status-error"' in body and 'name="mine"' not in body
    assert listed(body) == set()
