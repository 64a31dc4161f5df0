"""Supervision levels of one subject: its current level, the rule's proposal, a coordinator's
decision (with the audit trail) and the history. Many subjects at once: ``queries.py``.

A subject is either a location or an organisation (an operator: COA, a municipality, Nidos);
every function takes exactly one of ``location=`` and ``organisation=``. The current level is the
latest decision, ``regulier`` without one.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import ColumnElement, select

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.auth.policy import organisation_scope
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.locations.models import Location
from inspectie.locations.services import OPERATOR_KIND_FOR_TYPE
from inspectie.organisations.models import Organisation
from inspectie.supervision.models import LEVELS, SupervisionDecision
from inspectie.supervision.rules import (
    FindingCounts,
    Proposal,
    counts_of,
    counts_query,
    propose,
)

DEFAULT_LEVEL = "regulier"
REASON_MAX = 2000
OPERATOR_KINDS = frozenset(OPERATOR_KIND_FOR_TYPE.values())


class SupervisionError(ValueError):
    """A decision that cannot be taken; ``status`` is the HTTP answer, ``field`` the form field
    the message belongs to (if any)."""

    def __init__(self, message: str, status: int = 422, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.field = status, field


@dataclass(frozen=True)
class CurrentLevel:
    """The level a subject is under now; what ``supervision/_level.html`` shows."""

    level: str
    since: datetime | None = None  # None: the default, nobody decided
    decided_by: str | None = None
    reason: str | None = None
    decision_id: int | None = None
    location_id: int | None = None
    organisation_id: int | None = None
    # The rule's proposal, filled in for the inspectorate only (see :func:`level_for`).
    proposal: Proposal | None = None

    @property
    def label(self) -> str:
        return LEVELS[self.level]

    @property
    def is_default(self) -> bool:
        return self.decision_id is None

    @property
    def proposal_differs(self) -> bool:
        return self.proposal is not None and self.proposal.level != self.level


@dataclass(frozen=True)
class _Subject:
    """The one subject given to a service: its filter on decisions and its ids."""

    where: ColumnElement[bool]
    location_id: int | None
    organisation_id: int | None

    @property
    def ids(self) -> dict[str, int]:
        return {
            key: value
            for key, value in (
                ("location_id", self.location_id),
                ("organisation_id", self.organisation_id),
            )
            if value is not None
        }


def _subject(location: Location | None, organisation: Organisation | None) -> _Subject:
    if (location is None) == (organisation is None):
        raise TypeError("give exactly one of location= and organisation=")
    if location is not None:
        return _Subject(SupervisionDecision.location_id == location.id, location.id, None)
    assert organisation is not None
    return _Subject(SupervisionDecision.organisation_id == organisation.id, None, organisation.id)


def latest_decision(
    *, location: Location | None = None, organisation: Organisation | None = None
) -> SupervisionDecision | None:
    """The subject's latest decision, if any."""
    where = _subject(location, organisation).where
    query = select(SupervisionDecision).where(where).order_by(SupervisionDecision.id.desc())
    return db.session.scalars(query.limit(1)).first()


def current_level(
    *, location: Location | None = None, organisation: Organisation | None = None
) -> CurrentLevel:
    """The subject's level now: its latest decision, or ``regulier`` if there is none."""
    subject = _subject(location, organisation)
    level = CurrentLevel(
        DEFAULT_LEVEL, location_id=subject.location_id, organisation_id=subject.organisation_id
    )
    decision = latest_decision(location=location, organisation=organisation)
    if decision is None:
        return level
    return replace(
        level,
        level=decision.level,
        since=decision.decided_at,
        decided_by=decision.decided_by.name,
        reason=decision.reason,
        decision_id=decision.id,
    )


def counts_for_location(location: Location, day: date) -> FindingCounts:
    """What the rule counts over the location's findings on ``day`` (one query)."""
    query = counts_query(day, by="location").where(Finding.location_id == location.id)
    row = db.session.execute(query).first()
    return counts_of(row) if row is not None else FindingCounts()


def counts_for_organisation(organisation: Organisation, day: date) -> FindingCounts:
    """What the rule counts over the findings of all the organisation's locations (one query)."""
    query = counts_query(day, by="organisation").where(Location.operator_id == organisation.id)
    row = db.session.execute(query).first()
    return counts_of(row) if row is not None else FindingCounts()


