"""Inspections in the browser, on a tablet (1024 by 768) unless said otherwise.

A coordinator plans, the team judges theme by theme with autosave (which survives a reload, a lost
connection and a colleague's save), the lead submits, a coordinator outside the team reviews and
finalises. Also: the rules beside each item, the per-theme form without JavaScript, a final
inspection that refuses change, and a phone.

Every test that changes data works on an inspection of its own (planned through the screens in
the journey, through the services elsewhere), so the demo inspections stay as other tests know them.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import (
    APIResponse,
    BrowserContext,
    Locator,
    Page,
    Route,
    ViewportSize,
    expect,
)
from sqlalchemy import select

from inspectie.extensions import db
from inspectie.inspections.models import Inspection
from inspectie.locations.models import Location
from tests.e2e.conftest import NAMES, BrowserErrors, login
from tests.e2e.theme_page import (
    COORDINATOR,
    LEAD,
    MEMBER,
    SAVED,
    TABLET,
    NewInspection,
    heading,
    inspection_planner,
    item,
    problems,
    save_state,
    saving,
    theme_link,
)

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
MIN_TARGET = 44  # px: the design's touch target
INCOMPLETE = re.compile(r"\bincomplete\b")
# Fresh inspections are thematic, of one theme of four items, at a location no demo inspection
# visits; the journey plans a regular one elsewhere.
SANDBOX = "azc Polderzicht"
THEME = "informatie"
JOURNEY_LOCATION = "azc Esdoornlaan"


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Every browser context of this file is a tablet."""
    return {**browser_context_args, "viewport": TABLET}


@pytest.fixture(scope="session")
def new_inspection(live_app: Flask) -> NewInspection:
    """Plan (and by default start) an inspection of a test's own at this file's location."""
    return inspection_planner(live_app, SANDBOX, date(2026, 12, 15), (THEME,))


@pytest.fixture(scope="session")
def demo_inspection(live_app: Flask) -> Callable[[str, str], int]:
    """The id of a demo inspection, by its location and status."""

    def find(location: str, status: str) -> int:
        with live_app.app_context():
            found = db.session.scalars(
                select(Inspection.id)
                .join(Inspection.location)
                .where(Location.name == location, Inspection.status == status)
                .order_by(Inspection.planned_on.desc())
            ).first()
            db.session.remove()
        assert found is not None, f"no {status} inspection of {location!r}"
        return found

    return find


# --- helpers -----------------------------------------------------------------------------------


def theme_url(inspection_id: int, theme: str = THEME) -> str:
    return f"/inspecties/{inspection_id}/thema/{theme}"


def judge(page: Page, code: str, judgment: str) -> dict[str, Any]:
    """Choose a judgment by its label; returns the stored answer once autosave is done."""
    with saving(page, code) as saved:
        item(page, code).get_by_role("radio", name=judgment, exact=True).check()
    assert saved.value.status == 200, saved.value.text()
    expect(save_state(page, code)).to_have_text(SAVED)
    return saved.value.json()


def observe(page: Page, code: str, text: str) -> dict[str, Any]:
    """Type an observation; returns the stored answer once autosave is done."""
    with saving(page, code) as saved:
        item(page, code).get_by_label("Waarneming").fill(text)
    assert saved.value.status == 200, saved.value.text()
    expect(save_state(page, code)).to_have_text(SAVED)
    return saved.value.json()


def judge_theme_in_ui(page: Page, judgment: str = "Voldoet") -> int:
    """On a theme page, give every item without a judgment this one, each saved before the next;
    returns how many were judged."""
    codes = page.locator("fieldset.answer-item:not(:has(input:checked))").evaluate_all(
        "items => items.map(i => i.dataset.item)"
    )
    for code in codes:
        judge(page, code, judgment)
    return len(codes)


def csrf_token(page: Page) -> str:
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    return token


