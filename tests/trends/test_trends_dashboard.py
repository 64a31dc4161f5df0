"""What the dashboard builds on besides the trend figures: the inspections behind a figure,
and open/overdue findings and supervision levels per province."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from inspectie.db import today
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.supervision.services import set_level
from inspectie.trends.queries import (
    TrendFilters,
    findings_by_province,
    inspections_behind,
    levels_by_province,
    trend_rows,
)
from inspectie.vocab import PROVINCES
from tests.trends.conftest import KEYS, Landscape

ROWS = text("""
    SELECT i.id, a.judgment, i.status, i.planned_on, l.province, l.operator_type, l.modality,
           ci.id AS item_id, ci.code AS item_code, t.code AS theme, c.code AS checklist
    FROM answers a
    JOIN inspections i ON i.id = a.inspection_id
    JOIN locations l ON l.id = i.location_id
    JOIN checklist_items ci ON ci.id = a.item_id
    JOIN checklist_themes t ON t.id = ci.theme_id
    JOIN checklist_versions v ON v.id = ci.version_id
    JOIN checklists c ON c.id = v.checklist_id
""")


def behind(by: str, group: str, start: date, end: date, filters: TrendFilters) -> set[int]:
    """The final inspections with a judged answer in ``group`` between ``start`` and ``end``."""
    cited: dict[int, set[str]] = {}
    for item_id, citation in db.session.execute(text("SELECT item_id, citation FROM "
                                                     "item_legal_bases")):  # fmt: skip
        cited.setdefault(item_id, set()).add(citation)
    found = set()
    for row in db.session.execute(ROWS).mappings():
        day = date.fromisoformat(str(row["planned_on"])[:10])
        if row["status"] != "vastgesteld" or row["judgment"] not in (
            "voldoet", "voldoet_deels", "voldoet_niet"
        ):  # fmt: skip
            continue
        if not start <= day <= end or (filters.theme and row["theme"] != filters.theme):
            continue
        if filters.province and row["province"] != filters.province:
            continue
        groups = {
            "item": {f"{row['checklist']}:{KEYS[row['checklist']][row['item_code']]}"},
            "legal_basis": cited.get(row["item_id"], set()),
        }.get(by, {row.get(by)})
        if group in groups:
            found.add(row["id"])
    return found


@pytest.mark.parametrize(
    ("by", "group", "period", "filters", "start", "end"),
    [
        ("province", "drenthe", "2025", TrendFilters(), date(2025, 1, 1), date(2025, 12, 31)),
        ("theme", "amv", None, TrendFilters(province="groningen"), date(2000, 1, 1),
         date(2100, 1, 1)),
        ("item", "proef:INF-02", "2026-K3", TrendFilters(), date(2026, 7, 1), date(2026, 9, 30)),
        ("item", "proef:INF-02", "2026", TrendFilters(start=date(2026, 6, 1)), date(2026, 6, 1),
         date(2026, 12, 31)),
        ("legal_basis", "Rva 2005 art. 2 lid 3", None, TrendFilters(theme="informatie"),
         date(2000, 1, 1), date(2100, 1, 1)),
        ("operator_type", "nidos", "2026", TrendFilters(), date(2026, 1, 1), date(2026, 12, 31)),
        ("modality", "azc", "2025-K2", TrendFilters(), date(2025, 4, 1), date(2025, 6, 30)),
    ],
)  # fmt: skip
def test_the_inspections_behind_a_figure(
    landscape: Landscape,
    by: str,
    group: str,
    period: str | None,
    filters: TrendFilters,
    start: date,
    end: date,
) -> None:
    query = inspections_behind(by, group, period, filters)
    found = list(db.session.scalars(query))
    assert {i.id for i in found} == behind(by, group, start, end, filters)
    assert [i.planned_on for i in found] == sorted((i.planned_on for i in found), reverse=True)


def test_a_figure_and_its_inspections_agree(landscape: Landscape) -> None:
    """Every inspection behind a figure counted in it: as many as the figure's judged answers
    of the item (one answer per inspection and item)."""
    for row in trend_rows("item", "quarter", TrendFilters(checklist="proef")):
        if row.group == "proef:INF-01":
            inspections = db.session.scalars(
                inspections_behind("item", row.group, row.period, TrendFilters())
            ).all()
            assert len(inspections) == row.judged, row


def test_a_malformed_period_or_dimension_is_refused(landscape: Landscape) -> None:
    with pytest.raises(ValueError):
        inspections_behind("province", "drenthe", "2026-Q1", TrendFilters())
    with pytest.raises(ValueError):
        inspections_behind("gemeente", "Assen", None, TrendFilters())


def test_findings_by_province(landscape: Landscape) -> None:
    def counted(day: date) -> dict[str, tuple[int, int]]:
        rows = db.session.execute(
            text(
                "SELECT l.province, COUNT(*), SUM(CASE WHEN f.status IN ('open', "
                "'plan_ingediend', 'in_uitvoering') AND f.deadline < :day THEN 1 ELSE 0 END) "
                "FROM findings f JOIN locations l ON l.id = f.location_id "
                "WHERE f.status != 'geverifieerd' GROUP BY l.province"
            ),
            {"day": day},
        )
        return {province: (n, int(overdue)) for province, n, overdue in rows}

    for day in (today(), today() + timedelta(days=4000)):
        rows = findings_by_province(day)
        assert [r.province for r in rows] == list(PROVINCES)
        assert [r.label for r in rows] == list(PROVINCES.values())
        want = counted(day)
        assert {r.province: (r.open, r.overdue) for r in rows if r.open} == want
        assert sum(r.open for r in rows) > 0
    assert sum(r.overdue for r in findings_by_province(today() + timedelta(days=4000))) > 0


def test_levels_by_province(landscape: Landscape, make_location: Callable[..., Location]) -> None:
    a, b = landscape.locations["a"], landscape.locations["b"]
    coordinator = landscape.coordinator
    set_level(coordinator, location=a, level="intensief", reason="Kritiek.")
    set_level(coordinator, location=a, level="verdiepend", reason="Verbeterd.")  # the latest
    set_level(coordinator, location=b, level="intensief", reason="Kritiek.")
    closed: dict[str, Any] = {"opened_on": date(2020, 1, 1), "closed_on": date(2024, 1, 1)}
    make_location(province="zeeland", status="gesloten", **closed)  # not counted
    make_location(province="zeeland")
    db.session.commit()
    rows = {r.province: (r.regulier, r.verdiepend, r.intensief) for r in levels_by_province()}
    assert list(rows) == list(PROVINCES)
    assert {p: counts for p, counts in rows.items() if any(counts)} == {
        "drenthe": (1, 1, 0),
        "groningen": (0, 0, 1),
        "limburg": (1, 0, 0),
        "zeeland": (1, 0, 0),
    }
    assert sum(r.total for r in levels_by_province()) == 5
