"""Every list page answers an invalid filter the same way: 400, the message at the field, and no
list. An unfiltered list under a filter bar that shows the filter would look filtered, and a
person would draw conclusions from the wrong rows."""

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.locations.models import Location

# (list page, query with an invalid value, the field it is about, a valid value for that field)
CASES = [
    ("/locaties/", "province=atlantis", "province", "province=drenthe"),
    ("/locaties/", "operator_type=rijk", "operator_type", "operator_type=coa"),
    ("/locaties/", "q=%00azc", "q", "q=azc"),
    ("/bevindingen/", "severity=ernstig", "severity", "severity=hoog"),
    ("/bevindingen/", "location=abc", "location", "location="),
    ("/bevindingen/", "overdue=misschien", "overdue", "overdue=ja"),
    ("/bevindingen/", "province=atlantis", "province", "province=drenthe"),
    ("/verbeterplannen/", "status=klaar", "status", "status=ingediend"),
    ("/verbeterplannen/", "organisation=999999", "organisation", "organisation="),
    ("/verbeterplannen/", "location=-1", "location", "location="),
    ("/inspecties/", "status=bijna", "status", "status=gepland"),
    ("/inspecties/", "mine=2", "mine", "mine=0"),
]


@pytest.mark.parametrize(("path", "bad", "field", "good"), CASES)
def test_an_invalid_filter_is_refused_at_its_field(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_location: Callable[..., Location],
    path: str,
    bad: str,
    field: str,
    good: str,
) -> None:
    make_location(name="azc Filter")
    login_as("coordinator")
    page = client.get(f"{path}?{bad}")
    body = page.get_data(as_text=True)
    assert page.status_code == 400, body
    message = re.search(rf'<p class="error-message" id="{field}-error">([^<]+)</p>', body)
    assert message, body
    assert "Not a valid" not in message[1]  # WTForms' own words, in Dutch
    control = re.search(rf'<(?:select|input)[^>]*\bid="{field}"[^>]*>', body)
    assert control and 'aria-invalid="true"' in control[0]
    assert f'aria-describedby="{field}-error"' in control[0]
    assert "Geen resultaten: een filter is ongeldig." in body
    assert '<table class="data">' not in body and "gevonden</p>" not in body
    # With a valid value, the same page lists.
    fine = client.get(f"{path}?{good}")
    assert fine.status_code == 200
    assert "gevonden</p>" in fine.get_data(as_text=True)


def test_the_other_filters_keep_their_values(
    client: FlaskClient, login_as: Callable[..., User], make_location: Callable[..., Location]
) -> None:
    make_location(name="azc Filter")
    login_as("coordinator")
    body = client.get("/locaties/?q=azc&province=atlantis&modality=kso").get_data(as_text=True)
    assert 'name="q" type="search" value="azc"' in body
    assert '<option selected value="kso">' in body


def test_the_page_number_is_no_filter(
    client: FlaskClient, login_as: Callable[..., User], make_location: Callable[..., Location]
) -> None:
    # A malformed page number means page 1, as a link from an old bookmark would expect.
    make_location(name="azc Pagina")
    login_as("coordinator")
    page = client.get("/locaties/?page=abc")
    assert page.status_code == 200 and "azc Pagina" in page.get_data(as_text=True)
