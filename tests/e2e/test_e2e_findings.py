"""A finding followed through the browser: the operator reports it solved through its plan's
goal, the inspector verifies it, and both see the whole history. On the demo data."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login_as

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
