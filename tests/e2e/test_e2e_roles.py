"""One journey per role, from log-in to the job done, at desktop (1280 by 800) and tablet
(1024 by 768) size, driven through the screens as a person would.

- The coordinator plans an inspection, and once the team has carried it out, reviews and
  finalises it.
- The inspector (the lead) starts an inspection, judges every item of every theme with
  autosave and submits it for review.
- The ketenpartner (COA) answers an open finding of its own organisation and moves it on; a
  finding of another organisation is not listed.
- The supervisor reads the trends, narrowed by province and theme, follows a figure to the
  inspections behind it and downloads the report of one.

What another role would have done first (a planned inspection, a team's judgments, a final
inspection with a finding) is arranged through the services. Every run that changes data does
so at a location of its own, one per journey and viewport, which no other test file uses.
"""

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, Response, ViewportSize, expect
from pypdf import PdfReader
from sqlalchemy import func, select

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.answers import save_answer
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import (
    answers_of,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from tests.e2e.conftest import NAMES, login
from tests.e2e.theme_page import (
    COORDINATOR,
    LEAD,
    SAVED,
    heading,
    item,
    plan_thematic,
    problems,
    saving,
    theme_link,
)

pytestmark = pytest.mark.e2e

VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "tablet": {"width": 1024, "height": 768},
}
OPERATOR = "coa@demo.example"

# The locations each journey changes, one per viewport (location, municipality); no other test
# file uses them. The coordinator's are municipal, so that COA's lists stay as the demo made them.
PLANNED_BY_COORDINATOR = {
    "desktop": ("Opvang Katendrecht", "Rotterdam"),
    "tablet": ("Opvang Strijp", "Eindhoven"),
}
CARRIED_OUT_BY_INSPECTOR = {"desktop": "azc Wâldrand", "tablet": "gezinslocatie Brink"}
ANSWERED_BY_OPERATOR = {"desktop": "azc Kralingen", "tablet": "azc Maasboulevard"}

DEVIATION = "INF-01"  # in every inspection's first theme, whatever the location
OBSERVATION = "De huisregels lagen alleen in het Nederlands klaar."


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """The name of the viewport this run uses."""
    return str(request.param)


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], viewport: str) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORTS[viewport]}


# --- what another role did first, through the services -----------------------------------------


@contextmanager
def in_app(app: Flask) -> Iterator[None]:
    """A unit of work on the live server's database, committed at the end."""
    with app.app_context():
        try:
            yield
            db.session.commit()
        finally:
            db.session.remove()


def _people() -> dict[str, User]:
    return {u.email: u for u in db.session.scalars(select(User))}


def _inspection(inspection_id: int) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id)
    assert inspection is not None
    return inspection


def carry_out(app: Flask, inspection_id: int) -> None:
    """The lead starts the inspection, judges every item "voldoet" except one deviation with its
    observation, and submits it for review."""
    with in_app(app):
        lead = _people()[LEAD]
        inspection = _inspection(inspection_id)
        start_inspection(lead, inspection)
        for answer in answers_of(inspection):
            judgment = "voldoet_deels" if answer.item.code == DEVIATION else "voldoet"
            needed = judgment in answer.item.observation_required_for
            observation = OBSERVATION if needed else ""
            save_answer(lead, inspection, answer, judgment, observation, "", answer.revision)
        submit_inspection(lead, inspection)


def finalise_by_coordinator(app: Flask, inspection_id: int) -> None:
    with in_app(app):
        finalise(_people()[COORDINATOR], _inspection(inspection_id))


def findings_per_operator(app: Flask, province: str) -> dict[str, int]:
    """How many findings the locations of each operator in a province have."""
    with app.app_context():
        rows = db.session.execute(
            select(Organisation.name, func.count(Finding.id))
            .join(Location, Location.operator_id == Organisation.id)
            .join(Finding, Finding.location_id == Location.id)
            .where(Location.province == province)
            .group_by(Organisation.name)
        ).all()
        db.session.remove()
    return {name: count for name, count in rows}


# --- helpers -----------------------------------------------------------------------------------


def flash(page: Page) -> Locator:
    return page.locator(".flash")


def status_badge(page: Page) -> Locator:
    return page.locator(".page-head .status-big")


