"""axe-core on every page of the foundation, in each state a person can meet it in, on a
desktop and on a phone (where wide content scrolls and must stay reachable by keyboard).

Every violation fails, whatever its impact: the pages have none, and must stay that way.
"""

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import login_as

pytestmark = pytest.mark.e2e

LocationId = Callable[[str], int]
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}


def _bad_login(page: Page, _: LocationId) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("onbekend@demo.example")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _filtered_list(page: Page, _: LocationId) -> None:
    page.goto("/locaties/")
    page.get_by_label("Provincie").select_option(label="Gelderland")
    page.get_by_label("Modaliteit").select_option(label="Asielzoekerscentrum (azc)")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".result-count")).to_have_text("1 locatie gevonden")


def _new_location_with_errors(page: Page, _: LocationId) -> None:
    page.goto("/locaties/nieuw")
    page.get_by_label("Capaciteit (plaatsen)").fill("0")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")


def _import_with_errors(page: Page, _: LocationId) -> None:
    page.goto("/locaties/importeren")
    page.get_by_label("CSV-bestand").set_input_files(
        {"name": "fout.csv", "mimeType": "text/csv", "buffer": b"naam;plaats\nazc X;Assen\n"}
    )
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is niets geïmporteerd")


def _user_detail(page: Page, _: LocationId) -> None:
    page.goto("/beheer/gebruikers")
    page.get_by_role("link", name="Carla Coördinator").click()
    expect(page.get_by_role("heading", name="Rol wijzigen")).to_be_visible()


def _checklist_in_force(page: Page, _: LocationId) -> None:
    page.goto("/normenkaders/")
    page.get_by_role("row").filter(has_text="geldt nu").get_by_role("link").first.click()
    expect(page.get_by_role("navigation", name="Thema's")).to_be_visible()


def _checklist_search_error(page: Page, _: LocationId) -> None:
    page.goto("/normenkaders/zoeken")
    page.get_by_label("Zoek in toetspunten en wettelijke grondslagen").fill("x")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator(".error-message")).to_contain_text("Zoek met 2 tot 100 tekens.")


def _plan_with_errors(page: Page, _: LocationId) -> None:
    page.goto("/inspecties/plannen")
    page.get_by_role("button", name="Inspectie plannen").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")


