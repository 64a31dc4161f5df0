"""Improvement plans: scoped queries, the checks every change makes, writing and submitting
a plan, and the inspectorate's assessment. Goals live in :mod:`goals`, actions and progress
updates in :mod:`actions`.

Every function flushes and never commits, and writes the audit trail. The findings a plan
answers move along with it (submitted → ``plan_ingediend``, an action started →
``in_uitvoering``, reported solved → ``gemeld_opgelost``) through
:func:`inspectie.findings.services.change_status`, so their notes and audit are written too.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from inspectie.audit.services import diff, record
from inspectie.auth.models import User
from inspectie.auth.policy import organisation_scope
from inspectie.db import utcnow
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import FindingError, change_status
from inspectie.locations.models import Location
from inspectie.plans import policy
from inspectie.plans.models import (
    GoalFinding,
    ImprovementPlan,
    PlanAction,
    PlanGoal,
)

TITLE_LENGTH = 200
GOAL_TITLE_LENGTH = 300
ASPECT_LENGTH = 200
OWNER_LENGTH = 200
TEXT_LENGTH = 10_000


class PlanError(ValueError):
    """A change to a plan that is not allowed now; ``status`` is the HTTP answer and ``field``
    the form field the message belongs to, if any."""

    def __init__(
        self, message: str, status: int = 409, field: str | None = None, detail: Any = None
    ) -> None:
        super().__init__(message)
        self.status, self.field = status, field
        self.detail = detail if detail is not None else ({"field": field} if field else None)


def plan_error_from(error: FindingError) -> PlanError:
    return PlanError(str(error), error.status, detail=error.detail)


# --- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilters:
    organisation_id: int | None = None
    location_id: int | None = None
    status: str | None = None


def plans_query(user: User, filters: PlanFilters) -> Select[ImprovementPlan]:
    """The plans ``user`` may see that match ``filters``, newest first (paginate the result)."""
    query = select(ImprovementPlan)
    scope = organisation_scope(user)
    if scope is not None:
        query = query.where(ImprovementPlan.organisation_id == scope)
    if filters.organisation_id is not None:
        query = query.where(ImprovementPlan.organisation_id == filters.organisation_id)
    if filters.location_id is not None:
        query = query.where(ImprovementPlan.location_id == filters.location_id)
    if filters.status is not None:
        query = query.where(ImprovementPlan.status == filters.status)
    return query.order_by(ImprovementPlan.created_at.desc(), ImprovementPlan.id.desc())


def plan_for(user: User, plan_id: int) -> ImprovementPlan | None:
    """The plan with this id if ``user`` may see it; ``None`` hides whether it exists."""
    plan = db.session.get(ImprovementPlan, plan_id)
    if plan is None or not policy.may_view(user, plan):
        return None
    return plan


def goal_of(plan: ImprovementPlan, goal_id: int) -> PlanGoal | None:
    """The goal with this id if it belongs to ``plan``."""
    return next((goal for goal in plan.goals if goal.id == goal_id), None)


def action_of(plan: ImprovementPlan, action_id: int) -> PlanAction | None:
    """The action with this id if it belongs to a goal of ``plan``."""
    return next(
        (action for goal in plan.goals for action in goal.actions if action.id == action_id),
        None,
    )


def goals_for_finding(finding: Finding) -> list[PlanGoal]:
    """The goals (with their plan and actions loaded) that answer ``finding``, oldest plan first.

    Linked findings always belong to the plan's organisation, so whoever may see the finding may
    see these goals.
    """
    query = (
        select(PlanGoal)
        .join(GoalFinding, GoalFinding.goal_id == PlanGoal.id)
        .where(GoalFinding.finding_id == finding.id)
        .options(selectinload(PlanGoal.plan), selectinload(PlanGoal.actions))
        .order_by(PlanGoal.plan_id, PlanGoal.position)
    )
    return list(db.session.scalars(query))


def linkable_findings(plan: ImprovementPlan) -> list[Finding]:
    """The findings a goal of ``plan`` may answer: of the plan's location, or of any location of
    its organisation for an organisation-wide plan; not yet verified."""
    query = select(Finding).join(Location, Location.id == Finding.location_id)
    query = query.where(
        Location.operator_id == plan.organisation_id, Finding.status != "geverifieerd"
    )
    if plan.location_id is not None:
        query = query.where(Finding.location_id == plan.location_id)
    return list(db.session.scalars(query.order_by(Finding.deadline, Finding.id)))


def plan_locations(user: User) -> list[Location]:
    """The locations a plan of ``user``'s organisation may be about."""
    query = select(Location).where(Location.operator_id == user.organisation_id)
    return list(db.session.scalars(query.order_by(Location.name)))


