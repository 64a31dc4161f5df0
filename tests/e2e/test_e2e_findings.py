"""A finding followed through the browser: the operator reports it solved through its plan's
goal, the inspector verifies it, and both see the whole history. On the demo data."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, login_as
from tests.e2e.test_e2e_inspections import (
    COORDINATOR,
    LEAD,
    heading,
    judge_theme_in_ui,
    logout,
    status_badge,
)

pytestmark = pytest.mark.e2e

PLAN = "Verbeterplan azc Veluwezoom 2026"
GOAL = "Veilige en schone huisvesting in alle units"


def status_of(page: Page) -> str:
    return page.locator(".page-head .status-big").inner_text().strip()


def test_operator_reports_through_a_plan_and_the_inspector_verifies(page: Page) -> None:
    login_as(page, "ketenpartner")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Verbeterplannen"
    ).click()
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    page.get_by_role("link", name=re.compile(GOAL)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(GOAL)

    report = page.locator("form.plan-solved").first
    heading = report.get_by_role("heading").inner_text()
    finding_id = int(re.search(r"Bevinding (\d+)", heading).group(1))  # type: ignore[union-attr]
    report.get_by_label("Wat is er gedaan?").fill("Units gerenoveerd; schoonmaakrooster hangt.")
    report.get_by_role("button", name="Melden als opgelost").click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator(f'form.plan-solved:has-text("Bevinding {finding_id} ")')).to_have_count(0)

    # The operator can no longer verify its own report: the finding waits for the inspectorate.
    page.goto(f"/bevindingen/{finding_id}")
    expect(page.locator(".page-head .status-big")).to_have_text("Gemeld als opgelost")
    expect(page.get_by_role("button", name="Verifiëren: effectief")).to_have_count(0)
    page.get_by_role("button", name="Uitloggen").click()

    login_as(page, "inspecteur")
    expect(page.get_by_role("link", name=re.compile(r"· azc Veluwezoom"))).not_to_have_count(0)
    page.goto(f"/bevindingen/{finding_id}")
    expect(page.locator(".page-head .status-big")).to_have_text("Gemeld als opgelost")
    page.get_by_label("Toelichting").fill("Bij het locatiebezoek van vandaag gecontroleerd.")
    page.get_by_role("button", name="Verifiëren: effectief").click()
    expect(page.locator(".page-head .status-big")).to_have_text("Geverifieerd")
    history = page.locator("main")
    expect(history).to_contain_text("Units gerenoveerd; schoonmaakrooster hangt.")
    expect(history).to_contain_text("Geverifieerd: effectief")
    expect(history).to_contain_text("Bij het locatiebezoek van vandaag gecontroleerd.")

    # The plan shows the verified finding under its goal.
    page.goto("/verbeterplannen/")
    page.get_by_role("link", name=PLAN).click()
    page.get_by_role("link", name=re.compile(GOAL)).first.click()
    row = page.locator("li", has=page.get_by_role("link", name=f"Bevinding {finding_id}"))
    expect(row.first).to_contain_text("Geverifieerd")


FOLLOWED_LOCATION = "Nidos kleinschalig Apeldoorn-Zuid"  # reopened findings from the demo


def test_a_follow_up_inspection_verifies_the_findings_it_follows(page: Page) -> None:
    # The coordinator plans a follow-up of the location's open findings.
    login(page, COORDINATOR)
    page.goto("/locaties/?q=Apeldoorn-Zuid")
    page.get_by_role("link", name=FOLLOWED_LOCATION).click()
    page.get_by_role("link", name="Vervolgonderzoek plannen").click()
    expect(heading(page)).to_have_text(f"Vervolgonderzoek: {FOLLOWED_LOCATION}")
    boxes = page.locator("table.follow-up-findings input[type=checkbox]")
    labels = boxes.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    followed = [int(re.search(r"Bevinding (\d+)", label).group(1)) for label in labels]  # type: ignore[union-attr]
    assert followed, "the demo leaves open findings at this location"
    for n in range(boxes.count()):
        boxes.nth(n).check()
    page.get_by_label("Geplande datum").fill("2026-12-01")
    page.get_by_label("Leider (inspecteur)").select_option(label="Iris Inspecteur (Inspecteur)")
    page.get_by_role("button", name="Vervolgonderzoek plannen").click()
    expect(page).to_have_url(re.compile(r"/inspecties/\d+$"))
    inspection_id = int(page.url.rsplit("/", 1)[1])
    logout(page)

    # The lead carries it out: every followed item is judged "voldoet" now.
    login(page, LEAD)
    page.goto(f"/inspecties/{inspection_id}")
    page.get_by_role("button", name="Inspectie starten").click()
    expect(status_badge(page)).to_have_text("In uitvoering")
    nav = page.get_by_role("navigation", name="Thema's van deze inspectie")
    themes = nav.get_by_role("link").evaluate_all("ls => ls.map(l => l.href)")
    for href in themes:
        page.goto(href)
        expect(page.locator(".follow-up-head").first).to_contain_text("Vervolg op")
        judge_theme_in_ui(page, "Voldoet")
    page.goto(f"/inspecties/{inspection_id}")
    page.get_by_role("button", name="Indienen ter review").click()
    expect(status_badge(page)).to_have_text("Ter review")
    logout(page)

    # The coordinator, not on the team, sees what finalising will do, and finalises.
    login(page, COORDINATOR)
    page.goto(f"/inspecties/{inspection_id}/review")
    for finding_id in followed:
        expect(page.locator("main")).to_contain_text(f"Bevinding {finding_id}")
    expect(page.locator("main")).to_contain_text("wordt geverifieerd")
    page.get_by_role("button", name="Inspectie vaststellen").click()
    expect(status_badge(page)).to_have_text("Vastgesteld")

    # Each followed finding is verified, with the follow-up in its history.
    for finding_id in followed:
        page.goto(f"/bevindingen/{finding_id}")
        expect(page.locator(".page-head .status-big")).to_have_text("Geverifieerd")
        expect(page.locator("main")).to_contain_text("Geverifieerd: effectief")