def fact(page: Page, term: str) -> Locator:
    """The value of a fact on a detail page, by its term."""
    return page.locator(f"dt:text-is('{term}') + dd")


def main_menu(page: Page, name: str, title: str | None = None) -> None:
    """Follow a link of the main menu to the page titled ``title`` (by default its name)."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()
    expect(heading(page)).to_have_text(title or name)


def row_of(page: Page, link: str) -> Locator:
    """The table row with a link of exactly this name."""
    return page.locator("table.data tbody tr").filter(
        has=page.get_by_role("link", name=link, exact=True)
    )


def at_size(page: Page, viewport: str) -> None:
    assert page.viewport_size == VIEWPORTS[viewport]


# The autosave of the theme pages (as in test_e2e_inspections.py).


def _saved(page: Page, code: str, saved: Response) -> dict[str, Any]:
    assert saved.status == 200, saved.text()
    expect(item(page, code).locator("[data-save-state]")).to_have_text(SAVED)
    answer: dict[str, Any] = saved.json()
    return answer


def judge(page: Page, code: str, judgment: str) -> dict[str, Any]:
    """Choose a judgment by its label; returns the stored answer once autosave is done."""
    with saving(page, code) as saved:
        item(page, code).get_by_role("radio", name=judgment, exact=True).check()
    return _saved(page, code, saved.value)


def write(page: Page, code: str, label: str, text: str) -> dict[str, Any]:
    """Type an observation or a reason; returns the stored answer once autosave is done."""
    with saving(page, code) as saved:
        item(page, code).get_by_label(label).fill(text)
    return _saved(page, code, saved.value)


def theme_count(page: Page) -> Locator:
    return page.locator("p.muted [data-theme-count]")


def item_codes(page: Page) -> list[str]:
    codes: list[str] = page.locator("fieldset.answer-item").evaluate_all(
        "items => items.map(i => i.dataset.item)"
    )
    return codes


# --- the coordinator ---------------------------------------------------------------------------


def test_coordinator_plans_and_after_the_team_finalises(
    page: Page, viewport: str, live_app: Flask
) -> None:
    location, municipality = PLANNED_BY_COORDINATOR[viewport]
    login(page, COORDINATOR)
    at_size(page, viewport)

    # She plans a regular inspection with a team of two.
    main_menu(page, "Inspecties")
    page.get_by_role("link", name="Inspectie plannen").click()
    expect(heading(page)).to_have_text("Inspectie plannen")
    page.get_by_label("Locatie", exact=True).select_option(label=f"{location} ({municipality})")
    page.get_by_label("Soort inspectie").select_option(label="Regulier")
    page.get_by_label("Geplande datum").fill("2027-01-19")
    page.get_by_label("Leider (inspecteur)").select_option(label="Iris Inspecteur (Inspecteur)")
    page.get_by_role("group", name="Teamleden").get_by_label("Ivo Inspecteur (Inspecteur)").check()
    page.get_by_role("button", name="Inspectie plannen").click()

    expect(flash(page)).to_have_text("De inspectie is gepland.")
    expect(page).to_have_url(re.compile(r"/inspecties/\d+$"))
    inspection_id = int(page.url.rsplit("/", 1)[1])
    expect(heading(page)).to_have_text(f"Regulier onderzoek: {location}")
    expect(status_badge(page)).to_have_text("Gepland")
    expect(fact(page, "Gepland")).to_have_text("19 januari 2027")
    expect(fact(page, "Team")).to_have_text("Iris Inspecteur (leider), Ivo Inspecteur")

    # The team carries it out and submits it (the inspector's journey shows that in the screens).
    carry_out(live_app, inspection_id)

    # She finds it among the inspections waiting for review ...
    main_menu(page, "Inspecties")
    page.get_by_label("Status", exact=True).select_option(label="Ter review")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"status=ter_review"))
    row = row_of(page, location)
    expect(row).to_contain_text("Ter review")
    row.get_by_role("link", name=location, exact=True).click()
    expect(status_badge(page)).to_have_text("Ter review")

    # ... reviews the one deviation, making its finding weigh more heavily ...
    page.get_by_role("link", name="Beoordelen").click()
    expect(heading(page)).to_have_text(f"Beoordelen: {location}")
    expect(page.get_by_role("heading", name="Afwijkingen (1)")).to_be_visible()
    draft = page.get_by_role("region", name=re.compile(rf"^{DEVIATION} "))
    expect(draft.get_by_role("heading")).to_contain_text("Voldoet deels")
    expect(draft).to_contain_text(OBSERVATION)
    order = "Leg de huisregels ook in het Arabisch, Tigrinya en Turks klaar."
    draft.get_by_label("Zwaarte").select_option(label="Hoog")
    draft.get_by_label("Herstelopdracht").fill(order)
    draft.get_by_role("button", name="Bevinding bijwerken").click()
    expect(flash(page)).to_have_text(f"Bevinding bij {DEVIATION} bijgewerkt.")
    draft = page.get_by_role("region", name=re.compile(rf"^{DEVIATION} "))
    expect(draft.get_by_label("Zwaarte")).to_have_value("hoog")
    expect(draft.get_by_label("Herstelopdracht")).to_have_value(order)

    # ... and finalises it: frozen, with its content hash.
    page.get_by_role("button", name="Inspectie vaststellen").click()
    expect(flash(page)).to_have_text("De inspectie is vastgesteld; 1 bevinding(en) aangemaakt.")
    expect(page).to_have_url(re.compile(rf"/inspecties/{inspection_id}$"))
    expect(status_badge(page)).to_have_text("Vastgesteld")
    expect(fact(page, "Inhoudshash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(fact(page, "Vastgesteld door")).to_contain_text(NAMES[COORDINATOR])
    expect(page.get_by_role("link", name="Beoordelen")).to_have_count(0)
    expect(page.get_by_role("link", name="Rapport downloaden (PDF)")).to_be_visible()


# --- the inspector -----------------------------------------------------------------------------


def test_inspector_starts_judges_everything_and_submits(
    page: Page, viewport: str, live_app: Flask
) -> None:
    location = CARRIED_OUT_BY_INSPECTOR[viewport]
    # The coordinator planned it: two themes of four items each.
    themes = ("informatie", "toegang-communicatie")
    plan_thematic(live_app, location, date(2027, 1, 12), themes, start=False)
    login(page, LEAD)
    at_size(page, viewport)

    # Her own inspections are listed first; she opens the planned one and starts it.
    main_menu(page, "Inspecties")
    row = row_of(page, location)
    expect(row).to_contain_text("Gepland")
    row.get_by_role("link", name=location, exact=True).click()
    expect(heading(page)).to_have_text(f"Thematisch onderzoek: {location}")
    expect(status_badge(page)).to_have_text("Gepland")
    page.get_by_role("button", name="Inspectie starten").click()
    expect(flash(page)).to_have_text("De inspectie is gestart.")
    expect(status_badge(page)).to_have_text("In uitvoering")
    progress = page.get_by_role("heading", level=2, name=re.compile("^Voortgang"))
    expect(progress).to_have_text("Voortgang: 0 van 8 toetspunten compleet")

    # The first theme: a deviation, which needs an observation, and an item that does not
    # apply, which needs a reason; each is incomplete until it has one.
    theme_link(page, "Informatie bij aankomst").click()
    expect(heading(page)).to_have_text("Informatie bij aankomst")
    assert item_codes(page) == ["INF-01", "INF-02", "INF-03", "INF-04"]
    stored = judge(page, "INF-01", "Voldoet deels")
    missing = "Bij 'voldoet deels' hoort een waarneming: beschrijf wat u zag."
    assert stored["problems"] == [missing]
    expect(problems(page, "INF-01")).to_have_text([missing])
    stored = write(page, "INF-01", "Waarneming", OBSERVATION)
    assert (stored["judgment"], stored["problems"]) == ("voldoet_deels", [])
    expect(problems(page, "INF-01")).to_have_count(0)
    judge(page, "INF-02", "Niet van toepassing")
    expect(problems(page, "INF-02")).to_have_text(["Bij 'niet van toepassing' hoort een reden."])
    write(page, "INF-02", "Reden", "Er zijn sinds de opening geen nieuwe bewoners gekomen.")
    expect(problems(page, "INF-02")).to_have_count(0)
    for code in ("INF-03", "INF-04"):
        judge(page, code, "Voldoet")
    expect(theme_count(page)).to_have_text("4/4")
    expect(page.locator("fieldset.answer-item.incomplete")).to_have_count(0)

    # The second theme: one item falls short, with what she saw; the rest complies.
    theme_link(page, "Toegang en communicatie").click()
    expect(heading(page)).to_have_text("Toegang en communicatie")
    codes = item_codes(page)
    assert len(codes) == 4, codes
    expect(theme_count(page)).to_have_text("0/4")
    judge(page, codes[0], "Voldoet niet")
    write(page, codes[0], "Waarneming", "Er was geen tolk beschikbaar bij het intakegesprek.")
    for code in codes[1:]:
        judge(page, code, "Voldoet")
    expect(theme_count(page)).to_have_text("4/4")
    expect(page.locator("fieldset.answer-item.incomplete")).to_have_count(0)
    expect(theme_link(page, "Informatie bij aankomst")).to_contain_text("4/4")

    # Everything is complete: she submits it for review.
    page.get_by_role("main").get_by_role("link", name=location, exact=True).click()
    expect(progress).to_have_text("Voortgang: 8 van 8 toetspunten compleet")
    page.get_by_role("button", name="Indienen ter review").click()
    expect(flash(page)).to_have_text("De inspectie staat ter review.")
    expect(status_badge(page)).to_have_text("Ter review")
    expect(page.get_by_role("button", name="Indienen ter review")).to_have_count(0)
    main_menu(page, "Inspecties")
    expect(row_of(page, location)).to_contain_text("Ter review")


# --- the ketenpartner --------------------------------------------------------------------------


@pytest.fixture
def open_finding(live_app: Flask, viewport: str) -> str:
    """A final inspection with one open finding (on INF-01) at a COA location of this run;
    returns the location's name. Planned before the demo's COA inspections, so COA's list of
    inspections still starts with the demo's."""
    location = ANSWERED_BY_OPERATOR[viewport]
    inspection_id = plan_thematic(
        live_app, location, date(2026, 7, 7), ("informatie",), start=False
    )
    carry_out(live_app, inspection_id)
    finalise_by_coordinator(live_app, inspection_id)
    return location