# --- checks -----------------------------------------------------------------------------------


def lock_row(obj: ImprovementPlan | PlanAction) -> None:
    """Lock ``obj``'s row (PostgreSQL) and re-read it, so that concurrent changes serialise.

    Only the id is selected FOR UPDATE: PostgreSQL refuses FOR UPDATE on the outer joins that
    eager-load a plan's organisation and location.
    """
    model = type(obj)
    db.session.execute(select(model.id).where(model.id == obj.id).with_for_update())
    db.session.refresh(obj)


def check_revision(obj: ImprovementPlan | PlanAction, revision: int | None, what: str) -> None:
    if revision is not None and revision != obj.revision:
        raise PlanError(
            f"{what} is intussen door iemand anders gewijzigd. Bekijk de nieuwe stand en "
            f"probeer het opnieuw.",
            409,
            detail={"revision": obj.revision},
        )


def check_maintainer(actor: User, plan: ImprovementPlan) -> None:
    if not policy.may_view(actor, plan):
        raise PlanError("Verbeterplan niet gevonden.", 404, detail={"id": plan.id})
    if not policy.may_maintain(actor, plan):
        raise PlanError(
            "Alleen medewerkers van de organisatie zelf werken aan een verbeterplan.", 403
        )


def check_editable(actor: User, plan: ImprovementPlan) -> None:
    check_maintainer(actor, plan)
    if not policy.may_edit(actor, plan):
        raise PlanError(
            f"Een verbeterplan met status '{plan.status_label.lower()}' ligt vast; doelen, "
            f"maatregelen en gekoppelde bevindingen veranderen pas weer als het plan te "
            f"herzien is.",
            409,
        )


