"""Reading findings: the scoped, filtered list and one finding with what its page shows."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, not_, select
from sqlalchemy.orm import contains_eager, defaultload, lazyload

from inspectie.auth.models import User
from inspectie.auth.policy import organisation_scope
from inspectie.checklists.models import ChecklistItem
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings import policy
from inspectie.findings.models import REPAIR_STATUSES, Finding, FindingNote
from inspectie.inspections import policy as inspection_policy
from inspectie.inspections.models import Evidence
from inspectie.locations.models import Location


@dataclass(frozen=True)
class FindingFilters:
    status: str | None = None
    severity: str | None = None
    location_id: int | None = None
    organisation_id: int | None = None  # the operator of the finding's location
    province: str | None = None
    overdue: bool | None = None  # None: both


def overdue_clause(day: date) -> ColumnElement[bool]:
    """SQL for :meth:`Finding.is_overdue`: the repair is still due and its deadline has passed."""
    return and_(Finding.status.in_(REPAIR_STATUSES), Finding.deadline < day)


def findings_query(user: User, filters: FindingFilters, day: date | None = None) -> Select[Finding]:
    """The findings ``user`` may see that match ``filters``, first deadline first.

    The location (with its operator) and the item are loaded in the same query, so that a list
    page costs one query however many rows it shows.

    :param day: the day that decides what is overdue; default today in the Netherlands.
    """
    query = (
        select(Finding)
        .join(Location, Location.id == Finding.location_id)
        .options(
            contains_eager(Finding.location),
            # The list shows code and title; the legal bases only on the detail page.
            defaultload(Finding.item).options(lazyload(ChecklistItem.legal_bases)),
        )
    )
    scope = organisation_scope(user)
    if scope is not None:
        query = query.where(Location.operator_id == scope)
    for column, value in (
        (Finding.status, filters.status),
        (Finding.severity, filters.severity),
        (Finding.location_id, filters.location_id),
        (Location.operator_id, filters.organisation_id),
        (Location.province, filters.province),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if filters.overdue is not None:
        overdue = overdue_clause(day or today())
        query = query.where(overdue if filters.overdue else not_(overdue))
    return query.order_by(Finding.deadline, Finding.id)


def finding_for(user: User, finding_id: int) -> Finding | None:
    """The finding with this id if ``user`` may see it; ``None`` hides whether it exists."""
    finding = db.session.get(Finding, finding_id)
    if finding is None or not policy.may_view(user, finding):
        return None
    return finding


def notes_of(finding: Finding) -> list[FindingNote]:
    """The finding's history, oldest first, with the authors."""
    query = (
        select(FindingNote)
        .where(FindingNote.finding_id == finding.id)
        .order_by(FindingNote.created_at, FindingNote.id)
    )
    return list(db.session.scalars(query))


def evidence_of(user: User, finding: Finding) -> list[Evidence]:
    """The evidence files of the answer that raised the finding, if ``user`` may see the
    inspection (the download route checks again)."""
    if not inspection_policy.may_view(user, finding.inspection):
        return []
    query = select(Evidence).where(Evidence.answer_id == finding.answer_id).order_by(Evidence.id)
    return list(db.session.scalars(query))
