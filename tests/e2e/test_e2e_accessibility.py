"""axe-core on every page, in each state a person can meet it in, as each role sees it, on a
desktop, a tablet (what inspectors carry) and a phone (where wide content scrolls and must stay
reachable by keyboard). Each page is loaded once and checked at every size by resizing the window.

Every violation fails, whatever its impact: the pages have none, and must stay that way.
"""

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_login import login_user
from playwright.sync_api import Page, ViewportSize, expect
from sqlalchemy import Select, select

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.inspections.models import Inspection
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.plans.models import ImprovementPlan, PlanAction, PlanGoal
from tests.e2e.conftest import LOGINS, BrowserErrors, login_as

pytestmark = pytest.mark.e2e

VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "tablet": {"width": 1024, "height": 768},
    "phone": {"width": 390, "height": 844},
}
PLAN = "Verbeterplan azc Veluwezoom 2026"  # COA's, so the ketenpartner's to maintain
GOAL = "Veilige en schone huisvesting in alle units"
COA_LOCATION = "azc Veluwezoom"


class Ids:
    """The ids of demo objects, by what a person sees of them: for URLs a person could type.
    Called with a name, the id of that location."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def _first(self, query: Select[int]) -> int:
        with self._app.app_context():
            found = db.session.scalars(query).first()
            db.session.remove()
        assert found is not None, f"no demo object for {query}"
        return found

    def __call__(self, location: str) -> int:
        return self._first(select(Location.id).where(Location.name == location))

    def organisation(self, name: str) -> int:
        return self._first(select(Organisation.id).where(Organisation.name == name))

    def plan(self, title: str = PLAN) -> int:
        return self._first(select(ImprovementPlan.id).where(ImprovementPlan.title == title))

    def goal(self, title: str = GOAL) -> int:
        return self._first(select(PlanGoal.id).where(PlanGoal.title == title))

    def action(self, goal: str = GOAL) -> int:
        return self._first(
            select(PlanAction.id)
            .join(PlanGoal)
            .where(PlanGoal.title == goal)
            .order_by(PlanAction.id)
        )

    def inspection(self, location: str, status: str) -> int:
        return self._first(
            select(Inspection.id)
            .join(Inspection.location)
            .where(Location.name == location, Inspection.status == status)
            .order_by(Inspection.planned_on.desc())
        )


@pytest.fixture(scope="session")
def ids(live_app: Flask) -> Ids:
    return Ids(live_app)


def _bad_login(page: Page, _: Ids) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("onbekend@demo.example")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _filtered_list(page: Page, _: Ids) -> None:
    page.goto("/locaties/")
    page.get_by_label("Provincie").select_option(label="Gelderland")
    page.get_by_label("Modaliteit").select_option(label="Asielzoekerscentrum (azc)")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".result-count")).to_have_text("1 locatie gevonden")


def _new_location_with_errors(page: Page, _: Ids) -> None:
    page.goto("/locaties/nieuw")
    page.get_by_label("Capaciteit (plaatsen)").fill("0")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")


def _import_with_errors(page: Page, _: Ids) -> None:
    page.goto("/locaties/importeren")
    page.get_by_label("CSV-bestand").set_input_files(
        {"name": "fout.csv", "mimeType": "text/csv", "buffer": b"naam;plaats\nazc X;Assen\n"}
    )
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is niets geïmporteerd")


def _user_detail(page: Page, _: Ids) -> None:
    page.goto("/beheer/gebruikers")
    page.get_by_role("link", name="Carla Coördinator").click()
    expect(page.get_by_role("heading", name="Rol wijzigen")).to_be_visible()


def _checklist_in_force(page: Page, _: Ids) -> None:
    page.goto("/normenkaders/")
    page.get_by_role("row").filter(has_text="geldt nu").get_by_role("link").first.click()
    expect(page.get_by_role("navigation", name="Thema's")).to_be_visible()


def _checklist_search_error(page: Page, _: Ids) -> None:
    page.goto("/normenkaders/zoeken")
    page.get_by_label("Zoek in toetspunten en wettelijke grondslagen").fill("x")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator(".error-message")).to_contain_text("Zoek met 2 tot 100 tekens.")


def _plan_with_errors(page: Page, _: Ids) -> None:
    page.goto("/inspecties/plannen")
    page.get_by_role("button", name="Inspectie plannen").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")


def _inspection(status: str, location: str, then: str | None = None) -> Callable[[Page, Ids], None]:
    """A demo inspection, found through the list; ``then`` is a link on it to follow (a theme
    by its title, or "Beoordelen")."""

    def visit(page: Page, _: Ids) -> None:
        page.goto(f"/inspecties/?mine=0&status={status}")
        page.get_by_role("link", name=location, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(location)
        if then is not None:
            page.get_by_role("main").get_by_role("link", name=then).first.click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(then)

    return visit


def _go(
    path: str | Callable[[Ids], str], status: int = 200, heading: str | None = None
) -> Callable[[Page, Ids], None]:
    """Open ``path``; it must answer ``status`` (and show ``heading`` as its h1, if given)."""

    def visit(page: Page, ids: Ids) -> None:
        response = page.goto(path if isinstance(path, str) else path(ids))
        assert response is not None and response.status == status, page.url
        if heading is not None:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    return visit


def _in_plan(suffix: Callable[[Ids], str]) -> Callable[[Ids], str]:
    """A page of COA's demo plan: ``suffix`` after /verbeterplannen/<id>."""
    return lambda ids: f"/verbeterplannen/{ids.plan()}{suffix(ids)}"