def stored_answers(page: Page, inspection_id: int) -> dict[str, dict[str, Any]]:
    """The stored answers, by item code, through the API (the browser's session)."""
    response = page.request.get(f"/api/v1/inspections/{inspection_id}")
    assert response.ok, response.text()
    return {a["item_code"]: a for a in response.json()["answers"]}


def put_answer(
    page: Page, inspection_id: int, code: str, revision: int, judgment: str | None, **text: str
) -> APIResponse:
    """Save an answer through the API, as the page's script does (CSRF token and all)."""
    return page.request.put(
        f"/api/v1/inspections/{inspection_id}/answers/{code}",
        data={"judgment": judgment, "revision": revision, **text},
        headers={"X-CSRFToken": csrf_token(page)},
    )


def flash(page: Page) -> Locator:
    return page.locator(".flash")


def status_badge(page: Page) -> Locator:
    return page.locator(".page-head .status")


def logout(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(heading(page)).to_have_text("Inloggen")


def page_fits_horizontally(page: Page) -> None:
    # Measure the page as styled: the text of a new page is there before its stylesheet has
    # loaded, and an unstyled table is as wide as its contents.
    page.wait_for_load_state("load")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, (
        f"the page scrolls sideways: {scroll_width}px content in a {inner_width}px window"
    )


def big_enough(target: Locator, name: str) -> None:
    expect(target).to_be_visible()
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    assert box["height"] >= MIN_TARGET, f"{name!r} is {box['height']}px high"
    assert box["width"] >= MIN_TARGET, f"{name!r} is {box['width']}px wide"


def no_axe_violations(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    assert violations == [], "axe: " + "; ".join(
        f"{v['id']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


# --- the journey -------------------------------------------------------------------------------


def test_plan_judge_submit_review_and_finalise(page: Page) -> None:
    # The coordinator plans a regular inspection with a team of two.
    login(page, COORDINATOR)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inspecties").click()
    page.get_by_role("link", name="Inspectie plannen").click()
    expect(heading(page)).to_have_text("Inspectie plannen")
    page.get_by_label("Locatie").select_option(label=f"{JOURNEY_LOCATION} (Groningen)")
    page.get_by_label("Soort inspectie").select_option(label="Regulier")
    page.get_by_label("Geplande datum").fill("2026-12-15")
    page.get_by_label("Leider (inspecteur)").select_option(label="Iris Inspecteur (Inspecteur)")
    team = page.get_by_role("group", name="Teamleden")
    team.get_by_label("Ivo Inspecteur (Inspecteur)").check()
    page.get_by_role("button", name="Inspectie plannen").click()

    expect(flash(page)).to_have_text("De inspectie is gepland.")
    expect(page).to_have_url(re.compile(r"/inspecties/\d+$"))
    inspection_id = int(page.url.rsplit("/", 1)[1])
    expect(heading(page)).to_have_text(f"Regulier onderzoek: {JOURNEY_LOCATION}")
    expect(status_badge(page)).to_have_text("Gepland")
    expect(page.locator("dt:text-is('Normenkader') + dd")).to_contain_text("2026.1")
    expect(page.locator("dt:text-is('Team') + dd")).to_have_text(
        "Iris Inspecteur (leider), Ivo Inspecteur"
    )
    # Not on the team, so the coordinator cannot start it.
    expect(page.get_by_role("button", name="Inspectie starten")).to_have_count(0)
    logout(page)

    # The lead finds it among her inspections and starts it on site.
    login(page, LEAD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inspecties").click()
    page.locator(f'a[href="/inspecties/{inspection_id}"]').click()
    page.get_by_role("button", name="Inspectie starten").click()
    expect(flash(page)).to_have_text("De inspectie is gestart.")
    expect(status_badge(page)).to_have_text("In uitvoering")
    total = len(stored_answers(page, inspection_id))
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"Voortgang: 0 van {total} toetspunten compleet"
    )

    # She judges the first theme: one deviation with its observation, the rest in order.
    theme_link(page, "Informatie bij aankomst").click()
    expect(heading(page)).to_have_text("Informatie bij aankomst")
    codes = page.locator("fieldset.answer-item").evaluate_all("i => i.map(e => e.dataset.item)")
    assert codes == ["INF-01", "INF-02", "INF-03", "INF-04"]
    deviation = judge(page, "INF-01", "Voldoet deels")
    assert deviation["problems"] == [
        "Bij 'voldoet deels' hoort een waarneming: beschrijf wat u zag."
    ]
    observe(page, "INF-01", "De huisregels lagen alleen in het Nederlands en Engels klaar.")
    expect(problems(page, "INF-01")).to_have_count(0)
    judge(page, "INF-02", "Voldoet")
    observe(page, "INF-02", "Gezien bij de intake van twee nieuwe bewoners.")
    judge(page, "INF-03", "Voldoet")
    judge(page, "INF-04", "Voldoet")
    expect(page.locator("p.muted [data-theme-count]")).to_have_text("4/4")
    page_fits_horizontally(page)

    # Autosave survived: after a reload the page shows what the server stored (nothing is
    # left waiting on the device).
    drafts = "Object.keys(localStorage).filter(k => k.startsWith('inspectie:'))"
    assert page.evaluate(drafts) == []
    page.reload()
    expect(item(page, "INF-01").get_by_role("radio", name="Voldoet deels")).to_be_checked()
    expect(item(page, "INF-01").get_by_label("Waarneming")).to_have_value(
        "De huisregels lagen alleen in het Nederlands en Engels klaar."
    )
    expect(item(page, "INF-02").get_by_role("radio", name="Voldoet", exact=True)).to_be_checked()
    expect(item(page, "INF-02").get_by_label("Waarneming")).to_have_value(
        "Gezien bij de intake van twee nieuwe bewoners."
    )
    for code in ("INF-03", "INF-04"):
        expect(item(page, code).get_by_role("radio", name="Voldoet", exact=True)).to_be_checked()
    expect(page.locator("fieldset.answer-item.incomplete")).to_have_count(0)
    expect(theme_link(page, "Informatie bij aankomst")).to_contain_text("4/4")

    # A second theme entirely by tapping "Voldoet" per item ...
    theme_link(page, "Huisvesting en privacy").click()
    expect(heading(page)).to_have_text("Huisvesting en privacy")
    judged = judge_theme_in_ui(page)
    assert judged == page.locator("fieldset.answer-item").count() > 1
    expect(page.locator("fieldset.answer-item.incomplete")).to_have_count(0)

    # ... and, for speed, the other themes through the API the page's script uses.
    for code, answer in stored_answers(page, inspection_id).items():
        if answer["judgment"] is None:
            response = put_answer(
                page,
                inspection_id,
                code,
                answer["revision"],
                "voldoet",
                observation="Gezien tijdens de rondgang.",
            )
            assert response.ok, f"{code}: {response.text()}"

    page.get_by_role("main").get_by_role("link", name=JOURNEY_LOCATION).click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"Voortgang: {total} van {total} toetspunten compleet"
    )
    page.get_by_role("button", name="Indienen ter review").click()
    expect(flash(page)).to_have_text("De inspectie staat ter review.")
    expect(status_badge(page)).to_have_text("Ter review")
    expect(page.get_by_role("button", name="Indienen ter review")).to_have_count(0)
    logout(page)

    # The coordinator, not on the team, reviews: adjusts the finding the deviation becomes ...
    login(page, COORDINATOR)
    page.goto("/inspecties/?status=ter_review")
    page.locator(f'a[href="/inspecties/{inspection_id}"]').click()
    page.get_by_role("link", name="Beoordelen").click()
    expect(heading(page)).to_have_text(f"Beoordelen: {JOURNEY_LOCATION}")
    expect(page.get_by_role("heading", name="Afwijkingen (1)")).to_be_visible()
    draft = page.get_by_role("region", name=re.compile(r"^INF-01 "))
    expect(draft.get_by_role("heading")).to_contain_text("Voldoet deels")
    expect(draft).to_contain_text("alleen in het Nederlands en Engels")
    deadline = (date.today() + timedelta(days=60)).isoformat()
    draft.get_by_label("Zwaarte").select_option(label="Hoog")
    order = "Leg de huisregels in de vijf meest gesproken talen."
    draft.get_by_label("Herstelopdracht").fill(order)
    draft.get_by_label("Hersteltermijn tot").fill(deadline)
    draft.get_by_role("button", name="Bevinding bijwerken").click()
    expect(flash(page)).to_have_text("Bevinding bij INF-01 bijgewerkt.")
    draft = page.get_by_role("region", name=re.compile(r"^INF-01 "))
    expect(draft.get_by_label("Zwaarte")).to_have_value("hoog")
    expect(draft.get_by_label("Herstelopdracht")).to_have_value(order)
    expect(draft.get_by_label("Hersteltermijn tot")).to_have_value(deadline)
    page_fits_horizontally(page)

    # ... and finalises.
    page.get_by_role("button", name="Inspectie vaststellen").click()
    expect(flash(page)).to_have_text("De inspectie is vastgesteld; 1 bevinding(en) aangemaakt.")
    expect(page).to_have_url(re.compile(rf"/inspecties/{inspection_id}$"))
    expect(status_badge(page)).to_have_text("Vastgesteld")
    content_hash = page.locator("dt:text-is('Inhoudshash') + dd")
    expect(content_hash).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator("dt:text-is('Vastgesteld door') + dd")).to_contain_text(NAMES[COORDINATOR])
    expect(page.get_by_role("link", name="Beoordelen")).to_have_count(0)


# --- two inspectors, one item ------------------------------------------------------------------


def test_conflict_keep_mine_and_take_theirs(
    page: Page, new_context: Callable[..., BrowserContext], new_inspection: NewInspection
) -> None:
    inspection_id = new_inspection()
    lead = page
    login(lead, LEAD)
    lead.goto(theme_url(inspection_id))
    member = new_context().new_page()
    member_errors = BrowserErrors(member)
    member_errors.allow(r"409.*/answers/INF-0[12]\b")  # the conflicts provoked below
    login(member, MEMBER)
    member.goto(theme_url(inspection_id))
    expect(item(member, "INF-01")).to_be_visible()

    # The lead saves INF-01; the member's page still shows revision 0 and changes it too.
    judge(lead, "INF-01", "Voldoet deels")
    observe(lead, "INF-01", "Twee van de drie folders ontbraken.")
    with saving(member, "INF-01") as refused:
        item(member, "INF-01").get_by_role("radio", name="Voldoet niet").check()
    assert refused.value.status == 409
    conflict = item(member, "INF-01").get_by_role("alert")
    expect(conflict).to_contain_text(
        f"Intussen opgeslagen door {NAMES[LEAD]}: Voldoet deels — Twee van de drie folders "
        f"ontbraken."
    )
    expect(save_state(member, "INF-01")).to_have_text("Niet opgeslagen: kies welke versie blijft.")
    no_axe_violations(member)
    member.set_viewport_size(PHONE)
    no_axe_violations(member)
    member.set_viewport_size(TABLET)

    # The member types her observation and keeps her version, all of it: it is saved on top
    # of the lead's.
    mine = "Geen enkele folder in de wachtruimte."
    item(member, "INF-01").get_by_label("Waarneming").fill(mine)
    conflict.get_by_role("button", name="Mijn versie houden").click()
    expect(save_state(member, "INF-01")).to_have_text(SAVED)
    expect(item(member, "INF-01").get_by_role("alert")).to_have_count(0)
    expect(item(member, "INF-01").get_by_role("radio", name="Voldoet niet")).to_be_checked()
    expect(item(member, "INF-01").get_by_label("Waarneming")).to_have_value(mine)
    expect(problems(member, "INF-01")).to_have_count(0)
    lead.reload()
    expect(item(lead, "INF-01").get_by_role("radio", name="Voldoet niet")).to_be_checked()
    expect(item(lead, "INF-01").get_by_label("Waarneming")).to_have_value(mine)
    assert stored_answers(lead, inspection_id)["INF-01"]["updated_by"] == NAMES[MEMBER]

    # On INF-02 the member takes the lead's version instead, and goes on from there.
    judge(lead, "INF-02", "Voldoet")
    observe(lead, "INF-02", "Gezien bij de intake.")
    with saving(member, "INF-02") as refused:
        item(member, "INF-02").get_by_role("radio", name="Niet van toepassing").check()
    assert refused.value.status == 409
    conflict = item(member, "INF-02").get_by_role("alert")
    expect(conflict).to_contain_text(f"{NAMES[LEAD]}: Voldoet — Gezien bij de intake.")
    conflict.get_by_role("button", name="Opgeslagen versie overnemen").click()
    expect(item(member, "INF-02").get_by_role("alert")).to_have_count(0)
    expect(save_state(member, "INF-02")).to_have_text("Opgeslagen versie overgenomen.")
    expect(item(member, "INF-02").get_by_role("radio", name="Voldoet", exact=True)).to_be_checked()
    expect(item(member, "INF-02").get_by_label("Waarneming")).to_have_value("Gezien bij de intake.")
    expect(problems(member, "INF-02")).to_have_count(0)
    added = observe(member, "INF-02", "Gezien bij de intake. Ook de folders liggen er.")
    assert added["judgment"] == "voldoet"
    stored = stored_answers(lead, inspection_id)["INF-02"]
    assert (stored["observation"], stored["updated_by"]) == (added["observation"], NAMES[MEMBER])

    assert member_errors.messages == [], "\n".join(member_errors.messages)


# --- the rules beside the item -----------------------------------------------------------------


def test_rules_show_beside_the_item_at_once(page: Page, new_inspection: NewInspection) -> None:
    inspection_id = new_inspection()
    login(page, LEAD)
    page.goto(theme_url(inspection_id))
    box = item(page, "INF-03")
    count = page.locator("p.muted [data-theme-count]")
    amber, green = "rgb(122, 74, 0)", "rgb(43, 106, 31)"

    def border(locator: Locator) -> str:
        return locator.evaluate("e => getComputedStyle(e).borderLeftColor")

    expect(problems(page, "INF-03")).to_have_text(["Nog geen oordeel."])
    expect(box).to_have_class(INCOMPLETE)
    assert border(box) == amber
    expect(count).to_have_text("0/4")

    # "Voldoet niet" without an observation: stored, and what is missing shows at once.
    answer = judge(page, "INF-03", "Voldoet niet")
    missing = "Bij 'voldoet niet' hoort een waarneming: beschrijf wat u zag."
    assert answer["problems"] == [missing]
    expect(problems(page, "INF-03")).to_have_text([missing])
    expect(box).to_have_class(INCOMPLETE)
    assert border(box) == amber
    expect(count).to_have_text("0/4")

    # Typing the observation makes the item complete.
    observe(page, "INF-03", "Het nooduitgangsplan hing niet in de gang van unit B.")
    expect(problems(page, "INF-03")).to_have_count(0)
    expect(box).not_to_have_class(INCOMPLETE)
    assert border(box) == green
    expect(count).to_have_text("1/4")
    expect(theme_link(page, "Informatie bij aankomst")).to_contain_text("1/4")

    # "Niet van toepassing" asks for a reason instead, in the same way.
    judge(page, "INF-04", "Niet van toepassing")
    expect(problems(page, "INF-04")).to_have_text(["Bij 'niet van toepassing' hoort een reden."])
    with saving(page, "INF-04"):
        item(page, "INF-04").get_by_label("Reden").fill("Er zijn geen nieuwe bewoners geweest.")
    expect(problems(page, "INF-04")).to_have_count(0)
    expect(count).to_have_text("2/4")


# --- without JavaScript ------------------------------------------------------------------------


def test_without_javascript_the_theme_form_saves_everything(
    new_context: Callable[..., BrowserContext], new_inspection: NewInspection
) -> None:
    inspection_id = new_inspection()
    page = new_context(java_script_enabled=False).new_page()
    errors = BrowserErrors(page)
    login(page, LEAD)
    page.goto(theme_url(inspection_id))
    item(page, "INF-01").get_by_role("radio", name="Voldoet", exact=True).check()
    item(page, "INF-02").get_by_role("radio", name="Voldoet deels").check()
    item(page, "INF-02").get_by_label("Waarneming").fill("Een deel van de folders ontbrak.")
    item(page, "INF-03").get_by_role("radio", name="Niet van toepassing").check()
    item(page, "INF-03").get_by_label("Reden").fill("Geen nieuwe bewoners sinds de opening.")
    page.get_by_role("button", name="Alles in dit thema opslaan").click()

    expect(flash(page)).to_have_text("Opgeslagen.")
    expect(page.locator("p.muted [data-theme-count]")).to_have_text("3/4")
    expect(problems(page, "INF-04")).to_have_text(["Nog geen oordeel."])
    page.goto(theme_url(inspection_id))
    expect(item(page, "INF-01").get_by_role("radio", name="Voldoet", exact=True)).to_be_checked()
    expect(item(page, "INF-02").get_by_role("radio", name="Voldoet deels")).to_be_checked()
    expect(item(page, "INF-02").get_by_label("Waarneming")).to_have_value(
        "Een deel van de folders ontbrak."
    )
    expect(item(page, "INF-03").get_by_label("Reden")).to_have_value(
        "Geen nieuwe bewoners sinds de opening."
    )
    stored = stored_answers(page, inspection_id)
    assert {code: (a["judgment"], a["revision"]) for code, a in stored.items()} == {
        "INF-01": ("voldoet", 1),
        "INF-02": ("voldoet_deels", 1),
        "INF-03": ("niet_van_toepassing", 1),
        "INF-04": (None, 0),
    }

    # A colleague saves INF-01 meanwhile; the form still carries revision 1: a conflict.
    colleague = new_context().new_page()
    colleague_errors = BrowserErrors(colleague)
    login(colleague, MEMBER)
    changed = put_answer(
        colleague, inspection_id, "INF-01", 1, "voldoet_niet", observation="Niet op orde."
    )
    assert changed.ok, changed.text()
    item(page, "INF-01").get_by_label("Waarneming").fill("Alles in orde.")
    page.get_by_role("button", name="Alles in dit thema opslaan").click()
    expect(flash(page)).to_contain_text("1 toetspunt(en) zijn intussen door een ander opgeslagen")
    expect(item(page, "INF-01").get_by_role("alert")).to_contain_text(
        f"Intussen opgeslagen door {NAMES[MEMBER]}: Voldoet niet. Niet op orde."
    )
    # What the inspector typed is still in the form; saving again keeps it.
    expect(item(page, "INF-01").get_by_role("radio", name="Voldoet", exact=True)).to_be_checked()
    expect(item(page, "INF-01").get_by_label("Waarneming")).to_have_value("Alles in orde.")
    page.get_by_role("button", name="Alles in dit thema opslaan").click()
    expect(flash(page)).to_have_text("Opgeslagen.")
    stored = stored_answers(page, inspection_id)
    assert (stored["INF-01"]["judgment"], stored["INF-01"]["observation"]) == (
        "voldoet",
        "Alles in orde.",
    )
    assert stored["INF-01"]["revision"] == 3

    assert errors.messages == [] and colleague_errors.messages == []


# --- a lost connection -------------------------------------------------------------------------


def test_offline_change_is_kept_and_saved_when_back_online(
    page: Page,
    context: BrowserContext,
    new_inspection: NewInspection,
    browser_errors: BrowserErrors,
) -> None:
    inspection_id = new_inspection()
    login(page, LEAD)
    page.goto(theme_url(inspection_id))
    # The requests refused below, on purpose (offline, the favicon may fail too).
    browser_errors.allow(r"ERR_INTERNET_DISCONNECTED")
    browser_errors.allow(r"answers/INF-02.*ERR_FAILED")
    browser_errors.allow(r"ERR_FAILED.*answers/INF-02")
    user_id = page.locator("form.answers").get_attribute("data-user")
    device_copy = f"inspectie:{user_id}:{inspection_id}:INF-01"

    context.set_offline(True)
    item(page, "INF-01").get_by_role("radio", name="Voldoet", exact=True).check()
    state = save_state(page, "INF-01")
    retry = state.get_by_role("button", name="Opnieuw proberen")
    expect(state).to_have_text("Niet opgeslagen. Opnieuw proberen")
    big_enough(retry, "Opnieuw proberen")
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('{device_copy}'))")
    assert (kept["judgment"], kept["revision"]) == ("voldoet", 0)
    retry.click()  # still offline: refused again, and the button is back
    expect(retry).to_be_visible()

    with saving(page, "INF-01") as saved:
        context.set_offline(False)  # the browser's "online" event retries at once
    assert saved.value.status == 200
    expect(state).to_have_text(SAVED)
    assert page.evaluate(f"localStorage.getItem('{device_copy}')") is None
    assert stored_answers(page, inspection_id)["INF-01"]["judgment"] == "voldoet"

    # A change that could not be sent is kept on the device and sent after a reload.
    page.route("**/answers/INF-02", lambda route: route.abort())
    item(page, "INF-02").get_by_role("radio", name="Voldoet deels").check()
    expect(save_state(page, "INF-02")).to_have_text("Niet opgeslagen. Opnieuw proberen")
    item(page, "INF-02").get_by_label("Waarneming").fill("Alleen folders in het Engels.")
    item(page, "INF-02").get_by_label("Waarneming").blur()
    expect(save_state(page, "INF-02")).to_have_text("Niet opgeslagen. Opnieuw proberen")
    page.unroute("**/answers/INF-02")
    with saving(page, "INF-02") as saved:
        page.reload()
    assert saved.value.status == 200
    expect(save_state(page, "INF-02")).to_have_text(SAVED)
    expect(item(page, "INF-02").get_by_role("radio", name="Voldoet deels")).to_be_checked()
    expect(item(page, "INF-02").get_by_label("Waarneming")).to_have_value(
        "Alleen folders in het Engels."
    )
    stored = stored_answers(page, inspection_id)["INF-02"]
    assert (stored["judgment"], stored["observation"]) == (
        "voldoet_deels",
        "Alleen folders in het Engels.",
    )


