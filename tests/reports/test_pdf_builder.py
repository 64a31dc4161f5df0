"""The PDF builder, read back: text with pypdf, fonts with pdffonts, pages with pdftoppm."""

import dataclasses
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from inspectie.reports.pdf import inspection_pdf, plan_pdf
from tests.reports.samples import (
    CONTENT_HASH,
    HOSTILE,
    LOCATION,
    LONG_END,
    LONG_WORD,
    NAMES,
    inspection_report,
    item_code,
    long_text,
    plan_report,
)

ROOT = Path(__file__).resolve().parents[2]


def pages(pdf: bytes) -> list[str]:
    """The text of every page, whitespace collapsed (line breaks fall anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def assert_numbered(texts: list[str]) -> None:
    for number, page in enumerate(texts, start=1):
        assert f"Pagina {number} van {len(texts)}" in page


# --- the inspection report ------------------------------------------------------------------


def test_inspection_report_prints_cover_items_findings_and_sources() -> None:
    report = inspection_report(items=12, findings=3)
    content = text(inspection_pdf(report))
    cover = [
        "Inspectierapport", LOCATION, "COA", "Publiek", "Azc", "2000", "Westerwolde",
        "Groningen", "Regulier", "14 april 2026", "2 mei 2026", "Anna de Vries (teamleider)",
        "Bram Jansen", "Chris Bakker", "Proefnormen, versie 1.0", "Definitief (vastgesteld)",
        report.checklist_hash,
    ]  # fmt: skip
    for fact in cover:
        assert fact in content
    for theme in report.themes:
        assert theme.title in content
        for item in theme.items:
            assert f"{item.code} {item.title}" in content
    for finding in report.findings:
        assert f"Bevinding {finding.number} — {finding.item_code}" in content
        assert finding.repair_order in content
        assert f"Ernst: {finding.severity_label}" in content
        assert f"Termijn: {finding.deadline}" in content
    assert "Voorgenomen" not in content
    assert "Geen minderjarigen op de locatie." in content  # the reason for n.v.t.
    assert "Kamerbrief 3 juli 2026 (niet geverifieerd)" in content
    assert "foto-1.jpg" in content
    assert "Geverifieerd: effectief" in content  # follow-ups
    assert "Vergeleken met: inspectie 12 van 3 maart 2026" in content
    assert "Bijlage: wettelijke bronnen" in content
    assert "Regeling verstrekkingen asielzoekers (rva)" in content
    assert "Status: niet geverifieerd Toelichting: Alleen uit de brief bekend." in content


def test_summary_counts_judgments_per_theme() -> None:
    content = text(inspection_pdf(inspection_report(items=12, per_theme=6)))
    heads = "Thema Voldoet Voldoet deels Voldoet niet N.v.t. Niet beoordeeld Open Totaal"
    assert heads in content
    # Each theme has one item of each judgment; the totals row adds them up.
    assert "Totaal 2 2 2 2 2 2 12" in content


def test_every_page_has_header_and_page_x_of_y() -> None:
    texts = pages(inspection_pdf(inspection_report(items=150, findings=20)))
    assert len(texts) > 10
    assert_numbered(texts)
    for page in texts:
        assert f"Inspectierapport — {LOCATION}" in page
        assert "Normenkader Proefnormen versie 1.0" in page


def test_final_report_carries_the_content_hash_and_no_concept_mark() -> None:
    texts = pages(inspection_pdf(inspection_report(items=40, findings=5)))
    for page in texts:
        assert f"Inhoudshash {CONTENT_HASH}" in page
        assert "CONCEPT" not in page


def test_concept_is_marked_on_every_page() -> None:
    report = inspection_report(items=60, findings=5, is_final=False)
    texts = pages(inspection_pdf(report))
    assert len(texts) > 3
    for page in texts:
        assert "CONCEPT — niet vastgesteld" in page
        assert "Inhoudshash" not in page
    content = " ".join(texts)
    assert "Voorgenomen bevindingen" in content
    assert f"Voorgenomen bevinding — {report.findings[0].item_code}" in content


def test_metadata_comes_from_the_data() -> None:
    reader = pypdf.PdfReader(io.BytesIO(inspection_pdf(inspection_report())))
    assert reader.metadata is not None
    assert reader.metadata.title == f"Inspectierapport {LOCATION}"
    assert reader.metadata.author == "Anna de Vries"
    assert "Proefnormen versie 1.0" in (reader.metadata.subject or "")


def test_markup_in_user_text_prints_literally() -> None:
    pdf = inspection_pdf(inspection_report(hostile=True))
    assert " ".join(HOSTILE.split()) in text(pdf)
    assert "Tweede regel." in text(pdf)


def test_markup_in_every_field_prints_literally() -> None:
    report = inspection_report(items=6, findings=2)
    theme = report.themes[0]
    item = dataclasses.replace(theme.items[0], title=HOSTILE, code="<i>", reason=HOSTILE)
    hostile = dataclasses.replace(
        report,
        location_name=HOSTILE,
        team=(HOSTILE,),
        lead=HOSTILE,
        themes=(dataclasses.replace(theme, title=HOSTILE, items=(item,)),),
        findings=(dataclasses.replace(report.findings[0], repair_order=HOSTILE),),
    )
    content = text(inspection_pdf(hostile))
    assert content.count(" ".join(HOSTILE.split())) >= 5


def test_long_observation_flows_over_pages() -> None:
    pdf = inspection_pdf(inspection_report(long_observation=True))
    texts = pages(pdf)
    first = next(n for n, page in enumerate(texts) if "alinea1woord1 " in page)
    last = next(n for n, page in enumerate(texts) if LONG_END in page)
    assert last - first >= 3  # 20,000 characters take several pages
    final_paragraph = long_text().split("\n\n")[-2]
    for word in final_paragraph.split()[-10:]:
        assert word in texts[last] or word in texts[last - 1]


def body(page: str) -> str:
    """A page's text without its header and footer."""
    furniture = [
        f"Inspectierapport — {LOCATION}", "Normenkader Proefnormen versie 1.0",
        f"Inhoudshash {CONTENT_HASH}",
    ]  # fmt: skip
    for line in furniture:
        page = page.replace(line, "")
    return re.sub(r"Pagina \d+ van \d+", "", page)