def _new_plan_with_errors(page: Page, _: Ids) -> None:
    page.goto("/verbeterplannen/nieuw")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")
    expect(page.locator(".error-message").first).to_be_visible()


def _follow_up(with_errors: bool) -> Callable[[Page, Ids], None]:
    """The second step of planning a follow-up: the open findings of the first location offered;
    ``with_errors``: sent without a date (which plans nothing)."""

    def visit(page: Page, _: Ids) -> None:
        page.goto("/inspecties/vervolgonderzoek")
        page.get_by_role("button", name="Open bevindingen tonen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Vervolgonderzoek: ")
        if with_errors:
            page.get_by_label("Geplande datum").fill("")
            page.get_by_role("button", name="Vervolgonderzoek plannen").click()
            expect(page.get_by_role("alert")).to_contain_text("Kies een datum.")

    return visit


def _expired_form(page: Page, _: Ids) -> None:
    """400: a form whose CSRF token no longer holds (the log-out button's, tampered with)."""
    page.goto("/")
    page.locator('form:has(button:text-is("Uitloggen")) input[name="csrf_token"]').evaluate(
        "input => { input.value = 'verlopen'; }"
    )
    with page.expect_response(lambda r: r.request.resource_type == "document") as answer:
        page.get_by_role("button", name="Uitloggen").click()
    assert answer.value.status == 400
    expect(page.get_by_role("heading", level=1)).to_contain_text("Het formulier is verlopen")


def _too_large(page: Page, _: Ids) -> None:
    """413: a file above the 16 MB a request may carry."""
    page.goto("/locaties/importeren")
    page.get_by_label("CSV-bestand").set_input_files(
        {"name": "groot.csv", "mimeType": "text/csv", "buffer": b"x" * (17 * 1024 * 1024)}
    )
    with page.expect_response(lambda r: r.request.resource_type == "document") as answer:
        page.get_by_role("button", name="Controleren en importeren").click()
    assert answer.value.status == 413
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Het verzonden bestand of formulier is te groot."
    )


def _lombok(suffix: str = "") -> Callable[[Ids], str]:
    return lambda location_id: f"/locaties/{location_id('Opvang Lombok')}{suffix}"


