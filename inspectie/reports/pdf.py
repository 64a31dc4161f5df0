"""Inspection reports and improvement-plan progress reports as A4 PDFs (reportlab platypus).

The builders read only the frozen data of :mod:`inspectie.reports.data`: no Flask, no database,
no clock, so the same data always gives the same bytes (see :mod:`inspectie.reports.layout`).
This module builds the inspection report; :mod:`inspectie.reports.progress` the plan's.
"""

from collections.abc import Iterable, Sequence
from typing import Final
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, TableStyle

from inspectie.reports.data import (
    FindingEntry,
    InspectionReport,
    ItemResult,
    SourceEntry,
    ThemeSection,
)
from inspectie.reports.layout import (
    BOLD,
    CELL,
    COLUMN_OF,
    FRAME_WIDTH,
    H1,
    H2,
    H3,
    INDENTED,
    INDENTED_SMALL,
    INK,
    ITEM_HEADING,
    ITEM_MIN_SPACE,
    JUDGMENT_COLUMNS,
    NUMBER_HEAD,
    OPEN_COLUMN,
    REGULAR,
    SEP,
    SMALL,
    SUBTITLE,
    TITLE,
    Cell,
    PageFurniture,
    esc,
    facts_table,
    fit,
    grid,
    judgment_badge,
    labelled,
    number_cell,
    one_line,
    para,
    register_fonts,
    render,
    text_blocks,
)
from inspectie.reports.progress import plan_pdf

__all__ = ["inspection_pdf", "plan_pdf"]

# --- the inspection report ------------------------------------------------------------------


def inspection_pdf(report: InspectionReport) -> bytes:
    """The inspection report as PDF; a concept carries "CONCEPT" on every page."""
    register_fonts()  # before the first Paragraph: parsing markup looks the fonts up
    story: list[Flowable] = [
        *_cover(report),
        *_summary(report),
        PageBreak(),
        para("Oordelen per onderdeel", H1),
    ]
    for theme in report.themes:
        story += _theme(theme)
    story += _findings(report)
    story += _follow_ups(report)
    story += _comparison(report)
    story += _sources(report.sources)
    checklist = f"Normenkader {report.checklist_title} versie {report.checklist_version}"
    furniture = PageFurniture(
        header=one_line(f"Inspectierapport — {report.location_name}"),
        header_note="" if report.is_final else "CONCEPT — niet vastgesteld",
        footer=one_line(checklist),
        footer_small=one_line(f"Inhoudshash {report.content_hash}") if report.is_final else "",
        watermark="" if report.is_final else "CONCEPT",
    )
    return render(
        story,
        furniture,
        title=f"Inspectierapport {report.location_name}",
        author=report.lead,
        subject=f"Inspectie {report.inspection_id} ({report.inspection_type_label}), {checklist}",
        keywords=report.content_hash,
    )


def _team(report: InspectionReport) -> str:
    return ", ".join(
        f"{member} (teamleider)" if member == report.lead else member for member in report.team
    )


def _cover(report: InspectionReport) -> list[Flowable]:
    status = report.status_label if report.is_final else f"{report.status_label} — niet vastgesteld"
    facts = [
        ("Locatie", report.location_name),
        ("Exploitant", report.operator_name),
        ("Soort exploitant", report.operator_type_label),
        ("Modaliteit", report.modality_label),
        ("Capaciteit", str(report.capacity)),
        ("Gemeente", report.municipality),
        ("Provincie", report.province_label),
        ("Soort inspectie", report.inspection_type_label),
        ("Inspectiedatum", report.planned_on),
        ("Vastgesteld op", report.finalised_on),
        ("Inspectieteam", _team(report)),
        ("Reviewer", report.reviewer),
        ("Normenkader", f"{report.checklist_title}, versie {report.checklist_version}"),
        ("Status", status),
        ("Kenmerk", f"Inspectie {report.inspection_id}"),
    ]
    flowables: list[Flowable] = [
        para("Inspectierapport", TITLE),
        para(esc(report.location_name), SUBTITLE),
        facts_table(facts),
        Spacer(1, 3 * mm),
        labelled("Kenmerk normenkader", report.checklist_hash, SMALL),
    ]
    if report.is_final:
        flowables.append(labelled("Inhoudshash", report.content_hash, SMALL))
    return flowables


def _counts(theme: ThemeSection) -> list[int]:
    """How many of the theme's items have each judgment, in JUDGMENT_COLUMNS order."""
    counts = [0] * len(JUDGMENT_COLUMNS)
    for item in theme.items:
        counts[COLUMN_OF.get(item.judgment, OPEN_COLUMN)] += 1
    return counts