def proposal_for_location(location: Location, day: date) -> Proposal:
    """The level the location's findings call for on ``day``."""
    return propose(counts_for_location(location, day))


def proposal_for_organisation(organisation: Organisation, day: date) -> Proposal:
    """The level the findings of all the organisation's locations call for on ``day``."""
    return propose(counts_for_organisation(organisation, day))


def level_for(
    viewer: User,
    *,
    location: Location | None = None,
    organisation: Organisation | None = None,
    day: date | None = None,
) -> CurrentLevel:
    """The current level for a page, with the rule's proposal if ``viewer`` is of the
    inspectorate (an operator sees decisions, not the proposal the coordinator weighs).

    :param day: the day the proposal counts overdue findings on; today by default.
    """
    level = current_level(location=location, organisation=organisation)
    if not viewer.is_inspectorate:
        return level
    day = day or today()
    if location is not None:
        proposal = proposal_for_location(location, day)
    else:
        assert organisation is not None
        proposal = proposal_for_organisation(organisation, day)
    return replace(level, proposal=proposal)


def history_of(
    *, location: Location | None = None, organisation: Organisation | None = None
) -> list[SupervisionDecision]:
    """Every decision on the subject, newest first."""
    where = _subject(location, organisation).where
    query = select(SupervisionDecision).where(where).order_by(SupervisionDecision.id.desc())
    return list(db.session.scalars(query))


def set_level(
    actor: User,
    *,
    location: Location | None = None,
    organisation: Organisation | None = None,
    level: str,
    reason: str,
    day: date | None = None,
    seen: int | None = None,
) -> SupervisionDecision:
    """Decide the subject's supervision level (a coordinator only), keeping what the rule
    proposed at that moment beside it. Confirming the current level is a decision too.

    :param level: ``regulier``, ``verdiepend`` or ``intensief``.
    :param reason: why; required, also when following the proposal.
    :param day: the day the proposal is computed for; today by default.
    :param seen: the id of the latest decision the coordinator saw (0 for none); if another
        decision came in since, nothing is decided (409), so that nobody overrules unseen.
    :raises SupervisionError: 403 for another role, 422 for a missing level or reason or a
        subject that runs no locations, 409 for a decision taken meanwhile.
    """
    if actor.role != "coordinator":
        raise SupervisionError("Alleen een coördinator stelt het toezichtsniveau vast.", 403)
    if organisation is not None and organisation.kind not in OPERATOR_KINDS:
        raise SupervisionError("Alleen een exploitant van opvanglocaties krijgt een niveau.")
    if level not in LEVELS:
        raise SupervisionError("Kies een toezichtsniveau.", field="level")
    reason = reason.strip()
    if not reason:
        raise SupervisionError("Geef een reden voor het toezichtsniveau.", field="reason")
    if len(reason) > REASON_MAX:
        raise SupervisionError(f"De reden is langer dan {REASON_MAX} tekens.", field="reason")
    ids = _subject(location, organisation).ids
    previous = latest_decision(location=location, organisation=organisation)
    if seen is not None and seen != (previous.id if previous else 0):
        raise SupervisionError(
            "Intussen heeft iemand anders het toezichtsniveau vastgesteld. Bekijk het nieuwe "
            "niveau en probeer het opnieuw.",
            409,
        )
    day = day or today()
    if location is not None:
        proposal = proposal_for_location(location, day)
    else:
        assert organisation is not None
        proposal = proposal_for_organisation(organisation, day)
    decision = SupervisionDecision(
        location_id=location.id if location else None,
        organisation_id=organisation.id if organisation else None,
        level=level,
        proposed_level=proposal.level,
        reason=reason,
        decided_by_id=actor.id,
    )
    db.session.add(decision)
    db.session.flush()
    record(
        actor,
        "supervision.decide",
        decision,
        {
            "level": [previous.level if previous else DEFAULT_LEVEL, level],
            "proposed_level": [None, proposal.level],
            **{key: [None, value] for key, value in ids.items()},
        },
        reason=reason,
    )
    return decision


# --- lookups ----------------------------------------------------------------------------------


def organisation_for(user: User, organisation_id: int) -> Organisation | None:
    """The operating organisation with this id if ``user`` may see it (a ketenpartner only
    their own); ``None`` hides whether it exists."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind not in OPERATOR_KINDS:
        return None
    scope = organisation_scope(user)
    if scope is not None and organisation.id != scope:
        return None
    return organisation