def test_long_unbroken_word_wraps_inside_the_page(tmp_path: Path) -> None:
    pdf = inspection_pdf(inspection_report(long_word=True))
    assert LONG_WORD in "".join("".join(body(page) for page in pages(pdf)).split())
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([0-9.]+)"', html)]
    assert right_edges
    assert max(right_edges) <= 595.3 - 20 * 72 / 25.4 + 1  # A4 less the right margin


@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_other_scripts_extract(script: str) -> None:
    content = text(inspection_pdf(inspection_report(non_latin=True)))
    assert NAMES[script] in content


@pytest.mark.parametrize("kind", ["inspection", "plan"])
def test_only_embedded_dejavu_subsets_are_used(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "rapport.pdf"
    if kind == "inspection":
        path.write_bytes(inspection_pdf(inspection_report(non_latin=True, is_final=False)))
    else:
        path.write_bytes(plan_pdf(plan_report(hostile=True)))
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    rows = output.stdout.splitlines()[2:]  # after the heading and the dashes
    assert rows
    for row in rows:
        name, kind, *rest = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+DejaVuSans(-Bold)?", name), row
        assert kind == "TrueType"
        assert rest[1:3] == ["yes", "yes"], row  # embedded, subset


def test_300_items() -> None:
    report = inspection_report(items=300, findings=20, per_theme=15)
    texts = pages(inspection_pdf(report))
    assert_numbered(texts)
    content = " ".join(texts)
    for theme_number in range(1, 21):
        for index in range(1, 16):
            assert item_code(theme_number, index) in content


def test_report_without_themes_findings_or_sources() -> None:
    empty = dataclasses.replace(
        inspection_report(), themes=(), findings=(), follow_ups=(), comparison=None, sources=()
    )
    content = text(inspection_pdf(empty))
    assert "Deze inspectie leidt niet tot bevindingen." in content
    assert "Opvolging" not in content
    assert "Vergelijking" not in content


# --- reproducibility and rendering ----------------------------------------------------------

SUBPROCESS = """
import sys
from inspectie.reports.pdf import inspection_pdf, plan_pdf
from tests.reports.samples import inspection_report, plan_report
report = inspection_report(items=30, findings=4, is_final=False, non_latin=True, hostile=True)
sys.stdout.buffer.write(inspection_pdf(report) + b"\\n--\\n" + plan_pdf(plan_report()))
"""


def test_same_data_same_bytes_in_one_process() -> None:
    report = inspection_report(items=30, findings=4, non_latin=True)
    first = inspection_pdf(report)
    inspection_pdf(inspection_report(items=5, hostile=True))  # another build in between
    assert inspection_pdf(report) == first
    assert plan_pdf(plan_report()) == plan_pdf(plan_report())


@pytest.mark.parametrize("seed", ["1", "4242"])
def test_same_data_same_bytes_in_a_new_process(seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", SUBPROCESS], cwd=ROOT, env=env, capture_output=True, check=True
    )
    report = inspection_report(items=30, findings=4, is_final=False, non_latin=True, hostile=True)
    assert result.stdout == inspection_pdf(report) + b"\n--\n" + plan_pdf(plan_report())


def render(pdf: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "pagina")],
        capture_output=True,
        check=True,
        text=True,
    )
    assert result.stderr == ""
    return sorted(tmp_path.glob("pagina-*.png"))


