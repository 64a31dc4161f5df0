"""``/api/v1/plans``: the improvement plans a caller may see, with goals, actions, linked
findings, progress and updates."""

from typing import Any

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.api import ApiError, api_roles, choice_arg, paged, reject_unknown_args
from inspectie.auth.policy import EVERYONE
from inspectie.db import today
from inspectie.plans.actions import updates_of
from inspectie.plans.models import PLAN_STATUSES, ImprovementPlan
from inspectie.plans.overview import GoalOverview, Progress, plan_overview, plan_progress
from inspectie.plans.services import PlanFilters, plan_for, plans_query

bp = Blueprint("plans_api", __name__, url_prefix="/api/v1/plans")


def _id_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    # At most 9 digits: a larger number would overflow PostgreSQL's integer (a 500, not a 400).
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        raise ApiError(400, f"'{name}' moet een id (geheel getal) zijn.", {name: raw})
    return int(raw)


def _progress(progress: Progress) -> dict[str, Any]:
    return {"percent": progress.percent, "done": progress.done, "total": progress.total}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def summary(plan: ImprovementPlan) -> dict[str, Any]:
    location = plan.location
    return {
        "id": plan.id,
        "title": plan.title,
        "status": plan.status,
        "organisation": {"id": plan.organisation_id, "name": plan.organisation.name},
        "location": {"id": location.id, "name": location.name} if location else None,
        "progress": _progress(plan_progress(plan)),
        "created_at": plan.created_at.isoformat(),
        "submitted_at": _date(plan.submitted_at),
        "revision": plan.revision,
    }


def _goal(entry: GoalOverview) -> dict[str, Any]:
    goal = entry.goal
    return {
        "id": goal.id,
        "position": goal.position,
        "aspect": goal.aspect,
        "title": goal.title,
        "description": goal.description,
        "progress": _progress(entry.progress),
        "findings": [
            {
                "id": row.finding.id,
                "status": row.finding.status,
                "deadline": row.finding.deadline.isoformat(),
                "is_overdue": row.is_overdue,
            }
            for row in entry.findings
        ],
        "actions": [
            {
                "id": row.action.id,
                "description": row.action.description,
                "owner": row.action.owner,
                "deadline": row.action.deadline.isoformat(),
                "status": row.action.status,
                "progress": row.action.progress,
                "evidence_note": row.action.evidence_note,
                "is_overdue": row.is_overdue,
                "revision": row.action.revision,
                "evidence": [
                    {
                        "id": e.id,
                        "name": e.original_name,
                        "content_type": e.content_type,
                        "size": e.size,
                        "url": url_for(
                            "plans.evidence_download", plan_id=goal.plan_id, action_evidence_id=e.id
                        ),
                    }
                    for e in row.evidence
                ],
            }
            for row in entry.actions
        ],
    }


@bp.get("")
@api_roles(*EVERYONE)
def index() -> ResponseReturnValue:
    """The plans the caller may see; filters ``organisation``, ``location``, ``status``."""
    reject_unknown_args({"organisation", "location", "status", "page", "per_page"})
    filters = PlanFilters(
        organisation_id=_id_arg("organisation"),
        location_id=_id_arg("location"),
        status=choice_arg("status", PLAN_STATUSES),
    )
    return paged(plans_query(current_user, filters), summary)


@bp.get("/<int:plan_id>")
@api_roles(*EVERYONE)
def show(plan_id: int) -> ResponseReturnValue:
    """One plan with its goals (in order), actions, linked findings, progress and updates."""
    reject_unknown_args(set())
    plan = plan_for(current_user, plan_id)
    if plan is None:
        raise ApiError(404, "Verbeterplan niet gevonden.", {"id": plan_id})
    overview = plan_overview(plan, today())
    assessed = plan.assessed_by
    return {
        **summary(plan),
        "description": plan.description,
        "assessment": {
            "reason": plan.assessment_reason,
            "by": {"id": assessed.id, "name": assessed.name},
            "at": _date(plan.assessed_at),
        }
        if assessed is not None
        else None,
        "overdue_actions": [a.id for a in overview.overdue],
        "goals": [_goal(entry) for group in overview.groups for entry in group.goals],
        "updates": [
            {
                "id": u.id,
                "day": u.day.isoformat(),
                "goal_id": u.goal_id,
                "text": u.text,
                "author": u.author.name if u.author else None,
                "created_at": u.created_at.isoformat(),
            }
            for u in updates_of(plan)
        ],
    }
