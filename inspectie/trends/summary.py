"""Keep the trend summary: counted when an inspection is finalised, rebuilt in bulk on demand.

Both ways count the same thing (docs/trends.md): per final inspection, its judged answers
(``voldoet``, ``voldoet_deels``, ``voldoet_niet``) and of those the deficient ones
(``voldoet_deels``, ``voldoet_niet``), added to the item and theme counts of its month in each
segment grain of :data:`~inspectie.trends.models.GRAINS`.
"""

from collections import Counter
from collections.abc import Sequence
from typing import Any, Final, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Executable,
    Integer,
    Table,
    and_,
    case,
    delete,
    exists,
    extract,
    func,
    literal,
    select,
    text,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite

from inspectie.checklists.models import ChecklistItem
from inspectie.checklists.spec import DEVIATIONS
from inspectie.extensions import db
from inspectie.inspections import signals
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.trends.models import (
    DIMENSIONS,
    FINEST,
    GRAINS,
    TrendInspection,
    TrendItemCount,
    TrendSegment,
    TrendThemeCount,
)
from inspectie.trends.periods import month_end, month_of, month_start

# What a judged answer is, and which judged answers are deficient.
JUDGED: Final = ("voldoet", "voldoet_deels", "voldoet_niet")
DEFICIENT: Final = DEVIATIONS

# Each coarser grain is summed from a finer one (the smallest that holds it), not from the
# answers again.
PARENT: Final = {
    frozenset({"province", "operator_type"}): FINEST,
    frozenset({"operator_type", "modality"}): FINEST,
    frozenset({"province"}): frozenset({"province", "operator_type"}),
    frozenset({"operator_type"}): frozenset({"province", "operator_type"}),
    frozenset({"modality"}): frozenset({"operator_type", "modality"}),
    frozenset(): frozenset({"operator_type"}),
}

SEGMENTS = cast(Table, TrendSegment.__table__)
INSPECTIONS = cast(Table, TrendInspection.__table__)
ITEM_COUNTS = cast(Table, TrendItemCount.__table__)
THEME_COUNTS = cast(Table, TrendThemeCount.__table__)
COUNT_COLUMNS: Final = ("segment_id", "month", "{key}", "judged", "deficient")
# The month of the all-time rows: every count is also added to a row of its segment and item
# (or theme) for all time, so that a question without a date window or a split by period reads
# one row per group, however many years there are (docs/trends.md).
ALL_TIME: Final = 0
SUMMARY_TABLES: Final = tuple(t.name for t in (SEGMENTS, INSPECTIONS, ITEM_COUNTS, THEME_COUNTS))

Values = tuple[str, str, str]  # (province, operator_type, modality); '' = every value


def segment_values(grain: frozenset[str], values: Values) -> Values:
    """The segment of ``grain`` that holds a location with ``values``."""
    kept = [v if d in grain else "" for d, v in zip(DIMENSIONS, values, strict=True)]
    return kept[0], kept[1], kept[2]


def grain_clause(segment: Any, grain: frozenset[str]) -> ColumnElement[bool]:
    """SQL: the segment row ``segment`` (a table or alias of trend_segments) is of ``grain``."""
    return and_(*(segment.c[d] != "" if d in grain else segment.c[d] == "" for d in DIMENSIONS))


def _columns(key: str) -> list[str]:
    return [c.format(key=key) for c in COUNT_COLUMNS]


def _insert(table: Table) -> Any:
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _written(statement: Executable) -> int:
    """Run an INSERT ... SELECT; the number of rows it wrote."""
    # Without preserve_rowcount, SQLAlchemy keeps the count of an INSERT only on some drivers.
    result = db.session.execute(statement, execution_options={"preserve_rowcount": True})
    return int(cast(CursorResult[Any], result).rowcount)


def _segment_ids(values: Sequence[Values]) -> dict[Values, int]:
    """The ids of these segments, created where missing (safe when two finalise at once)."""
    rows = [dict(zip(DIMENSIONS, v, strict=True)) for v in sorted(set(values))]
    db.session.execute(_insert(SEGMENTS).on_conflict_do_nothing(), rows)
    found = db.session.execute(
        select(SEGMENTS.c.id, *(SEGMENTS.c[d] for d in DIMENSIONS)).where(
            *(SEGMENTS.c[d].in_({v[n] for v in values}) for n, d in enumerate(DIMENSIONS))
        )
    )
    ids = {(r[1], r[2], r[3]): r[0] for r in found}
    return {v: ids[v] for v in values}


def _add_counts(table: Table, key: str, rows: list[dict[str, int]]) -> None:
    """Add ``rows`` to the counts in ``table`` (insert, or add to the existing row)."""
    if not rows:
        return
    statement = _insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["segment_id", "month", key],
        set_={
            "judged": table.c.judged + statement.excluded.judged,
            "deficient": table.c.deficient + statement.excluded.deficient,
        },
    )
    # Always in key order: two finalisations at once lock the same rows in the same order
    # (PostgreSQL), so they wait for each other instead of deadlocking.
    rows.sort(key=lambda row: (row["segment_id"], row["month"], row[key]))
    db.session.execute(statement, rows)


