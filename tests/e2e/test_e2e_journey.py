"""A coordinator's day: log in, find a location with the filters, change it, log out."""

import re

import pytest
from playwright.sync_api import Page, expect

from inspectie.demo import data as demo_data
from tests.e2e.conftest import PASSWORD, login, result_rows

pytestmark = pytest.mark.e2e

UTRECHT_VGE = sorted(
    name
    for name, _, operator_type, _, _, _, province, _ in demo_data.LOCATIONS
    if province == "utrecht" and operator_type == "vge"
)


def test_coordinator_filters_edits_a_location_and_logs_out(page: Page) -> None:
    login(page, "coordinator@demo.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Carla Coördinator")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvanglocaties")

    page.get_by_label("Provincie").select_option(label="Utrecht")
    page.get_by_label("Type exploitant").select_option(
        label="Gemeente (volledige exploitatie, VGE)"
    )
    page.get_by_role("button", name="Filteren").click()

    expect(page.locator(".result-count")).to_have_text(f"{len(UTRECHT_VGE)} locaties gevonden")
    rows = result_rows(page)
    assert sorted(row["Naam"] for row in rows) == UTRECHT_VGE
    assert {row["Provincie"] for row in rows} == {"Utrecht"}
    assert all(row["Exploitant"].endswith("VGE") for row in rows)
    # The filters stay chosen, so the person sees what the list is showing.
    expect(page.get_by_label("Provincie")).to_have_value("utrecht")
    expect(page.get_by_label("Type exploitant")).to_have_value("vge")

    page.get_by_role("link", name="Opvang Lombok").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvang Lombok")
    page.get_by_role("link", name="Bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvang Lombok bewerken")

    capacity = page.get_by_label("Capaciteit (plaatsen)")
    new_capacity = int(capacity.input_value()) + 15
    capacity.fill(str(new_capacity))
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Opvang Lombok")
    expect(page.get_by_role("status").filter(has_text="Wijzigingen opgeslagen.")).to_be_visible()
    expect(page.locator("dt:text-is('Capaciteit') + dd")).to_have_text(f"{new_capacity} plaatsen")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("status")).to_have_text("U bent uitgelogd.")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def test_logged_out_visitor_logs_in_and_lands_on_the_page_asked_for(page: Page) -> None:
    page.goto("/locaties/?province=utrecht")
    expect(page).to_have_url(re.compile(r"/inloggen\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")

    page.get_by_label("E-mailadres").fill("inspecteur@demo.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(re.compile(r"/locaties/\?province=utrecht$"))
    expect(page.get_by_label("Provincie")).to_have_value("utrecht")
    # An inspecteur may look, not change: no buttons to add or import locations.
    expect(page.get_by_role("link", name="Locatie toevoegen")).to_have_count(0)
    expect(page.get_by_role("link", name="CSV importeren")).to_have_count(0)