def _inspection(
    status: str, location: str, then: str | None = None
) -> Callable[[Page, LocationId], None]:
    """A demo inspection, found through the list; ``then`` is a link on it to follow (a theme
    by its title, or "Beoordelen")."""

    def visit(page: Page, _: LocationId) -> None:
        page.goto(f"/inspecties/?mine=0&status={status}")
        page.get_by_role("link", name=location, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(location)
        if then is not None:
            page.get_by_role("main").get_by_role("link", name=then).first.click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(then)

    return visit


def _go(path: str | Callable[[LocationId], str]) -> Callable[[Page, LocationId], None]:
    def visit(page: Page, location_id: LocationId) -> None:
        page.goto(path if isinstance(path, str) else path(location_id))

    return visit


def _lombok(suffix: str = "") -> Callable[[LocationId], str]:
    return lambda location_id: f"/locaties/{location_id('Opvang Lombok')}{suffix}"


def _first_in_table(path: str) -> Callable[[Page, LocationId], None]:
    """The first row's link in the table of ``path``."""

    def visit(page: Page, _: LocationId) -> None:
        page.goto(path)
        page.locator("main table tbody a").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    return visit


def _plan(title: str, goal: str | None = None) -> Callable[[Page, LocationId], None]:
    def visit(page: Page, _: LocationId) -> None:
        page.goto("/verbeterplannen/")
        page.get_by_role("link", name=title).click()
        if goal is not None:
            page.get_by_role("main").get_by_role("link", name=goal).first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    return visit


def _comparison(page: Page, _: LocationId) -> None:
    """The newest final inspection of a location inspected twice, against the one before."""
    page.goto("/inspecties/?mine=0&status=vastgesteld")
    page.get_by_role("link", name="azc Veluwezoom", exact=True).first.click()
    page.get_by_role("link", name="Vergelijking per toetspunt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vergelijking")


def _status_form_errors(page: Page, location_id: LocationId) -> None:
    """A finding's status form sent without its explanation."""
    page.goto("/bevindingen/?status=gemeld_opgelost")
    page.locator("main table tbody a").first.click()
    page.get_by_role("button", name="Verifiëren: effectief").click()
    expect(page.locator(".error-message").first).to_be_visible()


# id -> (who is logged in, how to get to the page)
PAGES: dict[str, tuple[str | None, Callable[[Page, LocationId], None]]] = {
    "login": (None, _go("/inloggen")),
    "login-error": (None, _bad_login),
    "home-beheerder": ("beheerder", _go("/")),
    "home-coordinator": ("coordinator", _go("/")),
    "home-inspecteur": ("inspecteur", _go("/")),
    "home-ketenpartner": ("ketenpartner", _go("/")),
    "locations": ("coordinator", _go("/locaties/")),
    "locations-filtered": ("coordinator", _filtered_list),
    "locations-ketenpartner": ("ketenpartner", _go("/locaties/")),
    "location": ("coordinator", _go(_lombok())),
    "location-new": ("coordinator", _go("/locaties/nieuw")),
    "location-new-errors": ("coordinator", _new_location_with_errors),
    "location-edit": ("coordinator", _go(_lombok("/bewerken"))),
    "import": ("coordinator", _go("/locaties/importeren")),
    "import-errors": ("coordinator", _import_with_errors),
    "users": ("beheerder", _go("/beheer/gebruikers")),
    "user": ("beheerder", _user_detail),
    "user-new": ("beheerder", _go("/beheer/gebruikers/nieuw")),
    "organisations": ("beheerder", _go("/beheer/organisaties")),
    "not-found": ("coordinator", _go("/locaties/999999")),
    "checklists": ("inspecteur", _go("/normenkaders/")),
    "checklists-beheerder": ("beheerder", _go("/normenkaders/")),
    "checklist-version": ("inspecteur", _checklist_in_force),
    "checklist-search": ("inspecteur", _go("/normenkaders/zoeken?q=Rva+2005")),
    "checklist-search-error": ("inspecteur", _checklist_search_error),
    "checklist-diff": ("coordinator", _go("/normenkaders/kwaliteit-asielopvang/verschil")),
    "inspections-inspecteur": ("inspecteur", _go("/inspecties/")),
    "inspections-coordinator": ("coordinator", _go("/inspecties/")),
    "inspection-plan": ("coordinator", _go("/inspecties/plannen")),
    "inspection-plan-errors": ("coordinator", _plan_with_errors),
    "inspection-planned": ("inspecteur", _inspection("gepland", "kwv Noorderhaven")),
    "inspection-in-progress": ("inspecteur", _inspection("in_uitvoering", "azc Hunzedal")),
    # A theme the demo completed, and one with items still missing their judgment.
    "inspection-theme": (
        "inspecteur",
        _inspection("in_uitvoering", "azc Hunzedal", "Voeding en drinkwater"),
    ),
    "inspection-theme-problems": (
        "inspecteur",
        _inspection("in_uitvoering", "azc Hunzedal", "Huisvesting en privacy"),
    ),
    "inspection-review": (
        "coordinator",
        _inspection("ter_review", "KSO Kanaleneiland", "Beoordelen"),
    ),
    "inspection-final": ("coordinator", _inspection("vastgesteld", "Opvang Croeselaan")),
    "inspection-final-theme": (
        "inspecteur",
        _inspection("vastgesteld", "Opvang Croeselaan", "Informatie bij aankomst"),
    ),
    "inspection-follow-up-plan": ("coordinator", _go("/inspecties/vervolgonderzoek")),
    "inspection-comparison": ("coordinator", _comparison),
    "findings": ("coordinator", _go("/bevindingen/")),
    "findings-overdue": ("inspecteur", _go("/bevindingen/?overdue=ja")),
    "findings-ketenpartner": ("ketenpartner", _go("/bevindingen/")),
    "finding-to-verify": ("inspecteur", _first_in_table("/bevindingen/?status=gemeld_opgelost")),
    "finding-to-verify-errors": ("inspecteur", _status_form_errors),
    "finding-ketenpartner": ("ketenpartner", _first_in_table("/bevindingen/?status=open")),
    "plans": ("coordinator", _go("/verbeterplannen/")),
    "plan-location": ("coordinator", _plan("Verbeterplan azc Veluwezoom 2026")),
    "plan-nidos": ("inspecteur", _plan("Landelijk ontwikkelplan (demo)")),
    "plan-ketenpartner": ("ketenpartner", _plan("Verbeterplan azc Veluwezoom 2026")),
    "plan-goal-ketenpartner": (
        "ketenpartner",
        _plan("Verbeterplan azc Veluwezoom 2026", "Veilige en schone huisvesting in alle units"),
    ),
    "plan-new": ("ketenpartner", _go("/verbeterplannen/nieuw")),
    "supervision": ("coordinator", _go("/toezicht/")),
    "supervision-location": ("coordinator", _first_in_table("/toezicht/")),
    "trends": ("coordinator", _go("/trends/")),
    "trends-per-year": ("beheerder", _go("/trends/?province=gelderland&period=year")),
    "trends-errors": (
        "inspecteur",
        _go("/trends/?province=atlantis&start=2026-06-01&end=2026-01-01"),
    ),
    "trends-inspections": ("coordinator", _go("/trends/inspecties?by=modality&group=azc")),
    "trends-inspections-errors": ("coordinator", _go("/trends/inspecties?by=province")),
}


def _report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:120]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize(("role", "visit"), list(PAGES.values()), ids=list(PAGES))
def test_page_has_no_axe_violations(
    page: Page,
    location_id: LocationId,
    role: str | None,
    visit: Callable[[Page, LocationId], None],
    viewport: str,
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    if role is not None:
        login_as(page, role)
    visit(page, location_id)

    violations = Axe().run(page).response["violations"]

    assert violations == [], f"axe found on {page.url}:\n{_report(violations)}"
