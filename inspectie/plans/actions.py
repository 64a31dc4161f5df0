"""Actions (maatregelen) of a plan's goals, and the plan's dated progress updates.

Functions flush, never commit, and write the audit trail. An action getting under way moves the
goal's submitted findings to ``in_uitvoering`` through the findings' own lifecycle.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from inspectie.audit.services import diff, record
from inspectie.auth.models import User
from inspectie.db import today, utcnow
from inspectie.extensions import db
from inspectie.findings.services import FindingError, change_status
from inspectie.plans.models import (
    ACTION_STATUSES,
    ImprovementPlan,
    PlanAction,
    PlanGoal,
    PlanUpdate,
)
from inspectie.plans.services import (
    OWNER_LENGTH,
    TEXT_LENGTH,
    PlanError,
    check_editable,
    check_maintainer,
    check_revision,
    clean_text,
    lock_row,
    plan_error_from,
)

# --- actions ----------------------------------------------------------------------------------


@dataclass
class ActionData:
    """What an action says: what, who, by when; and how far it is."""

    description: str
    owner: str
    deadline: date
    status: str = "gepland"
    progress: int = 0
    evidence_note: str = ""


def _validated_action(data: ActionData) -> ActionData:
    if data.status not in ACTION_STATUSES:
        raise PlanError(f"Onbekende status: {data.status!r}.", 422, "status")
    if not 0 <= data.progress <= 100:
        raise PlanError("De voortgang ligt tussen 0 en 100 procent.", 422, "progress")
    return ActionData(
        description=clean_text(data.description, "Omschrijving", "description", TEXT_LENGTH),
        owner=clean_text(data.owner, "Eigenaar", "owner", OWNER_LENGTH),
        deadline=data.deadline,
        status=data.status,
        # A finished action is finished completely.
        progress=100 if data.status == "afgerond" else data.progress,
        evidence_note=clean_text(
            data.evidence_note, "Onderbouwing", "evidence_note", TEXT_LENGTH, False
        ),
    )


def _action_snapshot(action: PlanAction | ActionData) -> dict[str, Any]:
    return {
        "description": action.description,
        "owner": action.owner,
        "deadline": action.deadline.isoformat(),
        "status": action.status,
        "progress": action.progress,
        "evidence_note": action.evidence_note,
    }


def add_action(actor: User, goal: PlanGoal, data: ActionData) -> PlanAction:
    """Add an action to ``goal`` while the plan is editable (status and progress as given)."""
    check_editable(actor, goal.plan)
    clean = _validated_action(data)
    action = PlanAction(goal_id=goal.id, **vars(clean))
    db.session.add(action)
    db.session.flush()
    db.session.refresh(goal, ["actions"])
    record(actor, "plan_action.create", action, diff({}, _action_snapshot(clean)))
    _findings_started(actor, goal, action)
    return action


def update_action(
    actor: User, action: PlanAction, data: ActionData, revision: int | None = None
) -> bool:
    """Change an action: its progress, status and evidence note at any time; what it is, who
    owns it and its deadline only while the plan is editable. ``afgerond`` forces 100%.

    When the action gets under way, the goal's findings that wait in ``plan_ingediend`` move to
    ``in_uitvoering``.

    :param revision: the revision the change is based on; a stale one is refused (409).
    :returns: whether anything changed.
    """
    plan = action.goal.plan
    lock_row(action)
    check_maintainer(actor, plan)
    check_revision(action, revision, "De maatregel")
    clean = _validated_action(data)
    changes = diff(_action_snapshot(action), _action_snapshot(clean))
    if not changes:
        return False
    if set(changes) & {"description", "owner", "deadline"}:
        check_editable(actor, plan)
    for key, value in vars(clean).items():
        setattr(action, key, value)
    action.revision += 1
    action.updated_at = utcnow()
    db.session.flush()
    record(actor, "plan_action.update", action, changes)
    if "status" in changes:
        _findings_started(actor, action.goal, action)
    return True


def _findings_started(actor: User, goal: PlanGoal, action: PlanAction) -> None:
    """Once an action is under way, the repair of the goal's submitted findings has started."""
    if action.status == "gepland":
        return
    text = (
        f"Maatregel '{_short(action.description)}' van verbeterplan '{goal.plan.title}' is in "
        f"uitvoering."
    )
    for finding in goal.findings:
        if finding.status == "plan_ingediend":
            try:
                change_status(actor, finding, "in_uitvoering", text)
            except FindingError as error:
                raise plan_error_from(error) from error


def _short(text: str, length: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


# --- progress updates -------------------------------------------------------------------------


def add_update(
    actor: User,
    plan: ImprovementPlan,
    day: date,
    text: str,
    goal: PlanGoal | None = None,
) -> PlanUpdate:
    """A dated progress update on the plan, or on one of its goals. Updates are never changed.

    :param day: the day the update is about; not in the future.
    :raises PlanError: 422 for an empty text, a future day or a goal of another plan.
    """
    check_maintainer(actor, plan)
    clean = clean_text(text, "Voortgangstekst", "text", TEXT_LENGTH)
    if day > today():
        raise PlanError("Een voortgangsmelding gaat over vandaag of eerder.", 422, "day")
    if goal is not None and goal.plan_id != plan.id:
        raise PlanError("Dit doel hoort niet bij dit verbeterplan.", 422, "goal_id")
    update = PlanUpdate(
        plan_id=plan.id,
        goal_id=goal.id if goal else None,
        day=day,
        text=clean,
        author_id=actor.id,
    )
    db.session.add(update)
    db.session.flush()
    record(
        actor,
        "plan_update.create",
        update,
        {"day": [None, day.isoformat()], "goal_id": [None, update.goal_id]},
    )
    return update


def updates_of(plan: ImprovementPlan, goal: PlanGoal | None = None) -> list[PlanUpdate]:
    """The plan's progress updates (or one goal's), newest first."""
    query = select(PlanUpdate).where(PlanUpdate.plan_id == plan.id)
    if goal is not None:
        query = query.where(PlanUpdate.goal_id == goal.id)
    query = query.order_by(PlanUpdate.day.desc(), PlanUpdate.id.desc())
    return list(db.session.scalars(query))
