"""The trends dashboard in the browser, on the demo data: a coordinator narrows it to a province,
follows a figure to the inspections behind it, and opens one of them."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login_as

pytestmark = pytest.mark.e2e

MODALITY = "Asielzoekerscentrum (azc)"


def test_a_coordinator_follows_a_figure_to_an_inspection(page: Page) -> None:
    login_as(page, "coordinator")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trends in tekortkomingen")
    for chart in ("Percentage tekortkomingen per provincie", "Per modaliteit", "Per thema"):
        expect(page.get_by_role("img", name=re.compile(re.escape(chart)))).to_be_visible()

    page.get_by_label("Provincie", exact=True).select_option(label="Gelderland")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"/trends/\?.*province=gelderland"))
    provinces = page.get_by_role("table", name="Percentage tekortkomingen per provincie")
    expect(provinces.get_by_role("row", name=re.compile("^Utrecht"))).to_contain_text(
        "geen gegevens"
    )
    row = page.get_by_role("table", name="Per modaliteit").get_by_role(
        "row", name=re.compile(re.escape(MODALITY))
    )
    rate = row.get_by_role("cell").first.inner_text().strip()
    assert re.fullmatch(r"\d+(,\d)? %", rate), rate
    row.get_by_role("link", name=MODALITY).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Inspecties achter een cijfer")
    figure = page.locator(".trend-figure")
    expect(figure).to_contain_text(f"Modaliteit: {MODALITY}.")
    expect(figure).to_contain_text(f"{rate} tekortkomingen")
    # The filter came along.
    expect(page.get_by_label("Provincie", exact=True)).to_have_value("gelderland")
    listed = page.get_by_role("table", name=re.compile("Vastgestelde inspecties"))
    rows = listed.locator("tbody tr")
    expect(rows).not_to_have_count(0)
    for text in rows.all_inner_texts():
        assert "Gelderland" in text and MODALITY in text, text

    name = rows.first.get_by_role("link").inner_text()
    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/inspecties/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.go_back()
    page.get_by_role("main").get_by_role("link", name="Trends", exact=True).click()
    expect(page).to_have_url(re.compile(r"/trends/\?.*province=gelderland"))
