"""Inspections: planning, starting, submitting, reviewing and finalising; scoped queries.

Transitions check who may make them (see :mod:`policy`) and write the audit trail; they flush and
never commit. Answers live in :mod:`answers`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import DBAPIError

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem, ChecklistTheme, ChecklistVersion
from inspectie.checklists.services import (
    CHECKLIST_CODE,
    applicable_items,
    profile_of,
    version_valid_on,
)
from inspectie.db import utcnow
from inspectie.extensions import db
from inspectie.inspections import policy
from inspectie.inspections.models import Answer, Inspection, InspectionMember
from inspectie.inspections.vocab import INSPECTION_TYPES
from inspectie.locations.models import Location


class InspectionError(ValueError):
    """A transition or change that is not allowed now; ``status`` is the HTTP answer."""

    def __init__(self, message: str, status: int = 409, detail: Any = None) -> None:
        super().__init__(message)
        self.status, self.detail = status, detail


@dataclass
class Plan:
    """What a coordinator fills in to plan an inspection."""

    location: Location
    type: str
    planned_on: date
    lead: User
    members: Sequence[User] = ()
    version: ChecklistVersion | None = None  # default: the version valid on planned_on
    theme_codes: Sequence[str] = ()


def check_team(lead: User, members: Sequence[User]) -> None:
    """Refuse a team with a member twice, or someone who cannot inspect (422)."""
    if len({m.id for m in members}) != len(members):
        raise InspectionError("Een teamlid staat twee keer opgegeven.", 422)
    for person in (lead, *members):
        if person.role not in ("inspecteur", "coordinator") or not person.is_active:
            raise InspectionError(f"{person.name} kan geen lid zijn van een inspectieteam.", 422)
    if lead in members:
        raise InspectionError("De leider staat ook als teamlid opgegeven.", 422)


FOLLOW_UP_ELSEWHERE = (
    "Een vervolgonderzoek plant u vanuit de open bevindingen van de locatie: kies "
    "'Vervolgonderzoek plannen'."
)


def plan_inspection(actor: User, plan: Plan) -> Inspection:
    """Plan an inspection and pin its checklist version and applicable items.

    A follow-up (``vervolgonderzoek``) is planned from findings instead, with
    :func:`inspectie.inspections.followup.plan_follow_up`.

    :raises InspectionError: when the actor may not plan, or the plan is incomplete.
    """
    if not policy.may_plan(actor):
        raise InspectionError("Alleen een coördinator plant inspecties.", 403)
    if plan.type not in INSPECTION_TYPES:
        raise InspectionError(f"Onbekend type inspectie: {plan.type!r}.", 422)
    if plan.type == "vervolgonderzoek":
        raise InspectionError(FOLLOW_UP_ELSEWHERE, 422)
    check_team(plan.lead, plan.members)
    version = plan.version or version_valid_on(CHECKLIST_CODE, plan.planned_on)
    if version is None:
        raise InspectionError(
            f"Er is geen normenkader dat geldt op {plan.planned_on:%d-%m-%Y}; kies een versie.",
            422,
        )
    theme_codes = list(dict.fromkeys(plan.theme_codes))
    known = set(
        db.session.scalars(
            select(ChecklistTheme.code).where(ChecklistTheme.version_id == version.id)
        )
    )
    if plan.type == "thematisch" and not theme_codes:
        raise InspectionError("Een thematische inspectie kiest minstens één thema.", 422)
    if plan.type != "thematisch" and theme_codes:
        raise InspectionError("Alleen een thematische inspectie kiest thema's.", 422)
    if set(theme_codes) - known:
        raise InspectionError(f"Onbekende thema's: {', '.join(set(theme_codes) - known)}.", 422)

    items = [
        item
        for item in applicable_items(version, profile_of(plan.location))
        if not theme_codes or item.theme.code in theme_codes
    ]
    if not items:
        raise InspectionError("Geen enkel toetspunt is van toepassing op deze locatie.", 422)
    inspection = Inspection(
        location=plan.location,
        checklist_version=version,
        type=plan.type,
        planned_on=plan.planned_on,
        theme_codes=theme_codes,
        lead=plan.lead,
        created_by_id=actor.id,
        status="gepland",
    )
    db.session.add(inspection)
    db.session.flush()
    db.session.add_all(
        InspectionMember(inspection_id=inspection.id, user_id=m.id) for m in plan.members
    )
    db.session.add_all(
        Answer(inspection_id=inspection.id, item_id=item.id, position=n, revision=0)
        for n, item in enumerate(items)
    )
    db.session.flush()
    db.session.refresh(inspection)
    record(
        actor,
        "inspection.plan",
        inspection,
        {
            "location": [None, plan.location.name],
            "type": [None, plan.type],
            "planned_on": [None, plan.planned_on.isoformat()],
            "version": [None, version.key],
            "lead": [None, plan.lead.email],
            "members": [None, [m.email for m in plan.members]],
            "items": [None, len(items)],
        },
    )
    return inspection


def lock(inspection: Inspection) -> None:
    """Take the inspection's row lock and re-read it, before any check of a transition.

    Transitions and saves on one inspection then happen one after the other, on both
    databases: a reviewer acting on a stale screen, or a save landing while the lead submits,
    sees the state the other left behind instead of overriding it. (The no-op UPDATE takes a
    row lock on PostgreSQL and the write lock on SQLite; a final inspection is refused first,
    since its triggers refuse every UPDATE.)
    """
    if inspection.is_final:
        raise_final()
    try:
        db.session.execute(
            update(Inspection)
            .where(Inspection.id == inspection.id)
            .values(revision=Inspection.revision)
            .execution_options(synchronize_session=False)
        )
    except DBAPIError as error:  # finalised by someone else just now
        db.session.rollback()
        raise InspectionError(FINAL_MESSAGE, 409) from error
    db.session.refresh(inspection)
    if inspection.is_final:
        raise_final()


FINAL_MESSAGE = "Deze inspectie is vastgesteld en verandert niet meer."


def raise_final() -> None:
    raise InspectionError(FINAL_MESSAGE, 409)


def _transition(actor: User, inspection: Inspection, to: str, reason: str | None = None) -> None:
    old = inspection.status
    inspection.status = to
    inspection.revision += 1
    db.session.flush()
    record(actor, "inspection.status", inspection, {"status": [old, to]}, reason=reason)


def start_inspection(actor: User, inspection: Inspection) -> None:
    """A team member starts the inspection on site: gepland -> in_uitvoering."""
    lock(inspection)
    if not policy.may_start(actor, inspection):
        raise InspectionError("Alleen een teamlid start een geplande inspectie.", 403)
    inspection.started_at = utcnow()
    _transition(actor, inspection, "in_uitvoering")


def submit_inspection(actor: User, inspection: Inspection) -> None:
    """The lead submits for review once every item is judged or explained.

    :raises InspectionError: 422 with the incomplete items as ``detail``.
    """
    from inspectie.inspections.answers import incomplete_answers

    lock(inspection)
    if not policy.may_submit(actor, inspection):
        raise InspectionError("Alleen de leider dient een inspectie in uitvoering in.", 403)
    incomplete = incomplete_answers(inspection)
    if incomplete:
        raise InspectionError(
            f"Nog {len(incomplete)} toetspunt(en) onvolledig; de inspectie kan nog niet ter "
            f"review.",
            422,
            {code: problems for code, problems in incomplete.items()},
        )
    inspection.submitted_at = utcnow()
    _transition(actor, inspection, "ter_review")


def send_back(actor: User, inspection: Inspection, reason: str) -> None:
    """The reviewer sends the inspection back to the team, with a reason."""
    lock(inspection)
    if not policy.may_review(actor, inspection):
        raise InspectionError("Alleen een coördinator buiten het team beoordeelt.", 403)
    if not reason.strip():
        raise InspectionError("Geef een reden om de inspectie terug te sturen.", 422)
    _transition(actor, inspection, "in_uitvoering", reason=reason.strip())


# --- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionFilters:
    status: str | None = None
    location_id: int | None = None
    mine: bool = False


def inspections_query(user: User, filters: InspectionFilters) -> Select[Inspection]:
    """The inspections ``user`` may see that match ``filters``, newest planned first."""
    query = select(Inspection)
    if not user.is_inspectorate:
        query = query.join(Inspection.location).where(
            Inspection.status == "vastgesteld", Location.operator_id == user.organisation_id
        )
    if filters.status:
        query = query.where(Inspection.status == filters.status)
    if filters.location_id is not None:
        query = query.where(Inspection.location_id == filters.location_id)
    if filters.mine:
        member = select(InspectionMember.inspection_id).where(InspectionMember.user_id == user.id)
        query = query.where(or_(Inspection.lead_id == user.id, Inspection.id.in_(member)))
    return query.order_by(Inspection.planned_on.desc(), Inspection.id.desc())


def inspection_for(user: User, inspection_id: int) -> Inspection | None:
    """The inspection if ``user`` may see it; ``None`` hides whether it exists."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or not policy.may_view(user, inspection):
        return None
    return inspection


def answers_of(inspection: Inspection) -> list[Answer]:
    """The answers in checklist order, with their items and legal bases."""
    query = (
        select(Answer)
        .where(Answer.inspection_id == inspection.id)
        .join(ChecklistItem, ChecklistItem.id == Answer.item_id)
        .order_by(Answer.position)
    )
    return list(db.session.scalars(query))


def team_candidates() -> list[User]:
    """Active inspectors and coordinators, by name."""
    query = (
        select(User)
        .where(User.role.in_(("inspecteur", "coordinator")), User.is_active.is_(True))
        .order_by(func.lower(User.name))
    )
    return list(db.session.scalars(query))
