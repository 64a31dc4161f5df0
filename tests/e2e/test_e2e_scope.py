"""A ketenpartner sees the locations of their own organisation, and nothing else."""

from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from tests.e2e.conftest import login, result_rows

pytestmark = pytest.mark.e2e


def _count_operated_by(app: Flask, organisation: str) -> int:
    with app.app_context():
        count = db.session.scalar(
            select(func.count(Location.id))
            .join(Location.operator)
            .where(Organisation.name == organisation)
        )
        db.session.remove()
    return count or 0


def test_coa_sees_only_coa_locations(page: Page, live_app: Flask) -> None:
    login(page, "coa@demo.example")
    expect(page.get_by_text("U werkt namens COA.")).to_be_visible()
    page.get_by_role("link", name="Locaties").first.click()

    expected = _count_operated_by(live_app, "COA")
    expect(page.locator(".result-count")).to_have_text(f"{expected} locaties gevonden")
    rows = result_rows(page)
    assert len(rows) == expected
    assert all(row["Exploitant"].startswith("COA") for row in rows)
    tags = page.get_by_role("table", name="Opvanglocaties").locator(".tag")
    assert set(tags.all_inner_texts()) == {"COA"}
    expect(page.get_by_role("link", name="Opvang Lombok")).to_have_count(0)
    expect(page.get_by_role("link", name="azc Hunzedal")).to_be_visible()

    # Filtering cannot widen the scope: the province of Utrecht has only municipal locations.
    page.get_by_label("Provincie").select_option(label="Utrecht")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".result-count")).to_have_text("0 locaties gevonden")


def test_coa_gets_404_for_another_organisations_location(
    page: Page, location_id: Callable[[str], int]
) -> None:
    login(page, "coa@demo.example")
    response = page.goto(f"/locaties/{location_id('Opvang Lombok')}")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deze pagina bestaat niet, of u hebt er geen toegang toe."
    )
    expect(page.get_by_text("Foutcode 404.")).to_be_visible()
    expect(page.get_by_text("Opvang Lombok")).to_have_count(0)

    # Its own locations open as usual.
    response = page.goto(f"/locaties/{location_id('azc Hunzedal')}")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("azc Hunzedal")
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)
