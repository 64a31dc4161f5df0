"""The summary kept at finalisation equals the bulk rebuild, whichever way it is reached; it
counts each answer once per segment grain, only final inspections, and keeps the location's
attributes of the moment of finalisation."""

import dataclasses
from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import delete, func, select, text

from inspectie.extensions import db
from inspectie.inspections.models import Answer
from inspectie.inspections.review import finalise
from inspectie.inspections.services import submit_inspection
from inspectie.locations.services import LocationData, update_location
from inspectie.trends import summary
from inspectie.trends.models import (
    GRAINS,
    TrendInspection,
    TrendItemCount,
    TrendSegment,
    TrendThemeCount,
)
from inspectie.trends.queries import TrendFilters, trend_rows
from tests.trends.conftest import SCHEDULE, Landscape, carry_out, expected

# The summary's content by value (segment ids differ between ways of building it).
STATE = {
    "items": "SELECT s.province, s.operator_type, s.modality, c.month, c.item_id, c.judged, "
    "c.deficient FROM trend_item_counts c JOIN trend_segments s ON s.id = c.segment_id",
    "themes": "SELECT s.province, s.operator_type, s.modality, c.month, c.theme_id, c.judged, "
    "c.deficient FROM trend_theme_counts c JOIN trend_segments s ON s.id = c.segment_id",
    "inspections": "SELECT t.inspection_id, t.planned_on, t.month, t.province, "
    "t.operator_type, t.modality, t.checklist_version_id, s.province, s.operator_type, "
    "s.modality FROM trend_inspections t JOIN trend_segments s ON s.id = t.segment_id",
}


def state() -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: sorted(tuple(str(v) for v in row) for row in db.session.execute(text(sql)))
        for name, sql in STATE.items()
    }


def test_the_rebuild_equals_what_finalising_kept(landscape: Landscape) -> None:
    kept = state()
    assert len(kept["inspections"]) == len(SCHEDULE)
    written = summary.rebuild()
    assert state() == kept
    assert written == len(kept["items"]) + len(kept["themes"])  # no inspection was missing


def test_a_rebuild_from_nothing_equals_it_too(landscape: Landscape) -> None:
    kept = state()
    for model in (TrendThemeCount, TrendItemCount, TrendInspection, TrendSegment):
        db.session.execute(delete(model))
    written = summary.rebuild()
    db.session.commit()
    assert state() == kept
    assert written == sum(len(rows) for rows in kept.values())


def test_each_answer_counts_once_in_every_grain(landscape: Landscape) -> None:
    judged = db.session.scalar(
        select(func.count(Answer.id)).where(
            Answer.inspection_id.in_([i.id for i in landscape.inspections]),
            Answer.judgment.in_(summary.JUDGED),
        )
    )
    for grain in GRAINS:
        for model in (TrendItemCount, TrendThemeCount):
            for months in (model.month > summary.ALL_TIME, model.month == summary.ALL_TIME):
                total = db.session.scalar(
                    select(func.sum(model.judged))
                    .join(TrendSegment, TrendSegment.id == model.segment_id)
                    .where(summary.grain_clause(TrendSegment.__table__, grain), months)
                )
                assert total == judged, (model.__name__, sorted(grain), str(months))


def test_finalising_counts_the_inspection_in_the_same_transaction(
    landscape: Landscape,
) -> None:
    before = trend_rows("item", "quarter", TrendFilters())
    unfinished = landscape.unfinished
    submit_inspection(unfinished.lead, unfinished)
    finalise(landscape.coordinator, unfinished)
    after = trend_rows("item", "quarter", TrendFilters())
    assert after != before
    assert {(r.group, r.period): (r.judged, r.deficient) for r in after} == expected(
        "item", "quarter", TrendFilters()
    )
    for by in ("item", "province"):  # all time: the all-time rows, kept up to date as well
        all_time = trend_rows(by, None, TrendFilters())
        assert {(r.group, r.period): (r.judged, r.deficient) for r in all_time} == expected(
            by, None, TrendFilters()
        )
    db.session.rollback()  # the finalisation goes, and its counts with it
    assert trend_rows("item", "quarter", TrendFilters()) == before


def test_counting_an_inspection_twice_changes_nothing(landscape: Landscape) -> None:
    kept = state()
    summary.record(landscape.inspections[0])
    assert state() == kept


def test_a_location_keeps_the_attributes_it_had_when_inspected(landscape: Landscape) -> None:
    """Location a moves to Groningen: its earlier inspections stay in Drenthe, also after a
    rebuild; an inspection finalised after the move counts in Groningen."""
    location = landscape.locations["a"]
    data = dataclasses.replace(LocationData.of(location), province="groningen")
    update_location(None, location, data)
    db.session.commit()
    before = {r.group: r.judged for r in trend_rows("province", None, TrendFilters())}
    inspection = next(i for i in landscape.inspections if i.location_id == location.id)
    later = carry_out(
        landscape.coordinator,
        inspection.reviewer,  # type: ignore[arg-type]
        inspection.lead,
        location,
        date(2026, 10, 1),
        inspection.checklist_version,
        {"INF-01": "voldoet_niet"},
    )
    answers = db.session.scalar(
        select(func.count(Answer.id)).where(
            Answer.inspection_id == later.id, Answer.judgment.in_(summary.JUDGED)
        )
    )
    after = {r.group: r.judged for r in trend_rows("province", None, TrendFilters())}
    assert after == before | {"groningen": before["groningen"] + answers}
    summary.rebuild()
    assert {r.group: r.judged for r in trend_rows("province", None, TrendFilters())} == after


def test_the_command_rebuilds(app: Flask, landscape: Landscape) -> None:
    kept = state()
    db.session.execute(delete(TrendThemeCount))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["trends", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Trendsamenvatting opnieuw opgebouwd:" in result.output
    db.session.rollback()
    assert state() == kept
