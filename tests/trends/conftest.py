"""The trends' landscape: final inspections of four locations in three provinces, over two
versions of the small checklist (INF-02 becomes INF-03) and a second checklist, built once per
session; and the independent count every figure is checked against.

The independent count (:func:`expected`) reads the answers table with plain SQL and groups in
Python, with the trend keys written out by hand: it shares nothing with the summary.
"""

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistVersion
from inspectie.checklists.services import import_from_paths
from inspectie.extensions import db
from inspectie.inspections.answers import find_answer, save_answer
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import (
    Plan,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.organisations.services import get_by_name
from inspectie.trends.queries import TrendFilters
from tests.checklists.conftest import V1, V2
from tests.conftest import (
    create_inspectorate,
    location_factory,
    org_factory,
    snapshot_when,
    user_factory,
)
from tests.inspections.conftest import complete_all
from tests.template_db import Databases, Serials, Snapshot

# A second checklist: a theme and an item code it shares with "proef" (they must stay apart
# by item, and meet by theme and by citation), an item with two legal bases, and titles that a
# spreadsheet would take for formulas.
SIGNALEN = textwrap.dedent("""\
    id: signalen
    version: "1.0"
    title: Signalen
    valid_from: 2024-01-01
    sources:
      - id: rva
        title: Regeling verstrekkingen asielzoekers
        citation: Rva 2005
      - id: bron
        title: Een bron met een lastige naam
        citation: "@Bron 2025"
    themes:
      - code: informatie
        title: Informatie (signalen)
        items:
          - code: INF-01
            title: Informatie met twee grondslagen
            norm: De bewoner is geïnformeerd.
            guidance: Vraag het na.
            legal_basis:
              - source: rva
                article: "2"
                lid: "3"
              - source: bron
                article: "1"
      - code: veiligheid
        title: "+Veiligheid"
        items:
          - code: VEI-01
            title: "=HYPERLINK(\\"https://example.org\\",\\"klik\\")"
            norm: Er is een ontruimingsplan.
            guidance: Bekijk het plan.
            legal_basis:
              - source: bron
                article: "2"
    """)

# The trend key of every item code, per checklist, written out: INF-03 continues INF-02.
KEYS = {
    "proef": {
        "INF-01": "INF-01",
        "INF-02": "INF-02",
        "INF-03": "INF-02",
        "AMV-01": "AMV-01",
        "AMV-02": "AMV-02",
        "AMV-03": "AMV-03",
    },
    "signalen": {"INF-01": "INF-01", "VEI-01": "VEI-01"},
}

# The locations: (province, operator type, modality, capacity, has_amv).
PLACES = {
    "a": ("drenthe", "coa", "azc", 300, True),
    "b": ("groningen", "vge", "kso", 120, True),
    "c": ("drenthe", "vge", "noodopvang", 200, False),
    "d": ("limburg", "nidos", "nidos-kleinschalig", 20, True),
}
OK, PART, NOT = "voldoet", "voldoet_deels", "voldoet_niet"
NA, NJ = "niet_van_toepassing", "niet_beoordeeld"

# The final inspections: (place, day, checklist version, judgments; unnamed items: voldoet).
SCHEDULE: list[tuple[str, date, str, dict[str, str]]] = [
    ("a", date(2025, 1, 3), "proef@1.0", {"INF-01": NOT, "INF-02": PART, "AMV-02": NA}),
    ("b", date(2025, 2, 20), "proef@1.0", {"INF-02": NOT, "AMV-01": PART}),
    ("c", date(2025, 3, 28), "proef@1.0", {"INF-01": PART, "INF-02": NJ, "AMV-02": NOT}),
    ("d", date(2025, 5, 15), "proef@1.0", {"AMV-01": PART, "AMV-02": PART}),
    ("a", date(2025, 8, 10), "signalen@1.0", {"INF-01": NOT, "VEI-01": PART}),
    ("a", date(2025, 11, 2), "proef@1.0", {"INF-02": NOT}),
    ("c", date(2026, 4, 10), "proef@1.0", {"INF-01": NOT, "INF-02": NOT}),
    ("b", date(2026, 6, 1), "proef@1.0", {"INF-01": NA, "INF-02": PART, "AMV-02": NOT}),
    ("c", date(2026, 7, 1), "proef@2.0", {"INF-03": NOT}),
    ("a", date(2026, 7, 15), "proef@2.0", {"INF-03": NOT, "AMV-01": PART}),
    ("d", date(2026, 8, 5), "signalen@1.0", {"VEI-01": NOT}),
    ("d", date(2026, 9, 30), "proef@2.0", {"INF-01": PART, "AMV-03": NOT}),
    ("b", date(2026, 11, 20), "proef@2.0", {"INF-01": NOT, "INF-03": PART, "AMV-01": NJ}),
]
# Judged but never finalised: counts nowhere.
UNFINISHED = ("b", date(2025, 6, 1), "proef@1.0", {"INF-01": NOT, "INF-02": NOT})

# Filters that every figure is checked with: every dimension, several at once, and windows
# that start and end on, inside and across month and quarter boundaries.
FILTERS = [
    TrendFilters(),
    TrendFilters(province="drenthe"),
    TrendFilters(operator_type="vge"),
    TrendFilters(modality="azc"),
    TrendFilters(province="drenthe", operator_type="vge"),
    TrendFilters(province="groningen", operator_type="vge", modality="kso"),
    TrendFilters(province="drenthe", modality="noodopvang"),
    TrendFilters(theme="informatie"),
    TrendFilters(checklist="proef"),
    TrendFilters(theme="amv", province="groningen"),
    TrendFilters(theme="informatie", checklist="signalen"),
    TrendFilters(start=date(2025, 1, 1), end=date(2025, 12, 31)),
    TrendFilters(start=date(2025, 2, 1), end=date(2025, 2, 28)),
    TrendFilters(start=date(2025, 1, 4), end=date(2025, 3, 27)),
    TrendFilters(start=date(2025, 1, 4), end=date(2026, 6, 1)),
    TrendFilters(start=date(2025, 3, 1), end=date(2026, 4, 30)),
    TrendFilters(start=date(2025, 2, 21), end=date(2026, 11, 19), province="drenthe"),
    TrendFilters(start=date(2026, 1, 1)),
    TrendFilters(start=date(2025, 2, 19), end=date(2026, 7, 10)),
    TrendFilters(start=date(2025, 5, 16), end=date(2026, 11, 25), operator_type="vge"),
    TrendFilters(start=date(2026, 7, 2), end=date(2026, 7, 20)),
    TrendFilters(end=date(2025, 12, 31), theme="informatie"),
    TrendFilters(province="limburg", modality="azc"),
]


@dataclass(frozen=True)
class LandscapeIds:
    locations: dict[str, int]
    coordinator: int
    inspections: list[int]
    unfinished: int


@dataclass
class Landscape:
    locations: dict[str, Location]
    coordinator: User
    inspections: list[Inspection]
    unfinished: Inspection


def write_checklists(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (("proef-1.yaml", V1), ("proef-2.yaml", V2), ("signalen.yaml", SIGNALEN)):
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def carry_out(
    coordinator: User,
    reviewer: User,
    lead: User,
    location: Location,
    day: date,
    version: ChecklistVersion,
    judgments: dict[str, str],
    final: bool = True,
) -> Inspection:
    """Plan, judge (every item voldoet unless named) and, if ``final``, finalise."""
    inspection = plan_inspection(coordinator, Plan(location, "regulier", day, lead, (), version))
    start_inspection(lead, inspection)
    complete_all(lead, inspection)
    for code, judgment in judgments.items():
        answer = find_answer(inspection, code)
        assert answer is not None, code
        reason = "Geen bewoners." if judgment in (NA, NJ) else ""
        save_answer(lead, inspection, answer, judgment, f"{code} gezien.", reason, answer.revision)
    if final:
        submit_inspection(lead, inspection)
        finalise(reviewer, inspection)
    db.session.commit()
    return inspection


def build_landscape(serials: Serials, folder: Path) -> LandscapeIds:
    make_org = org_factory(serials)
    inspectorate = create_inspectorate(make_org)
    make_user = user_factory(serials, inspectorate, make_org)
    make_location = location_factory(serials, make_org)
    versions = {
        o.version.key: o.version for o in import_from_paths(None, [write_checklists(folder)])
    }
    db.session.commit()
    coordinator, reviewer, lead = (
        make_user("coordinator"),
        make_user("coordinator"),
        make_user("inspecteur"),
    )
    locations = {
        name: make_location(
            operator_type=operator_type,
            province=province,
            modality=modality,
            capacity=capacity,
            has_amv=amv,
            municipality="Ergens",
        )
        for name, (province, operator_type, modality, capacity, amv) in PLACES.items()
    }
    inspections = [
        carry_out(coordinator, reviewer, lead, locations[place], day, versions[key], judgments)
        for place, day, key, judgments in SCHEDULE
    ]
    place, day, key, judgments = UNFINISHED
    unfinished = carry_out(
        coordinator, reviewer, lead, locations[place], day, versions[key], judgments, final=False
    )
    return LandscapeIds(
        {name: loc.id for name, loc in locations.items()},
        coordinator.id,
        [i.id for i in inspections],
        unfinished.id,
    )


@dataclass(frozen=True)
class LandscapeTemplate:
    snapshot: Snapshot
    ids: LandscapeIds


@pytest.fixture(scope="session")
def landscape_template(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> LandscapeTemplate:
    folder = tmp_path_factory.mktemp("landscape") / "checklists"
    snapshot, ids = databases.capture(
        "trends-landscape", lambda serials: build_landscape(serials, folder), databases.empty
    )
    return LandscapeTemplate(snapshot, ids)


database_snapshot = snapshot_when("landscape", template="landscape_template")


@pytest.fixture
def inspectorate(make_org: Callable[..., Organisation]) -> Organisation:
    """The landscape's, when there is one: users a test makes join it."""
    return get_by_name("Inspectie JenV") or create_inspectorate(make_org)


@pytest.fixture
def landscape(app: Flask, landscape_template: LandscapeTemplate) -> Landscape:
    ids = landscape_template.ids

    def get(model: Any, ident: int) -> Any:
        found = db.session.get(model, ident)
        assert found is not None
        return found

    return Landscape(
        {name: get(Location, i) for name, i in ids.locations.items()},
        get(User, ids.coordinator),
        [get(Inspection, i) for i in ids.inspections],
        get(Inspection, ids.unfinished),
    )


# --- the independent count --------------------------------------------------------------------

ANSWERS = text("""
    SELECT a.judgment, i.status, i.planned_on, l.province, l.operator_type, l.modality,
           ci.id AS item_id, ci.code AS item_code, t.code AS theme, c.code AS checklist
    FROM answers a
    JOIN inspections i ON i.id = a.inspection_id
    JOIN locations l ON l.id = i.location_id
    JOIN checklist_items ci ON ci.id = a.item_id
    JOIN checklist_themes t ON t.id = ci.theme_id
    JOIN checklist_versions v ON v.id = ci.version_id
    JOIN checklists c ON c.id = v.checklist_id
""")
CITATIONS = text("SELECT item_id, citation FROM item_legal_bases")


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def expected(by: str, period: str | None, filters: TrendFilters) -> dict[Any, tuple[int, int]]:
    """(group, period label) -> (judged, deficient), counted straight from the answers."""
    cited: dict[int, set[str]] = {}
    for item_id, citation in db.session.execute(CITATIONS):
        cited.setdefault(item_id, set()).add(citation)
    counts: dict[Any, list[int]] = {}
    for row in db.session.execute(ANSWERS).mappings():
        day = _day(row["planned_on"])
        if row["status"] != "vastgesteld" or row["judgment"] not in (OK, PART, NOT):
            continue
        if (filters.start and day < filters.start) or (filters.end and day > filters.end):
            continue
        wanted = {
            "province": filters.province,
            "operator_type": filters.operator_type,
            "modality": filters.modality,
            "theme": filters.theme,
            "checklist": filters.checklist,
        }
        if any(value and row[name] != value for name, value in wanted.items()):
            continue
        if by == "item":
            groups = {f"{row['checklist']}:{KEYS[row['checklist']][row['item_code']]}"}
        elif by == "legal_basis":
            groups = cited.get(row["item_id"], set())
        else:
            groups = {row[by]}
        label = {
            None: None,
            "quarter": f"{day.year}-K{(day.month - 1) // 3 + 1}",
            "year": str(day.year),
        }[period]
        for group in groups:
            total = counts.setdefault((group, label), [0, 0])
            total[0] += 1
            total[1] += row["judgment"] != OK
    return {key: (judged, deficient) for key, (judged, deficient) in counts.items()}
