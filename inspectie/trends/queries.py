"""Reading the trends: deficiency rates by a dimension and period, the inspections behind a
figure, and the regional figures of findings and supervision levels for the dashboard.

Every function reads the summary (docs/trends.md) or aggregates in SQL, so the cost does not
grow with the number of answers: :func:`trend_rows` reads the counts of the coarsest segment
grain that holds what it is asked, for whole months, and the answers only of the days at
either end of a window that does not start or end on a month boundary.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, select

from inspectie.checklists.models import Checklist, ChecklistTheme, ChecklistVersion
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.queries import overdue_clause
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.supervision.models import SupervisionDecision
from inspectie.trends import catalogue
from inspectie.trends.models import (
    DIMENSIONS,
    GRAINS,
    TrendInspection,
    TrendItemCount,
    TrendSegment,
    TrendThemeCount,
)
from inspectie.trends.periods import PERIODS, quarter_of_month, span, window
from inspectie.trends.summary import ALL_TIME, DEFICIENT, JUDGED, grain_clause
from inspectie.vocab import MODALITIES, OPERATOR_TYPES, PROVINCES

# What a trend can be split by: code -> Dutch name (the API's ``by``).
BY: Final = {
    "province": "Provincie",
    "operator_type": "Type exploitant",
    "modality": "Modaliteit",
    "theme": "Thema",
    "legal_basis": "Wettelijke grondslag",
    "item": "Toetspunt",
}
VOCABULARIES: Final = {
    "province": PROVINCES,
    "operator_type": OPERATOR_TYPES,
    "modality": MODALITIES,
}
RATE_DIGITS: Final = 4  # 0.1234 = 12.34 %


@dataclass(frozen=True)
class TrendFilters:
    """What a trend is narrowed to; None (or '') leaves a dimension open.

    ``start`` and ``end`` (the API's ``from`` and ``to``) bound the day the location was seen
    (``planned_on``), both inclusive. ``theme`` is a theme code, ``checklist`` a checklist code.
    """

    start: date | None = None
    end: date | None = None
    province: str | None = None
    operator_type: str | None = None
    modality: str | None = None
    theme: str | None = None
    checklist: str | None = None

    @property
    def locations(self) -> dict[str, str]:
        """The location dimensions that are filtered, with their value."""
        return {d: v for d in DIMENSIONS if (v := getattr(self, d))}

    def as_dict(self) -> dict[str, str | None]:
        """The filters as the API echoes them (dates as ISO text, names as in the API)."""
        names = {"start": "from", "end": "to"}
        values = {names.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}
        return {k: v.isoformat() if isinstance(v, date) else v or None for k, v in values.items()}


@dataclass(frozen=True)
class TrendRow:
    """One figure: of ``judged`` answers in ``group`` and ``period``, ``deficient`` were
    voldoet_niet or voldoet_deels. ``period`` is ``2026-K3``, ``2026`` or None (no split)."""

    group: str
    label: str
    period: str | None
    judged: int
    deficient: int

    @property
    def rate(self) -> float | None:
        """The share of judged answers that is deficient (4 decimals); None if none judged."""
        return round(self.deficient / self.judged, RATE_DIGITS) if self.judged else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "label": self.label,
            "period": self.period,
            "judged": self.judged,
            "deficient": self.deficient,
            "rate": self.rate,
        }


def _check(by: str, period: str | None) -> None:
    if by not in BY:
        raise ValueError(f"unknown trend dimension {by!r}")
    if period is not None and period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")


def _period_column(month: Any, period: str | None) -> list[Any]:
    """The period value of a month column (``202607``): its quarter (``20263``) or year."""
    if period is None:
        return []
    if period == "year":
        return [month // 100]
    return [(month // 100) * 10 + (month % 100 + 2) // 3]


def _period_value(month: int, period: str | None) -> int | None:
    """:func:`_period_column` in Python."""
    if period is None:
        return None
    return month // 100 if period == "year" else quarter_of_month(month)


def _period_label(value: int | None, period: str | None) -> str | None:
    if period is None or value is None:
        return None
    if period == "year":
        return str(value)
    return f"{value // 10}-K{value % 10}"


# Counts as they come from SQL: (raw group: a location value, theme id or item id, period
# value) -> [judged, deficient].
Totals = dict[tuple[Any, int | None], list[int]]


def _add(totals: Totals, rows: Iterable[Any], sign: int = 1) -> None:
    for raw, period_value, judged, deficient in rows:
        total = totals.setdefault((raw, period_value), [0, 0])
        total[0] += sign * int(judged)
        total[1] += sign * int(deficient or 0)


def _from_summary(
    by: str,
    period: str | None,
    filters: TrendFilters,
    first: int | None,
    last: int | None,
    ids: set[int] | None,
) -> Totals:
    """Whole months ``first``..``last`` from the counts of the coarsest grain that holds the
    dimensions asked for (``by`` and the location filters)."""
    wanted = set(filters.locations) | ({by} & set(DIMENSIONS))
    grain = next(g for g in GRAINS if wanted <= g)
    segments = TrendSegment.__table__
    chosen = select(segments.c.id, segments.c[by] if by in DIMENSIONS else segments.c.id).where(
        grain_clause(segments, grain),
        *(segments.c[d] == value for d, value in filters.locations.items()),
    )
    segment_value = dict(db.session.execute(chosen).all())
    totals: Totals = {}
    if not segment_value:
        return totals
    by_item = by in ("item", "legal_basis")
    table = TrendItemCount.__table__ if by_item else TrendThemeCount.__table__
    key = table.c.item_id if by_item else table.c.theme_id
    raw = table.c.segment_id if by in DIMENSIONS else key
    periods = _period_column(table.c.month, period)
    query = (
        select(raw, *periods, func.sum(table.c.judged), func.sum(table.c.deficient))
        .where(table.c.segment_id.in_(list(segment_value)))
        .group_by(raw, *periods)
    )
    if first is None and last is None and period is None:
        # All time, not split by period: the all-time rows, one per segment and item or theme.
        query = query.where(table.c.month == ALL_TIME)
    else:
        query = query.where(table.c.month > ALL_TIME)
    if first is not None:
        query = query.where(table.c.month >= first)
    if last is not None:
        query = query.where(table.c.month <= last)
    if ids is not None:
        query = query.where(key.in_(sorted(ids)))
    rows: list[tuple[Any, ...]] = [tuple(r) for r in db.session.execute(query)]
    if period is None:
        rows = [(r[0], None, r[1], r[2]) for r in rows]
    if by in DIMENSIONS:
        rows = [(segment_value[r[0]], *r[1:]) for r in rows]
    _add(totals, rows)
    return totals


@dataclass(frozen=True)
class Edge:
    """The judged answers of the final inspections seen on a few days at the edge of a window,
    counted two ways: per location attributes and month, and per item and month."""

    # (province, operator_type, modality, month) -> [judged, deficient]
    by_place: dict[tuple[str, str, str, int], list[int]]
    # (item id, month) -> [judged, deficient]
    by_item: dict[tuple[int, int], list[int]]


class TrendSource:
    """What the trend questions of one request read once, however many they ask: the
    checklists' catalogue, and the answers of the edge days of each window (a dashboard asks
    five questions of the same window; each would otherwise read those answers again)."""

    def __init__(self, found: catalogue.Catalogue | None = None) -> None:
        self.found = found if found is not None else catalogue.load()
        self._edges: dict[tuple[Any, ...], Edge] = {}

    def edge(
        self, filters: TrendFilters, days: tuple[date, date], item_ids: set[int] | None
    ) -> Edge:
        """The counts of the final inspections seen on ``days`` (at most 15), straight from
        their answers."""
        chosen = None if item_ids is None else frozenset(item_ids)
        key = (tuple(sorted(filters.locations.items())), days, chosen)
        if key not in self._edges:
            self._edges[key] = _read_edge(filters, days, item_ids)
        return self._edges[key]


def _read_edge(filters: TrendFilters, days: tuple[date, date], item_ids: set[int] | None) -> Edge:
    ti = TrendInspection
    split = (ti.province, ti.operator_type, ti.modality, Answer.item_id, ti.month)
    query = (
        select(*split, func.count(), func.sum(case((Answer.judgment.in_(DEFICIENT), 1), else_=0)))
        .join(ti, ti.inspection_id == Answer.inspection_id)
        .where(
            ti.planned_on >= days[0],
            ti.planned_on <= days[1],
            Answer.judgment.in_(JUDGED),
            *(getattr(ti, d) == value for d, value in filters.locations.items()),
        )
        .group_by(*split)
    )
    if item_ids is not None:
        query = query.where(Answer.item_id.in_(sorted(item_ids)))
    edge = Edge({}, {})
    for province, operator, modality, item, month, judged, deficient in db.session.execute(query):
        for counts in (
            edge.by_place.setdefault((province, operator, modality, month), [0, 0]),
            edge.by_item.setdefault((item, month), [0, 0]),
        ):
            counts[0] += judged
            counts[1] += deficient or 0
    return edge


def _from_edge(
    by: str, period: str | None, edge: Edge, found: catalogue.Catalogue
) -> list[tuple[Any, int | None, int, int]]:
    """An edge's counts as :func:`_add` takes them: (raw group, period value, judged,
    deficient)."""
    if by in DIMENSIONS:
        position = DIMENSIONS.index(by)
        return [
            (place[position], _period_value(place[3], period), judged, deficient)
            for place, (judged, deficient) in edge.by_place.items()
        ]
    return [
        (
            found.items[item].theme_id if by == "theme" else item,
            _period_value(month, period),
            judged,
            deficient,
        )
        for (item, month), (judged, deficient) in edge.by_item.items()
    ]


def _groups(by: str, totals: Totals, found: catalogue.Catalogue) -> dict[Any, list[str]]:
    """Raw group (location value, theme id, item id) -> the group value(s) it counts toward."""
    raws = {raw for raw, _ in totals}
    if by in DIMENSIONS:
        return {raw: [raw] for raw in raws}
    if by == "theme":
        return {raw: [found.themes[raw].code] for raw in raws}
    if by == "item":
        return {raw: [found.items[raw].group] for raw in raws}
    cited = catalogue.citations(raws)
    return {raw: sorted(cited.get(raw, ())) for raw in raws}


def _labels(by: str, found: catalogue.Catalogue) -> dict[str, str]:
    if by in VOCABULARIES:
        return dict(VOCABULARIES[by])
    if by == "theme":
        return theme_titles()
    if by == "item":
        return found.item_titles()
    return {}


def _sort_key(by: str) -> Any:
    if by in VOCABULARIES:
        order = {code: n for n, code in enumerate(VOCABULARIES[by])}
        return lambda row: (order.get(row.group, len(order)), row.group, row.period or "")
    return lambda row: (row.group, row.period or "")


def trend_rows(
    by: str, period: str | None, filters: TrendFilters, source: TrendSource | None = None
) -> list[TrendRow]:
    """The deficiency figures split by ``by`` (a key of :data:`BY`) and, unless ``period`` is
    None, by ``quarter`` or ``year``; only groups and periods with judged answers.

    ``by="legal_basis"`` groups by citation: an item with two legal bases counts toward both.
    ``by="item"`` groups by trend key (``checklist:KEY``), labelled with the item's title in
    the newest version. Raises ValueError for an unknown ``by`` or ``period``.

    :param source: what an earlier question of the same request has read already (a page that
        asks several questions passes one).
    """
    _check(by, period)
    source = source if source is not None else TrendSource()
    found = source.found
    plan = window(filters.start, filters.end)
    by_item = by in ("item", "legal_basis")
    item_ids = found.item_ids(filters.theme, filters.checklist)
    ids = item_ids if by_item else found.theme_ids(filters.theme, filters.checklist)
    totals: Totals = {}
    if plan.has_months and ids != set():
        totals = _from_summary(by, period, filters, plan.first, plan.last, ids)
    for sign, first_day, last_day in plan.days:
        if item_ids != set():
            edge = source.edge(filters, (first_day, last_day), item_ids)
            _add(totals, _from_edge(by, period, edge, found), sign)
    groups = _groups(by, totals, found)
    summed: dict[tuple[str, int | None], list[int]] = {}
    for (raw, period_value), (judged, deficient) in totals.items():
        for group in groups[raw]:
            total = summed.setdefault((group, period_value), [0, 0])
            total[0] += judged
            total[1] += deficient
    labels = _labels(by, found)
    rows = [
        TrendRow(group, labels.get(group, group), _period_label(value, period), *counts)
        for (group, value), counts in summed.items()
        if counts[0] > 0
    ]
    return sorted(rows, key=_sort_key(by))


def inspections_behind(
    by: str,
    group: str,
    period: str | None,
    filters: TrendFilters,
    found: catalogue.Catalogue | None = None,
) -> Select[Inspection]:
    """The final inspections behind one figure of :func:`trend_rows`: those of ``group`` (a
    ``group`` value of its rows) in ``period`` (a period label such as ``2026-K3`` or
    ``2026``; None: the whole window) that have at least one judged answer counted in it.
    Newest first; page it like any query.

    Raises ValueError for an unknown ``by`` or a malformed period label.

    :param found: the checklists' catalogue, if the caller has loaded it already.
    """
    _check(by, None)
    start, end = filters.start, filters.end
    if period is not None:
        first, last = span(period)
        start = first if start is None else max(start, first)
        end = last if end is None else min(end, last)
    ti = TrendInspection
    conditions: list[ColumnElement[bool]] = [
        getattr(ti, d) == value for d, value in filters.locations.items()
    ]
    if start is not None:
        conditions.append(ti.planned_on >= start)
    if end is not None:
        conditions.append(ti.planned_on <= end)
    found = found if found is not None else catalogue.load()
    items = found.item_ids(filters.theme, filters.checklist)
    if by in DIMENSIONS:
        conditions.append(getattr(ti, by) == group)
    else:
        if by == "theme":
            chosen = {i.id for i in found.items.values() if found.themes[i.theme_id].code == group}
        elif by == "item":
            chosen = {i.id for i in found.items.values() if i.group == group}
        else:
            chosen = {i for i, cited in catalogue.citations().items() if group in cited}
        items = chosen if items is None else chosen & items
    judged = and_(Answer.inspection_id == ti.inspection_id, Answer.judgment.in_(JUDGED))
    if items is not None:
        judged = and_(judged, Answer.item_id.in_(sorted(items)))
        # Inspections of other checklist versions cannot have these items: skipped on their
        # trend row, without looking at their answers.
        versions = {found.items[i].version_id for i in items}
        conditions.append(ti.checklist_version_id.in_(sorted(versions)))
    # Joined rather than `id IN (…)`, and ordered by the summary's own columns: the database
    # walks ix_trend_inspections_planned_on from the newest and stops when a page is full.
    return (
        select(Inspection)
        .join(ti, ti.inspection_id == Inspection.id)
        .where(*conditions, exists().where(judged))
        .order_by(ti.planned_on.desc(), ti.inspection_id.desc())
    )


def theme_titles() -> dict[str, str]:
    """Theme code -> its title in the newest version that has it (any checklist): what the
    ``theme`` filter may be."""
    query = (
        select(ChecklistTheme.code, ChecklistTheme.title)
        .join(ChecklistVersion, ChecklistVersion.id == ChecklistTheme.version_id)
        .order_by(ChecklistVersion.valid_from, ChecklistVersion.id)
    )
    return dict(db.session.execute(query).all())  # the newest wins


def checklist_titles() -> dict[str, str]:
    """Checklist code -> the title of its newest version: what the ``checklist`` filter may be."""
    query = (
        select(Checklist.code, ChecklistVersion.title)
        .join(ChecklistVersion, ChecklistVersion.checklist_id == Checklist.id)
        .order_by(ChecklistVersion.valid_from, ChecklistVersion.id)
    )
    return dict(db.session.execute(query).all())


# --- regional figures of findings and supervision levels --------------------------------------


@dataclass(frozen=True)
class ProvinceFindings:
    """Findings of the locations in one province: open (not yet verified) and overdue."""

    province: str
    label: str
    open: int
    overdue: int


def findings_by_province(day: date) -> list[ProvinceFindings]:
    """Every province (in the usual order) with its open and overdue findings on ``day``, by
    the location's current province (one query). Overdue as in
    :func:`inspectie.findings.queries.overdue_clause`."""
    query = (
        select(
            Location.province,
            func.count(Finding.id),
            func.count(Finding.id).filter(overdue_clause(day)),
        )
        .join(Location, Location.id == Finding.location_id)
        .where(Finding.status != "geverifieerd")
        .group_by(Location.province)
    )
    counts = {province: (n, overdue) for province, n, overdue in db.session.execute(query)}
    return [
        ProvinceFindings(code, label, *counts.get(code, (0, 0)))
        for code, label in PROVINCES.items()
    ]


@dataclass(frozen=True)
class ProvinceLevels:
    """How many open locations of one province are under each supervision level."""

    province: str
    label: str
    regulier: int = 0
    verdiepend: int = 0
    intensief: int = 0

    @property
    def total(self) -> int:
        return self.regulier + self.verdiepend + self.intensief


def levels_by_province() -> list[ProvinceLevels]:
    """Every province (in the usual order) with the number of its open locations per current
    supervision level: the latest decision, ``regulier`` without one (one query)."""
    latest = (
        select(SupervisionDecision.location_id, func.max(SupervisionDecision.id).label("id"))
        .where(SupervisionDecision.location_id.is_not(None))
        .group_by(SupervisionDecision.location_id)
        .subquery()
    )
    level = func.coalesce(SupervisionDecision.level, "regulier")
    query = (
        select(Location.province, level, func.count(Location.id))
        .outerjoin(latest, latest.c.location_id == Location.id)
        .outerjoin(SupervisionDecision, SupervisionDecision.id == latest.c.id)
        .where(Location.status == "open")
        .group_by(Location.province, level)
    )
    counts: dict[str, dict[str, int]] = {}
    for province, code, n in db.session.execute(query):
        counts.setdefault(province, {})[code] = n
    return [
        ProvinceLevels(code, label, **counts.get(code, {})) for code, label in PROVINCES.items()
    ]