def test_a_change_typed_while_a_save_is_under_way_is_kept(
    page: Page, new_inspection: NewInspection, browser_errors: BrowserErrors
) -> None:
    inspection_id = new_inspection()
    login(page, LEAD)
    page.goto(theme_url(inspection_id))
    browser_errors.allow(r"answers/INF-01.*ERR_FAILED|ERR_FAILED.*answers/INF-01")
    held: list[Route] = []

    def hold_then_refuse(route: Route) -> None:
        if held:
            route.abort()  # the connection is gone by the second save ...
        else:
            held.append(route)  # ... while the first is still under way

    page.route("**/answers/INF-01", hold_then_refuse)
    item(page, "INF-01").get_by_role("radio", name="Voldoet deels").check()
    expect(save_state(page, "INF-01")).to_have_text("Opslaan…")
    observation = item(page, "INF-01").get_by_label("Waarneming")
    observation.fill("Folders alleen in het Engels.")
    observation.blur()  # asks for a save now, which waits for the first to finish
    assert len(held) == 1
    held[0].continue_()
    expect(save_state(page, "INF-01")).to_have_text("Niet opgeslagen. Opnieuw proberen")
    assert stored_answers(page, inspection_id)["INF-01"]["observation"] == ""

    # The observation that never reached the server is still on the device, and is sent
    # once the page is opened again.
    page.unroute("**/answers/INF-01")
    page.reload()
    expect(observation).to_have_value("Folders alleen in het Engels.")
    expect(save_state(page, "INF-01")).to_have_text(SAVED)
    stored = stored_answers(page, inspection_id)["INF-01"]
    assert (stored["judgment"], stored["observation"]) == (
        "voldoet_deels",
        "Folders alleen in het Engels.",
    )