def _summary(report: InspectionReport) -> list[Flowable]:
    counts = [_counts(theme) for theme in report.themes]
    heads = [heading for _, heading, _ in JUDGMENT_COLUMNS] + ["Totaal"]
    totals = [sum(column) for column in zip(*counts, strict=True)] or [0] * len(JUDGMENT_COLUMNS)
    rows: list[list[Cell]] = [
        [theme.title, *map(number_cell, row), number_cell(sum(row))]
        for theme, row in zip(report.themes, counts, strict=True)
    ]
    total_row = [number_cell(value, bold=True) for value in [*totals, sum(totals)]]
    rows.append([para("<b>Totaal</b>", CELL), *total_row])
    widths = [_number_width(heading) for heading in heads]
    table = grid(
        ["Thema", *(para(escape(heading), NUMBER_HEAD) for heading in heads)],
        rows,
        [FRAME_WIDTH - sum(widths), *widths],
    )
    table.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]))
    flowables: list[Flowable] = [para("Samenvatting", H1), table, Spacer(1, 5 * mm)]
    if report.themes:
        flowables.append(para("Oordelen per thema", H2))
        flowables += _charts(report.themes, counts)
    return flowables


def _number_width(heading: str) -> float:
    """Wide enough for the heading's longest word: "beoordeeld" must not break."""
    longest = max(pdfmetrics.stringWidth(word, BOLD, 7.5) for word in heading.split())
    return max(14 * mm, longest + 13)


CHART_ROWS: Final = 28  # themes per chart: a drawing cannot split across pages
CHART_LABEL_WIDTH: Final = 52 * mm


def _charts(themes: Sequence[ThemeSection], counts: Sequence[list[int]]) -> list[Flowable]:
    largest = max(sum(row) for row in counts)  # one scale for every chart
    return [
        _chart(themes[start : start + CHART_ROWS], counts[start : start + CHART_ROWS], largest)
        for start in range(0, len(themes), CHART_ROWS)
    ]


def _chart(themes: Sequence[ThemeSection], counts: Sequence[list[int]], largest: int) -> Drawing:
    """Stacked horizontal bars: per theme, how many items got each judgment."""
    # Whole points: the chart's geometry is typed (and best kept) as integers.
    row_height, axis_height, legend_height, label_width = 15, 18, 22, round(CHART_LABEL_WIDTH)
    height = len(themes) * row_height + axis_height + legend_height
    drawing = Drawing(FRAME_WIDTH, height, initialFontName=REGULAR)  # not Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, axis_height + legend_height
    chart.width = round(FRAME_WIDTH) - label_width - 18
    chart.height = len(themes) * row_height
    chart.data = [[row[column] for row in counts] for column in range(len(JUDGMENT_COLUMNS))]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.reverseDirection = 1  # the first theme on top, as in the table
    chart.categoryAxis.categoryNames = [
        fit(one_line(theme.title), REGULAR, 8, label_width - 12) for theme in themes
    ]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    _scale(chart, largest)
    for column, (_, _, colour) in enumerate(JUDGMENT_COLUMNS):
        chart.bars[column].fillColor = colors.HexColor(colour)
        chart.bars[column].strokeColor = colors.white
        chart.bars[column].strokeWidth = 0.5
    drawing.add(chart)
    drawing.add(_legend())
    return drawing


