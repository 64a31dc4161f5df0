"""Importing locations from a CSV file in the browser: all rows or none."""

import uuid

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

HEADER = "naam;exploitant;type_exploitant;modaliteit;capaciteit;gemeente;provincie;gezinnen\n"


def _csv(*rows: str) -> FilePayload:
    content = HEADER + "".join(f"{row}\n" for row in rows)
    return {"name": "locaties.csv", "mimeType": "text/csv", "buffer": content.encode()}


def _upload(page: Page, file: FilePayload) -> None:
    page.get_by_label("CSV-bestand").set_input_files(file)
    page.get_by_role("button", name="Controleren en importeren").click()


def _search(page: Page, text: str) -> None:
    page.goto("/locaties/")
    page.get_by_label("Zoeken op naam of gemeente").fill(text)
    page.get_by_role("button", name="Filteren").click()


def test_bad_csv_imports_nothing_and_names_line_and_column_then_good_csv_imports(
    page: Page,
) -> None:
    # Locations in a municipality of their own, so no other test's counts change.
    tag = uuid.uuid4().hex[:8]
    first, second = f"Opvang Import {tag} A", f"Opvang Import {tag} B"
    login(page, "coordinator@demo.example")
    page.goto("/locaties/")
    page.get_by_role("link", name="CSV importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Locaties importeren")

    _upload(
        page,
        _csv(
            f"{first};Gemeente Eindhoven;vge;dgo;120;Eindhoven;noord-brabant;ja",
            f"{second};Gemeente Eindhoven;vge;kso;veel;Eindhoven;noord-brabant;ja",
        ),
    )
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Er is niets geïmporteerd: 1 fout gevonden")
    expect(summary.get_by_role("listitem")).to_have_text(
        ["regel 3, kolom capaciteit: 'veel' is geen geheel getal."]
    )
    _search(page, tag)
    expect(page.locator(".result-count")).to_have_text("0 locaties gevonden")

    page.goto("/locaties/importeren")
    _upload(
        page,
        _csv(
            f"{first};Gemeente Eindhoven;vge;dgo;120;Eindhoven;noord-brabant;ja",
            f"{second};Gemeente Eindhoven;vge;kso;80;Eindhoven;noord-brabant;nee",
        ),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvanglocaties")
    expect(page.get_by_role("status").filter(has_text="geïmporteerd")).to_have_text(
        "2 locaties geïmporteerd."
    )
    _search(page, tag)
    expect(page.locator(".result-count")).to_have_text("2 locaties gevonden")
    expect(page.get_by_role("link", name=first)).to_be_visible()
    page.get_by_role("link", name=second).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second)
    expect(page.locator("dt:text-is('Capaciteit') + dd")).to_have_text("80 plaatsen")
