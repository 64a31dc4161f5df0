"""Browsing, searching and comparing checklist versions in the browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login_as

pytestmark = pytest.mark.e2e


def test_browse_the_version_in_force_and_follow_a_theme(page: Page) -> None:
    login_as(page, "inspecteur")
    page.get_by_role("link", name="Normenkaders").click()
    expect(page.get_by_role("heading", name="Normenkaders")).to_be_visible()
    rows = page.get_by_role("row").filter(has_text="geldt nu")
    expect(rows).to_have_count(1)
    rows.get_by_role("link").first.click()

    toc = page.get_by_role("navigation", name="Thema's")
    expect(toc.get_by_role("listitem")).to_have_count(page.locator("section.theme").count())
    assert toc.get_by_role("listitem").count() >= 15
    first_theme = toc.get_by_role("link").first
    first_theme.click()
    assert re.search(r"#thema-[a-z0-9-]+$", page.url)
    first_item = page.locator("article.norm-item").first
    expect(first_item.get_by_text("Wettelijke grondslag")).to_be_visible()
    expect(first_item.locator(".bases li").first).to_contain_text("art.")
    first_item.get_by_text("Toelichting voor de inspecteur").click()
    expect(first_item.locator("details p")).to_be_visible()


def test_unverified_items_are_marked_and_explained(page: Page) -> None:
    login_as(page, "inspecteur")
    page.goto("/normenkaders/")
    page.get_by_role("row").filter(has_text="geldt nu").get_by_role("link").first.click()
    unverified = page.locator("article.norm-item").filter(has=page.locator("h3 .tag-unverified"))
    assert unverified.count() > 0
    expect(page.get_by_text("rusten (deels) op een bron of bepaling")).to_be_visible()


def test_search_finds_items_by_legal_basis(page: Page) -> None:
    login_as(page, "coordinator")
    page.goto("/normenkaders/zoeken")
    page.get_by_label("Zoek in toetspunten en wettelijke grondslagen").fill("art. 22a")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_contain_text("gevonden")
    results = page.locator("article.norm-item")
    assert results.count() > 0
    expect(results.first.locator(".bases")).to_contain_text("22a")


def test_compare_the_two_versions(page: Page) -> None:
    login_as(page, "coordinator")
    page.goto("/normenkaders/")
    page.get_by_role("link", name="Versies vergelijken").first.click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "kwaliteit-asielopvang@2024.1 → kwaliteit-asielopvang@2026.1"
    )
    summary = page.get_by_role("list", name="Samenvatting")
    expect(summary).to_contain_text("toegevoegd")
    changed = page.locator("details.diff-change")
    assert changed.count() > 0
    changed.first.locator("summary").click()
    expect(changed.first.get_by_role("heading", name=re.compile("^Was"))).to_be_visible()
    expect(changed.first.get_by_role("heading", name=re.compile("^Wordt"))).to_be_visible()

    # And back the other way, chosen in the form.
    page.get_by_label("Oude versie").select_option(index=1)
    page.get_by_label("Nieuwe versie").select_option(index=0)
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "kwaliteit-asielopvang@2026.1 → kwaliteit-asielopvang@2024.1"
    )
