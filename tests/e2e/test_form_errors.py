"""What a person sees when the input is wrong: a refused log-in, a rule the location breaks."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_wrong_password_keeps_you_on_the_login_page(page: Page) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("niemand@demo.example")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("alert")).to_have_text("E-mailadres of wachtwoord is onjuist.")
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    # The address stays filled in; the password does not.
    expect(page.get_by_label("E-mailadres")).to_have_value("niemand@demo.example")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")


def test_kso_above_150_places_is_refused_beside_the_field(
    page: Page, location_id: Callable[[str], int]
) -> None:
    detail = f"/locaties/{location_id('KSO Vechtoever')}"
    login(page, "coordinator@demo.example")
    page.goto(detail)
    before = page.locator("dt:text-is('Capaciteit') + dd").inner_text()
    page.get_by_role("link", name="Bewerken").click()

    capacity = page.get_by_label("Capaciteit (plaatsen)")
    capacity.fill("200")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("KSO Vechtoever bewerken")
    field = page.locator(".field").filter(has=capacity)
    expect(field.locator(".error-message")).to_contain_text("hoogstens 150")
    expect(field.locator(".error-message")).to_contain_text("niet 200")
    expect(capacity).to_have_attribute("aria-invalid", "true")
    expect(capacity).to_have_accessible_description(re.compile(r"hoogstens 150.*niet 200"))
    summary = page.get_by_role("alert").filter(has_text="Controleer het formulier")
    expect(summary.get_by_role("link")).to_contain_text(["hoogstens 150"])
    expect(capacity).to_have_value("200")  # what was typed is kept, to correct it

    page.goto(detail)
    expect(page.locator("dt:text-is('Capaciteit') + dd")).to_have_text(before)
    assert before == "90 plaatsen"