# --- finality ----------------------------------------------------------------------------------


def test_a_final_inspection_cannot_be_changed(
    page: Page, demo_inspection: Callable[[str, str], int]
) -> None:
    final = demo_inspection("azc Veluwezoom", "vastgesteld")  # the lead's own, with a team
    login(page, LEAD)
    page.goto(f"/inspecties/{final}")
    expect(status_badge(page)).to_have_text("Vastgesteld")
    for button in ("Inspectie starten", "Indienen ter review"):
        expect(page.get_by_role("button", name=button)).to_have_count(0)
    theme_link(page, "Informatie bij aankomst").click()
    expect(heading(page)).to_have_text("Informatie bij aankomst")

    form = page.locator("form.answers")
    expect(form.locator('input[type="radio"]').first).to_be_disabled()
    expect(form.locator('input[type="radio"]:enabled')).to_have_count(0)
    expect(form.locator("textarea").first).not_to_be_editable()
    expect(form.locator("textarea:not([readonly])")).to_have_count(0)
    expect(page.get_by_role("button", name="Alles in dit thema opslaan")).to_have_count(0)
    expect(page.get_by_role("button", name="Uploaden")).to_have_count(0)
    expect(page.locator("form.answers[data-autosave]")).to_have_count(0)

    # Forged requests are refused too: autosave ...
    before = stored_answers(page, final)["INF-01"]
    forged = put_answer(page, final, "INF-01", before["revision"], "voldoet_niet", observation="x")
    assert forged.status == 409
    assert "vastgesteld" in forged.json()["error"]
    # ... and the per-theme form.
    posted = page.request.post(
        theme_url(final),
        form={
            "csrf_token": csrf_token(page),
            "INF-01-revision": str(before["revision"]),
            "INF-01-judgment": "voldoet_niet",
            "INF-01-observation": "x",
            "INF-01-reason": "",
        },
    )
    assert "Deze inspectie is vastgesteld en verandert niet meer." in posted.text()
    assert stored_answers(page, final)["INF-01"] == before