def record(inspection: Inspection, **_: Any) -> None:
    """Count ``inspection``, which has just been finalised, into the summary (flushes).

    The location's province, operator type and modality are taken as they are now, at
    finalisation, and kept with the inspection. Counting an inspection twice is a no-op.
    """
    if db.session.get(TrendInspection, inspection.id) is not None:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        # The lock an insert into trend_inspections takes anyway, taken before anything else
        # is written: a rebuild (which locks the table) and this wait for each other in order.
        db.session.execute(text("LOCK TABLE trend_inspections IN ROW EXCLUSIVE MODE"))
    location = inspection.location
    values: Values = (location.province, location.operator_type, location.modality)
    segments = _segment_ids([segment_values(grain, values) for grain in GRAINS])
    month = month_of(inspection.planned_on)
    db.session.add(
        TrendInspection(
            inspection_id=inspection.id,
            planned_on=inspection.planned_on,
            month=month,
            province=values[0],
            operator_type=values[1],
            modality=values[2],
            checklist_version_id=inspection.checklist_version_id,
            segment_id=segments[values],
        )
    )
    judged = db.session.execute(
        select(Answer.item_id, ChecklistItem.theme_id, Answer.judgment)
        .join(ChecklistItem, ChecklistItem.id == Answer.item_id)
        .where(Answer.inspection_id == inspection.id, Answer.judgment.in_(JUDGED))
    ).all()
    by_item = [(row.item_id, row.judgment in DEFICIENT) for row in judged]
    by_theme = [(row.theme_id, row.judgment in DEFICIENT) for row in judged]
    for table, key, answers in (
        (ITEM_COUNTS, "item_id", by_item),
        (THEME_COUNTS, "theme_id", by_theme),
    ):
        totals: Counter[tuple[int, str]] = Counter()
        for ident, deficient in answers:
            totals[ident, "judged"] += 1
            totals[ident, "deficient"] += deficient
        idents = sorted({ident for ident, _ in totals})
        rows = [
            {
                "segment_id": segment,
                "month": month_or_all,
                key: ident,
                "judged": totals[ident, "judged"],
                "deficient": totals[ident, "deficient"],
            }
            for segment in set(segments.values())
            for ident in idents
            for month_or_all in (month, ALL_TIME)
        ]
        _add_counts(table, key, rows)
    db.session.flush()


# --- the bulk rebuild -------------------------------------------------------------------------


def _month_sql(day: Any) -> ColumnElement[int]:
    """SQL for :func:`~inspectie.trends.periods.month_of` (integer arithmetic on both
    databases)."""
    year = sql_cast(extract("year", day), Integer)
    return year * 100 + sql_cast(extract("month", day), Integer)


def _add_missing_inspections() -> int:
    """Record the final inspections the summary has not counted yet (set-based), with their
    location's current attributes; drop rows of inspections that are not final."""
    final = select(Inspection.id).where(Inspection.status == "vastgesteld")
    db.session.execute(delete(TrendInspection).where(TrendInspection.inspection_id.not_in(final)))
    missing = (
        select(Inspection.id, Inspection.planned_on, Inspection.checklist_version_id)
        .add_columns(Location.province, Location.operator_type, Location.modality)
        .join(Location, Location.id == Inspection.location_id)
        .where(
            Inspection.status == "vastgesteld",
            ~exists().where(TrendInspection.inspection_id == Inspection.id),
        )
        .subquery()
    )
    known = and_(*(SEGMENTS.c[d] == missing.c[d] for d in DIMENSIONS))
    shapes = select(*(missing.c[d] for d in DIMENSIONS)).distinct().where(~exists().where(known))
    db.session.execute(SEGMENTS.insert().from_select(list(DIMENSIONS), shapes))
    segment = SEGMENTS.alias("segment")
    added = _written(
        INSPECTIONS.insert().from_select(
            [
                "inspection_id",
                "planned_on",
                "month",
                *DIMENSIONS,
                "checklist_version_id",
                "segment_id",
            ],
            select(
                missing.c.id,
                missing.c.planned_on,
                _month_sql(missing.c.planned_on),
                *(missing.c[d] for d in DIMENSIONS),
                missing.c.checklist_version_id,
                segment.c.id,
            ).join(segment, and_(*(segment.c[d] == missing.c[d] for d in DIMENSIONS))),
        )
    )
    for grain in GRAINS:
        if grain == FINEST:
            continue
        shape = [INSPECTIONS.c[d] if d in grain else literal("") for d in DIMENSIONS]
        known = and_(*(SEGMENTS.c[d] == v for d, v in zip(DIMENSIONS, shape, strict=True)))
        db.session.execute(
            SEGMENTS.insert().from_select(
                list(DIMENSIONS), select(*shape).distinct().where(~exists().where(known))
            )
        )
    return added