def clean_text(value: str, label: str, field: str, maximum: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise PlanError(f"{label} is verplicht.", 422, field)
    if len(value) > maximum:
        raise PlanError(f"{label} mag hoogstens {maximum} tekens lang zijn.", 422, field)
    return value


# --- the plan ---------------------------------------------------------------------------------


@dataclass
class PlanData:
    """The editable fields of a plan, as plain values."""

    title: str
    description: str = ""
    location_id: int | None = None  # None: the whole organisation


def _validated_plan(actor: User, data: PlanData) -> PlanData:
    title = clean_text(data.title, "Titel", "title", TITLE_LENGTH)
    description = clean_text(data.description, "Toelichting", "description", TEXT_LENGTH, False)
    if data.location_id is not None:
        location = db.session.get(Location, data.location_id)
        if location is None or location.operator_id != actor.organisation_id:
            raise PlanError(
                "Kies een locatie van uw eigen organisatie, of de hele organisatie.",
                422,
                "location_id",
            )
    return PlanData(title, description, data.location_id)


def _plan_snapshot(plan: ImprovementPlan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "description": plan.description,
        "location_id": plan.location_id,
    }


def create_plan(actor: User, data: PlanData) -> ImprovementPlan:
    """Start a plan (``concept``) for ``actor``'s organisation.

    :param actor: a ketenpartner; the plan belongs to their organisation.
    :param data: title, description and optionally one of the organisation's locations.
    :raises PlanError: 403 for anyone else, 422 with the field for invalid data.
    """
    if actor.role != "ketenpartner":
        raise PlanError("Alleen medewerkers van een organisatie stellen een verbeterplan op.", 403)
    clean = _validated_plan(actor, data)
    plan = ImprovementPlan(
        organisation_id=actor.organisation_id,
        location_id=clean.location_id,
        title=clean.title,
        description=clean.description,
        status="concept",
        created_by_id=actor.id,
    )
    db.session.add(plan)
    db.session.flush()
    record(actor, "plan.create", plan, diff({}, _plan_snapshot(plan) | {"status": "concept"}))
    return plan


def update_plan(
    actor: User, plan: ImprovementPlan, data: PlanData, revision: int | None = None
) -> bool:
    """Change the plan's title, description or location while it is editable.

    A plan whose goals answer findings of one location cannot become a plan of another.

    :param revision: the revision the change is based on; a stale one is refused (409).
    :returns: whether anything changed.
    """
    lock_row(plan)
    check_editable(actor, plan)
    check_revision(plan, revision, "Het verbeterplan")
    clean = _validated_plan(actor, data)
    if clean.location_id is not None and clean.location_id != plan.location_id:
        foreign = [
            f.id for goal in plan.goals for f in goal.findings if f.location_id != clean.location_id
        ]
        if foreign:
            raise PlanError(
                "Doelen van dit plan beantwoorden bevindingen van een andere locatie; ontkoppel "
                "die eerst of kies de hele organisatie.",
                422,
                "location_id",
            )
    before = _plan_snapshot(plan)
    plan.title, plan.description, plan.location_id = (
        clean.title,
        clean.description,
        clean.location_id,
    )
    changes = diff(before, _plan_snapshot(plan))
    if not changes:
        return False
    plan.revision += 1
    db.session.flush()
    record(actor, "plan.update", plan, changes)
    return True


def submit_plan(actor: User, plan: ImprovementPlan, revision: int | None = None) -> None:
    """Submit the plan to the inspectorate (``concept``/``te_herzien`` → ``ingediend``).

    Every goal needs at least one action. Linked findings that are still ``open`` move to
    ``plan_ingediend``.

    :raises PlanError: 403/404 for someone else, 409 when the status does not allow it or the
        revision is stale, 422 when the plan is incomplete.
    """
    lock_row(plan)
    check_maintainer(actor, plan)
    check_revision(plan, revision, "Het verbeterplan")
    if (plan.status, "ingediend") not in policy.TRANSITIONS:
        raise PlanError(
            f"Een verbeterplan met status '{plan.status_label.lower()}' kan niet worden ingediend.",
            409,
        )
    if not plan.goals:
        raise PlanError(
            "Voeg eerst minstens één doel toe; een leeg plan wordt niet ingediend.", 422
        )
    empty = [goal.title for goal in plan.goals if not goal.actions]
    if empty:
        raise PlanError(
            f"Elk doel heeft minstens één maatregel nodig; nog zonder maatregel: "
            f"{', '.join(empty)}.",
            422,
        )
    old = plan.status
    plan.status = "ingediend"
    plan.submitted_at = utcnow()
    plan.revision += 1
    db.session.flush()
    record(actor, "plan.submit", plan, {"status": [old, "ingediend"]})
    text = f"Verbeterplan '{plan.title}' ingediend."
    for finding in linked_findings(plan.goals):
        if finding.status == "open":
            try:
                change_status(actor, finding, "plan_ingediend", text)
            except FindingError as error:
                raise plan_error_from(error) from error


def assess_plan(
    actor: User,
    plan: ImprovementPlan,
    accepted: bool,
    reason: str,
    revision: int | None = None,
) -> None:
    """The inspectorate's assessment of a submitted plan: ``geaccepteerd`` or ``te_herzien``.

    :param reason: why (required either way); kept on the plan and in the audit trail.
    :raises PlanError: 403 for anyone but an inspecteur or coordinator, 409 for a plan that is
        not submitted or a stale revision, 422 without a reason.
    """
    lock_row(plan)
    if not policy.may_view(actor, plan):
        raise PlanError("Verbeterplan niet gevonden.", 404, detail={"id": plan.id})
    if actor.role not in policy.ASSESSORS:
        raise PlanError("Alleen een inspecteur of coördinator beoordeelt een verbeterplan.", 403)
    check_revision(plan, revision, "Het verbeterplan")
    if plan.status != "ingediend":
        raise PlanError(
            f"Alleen een ingediend verbeterplan wordt beoordeeld (dit plan is "
            f"{plan.status_label.lower()}).",
            409,
        )
    reason = clean_text(reason, "Reden van de beoordeling", "reason", TEXT_LENGTH)
    to = "geaccepteerd" if accepted else "te_herzien"
    plan.status = to
    plan.assessment_reason = reason
    plan.assessed_by_id = actor.id
    plan.assessed_at = utcnow()
    plan.revision += 1
    db.session.flush()
    record(actor, "plan.assess", plan, {"status": ["ingediend", to]}, reason=reason)


def linked_findings(goals: list[PlanGoal]) -> list[Finding]:
    seen: dict[int, Finding] = {}
    for goal in goals:
        for finding in goal.findings:
            seen.setdefault(finding.id, finding)
    return list(seen.values())