def _scale(chart: HorizontalBarChart, largest: int) -> None:
    """Whole-number ticks, about five of them, whatever the number of items."""
    step = max(1, -(-largest // 5))
    axis = chart.valueAxis
    axis.valueMin, axis.valueStep = 0, step
    axis.valueMax = max(step, step * -(-largest // step))
    axis.labels.fontName = REGULAR
    axis.labels.fontSize = 7.5
    axis.labelTextFormat = "%d"


def _legend() -> Legend:
    """One row of swatches under the whole drawing, each as wide as its label."""
    legend = Legend()
    legend.x, legend.y, legend.boxAnchor = 0, 4, "sw"
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.variColumn = 1
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.dx = legend.dy = 7
    legend.dxTextSpace = 3
    legend.autoXPadding = 10
    legend.colorNamePairs = [
        (colors.HexColor(colour), label) for _, label, colour in JUDGMENT_COLUMNS
    ]
    return legend


def _theme(theme: ThemeSection) -> list[Flowable]:
    flowables: list[Flowable] = [CondPageBreak(40 * mm), para(esc(theme.title), H2)]
    if not theme.items:
        flowables.append(para("Geen onderdelen van toepassing.", SMALL))
    for item in theme.items:
        flowables += _item(item)
    return flowables


def _item(item: ItemResult) -> list[Flowable]:
    # A conditional page break keeps the heading with the start of its text. keepWithNext would
    # do the same but lays every item out twice, which a 150-item report notices.
    heading = para(
        f"{esc(item.code)}\u2003{esc(item.title)}<br/>"
        f"{judgment_badge(item.judgment, item.judgment_label)}",
        ITEM_HEADING,
    )
    flowables: list[Flowable] = [CondPageBreak(ITEM_MIN_SPACE), heading]
    if item.observation.strip():
        flowables += text_blocks(item.observation, INDENTED)
    elif item.judgment is None:
        flowables.append(para("Nog geen waarneming vastgelegd.", INDENTED))
    if item.reason.strip():
        flowables += text_blocks(item.reason, INDENTED, label="Reden")
    details = _item_details(item)
    if details:
        flowables.append(para(details, INDENTED_SMALL))
    return flowables


def _item_details(item: ItemResult) -> str:
    lines = []
    if item.legal_bases:
        bases = "; ".join(
            esc(basis.citation) + ("" if basis.is_verified else " (niet geverifieerd)")
            for basis in item.legal_bases
        )
        lines.append(f"<b>Wettelijke grondslag:</b> {bases}")
    if item.evidence:
        lines.append(f"<b>Bewijsstukken:</b> {', '.join(esc(name) for name in item.evidence)}")
    return "<br/>".join(lines)


def _findings(report: InspectionReport) -> list[Flowable]:
    title = "Bevindingen" if report.is_final else "Voorgenomen bevindingen"
    flowables: list[Flowable] = [CondPageBreak(60 * mm), para(title, H1)]
    if not report.findings:
        none = "Deze inspectie leidt niet tot bevindingen." if report.is_final else "Nog geen."
        return [*flowables, para(none)]
    for finding in report.findings:
        flowables += _finding(finding)
    return flowables


def _finding(finding: FindingEntry) -> list[Flowable]:
    name = "Voorgenomen bevinding" if finding.number is None else f"Bevinding {finding.number}"
    heading = para(f"{name} — {esc(finding.item_code)}\u2003{esc(finding.item_title)}", H3)
    facts = para(
        f"<b>Oordeel:</b> {esc(finding.judgment_label)}{SEP}"
        f"<b>Ernst:</b> {esc(finding.severity_label)}{SEP}"
        f"<b>Termijn:</b> {esc(finding.deadline)}",
        INDENTED,
    )
    repair = text_blocks(finding.repair_order, INDENTED, label="Herstelopdracht")
    return [CondPageBreak(ITEM_MIN_SPACE), heading, facts, *repair]


def _follow_ups(report: InspectionReport) -> list[Flowable]:
    if not report.follow_ups:
        return []
    rows = [
        (str(entry.number), entry.item_code, entry.outcome_label) for entry in report.follow_ups
    ]
    widths = [25 * mm, 45 * mm, FRAME_WIDTH - 70 * mm]
    return [
        CondPageBreak(40 * mm),
        para("Opvolging van eerdere bevindingen", H1),
        grid(["Bevinding", "Onderdeel", "Uitkomst"], rows, widths),
    ]


def _comparison(report: InspectionReport) -> list[Flowable]:
    comparison = report.comparison
    if comparison is None:
        return []
    counts = [(label, number_cell(number)) for label, number in comparison.counts]
    rows = [
        (row.code, row.title, row.previous_label, row.current_label, row.outcome_label)
        for row in comparison.rows
    ]
    widths = [22 * mm, FRAME_WIDTH - 112 * mm, 30 * mm, 30 * mm, 30 * mm]
    flowables: list[Flowable] = [
        CondPageBreak(60 * mm),
        para("Vergelijking met de vorige inspectie", H1),
        labelled("Vergeleken met", comparison.previous_reference),
        grid(["Uitkomst", para("Aantal", NUMBER_HEAD)], counts, [60 * mm, 20 * mm]),
        Spacer(1, 4 * mm),
    ]
    if rows:
        headings = ["Code", "Onderdeel", "Vorige keer", "Nu", "Uitkomst"]
        flowables.append(grid(headings, rows, widths))
    return flowables


def _sources(sources: Iterable[SourceEntry]) -> list[Flowable]:
    flowables: list[Flowable] = [PageBreak(), para("Bijlage: wettelijke bronnen", H1)]
    for source in sources:
        state = "geverifieerd" if source.is_verified else "niet geverifieerd"
        flowables.append(para(f"{esc(source.title)} ({esc(source.key)})", H3))
        lines = [f"<b>Citeertitel:</b> {esc(source.citation)}"]
        if source.link:
            lines.append(f"<b>Vindplaats:</b> {esc(source.link)}")
        lines.append(f"<b>Status:</b> {state}")
        if source.note:
            lines.append(f"<b>Toelichting:</b> {esc(source.note)}")
        flowables.append(para("<br/>".join(lines), INDENTED))
    return flowables
