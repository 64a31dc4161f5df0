"""What a person sees when the input is wrong: a refused log-in, a rule the location breaks."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("inspecteur2@demo.example", "niet-het-goede-wachtwoord"),  # a real account
        ("niemand@demo.example", PASSWORD),  # no such account: the same answer
    ],
    ids=["wrong-password", "unknown-address"],
)
def test_bad_login_keeps_you_on_the_login_page(page: Page, email: str, password: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("alert")).to_have_text("E-mailadres of wachtwoord is onjuist.")
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    # The address stays filled in; the password does not.
    expect(page.get_by_label("E-mailadres")).to_have_value(email)
    expect(page.get_by_label("Wachtwoord")).to_have_value("")


def test_kso_above_150_places_is_refused_beside_the_field(
    page: Page, location_id: Callable[[str], int]
) -> None:
    detail = f"/locaties/{location_id('KSO Vechtoever')}"
    saved_capacity = page.locator("dt:text-is('Capaciteit') + dd")
    login(page, "coordinator@demo.example")
    page.goto(detail)
    expect(saved_capacity).to_have_text("90 plaatsen")
    page.get_by_role("link", name="Bewerken").click()

    capacity = page.get_by_label("Capaciteit (plaatsen)")
    capacity.fill("200")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("KSO Vechtoever bewerken")
    error = page.locator(".field").filter(has=capacity).locator(".error-message")
    expect(error).to_have_text(
        "Een kleinschalige opvanglocatie (KSO) heeft hoogstens 150 plaatsen, niet 200."
    )
    expect(capacity).to_have_attribute("aria-invalid", "true")
    expect(capacity).to_have_accessible_description(re.compile(r"hoogstens 150.*niet 200"))
    summary = page.get_by_role("alert").filter(has_text="Controleer het formulier")
    expect(summary.get_by_role("link")).to_contain_text(["hoogstens 150"])
    expect(capacity).to_have_value("200")  # what was typed is kept, to correct it

    page.goto(detail)
    expect(saved_capacity).to_have_text("90 plaatsen")
