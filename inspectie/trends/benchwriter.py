"""How `inspectie bench-data` writes: the rows of a few locations at a time (their inspections,
answers and findings) built as tuples, and put into the tables in bulk.

Ids are assigned here, counted on from each table's highest id, so that answers and findings
point at their parents without reading anything back; see :mod:`inspectie.trends.benchdata`
for what is left out on purpose.
"""

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import update

from inspectie.checklists import spec
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import DEADLINE_DAYS
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.trends.benchmodel import (
    FINDING_STATUSES,
    GENERIC_OBSERVATIONS,
    GROUP_LETTERS,
    MAX_DEVIATION,
    MET_OBSERVATIONS,
    NOT_APPLICABLE,
    NOT_APPLICABLE_REASONS,
    NOT_JUDGED,
    NOT_JUDGED_REASONS,
    OBSERVATIONS,
    REPEAT_FACTOR,
    SHARE_NOT_MET,
    STATUS_WEIGHTS_BY_AGE,
    BenchItem,
    BenchVersion,
    Site,
    Team,
    deviation_chance,
    version_on,
    weekday_in_quarter,
)

FINDING_YEARS = 2  # findings for the deviations of the last two years only


@dataclass
class Ids:
    """The next free id per table (ids are assigned here, not by the database)."""

    location: int
    inspection: int
    answer: int
    finding: int


def _moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


class BulkWriter:
    """Rows as tuples into a table: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""

    def __init__(self, dialect: str) -> None:
        self.is_postgres = dialect == "postgresql"

    def day(self, value: date | None) -> object:
        # SQLite stores dates and times as text, in the format SQLAlchemy writes and reads.
        if value is None or self.is_postgres:
            return value
        return value.isoformat()

    def moment(self, value: datetime) -> object:
        if self.is_postgres:
            return value
        return (
            value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        )

    def flag(self, value: bool) -> object:
        return value if self.is_postgres else int(value)

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        connection = db.session.connection()
        if self.is_postgres:
            # The table and column names are this module's constants, never input.
            cursor: Any = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

    def advance_sequences(self, tables: Sequence[str]) -> None:
        """Set PostgreSQL's id sequences past the ids assigned here."""
        if not self.is_postgres:
            return  # SQLite takes max(rowid) + 1 by itself
        for table in tables:
            db.session.connection().exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


LOCATION_COLUMNS = (
    "id", "name", "operator_id", "operator_type", "modality", "capacity", "municipality",
    "province", "has_families", "has_minors", "has_amv", "has_special_needs", "status",
    "opened_on", "closed_on", "created_at", "updated_at", "revision",
)  # fmt: skip
INSPECTION_COLUMNS = (
    "id", "location_id", "checklist_version_id", "type", "status", "planned_on", "theme_codes",
    "lead_id", "created_by_id", "created_at", "started_at", "submitted_at", "reviewer_id",
    "finalised_at", "content_hash", "revision",
)  # fmt: skip
ANSWER_COLUMNS = (
    "id", "inspection_id", "item_id", "position", "judgment", "observation", "reason",
    "revision", "updated_at", "updated_by_id", "severity", "repair_order", "deadline",
)  # fmt: skip
FINDING_COLUMNS = (
    "id", "inspection_id", "answer_id", "location_id", "item_id", "judgment", "severity",
    "observation", "repair_order", "deadline", "status", "created_at", "status_changed_at",
    "followed_up_in_id", "revision",
)  # fmt: skip