def test_ketenpartner_answers_a_finding_of_its_own(
    page: Page, viewport: str, open_finding: str, live_app: Flask
) -> None:
    location = open_finding
    login(page, OPERATOR)
    at_size(page, viewport)

    # Kees finds the new finding of his location among COA's.
    main_menu(page, "Bevindingen")
    page.get_by_label("Locatie", exact=True).select_option(label=location)
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".result-count")).to_have_text("1 bevinding gevonden")
    row = page.locator("table.data tbody tr")
    expect(row).to_contain_text(location)
    expect(row.locator(".status")).to_have_text("Open")
    row.get_by_role("link", name=re.compile(rf"^{DEVIATION} ")).click()
    expect(heading(page)).to_contain_text(DEVIATION)
    expect(status_badge(page)).to_have_text("Open")
    expect(fact(page, "Locatie")).to_contain_text(location)
    expect(page.locator("main")).to_contain_text(OBSERVATION)

    # He answers it: the answer is in the history, the status stays.
    answer = "Wij vertalen de huisregels deze maand en leggen ze bij de receptie."
    page.get_by_label("Reactie", exact=True).fill(answer)
    page.get_by_role("button", name="Reactie toevoegen").click()
    expect(flash(page)).to_have_text("Uw reactie is toegevoegd.")
    history = page.locator(".finding-history")
    expect(history).to_contain_text(answer)
    expect(history).to_contain_text(NAMES[OPERATOR])
    expect(status_badge(page)).to_have_text("Open")

    # And he reports the plan that repairs it: the finding moves on.
    plan = "Vertaling besteld; de huisregels liggen over drie weken in vijf talen klaar."
    page.get_by_label("Toelichting").fill(plan)
    page.get_by_role("button", name="Plan ingediend").click()
    expect(flash(page)).to_have_text("De bevinding heeft nu de status Plan ingediend.")
    expect(status_badge(page)).to_have_text("Plan ingediend")
    expect(history).to_contain_text("Status: Open → Plan ingediend")
    expect(history).to_contain_text(plan)
    expect(page.get_by_role("button", name="Plan ingediend")).to_have_count(0)

    page.locator(".breadcrumb").get_by_role("link", name="Bevindingen").click()
    page.get_by_label("Locatie", exact=True).select_option(label=location)
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("table.data tbody tr .status")).to_have_text(["Plan ingediend"])

    # In Gelderland, Nidos's findings are not listed among COA's: only COA's are counted.
    operators = findings_per_operator(live_app, "gelderland")
    assert operators.get("Nidos", 0) > 0 and operators.get("COA", 0) > 0, operators
    page.get_by_role("link", name="Wissen").click()
    page.get_by_label("Provincie", exact=True).select_option(label="Gelderland")
    page.get_by_role("button", name="Filteren").click()
    count = operators["COA"]
    expect(page.locator(".result-count")).to_have_text(f"{count} bevindingen gevonden")
    rows = page.locator("table.data tbody tr")
    expect(rows).not_to_have_count(0)
    for text in rows.locator("td:nth-child(2) .note").all_inner_texts():
        assert text.startswith("COA · "), text
    expect(page.get_by_role("main")).not_to_contain_text("Nidos")
    expect(
        page.get_by_label("Locatie", exact=True).locator("option", has_text="Nidos")
    ).to_have_count(0)