def _first_in_table(path: str) -> Callable[[Page, Ids], None]:
    """The first row's link in the table of ``path``."""

    def visit(page: Page, _: Ids) -> None:
        page.goto(path)
        page.locator("main table tbody a").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    return visit


def _plan(title: str, goal: str | None = None) -> Callable[[Page, Ids], None]:
    def visit(page: Page, _: Ids) -> None:
        page.goto("/verbeterplannen/")
        page.get_by_role("link", name=title).click()
        if goal is not None:
            page.get_by_role("main").get_by_role("link", name=goal).first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    return visit


def _comparison(page: Page, _: Ids) -> None:
    """The newest final inspection of a location inspected twice, against the one before."""
    page.goto("/inspecties/?mine=0&status=vastgesteld")
    page.get_by_role("link", name="azc Veluwezoom", exact=True).first.click()
    page.get_by_role("link", name="Vergelijking per toetspunt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vergelijking")


def _status_form_errors(page: Page, location_id: Ids) -> None:
    """A finding's status form sent without its explanation."""
    page.goto("/bevindingen/?status=gemeld_opgelost")
    page.locator("main table tbody a").first.click()
    page.get_by_role("button", name="Verifiëren: effectief").click()
    expect(page.locator(".error-message").first).to_be_visible()


# id -> (who is logged in, how to get to the page)
PAGES: dict[str, tuple[str | None, Callable[[Page, Ids], None]]] = {
    "login": (None, _go("/inloggen")),
    "login-error": (None, _bad_login),
    "home-beheerder": ("beheerder", _go("/")),
    "home-coordinator": ("coordinator", _go("/")),
    "home-inspecteur": ("inspecteur", _go("/")),
    "home-ketenpartner": ("ketenpartner", _go("/")),
    "locations": ("coordinator", _go("/locaties/")),
    "locations-filtered": ("coordinator", _filtered_list),
    "locations-ketenpartner": ("ketenpartner", _go("/locaties/")),
    "locations-invalid-filter": (
        "coordinator",
        _go("/locaties/?province=atlantis&q=azc", status=400),
    ),
    "findings-invalid-filter": ("inspecteur", _go("/bevindingen/?overdue=misschien", status=400)),
    "inspections-of-location": (
        "coordinator",
        _go(lambda ids: f"/inspecties/?locatie={ids(COA_LOCATION)}&mine=0"),
    ),
    "inspections-unknown-location": ("coordinator", _go("/inspecties/?locatie=999999", status=400)),
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
    "not-found": ("coordinator", _go("/locaties/999999", status=404)),
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
        _go("/trends/?province=atlantis&start=2026-06-01&end=2026-01-01", status=400),
    ),
    "trends-inspections": ("coordinator", _go("/trends/inspecties?by=modality&group=azc")),
    "trends-inspections-errors": ("coordinator", _go("/trends/inspecties?by=province", status=400)),
    # The plan's own forms, as the ketenpartner who maintains it sees them.
    "plan-new-errors": ("ketenpartner", _new_plan_with_errors),
    "plan-edit": (
        "ketenpartner",
        _go(_in_plan(lambda _: "/bewerken"), heading="Verbeterplan bewerken"),
    ),
    "plan-progress": (
        "ketenpartner",
        _go(_in_plan(lambda _: "/voortgang"), heading="Voortgang melden"),
    ),
    "plan-goal-new": (
        "ketenpartner",
        _go(_in_plan(lambda _: "/doelen/nieuw"), heading="Doel toevoegen"),
    ),
    "plan-goal-edit": (
        "ketenpartner",
        _go(_in_plan(lambda ids: f"/doelen/{ids.goal()}/bewerken"), heading="Doel 1 bewerken"),
    ),
    "plan-action-new": (
        "ketenpartner",
        _go(
            _in_plan(lambda ids: f"/doelen/{ids.goal()}/maatregelen/nieuw"),
            heading="Maatregel toevoegen",
        ),
    ),
    "plan-action-edit": (
        "ketenpartner",
        _go(
            _in_plan(lambda ids: f"/maatregelen/{ids.action()}/bewerken"),
            heading="Maatregel bijwerken",
        ),
    ),
    "supervision-organisation": (
        "coordinator",
        _go(lambda ids: f"/toezicht/organisaties/{ids.organisation('COA')}"),
    ),
    "inspection-follow-up-findings": ("coordinator", _follow_up(with_errors=False)),
    "inspection-follow-up-errors": ("coordinator", _follow_up(with_errors=True)),
    # What a ketenpartner sees of its own locations.
    "inspections-ketenpartner": ("ketenpartner", _go("/inspecties/")),
    "inspection-ketenpartner": (
        "ketenpartner",
        _go(lambda ids: f"/inspecties/{ids.inspection(COA_LOCATION, 'vastgesteld')}"),
    ),
    "location-ketenpartner": ("ketenpartner", _go(lambda ids: f"/locaties/{ids(COA_LOCATION)}")),
    "supervision-location-ketenpartner": (
        "ketenpartner",
        _go(lambda ids: f"/toezicht/locaties/{ids(COA_LOCATION)}"),
    ),
    "supervision-organisation-ketenpartner": (
        "ketenpartner",
        _go(lambda ids: f"/toezicht/organisaties/{ids.organisation('COA')}"),
    ),
    # Error pages (the 500 page: test_the_500_page_has_no_axe_violations).
    "error-400": ("coordinator", _expired_form),
    "error-403": ("ketenpartner", _go("/toezicht/", status=403)),
    "error-405": (
        "coordinator",
        _go(
            lambda ids: f"/inspecties/{ids.inspection('azc Hunzedal', 'in_uitvoering')}/starten",
            405,
        ),
    ),
    "error-413": ("coordinator", _too_large),
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


