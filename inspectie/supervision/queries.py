"""Supervision levels of many subjects at once (lists, the overview, the to-do) and the level
page of one subject: read-only, a fixed number of queries whatever the number of subjects."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.supervision.models import LEVELS, SupervisionDecision
from inspectie.supervision.rules import (
    LEVEL_ORDER,
    FindingCounts,
    Proposal,
    counts_of,
    counts_query,
    propose,
)
from inspectie.supervision.services import (
    DEFAULT_LEVEL,
    OPERATOR_KINDS,
    CurrentLevel,
    counts_for_location,
    counts_for_organisation,
    history_of,
    level_for,
)


def _latest_levels(column: Any, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Subject id -> level of its latest decision, for subjects with one (one query)."""
    newest = select(func.max(SupervisionDecision.id)).where(column.is_not(None))
    if ids is not None:
        newest = newest.where(column.in_(list(ids)))
    query = select(column, SupervisionDecision.level).where(
        SupervisionDecision.id.in_(newest.group_by(column))
    )
    return {subject: level for subject, level in db.session.execute(query)}


def levels_for_locations(location_ids: Iterable[int]) -> dict[int, str]:
    """Location id -> current level code, for each id given (one query; for lists)."""
    ids = list(location_ids)
    if not ids:
        return {}
    found = _latest_levels(SupervisionDecision.location_id, ids)
    return {i: found.get(i, DEFAULT_LEVEL) for i in ids}


def levels_for_organisations(organisation_ids: Iterable[int]) -> dict[int, str]:
    """Organisation id -> current level code, for each id given (one query; for lists)."""
    ids = list(organisation_ids)
    if not ids:
        return {}
    found = _latest_levels(SupervisionDecision.organisation_id, ids)
    return {i: found.get(i, DEFAULT_LEVEL) for i in ids}


@dataclass(frozen=True)
class Row:
    """One location or organisation in an overview, ready to show."""

    id: int
    name: str
    current: str
    proposal: Proposal
    counts: FindingCounts
    operator: str | None = None  # a location's organisation

    @property
    def current_label(self) -> str:
        return LEVELS[self.current]

    @property
    def differs(self) -> bool:
        return self.proposal.level != self.current

    @property
    def weight(self) -> int:
        """The heavier of the two levels, to put the most serious first."""
        return max(LEVEL_ORDER.index(self.current), LEVEL_ORDER.index(self.proposal.level))


@dataclass(frozen=True)
class Overview:
    locations: list[Row] = field(default_factory=list)
    organisations: list[Row] = field(default_factory=list)

    @property
    def to_decide(self) -> int:
        """How many subjects have a proposal that differs from their level."""
        return sum(row.differs for row in self.locations + self.organisations)


def _by_weight(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (-row.weight, not row.differs, row.name.lower(), row.id))


def location_rows(day: date, operator: Organisation | None = None) -> list[Row]:
    """Every location (of ``operator``, if given) with its current and proposed level, the
    most serious first (three queries, whatever the number of locations)."""
    counts_q = counts_query(day, by="location")
    locations_q = select(Location)
    if operator is not None:
        own = select(Location.id).where(Location.operator_id == operator.id)
        counts_q = counts_q.where(Finding.location_id.in_(own))
        locations_q = locations_q.where(Location.operator_id == operator.id)
    counts = {row[0]: counts_of(row) for row in db.session.execute(counts_q)}
    levels = _latest_levels(SupervisionDecision.location_id)
    rows = [
        Row(
            location.id,
            location.name,
            levels.get(location.id, DEFAULT_LEVEL),
            propose(counts.get(location.id, FindingCounts())),
            counts.get(location.id, FindingCounts()),
            operator=location.operator.name,
        )
        for location in db.session.scalars(locations_q)
    ]
    return _by_weight(rows)


def organisation_rows(day: date) -> list[Row]:
    """Every operating organisation with its current and proposed level (three queries)."""
    counts = {
        row[0]: counts_of(row) for row in db.session.execute(counts_query(day, by="organisation"))
    }
    levels = _latest_levels(SupervisionDecision.organisation_id)
    organisations = select(Organisation).where(Organisation.kind.in_(OPERATOR_KINDS))
    rows = [
        Row(
            org.id,
            org.name,
            levels.get(org.id, DEFAULT_LEVEL),
            propose(counts.get(org.id, FindingCounts())),
            counts.get(org.id, FindingCounts()),
        )
        for org in db.session.scalars(organisations)
    ]
    return _by_weight(rows)


def overview(day: date) -> Overview:
    """The locations and organisations that need attention on ``day``: under a level above
    regulier, or with a proposal above regulier (which includes every proposal that differs)."""

    def attention(row: Row) -> bool:
        return row.weight > 0

    return Overview(
        [row for row in location_rows(day) if attention(row)],
        [row for row in organisation_rows(day) if attention(row)],
    )


def to_decide(day: date) -> list[Row]:
    """Locations and organisations whose proposal differs from their level: the coordinator's
    to-do (locations first, the most serious first)."""
    found = overview(day)
    return [row for row in found.locations + found.organisations if row.differs]


# --- the level page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelPage:
    """What the level page of a location or organisation shows to ``viewer``."""

    name: str
    level: CurrentLevel
    counts: FindingCounts | None  # for the inspectorate only, like the proposal
    history: list[SupervisionDecision]
    locations: list[Row]  # an organisation's locations; empty for a location


def level_page(
    viewer: User,
    day: date,
    *,
    location: Location | None = None,
    organisation: Organisation | None = None,
) -> LevelPage:
    """Current level, proposal (inspectorate only), history and, for an organisation, the
    levels of its locations."""
    level = level_for(viewer, location=location, organisation=organisation, day=day)
    history = history_of(location=location, organisation=organisation)
    staff = viewer.is_inspectorate
    if location is not None:
        counts = counts_for_location(location, day) if staff else None
        return LevelPage(location.name, level, counts, history, [])
    assert organisation is not None
    counts = counts_for_organisation(organisation, day) if staff else None
    return LevelPage(organisation.name, level, counts, history, location_rows(day, organisation))