@pytest.mark.parametrize("is_final", [True, False])
def test_every_page_renders(tmp_path: Path, is_final: bool) -> None:
    report = inspection_report(
        items=20, is_final=is_final, hostile=True, non_latin=True, long_word=True
    )
    pdf = inspection_pdf(report)
    images = render(pdf, tmp_path)
    assert len(images) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert all(image.stat().st_size > 1000 for image in images)


# --- the plan report ------------------------------------------------------------------------


def test_plan_report_prints_goals_actions_findings_levels_and_updates() -> None:
    report = plan_report(goals=3, actions=2)
    content = text(plan_pdf(report))
    cover = [
        "Voortgangsrapportage verbeterplan", report.title, "COA", LOCATION, "Ingediend",
        "3 januari 2026", report.assessment, "Stand per 15 maart 2026", "35%",
    ]  # fmt: skip
    for fact in cover:
        assert fact in content
    assert "Acties te laat 3" in content
    assert "Bevindingen over termijn 1" in content
    assert "Toezichtsniveaus" in content
    assert "AZC Ter Apel-Zuid Verdiepend 12 december 2025" in content
    assert "Veiligheid" in content and "Zorg" in content  # the aspect headings
    for goal in report.goals:
        assert f"Doel {goal.position}. {goal.title}" in content
        assert goal.progress_label in content
        for action in goal.actions:
            assert action.description in content
        finding = goal.findings[0]
        assert f"Bevinding {finding.number} — {finding.item_code} {finding.item_title}" in content
    # Every goal's first action is overdue, and the first goal's finding; "Acties te laat" is
    # the cover's count.
    assert content.count("te laat") == 1 + 3 + 1
    assert "Termijn: 1 maart 2026 te laat" in content
    assert "Voortgang: 40%" in content
    assert "presentielijst.pdf" in content
    assert "Eerste training gegeven." in content
    assert f"1 februari 2026 — {NAMES['cyrillic']} · het plan als geheel" in content
    assert "doel: Brandveiligheid op orde 1" in content


def test_plan_report_pages_are_numbered_and_dated(tmp_path: Path) -> None:
    pdf = plan_pdf(plan_report(goals=12, actions=4, hostile=True))
    texts = pages(pdf)
    assert len(texts) > 2
    assert_numbered(texts)
    for page in texts:
        assert "Stand per 15 maart 2026" in page
    assert " ".join(HOSTILE.split()) in texts[0]
    assert len(render(pdf, tmp_path)) == len(texts)