class Chunk:
    """The rows of a few locations, written in one transaction."""

    def __init__(
        self,
        writer: BulkWriter,
        ids: Ids,
        versions: Sequence[BenchVersion],
        end_year: int,
        n_years: int,
    ) -> None:
        self.w, self.ids, self.versions = writer, ids, versions
        self.end_year, self.n_years = end_year, n_years
        self.locations: list[tuple[object, ...]] = []
        self.inspections: list[tuple[object, ...]] = []
        self.answers: list[tuple[object, ...]] = []
        self.findings: list[tuple[object, ...]] = []
        self.first_inspection = ids.inspection

    def add_location(self, rng: random.Random, site: Site, operator_id: int, team: Team) -> None:
        w, location_id = self.w, self.ids.location
        self.ids.location += 1
        created = w.moment(_moment(site.opened_on, 9))
        groups = [w.flag(group in site.groups) for group in GROUP_LETTERS.values()]
        self.locations.append(
            (location_id, site.name, operator_id, site.operator_type, site.modality,
             site.capacity, site.municipality, site.province, *groups, "open",
             w.day(site.opened_on), None, created, created, 1)
        )  # fmt: skip
        effect = rng.lognormvariate(0, 0.35)  # some locations are persistently worse
        profile = spec.LocationProfile(site.operator_type, site.modality, site.groups)
        chances: dict[tuple[int, int], list[float]] = {}
        applicable: dict[int, list[BenchItem]] = {}
        previous: set[str] = set()
        for year in range(self.end_year - self.n_years + 1, self.end_year + 1):
            for quarter in range(4):
                planned = weekday_in_quarter(rng, year, quarter)
                version = version_on(self.versions, planned)
                if version.id not in applicable:
                    applicable[version.id] = [
                        item for item in version.items if spec.applies(item.conditions, profile)
                    ]
                items = applicable[version.id]
                back = self.end_year - year
                if (version.id, year) not in chances:
                    chances[version.id, year] = [
                        min(
                            MAX_DEVIATION,
                            effect * deviation_chance(site, i.theme, i.severity, back),
                        )
                        for i in items
                    ]
                age = (self.end_year - year) * 4 + 3 - quarter
                previous = self._inspection(
                    rng, location_id, planned, version, items, chances[version.id, year],
                    previous, team, age,
                )  # fmt: skip

    def _inspection(
        self,
        rng: random.Random,
        location_id: int,
        planned: date,
        version: BenchVersion,
        items: list[BenchItem],
        chances: list[float],
        previous: set[str],
        team: Team,
        age: int,
    ) -> set[str]:
        w, inspection_id = self.w, self.ids.inspection
        self.ids.inspection += 1
        lead = rng.choice(team.leads)
        submitted = planned + timedelta(days=rng.randint(1, 7))
        finalised_day = submitted + timedelta(days=rng.randint(2, 12))
        finalised = _moment(finalised_day, 14)
        saved = w.moment(_moment(planned, 15))
        with_findings = age < FINDING_YEARS * 4
        judgments, deviated = [], set()
        rand = rng.random
        for position, (item, chance) in enumerate(zip(items, chances, strict=True)):
            if item.code in previous:
                chance = min(MAX_DEVIATION, chance * REPEAT_FACTOR)
            roll = rand()
            observation = reason = ""
            severity = repair_order = deadline = None
            if roll < chance:
                judgment = "voldoet_niet" if rand() < SHARE_NOT_MET else "voldoet_deels"
                observation = rng.choice(OBSERVATIONS.get(item.theme, GENERIC_OBSERVATIONS))
                deviated.add(item.code)
                if with_findings:
                    severity, repair_order = item.severity, item.repair_order
                    deadline = finalised_day + timedelta(days=DEADLINE_DAYS[item.severity])
                    self._finding(rng, inspection_id, location_id, item, judgment, observation,
                                  deadline, finalised, age)  # fmt: skip
            elif roll < chance + NOT_APPLICABLE:
                judgment, reason = "niet_van_toepassing", rng.choice(NOT_APPLICABLE_REASONS)
            elif roll < chance + NOT_APPLICABLE + NOT_JUDGED:
                judgment, reason = "niet_beoordeeld", rng.choice(NOT_JUDGED_REASONS)
            else:
                judgment, observation = "voldoet", rng.choice(MET_OBSERVATIONS)
            judgments.append(judgment)
            self.answers.append(
                (self.ids.answer, inspection_id, item.id, position, judgment, observation,
                 reason, 1 if judgment == "voldoet" else 2, saved, lead, severity, repair_order,
                 w.day(deadline))
            )  # fmt: skip
            self.ids.answer += 1
        content = f"{location_id}|{planned}|{version.id}|{','.join(judgments)}"
        self.inspections.append(
            (inspection_id, location_id, version.id,
             "onaangekondigd" if rng.random() < 0.15 else "regulier",
             "ter_review",  # the chunk's UPDATE makes it final once its answers are in
             w.day(planned), "[]", lead, team.coordinator,
             w.moment(_moment(planned - timedelta(days=rng.randint(21, 60)), 9)),
             w.moment(_moment(planned, 7)), w.moment(_moment(submitted, 15)), team.coordinator,
             w.moment(finalised), hashlib.sha256(content.encode()).hexdigest(), 6)
        )  # fmt: skip
        return deviated

    def _finding(
        self,
        rng: random.Random,
        inspection_id: int,
        location_id: int,
        item: BenchItem,
        judgment: str,
        observation: str,
        deadline: date,
        finalised: datetime,
        age: int,
    ) -> None:
        weights = next(weights for limit, weights in STATUS_WEIGHTS_BY_AGE if age <= limit)
        status = rng.choices(FINDING_STATUSES, weights)[0]
        steps = FINDING_STATUSES.index(status)
        changed = finalised + timedelta(days=steps * rng.randint(7, 30))
        w = self.w
        self.findings.append(
            (self.ids.finding, inspection_id, self.ids.answer, location_id, item.id, judgment,
             item.severity, observation, item.repair_order, w.day(deadline), status,
             w.moment(finalised), w.moment(changed), None, 1 + steps)
        )  # fmt: skip
        self.ids.finding += 1

    def write(self) -> None:
        """Locations, inspections under review, answers; then final; then findings."""
        w = self.w
        w.insert(Location.__tablename__, LOCATION_COLUMNS, self.locations)
        w.insert(Inspection.__tablename__, INSPECTION_COLUMNS, self.inspections)
        w.insert(Answer.__tablename__, ANSWER_COLUMNS, self.answers)
        db.session.execute(
            update(Inspection)
            .where(Inspection.id.between(self.first_inspection, self.ids.inspection - 1))
            .values(status="vastgesteld")
            .execution_options(synchronize_session=False)
        )
        w.insert(Finding.__tablename__, FINDING_COLUMNS, self.findings)
        w.advance_sequences([m.__tablename__ for m in (Location, Inspection, Answer, Finding)])