# --- a phone -----------------------------------------------------------------------------------


def test_theme_page_on_a_phone(page: Page, new_inspection: NewInspection) -> None:
    inspection_id = new_inspection(themes=("huisvesting",))
    page.set_viewport_size(PHONE)
    login(page, LEAD)
    page.goto(f"/inspecties/{inspection_id}")
    page_fits_horizontally(page)
    theme_link(page, "Huisvesting en privacy").click()
    expect(heading(page)).to_have_text("Huisvesting en privacy")
    # Open every "legal basis and guidance" too: long citations must wrap.
    page.locator("details.guidance").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    page_fits_horizontally(page)

    first = page.locator("fieldset.answer-item").first
    for label in ("Voldoet", "Voldoet deels", "Voldoet niet", "Niet van toepassing"):
        big_enough(first.locator("label.judgment").filter(has_text=label).first, label)
    heights = page.locator("label.judgment").evaluate_all(
        "ls => ls.map(l => l.getBoundingClientRect().height)"
    )
    assert min(heights) >= MIN_TARGET, f"a judgment button is {min(heights)}px high"
    big_enough(first.get_by_role("button", name="Uploaden"), "Uploaden")
    big_enough(page.get_by_role("button", name="Alles in dit thema opslaan"), "Alles opslaan")
    big_enough(theme_link(page, "Huisvesting en privacy"), "theme link")

    # Judging works at this size, and the conflict-free save state fits as well.
    code = first.get_attribute("data-item")
    assert code
    judge(page, code, "Voldoet")
    page_fits_horizontally(page)