def _count_month(month: int, segments: dict[frozenset[str], list[int]]) -> int:
    """Count the answers of the final inspections of one month into the item counts of the
    finest grain, sum those into the coarser grains, and the items into their themes.

    One month at a time, so that every GROUP BY stays small (a month of a national year is
    some 30,000 answers) and the whole rebuild grows linearly with the years. ``segments``
    are the segment ids of each grain: naming them lets the database read the counts of a
    month as one key range per segment instead of scanning all months.
    """
    judged = func.count()
    deficient = func.sum(case((Answer.judgment.in_(DEFICIENT), 1), else_=0))
    finest = (
        select(TrendInspection.segment_id, literal(month), Answer.item_id, judged, deficient)
        .join(Answer, Answer.inspection_id == TrendInspection.inspection_id)
        .where(
            # planned_on rather than month: that is the indexed column (same rows).
            TrendInspection.planned_on >= month_start(month),
            TrendInspection.planned_on <= month_end(month),
            Answer.judgment.in_(JUDGED),
        )
        .group_by(TrendInspection.segment_id, Answer.item_id)
    )
    written = _written(ITEM_COUNTS.insert().from_select(_columns("item_id"), finest))
    counts, fine, coarse = ITEM_COUNTS.alias("counts"), SEGMENTS.alias("fine"), SEGMENTS
    for grain in GRAINS[::-1]:  # finest first: a parent is always filled before its children
        if grain not in PARENT:
            continue
        same = and_(
            *(coarse.c[d] == (fine.c[d] if d in grain else literal("")) for d in DIMENSIONS)
        )
        rolled = (
            select(
                coarse.c.id,
                literal(month),
                counts.c.item_id,
                func.sum(counts.c.judged),
                func.sum(counts.c.deficient),
            )
            .join(fine, fine.c.id == counts.c.segment_id)
            .join(coarse, same)
            .where(counts.c.segment_id.in_(segments[PARENT[grain]]), counts.c.month == month)
            .group_by(coarse.c.id, counts.c.item_id)
        )
        written += _written(ITEM_COUNTS.insert().from_select(_columns("item_id"), rolled))
    themes = (
        select(
            counts.c.segment_id,
            literal(month),
            ChecklistItem.theme_id,
            func.sum(counts.c.judged),
            func.sum(counts.c.deficient),
        )
        .join(ChecklistItem, ChecklistItem.id == counts.c.item_id)
        .where(
            counts.c.segment_id.in_([i for ids in segments.values() for i in ids]),
            counts.c.month == month,
        )
        .group_by(counts.c.segment_id, ChecklistItem.theme_id)
    )
    return written + _written(THEME_COUNTS.insert().from_select(_columns("theme_id"), themes))


def _count_all_time() -> int:
    """The all-time rows (month :data:`ALL_TIME`) of both count tables: the sums over every
    month, per segment and item or theme."""
    written = 0
    for table, key in ((ITEM_COUNTS, "item_id"), (THEME_COUNTS, "theme_id")):
        totals = (
            select(
                table.c.segment_id,
                literal(ALL_TIME),
                table.c[key],
                func.sum(table.c.judged),
                func.sum(table.c.deficient),
            )
            .where(table.c.month != ALL_TIME)
            .group_by(table.c.segment_id, table.c[key])
        )
        written += _written(table.insert().from_select(_columns(key), totals))
    return written


def rebuild() -> int:
    """Recount the whole summary from the answers of the final inspections: set-based, one
    month at a time (see :func:`_count_month`).

    Final inspections the summary has not seen yet are added with their location's current
    attributes; those it has keep the attributes of their finalisation. Flushes, does not
    commit.

    :returns: the number of rows written (inspections added, item and theme counts).
    """
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        # A finalisation that is counting itself holds a row lock here: wait for it, and make
        # those that come later wait, so that each inspection is counted exactly once. (SQLite
        # has a single writer anyway.)
        db.session.execute(text("LOCK TABLE trend_inspections IN EXCLUSIVE MODE"))
    db.session.execute(delete(TrendThemeCount))
    db.session.execute(delete(TrendItemCount))
    written = _add_missing_inspections()
    segments: dict[frozenset[str], list[int]] = {grain: [] for grain in GRAINS}
    for row in db.session.execute(select(SEGMENTS)):
        kept = frozenset(d for d in DIMENSIONS if getattr(row, d))
        if kept in segments:
            segments[kept].append(row.id)
    months = db.session.scalars(select(TrendInspection.month).distinct()).all()
    for month in sorted(months):
        written += _count_month(month, segments)
    written += _count_all_time()
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        # Every row of the summary is new: without fresh statistics the planner guesses, and
        # autovacuum would analyze it minutes later, in the middle of whatever runs then.
        db.session.execute(text(f"ANALYZE {', '.join(SUMMARY_TABLES)}"))
    return written


def init_app() -> None:
    # weak=False: the receiver is a module function, but be explicit that it must stay connected.
    signals.finalised.connect(record, weak=False)
