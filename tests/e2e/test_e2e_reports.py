"""Reports downloaded in the browser, as people get them: the operator's final inspection report
from the inspection's page and a plan's progress report from the plan's page. On the demo data."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import login_as

pytestmark = pytest.mark.e2e

PLAN = "Verbeterplan azc Veluwezoom 2026"


def pages_of(page: Page, link: str) -> list[str]:
    """Click the download link ``link`` and read the PDF it gives, page by page."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    download = info.value
    path = download.path()
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [p.extract_text() for p in reader.pages]


def test_operator_downloads_a_final_inspection_report(page: Page) -> None:
    login_as(page, "ketenpartner")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inspecties").click()
    page.locator("table tbody tr", has_text="Vastgesteld").first.get_by_role("link").first.click()
    location = page.get_by_role("heading", level=1).inner_text().split(": ", 1)[1]
    content_hash = page.locator("code.hash").inner_text().strip()

    pages = pages_of(page, "Rapport downloaden (PDF)")

    assert location in pages[0]
    for number, text in enumerate(pages, start=1):
        flat = text.replace("\n", " ")
        assert f"Pagina {number} van {len(pages)}" in flat
        assert content_hash in text.replace("\n", "")
        assert "CONCEPT" not in text


def test_coordinator_downloads_a_plan_progress_report(page: Page) -> None:
    login_as(page, "coordinator")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Verbeterplannen"
    ).click()
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    goals = page.locator(".plan-goal-title").all_inner_texts()

    text = "\n".join(pages_of(page, "Voortgangsrapport downloaden (PDF)"))

    assert PLAN in text
    for goal in goals:
        title = re.sub(r"^\d+\.\s*", "", goal).strip()
        assert title[:40] in text.replace("\n", " "), title
