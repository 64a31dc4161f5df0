"""Routes of the deficiency trends (under /trends): the dashboard, and the final inspections
behind one of its figures.

The dashboard reads every figure from :mod:`inspectie.trends.queries` (a handful of aggregate
queries on the summary, whatever the number of inspections) and draws it with
:mod:`inspectie.trends.charts`; every figure links to the inspections behind it, carrying the
filters.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from inspectie.auth.policy import INSPECTORATE, role_required
from inspectie.db import today
from inspectie.pages import paginate_capped
from inspectie.trends import charts
from inspectie.trends.forms import BehindForm, TrendFilterForm
from inspectie.trends.periods import label as period_label
from inspectie.trends.periods import next_quarter, quarter_of, span
from inspectie.trends.queries import (
    BY,
    VOCABULARIES,
    TrendFilters,
    TrendRow,
    TrendSource,
    checklist_titles,
    findings_by_province,
    inspections_behind,
    levels_by_province,
    theme_titles,
    trend_rows,
)
from inspectie.vocab import OPERATOR_TYPES, PROVINCES

bp = Blueprint("trends", __name__, url_prefix="/trends")
TOP_PROVISIONS = 15  # the legal provisions in the chart and its table; the rest folded below
# The inspections behind a figure are counted up to here ("meer dan 1000"): a figure over all
# the years of a national dataset has tens of thousands, and counting them all would make the
# page grow slower with every year of data.
COUNTED_UP_TO = 1000
# Shorter names for the chart legends and tiles than the vocabulary's.
OPERATOR_SHORT = {"coa": "COA", "vge": "Gemeente (VGE)", "nidos": "Nidos"}


@dataclass(frozen=True)
class Figure:
    """One figure of the dashboard: of ``judged`` answers, ``deficient`` fell short; ``href``
    lists the inspections behind it (None when there are none)."""

    group: str
    label: str
    judged: int
    deficient: int
    href: str | None = None

    @property
    def rate(self) -> float | None:
        return self.deficient / self.judged if self.judged else None

    @property
    def rate_text(self) -> str:
        return charts.percent(self.rate)

    @property
    def counts_text(self) -> str:
        return f"{charts.count(self.deficient)} van {charts.count(self.judged)}"


@dataclass(frozen=True)
class Section:
    """A chart with the table of its figures; ``more`` are listed in the table only."""

    key: str
    title: str
    column: str
    chart: Markup
    figures: list[Figure]
    more: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    """The rates per period: a column per line (the total first), a row per period."""

    chart: Markup
    columns: list[str]
    rows: list[tuple[str, list[Figure | None]]]


@dataclass(frozen=True)
class Region:
    province: str
    label: str
    open: int
    overdue: int
    levels: tuple[int, int, int]  # regulier, verdiepend, intensief


@dataclass(frozen=True)
class Dashboard:
    total: Figure
    sections: list[Section]
    timeline: Timeline
    regions: list[Region]
    regions_chart: Markup


# --- figures ----------------------------------------------------------------------------------

Link = Callable[[str, str, str | None], str]


def _linker(args: dict[str, Any]) -> Link:
    """Links to the inspections behind a figure (split ``by``, ``group``, period label)."""

    def link(by: str, group: str, during: str | None) -> str:
        values: dict[str, Any] = {"by": by, "group": group, "during": during, **args}
        return url_for("trends.inspections", **{k: v for k, v in values.items() if v})

    return link


def _figures(by: str, rows: Iterable[TrendRow], link: Link) -> list[Figure]:
    return [
        Figure(r.group, r.label, r.judged, r.deficient, link(by, r.group, r.period)) for r in rows
    ]


def _summed(by: str, rows: Iterable[TrendRow], link: Link) -> list[Figure]:
    """The rows of every period added up per group, in the order the groups first appear."""
    totals: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for row in rows:
        total = totals.setdefault(row.group, [0, 0])
        total[0] += row.judged
        total[1] += row.deficient
        labels[row.group] = row.label
    return [Figure(g, labels[g], j, d, link(by, g, None)) for g, (j, d) in totals.items()]


def _bars(figures: Sequence[Figure], counted: bool = False) -> list[charts.Bar]:
    """Bars of the rates, or (``counted``) of the numbers of deficient answers."""
    if counted:
        return [
            charts.Bar(f.label, f.deficient, f"{f.counts_text} ({f.rate_text})") for f in figures
        ]
    return [charts.Bar(f.label, f.rate or 0.0, f"{f.rate_text} ({f.counts_text})") for f in figures]


def _by_rate(figures: list[Figure]) -> list[Figure]:
    return sorted(figures, key=lambda f: (-(f.rate or 0.0), -f.deficient, f.label))


def _section(
    key: str, title: str, column: str, figures: list[Figure], top: int = 0, counted: bool = False
) -> Section:
    shown, more = (figures[:top], figures[top:]) if top else (figures, [])
    chart = charts.bar_chart(key, title, _bars(shown, counted), as_percent=not counted)
    return Section(key, title, column, chart, shown, more)


def _provinces(filters: TrendFilters, link: Link, source: TrendSource) -> Section:
    rows = trend_rows("province", None, filters, source)
    by_code = {f.group: f for f in _figures("province", rows, link)}
    figures = [by_code.get(code) or Figure(code, label, 0, 0) for code, label in PROVINCES.items()]
    title = "Percentage tekortkomingen per provincie"
    tiles = [
        charts.Tile(
            f.group,
            f.label,
            f.rate,
            f.rate_text,
            f.counts_text if f.judged else charts.EMPTY_TEXT,
        )
        for f in figures
    ]
    return Section(
        "provincie", title, "Provincie", charts.tile_map("provincie", title, tiles), figures
    )


def _period_range(labels: Iterable[str], period: str) -> list[str]:
    """Every period from the first to the last of ``labels``, so that a gap shows as one."""
    days = sorted(span(label)[0] for label in labels)
    if not days:
        return []
    quarter, last = quarter_of(days[0]), quarter_of(days[-1])
    found: list[str] = []
    while quarter <= last:
        name = period_label(quarter, period) or ""
        if name not in found:
            found.append(name)
        quarter = next_quarter(quarter)
    return found


def _timeline(rows: list[TrendRow], period: str, link: Link) -> Timeline:
    """The total and each operator type over time; the total is the sum of the operator types
    (every location has exactly one)."""
    periods = _period_range({r.period for r in rows if r.period}, period)
    cells = {(r.group, r.period): r for r in rows}
    groups = [code for code in OPERATOR_TYPES if any(r.group == code for r in rows)]
    columns = ["Totaal", *(OPERATOR_SHORT[code] for code in groups)]
    table: list[tuple[str, list[Figure | None]]] = []
    for label in periods:
        mine = [r for r in rows if r.period == label]
        total = Figure("", "Totaal", sum(r.judged for r in mine), sum(r.deficient for r in mine))
        line: list[Figure | None] = [total if total.judged else None]
        for code in groups:
            row = cells.get((code, label))
            line.append(_figures("operator_type", [row], link)[0] if row else None)
        table.append((label, line))
    # Each operator type keeps its look (style 1, 2, 3 after the total's 0) whatever is shown.
    styles = [0, *(1 + list(OPERATOR_TYPES).index(code) for code in groups)]
    series = [
        charts.Series(name, [cell.rate if (cell := line[n]) else None for _, line in table], style)
        for n, (name, style) in enumerate(zip(columns, styles, strict=True))
    ]
    title = f"Percentage tekortkomingen per {'kwartaal' if period == 'quarter' else 'jaar'}"
    return Timeline(charts.line_chart("verloop", title, periods, series), columns, table)


def _regions() -> tuple[list[Region], Markup]:
    levels = {p.province: p for p in levels_by_province()}
    regions = [
        Region(
            f.province,
            f.label,
            f.open,
            f.overdue,
            (
                levels[f.province].regulier,
                levels[f.province].verdiepend,
                levels[f.province].intensief,
            ),
        )
        for f in findings_by_province(today())
    ]
    bars = [
        charts.Bar(
            r.label,
            r.open,
            f"{r.open} open{f', {r.overdue} verstreken' if r.overdue else ''}",
            r.overdue,
        )
        for r in regions
    ]
    legend = [(charts.BAR_FILL, "binnen termijn"), (charts.PART_FILL, "termijn verstreken")]
    title = "Open bevindingen per provincie, en hoeveel daarvan over hun termijn"
    chart = charts.bar_chart("bevindingen", title, bars, as_percent=False, legend=legend)
    return regions, chart


def dashboard(filters: TrendFilters, period: str, args: dict[str, Any]) -> Dashboard:
    """Every figure of the dashboard for ``filters``; ``period`` splits the timeline."""
    link = _linker(args)
    source = TrendSource()  # read once for the five questions below
    over_time = trend_rows("operator_type", period, filters, source)
    operators = _summed("operator_type", over_time, link)
    total = Figure(
        "", "Totaal", sum(f.judged for f in operators), sum(f.deficient for f in operators)
    )
    modalities = _figures("modality", trend_rows("modality", None, filters, source), link)
    themes = _by_rate(_figures("theme", trend_rows("theme", None, filters, source), link))
    provisions = sorted(
        _figures("legal_basis", trend_rows("legal_basis", None, filters, source), link),
        key=lambda f: (-f.deficient, -(f.rate or 0.0), f.label),
    )
    sections = [
        _provinces(filters, link, source),
        _section("exploitant", "Per type exploitant", "Type exploitant", operators),
        _section("modaliteit", "Per modaliteit", "Modaliteit", modalities),
        _section("thema", "Per thema (hoogste percentage eerst)", "Thema", themes),
        _section(
            "grondslag",
            "Meest geschonden wettelijke grondslagen (aantal tekortkomingen)",
            "Wettelijke grondslag",
            provisions,
            TOP_PROVISIONS,
            counted=True,
        ),
    ]
    regions, regions_chart = _regions()
    return Dashboard(total, sections, _timeline(over_time, period, link), regions, regions_chart)


def _label(by: str, group: str, source: TrendSource, themes: dict[str, str]) -> str:
    """The name of ``group`` in the split ``by``, for the heading of the list behind it."""
    if by in VOCABULARIES:
        return VOCABULARIES[by].get(group, group)
    if by == "theme":
        return themes.get(group, group)
    if by == "item":
        return source.found.item_titles().get(group, group)
    return group


def _behind(
    form: BehindForm, filters: TrendFilters, source: TrendSource, themes: dict[str, str]
) -> Figure:
    """The figure whose inspections are listed, as the dashboard shows it."""
    by, group, during = form.figure()
    for row in trend_rows(by, form.during_period, filters, source):
        if row.group == group and row.period == during:
            return Figure(group, row.label, row.judged, row.deficient)
    return Figure(group, _label(by, group, source, themes), 0, 0)


# --- routes -----------------------------------------------------------------------------------


@bp.route("/")
@role_required(*INSPECTORATE)
def index() -> ResponseReturnValue:
    """Where reception falls short: deficiency rates by province, over time, by operator type,
    modality, theme and legal provision; open findings and supervision levels per province."""
    form = TrendFilterForm(request.args, themes=theme_titles(), checklists=checklist_titles())
    if not form.validate():
        return render_template("trends/index.html", form=form, board=None), 400
    board = dashboard(form.filters(), form.granularity, form.link_args())
    return render_template("trends/index.html", form=form, board=board)


@bp.route("/inspecties")
@role_required(*INSPECTORATE)
def inspections() -> ResponseReturnValue:
    """The final inspections behind one figure of the dashboard, newest first, paged."""
    themes = theme_titles()
    form = BehindForm(request.args, themes=themes, checklists=checklist_titles())
    if not form.validate():
        return render_template("trends/inspections.html", form=form, page=None), 400
    filters = form.filters()
    by, group, during = form.figure()
    source = TrendSource()  # the catalogue, read once for the list and its figure
    behind = inspections_behind(by, group, during, filters, source.found)
    page = paginate_capped(behind, 25, COUNTED_UP_TO)
    return render_template(
        "trends/inspections.html",
        form=form,
        page=page,
        figure=_behind(form, filters, source, themes),
        split=BY[by],
        back=url_for("trends.index", **form.link_args()),
    )