@pytest.mark.parametrize(("role", "visit"), list(PAGES.values()), ids=list(PAGES))
def test_page_has_no_axe_violations(
    page: Page, ids: Ids, role: str | None, visit: Callable[[Page, Ids], None]
) -> None:
    page.set_viewport_size(VIEWPORTS["desktop"])
    if role is not None:
        login_as(page, role)
    visit(page, ids)

    found = {}
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        violations = Axe().run(page).response["violations"]
        if violations:
            found[size] = violations

    assert found == {}, f"axe found on {page.url}:\n" + "\n".join(
        f"at {size} ({VIEWPORTS[size]['width']}px):\n{_report(violations)}"
        for size, violations in found.items()
    )


def test_the_500_page_has_no_axe_violations(
    page: Page, live_app: Flask, browser_errors: BrowserErrors
) -> None:
    """500: no route of the running app fails on purpose. So the app answers an unexpected error
    itself, through its own error handler, for the logged-in coordinator, and the browser gets
    that answer in place of a page of the site (with the site's CSS and script, as a real one)."""
    with live_app.test_request_context("/storing"):
        coordinator = db.session.scalar(select(User).where(User.email == LOGINS["coordinator"]))
        login_user(coordinator)
        answer = live_app.make_response(live_app.handle_user_exception(RuntimeError("storing")))
        db.session.remove()
    assert answer.status_code == 500
    body = answer.get_data(as_text=True)
    assert "Er ging iets mis aan onze kant" in body and "RuntimeError" not in body
    browser_errors.allow(r"^500 for .*/storing$")  # the answer this test serves on purpose
    page.route(
        "**/storing",
        lambda route: route.fulfill(status=500, body=body, content_type="text/html; charset=utf-8"),
    )
    found = {}
    page.goto("/storing")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Er ging iets mis")
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        violations = Axe().run(page).response["violations"]
        if violations:
            found[size] = violations
    assert found == {}, "\n".join(f"at {size}:\n{_report(v)}" for size, v in found.items())