# --- the supervisor ----------------------------------------------------------------------------


def pdf_text(page: Page, link: str) -> list[str]:
    """Click the download link ``link`` and read the PDF it gives, page by page."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    return [p.extract_text() for p in reader.pages]


def test_supervisor_reads_trends_and_downloads_a_report(page: Page, viewport: str) -> None:
    """The app has no supervisor role: the inspectorate's coordinator reads the trends (as the
    beheerder could). Reads only: the demo's final inspections in Gelderland."""
    login(page, COORDINATOR)
    at_size(page, viewport)

    main_menu(page, "Trends", "Trends in tekortkomingen")
    page.get_by_label("Provincie", exact=True).select_option(label="Gelderland")
    page.get_by_label("Thema", exact=True).select_option(label="Huisvesting en privacy")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"/trends/\?.*province=gelderland"))
    expect(page).to_have_url(re.compile(r"/trends/\?.*theme=huisvesting"))

    # Narrowed to one province, only that province has a figure.
    provinces = page.get_by_role("table", name="Percentage tekortkomingen per provincie")
    expect(provinces.get_by_role("row", name=re.compile("^Utrecht"))).to_contain_text(
        "geen gegevens"
    )
    row = provinces.get_by_role("row", name=re.compile("^Gelderland"))
    rate = row.get_by_role("cell").first.inner_text().strip()
    counts = row.get_by_role("cell").nth(1).inner_text().strip()
    assert re.fullmatch(r"\d+(,\d)? %", rate), rate
    numbers = re.fullmatch(r"(\d+) van (\d+)", counts)
    assert numbers, counts
    deficient, judged = numbers.groups()

    # The figure leads to the final inspections behind it, with the filters.
    row.get_by_role("link", name="Gelderland").click()
    expect(heading(page)).to_have_text("Inspecties achter een cijfer")
    figure = page.locator(".trend-figure")
    expect(figure).to_contain_text("Provincie: Gelderland.")
    expect(figure).to_contain_text(
        f"{rate} tekortkomingen: {deficient} van {judged} beoordeelde toetspunten."
    )
    expect(page.get_by_label("Provincie", exact=True)).to_have_value("gelderland")
    expect(page.get_by_label("Thema", exact=True)).to_have_value("huisvesting")
    rows = page.locator("table.data tbody tr")
    expect(rows).not_to_have_count(0)
    for text in rows.all_inner_texts():
        assert "Gelderland" in text, text

    # She opens one and downloads its report, which names its location.
    location = rows.first.get_by_role("link").inner_text().strip()
    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/inspecties/\d+$"))
    expect(heading(page)).to_contain_text(f"onderzoek: {location}")
    expect(status_badge(page)).to_have_text("Vastgesteld")
    content_hash = page.locator("code.hash").inner_text().strip()

    pages = pdf_text(page, "Rapport downloaden (PDF)")

    assert location in pages[0].replace("\n", " "), pages[0][:500]
    assert content_hash in "".join(pages).replace("\n", "")
    assert not any("CONCEPT" in text for text in pages)
