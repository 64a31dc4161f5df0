"""What the start page of each role shows."""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select

from inspectie.auth.models import User
from inspectie.auth.policy import organisation_scope
from inspectie.extensions import db
from inspectie.findings.models import REPAIR_STATUSES, Finding
from inspectie.inspections.models import Inspection, InspectionMember
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.plans.models import ImprovementPlan, PlanAction, PlanGoal
from inspectie.supervision.queries import Row as SupervisionRow
from inspectie.supervision.queries import to_decide


@dataclass(frozen=True)
class Overview:
    my_inspections: int
    to_review: int
    open_locations: int
    places: int
    vge_locations: int
    kso_locations: int
    users: int | None
    organisations: int | None


def overview(user: User) -> Overview:
    """Counts for the start page, limited to what ``user`` may see."""
    scope = organisation_scope(user)
    query = select(
        func.count(Location.id),
        func.coalesce(func.sum(Location.capacity), 0),
        func.count(Location.id).filter(Location.operator_type == "vge"),
        func.count(Location.id).filter(Location.modality == "kso"),
    ).where(Location.status == "open")
    if scope is not None:
        query = query.where(Location.operator_id == scope)
    open_locations, places, vge, kso = db.session.execute(query).one()
    users = organisations = None
    if user.role == "beheerder":
        users = db.session.scalar(select(func.count(User.id)))
        organisations = db.session.scalar(select(func.count(Organisation.id)))
    member = select(InspectionMember.inspection_id).where(InspectionMember.user_id == user.id)
    my_inspections = (
        db.session.scalar(
            select(func.count(Inspection.id)).where(
                Inspection.status.in_(("gepland", "in_uitvoering")),
                or_(Inspection.lead_id == user.id, Inspection.id.in_(member)),
            )
        )
        or 0
    )
    to_review = 0
    if user.role == "coordinator":
        to_review = (
            db.session.scalar(
                select(func.count(Inspection.id)).where(
                    Inspection.status == "ter_review",
                    Inspection.lead_id != user.id,
                    Inspection.id.not_in(member),
                )
            )
            or 0
        )
    return Overview(
        my_inspections, to_review, open_locations, places, vge, kso, users, organisations
    )


# --- the "to do" lists ------------------------------------------------------------------------

TODO_LIMIT = 10  # rows per list on the start page; the full list is one click away


@dataclass(frozen=True)
class TodoList:
    total: int
    rows: list[Any]


@dataclass(frozen=True)
class Todo:
    """What waits for ``user``: for the inspectorate, findings to verify, deadlines this month
    and overdue findings; for an operator, findings to answer and actions due."""

    to_verify: TodoList | None = None
    due_this_month: TodoList | None = None
    overdue: TodoList | None = None
    to_answer: TodoList | None = None
    actions_due: TodoList | None = None
    # For a coordinator: locations and organisations whose proposed supervision level differs
    # from the level they are under.
    to_decide: list[SupervisionRow] | None = None


def _listed(query: Select[Any], order: Any) -> TodoList:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.order_by(*order).limit(TODO_LIMIT)))
    return TodoList(total or 0, rows)


def end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def todo(user: User, day: date) -> Todo:
    """The to-do lists of ``user``'s role on ``day``; a ketenpartner's only hold their own
    organisation's findings and actions."""
    findings = select(Finding).join(Location, Location.id == Finding.location_id)
    repairing = Finding.status.in_(REPAIR_STATUSES)
    by_deadline = (Finding.deadline, Finding.id)
    if user.role in ("inspecteur", "coordinator"):
        return Todo(
            to_verify=_listed(
                findings.where(Finding.status == "gemeld_opgelost"),
                (Finding.status_changed_at, Finding.id),
            ),
            due_this_month=_listed(
                findings.where(
                    repairing, Finding.deadline >= day, Finding.deadline <= end_of_month(day)
                ),
                by_deadline,
            ),
            overdue=_listed(findings.where(repairing, Finding.deadline < day), by_deadline),
            to_decide=to_decide(day) if user.role == "coordinator" else None,
        )
    if user.role == "ketenpartner":
        own = findings.where(Location.operator_id == user.organisation_id)
        actions = (
            select(PlanAction)
            .join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
            .join(ImprovementPlan, ImprovementPlan.id == PlanGoal.plan_id)
            .where(
                ImprovementPlan.organisation_id == user.organisation_id,
                PlanAction.status != "afgerond",
                PlanAction.deadline <= end_of_month(day),
            )
        )
        return Todo(
            to_answer=_listed(own.where(Finding.status == "open"), by_deadline),
            actions_due=_listed(actions, (PlanAction.deadline, PlanAction.id)),
            overdue=_listed(own.where(repairing, Finding.deadline < day), by_deadline),
        )
    return Todo()
