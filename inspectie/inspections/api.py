"""``/api/v1/inspections``: lists, one inspection with its items and answers, autosave, and the
comparison with the previous inspection."""

from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.api import ApiError, api_roles, choice_arg, paged, reject_unknown_args
from inspectie.auth.policy import EVERYONE
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.followup import Followed, followed
from inspectie.inspections import policy
from inspectie.inspections.answers import (
    AnswerConflict,
    evidence_counts,
    find_answer,
    problems_of,
    save_answer,
)
from inspectie.inspections.comparison import comparison_for
from inspectie.inspections.models import Answer, Inspection
from inspectie.inspections.rules import Problem
from inspectie.inspections.services import (
    InspectionError,
    InspectionFilters,
    answers_of,
    inspection_for,
    inspections_query,
)
from inspectie.inspections.vocab import STATUSES
from inspectie.locations.api import serialise as serialise_location

bp = Blueprint("inspections_api", __name__, url_prefix="/api/v1/inspections")


def summary(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.id,
        "location": {"id": inspection.location_id, "name": inspection.location.name},
        "type": inspection.type,
        "status": inspection.status,
        "planned_on": inspection.planned_on.isoformat(),
        "checklist": {
            "id": inspection.checklist_version.checklist.code,
            "version": inspection.checklist_version.version,
        },
        "lead": {"id": inspection.lead_id, "name": inspection.lead.name},
        "team": [{"id": m.user_id, "name": m.user.name} for m in inspection.members],
        "themes": inspection.theme_codes,
        "finalised_at": inspection.finalised_at.isoformat() if inspection.finalised_at else None,
        "content_hash": inspection.content_hash,
        "revision": inspection.revision,
    }


def serialise_answer(answer: Answer, evidence: int) -> dict[str, Any]:
    return {
        "item_code": answer.item.code,
        "judgment": answer.judgment,
        "observation": answer.observation,
        "reason": answer.reason,
        "revision": answer.revision,
        "updated_at": answer.updated_at.isoformat() if answer.updated_at else None,
        "updated_by": answer.updated_by.name if answer.updated_by else None,
        "evidence": evidence,
        **_problems(problems_of(answer, evidence)),
    }


def _problems(problems: list[Problem]) -> dict[str, list[str]]:
    """What is missing, and the parts of the answer at fault (to mark those controls)."""
    return {
        "problems": [problem.text for problem in problems],
        "problem_fields": sorted({problem.field for problem in problems}),
    }


def _item(answer: Answer, follows: list[Followed] | None = None) -> dict[str, Any]:
    item = answer.item
    extra = {"follow_up": {"findings": [f.as_json() for f in follows]}} if follows else {}
    return extra | {
        "code": item.code,
        "theme": item.theme.code,
        "title": item.title,
        "norm": item.norm,
        "guidance": item.guidance,
        "severity": item.severity,
        "verified": item.is_fully_verified,
        "legal_basis": [
            {"citation": b.citation, "verified": b.is_verified and b.source.is_verified}
            for b in item.legal_bases
        ],
        "observation_required_for": item.observation_required_for,
        "evidence_required_for": item.evidence_required_for,
    }


def _visible(inspection_id: int) -> Inspection:
    inspection = inspection_for(current_user, inspection_id)
    if inspection is None:
        raise ApiError(404, "Inspectie niet gevonden.", {"id": inspection_id})
    return inspection


@bp.get("")
@api_roles(*EVERYONE)
def index() -> ResponseReturnValue:
    """Inspections the caller may see; filters ``status``, ``location``, ``mine``."""
    reject_unknown_args({"status", "location", "mine", "page", "per_page"})
    location = request.args.get("location")
    # At most 9 digits: a larger number would overflow PostgreSQL's integer (a 500, not a 400).
    if location is not None and not (
        location.isascii() and location.isdigit() and len(location) < 10
    ):
        raise ApiError(400, "'location' moet een id (geheel getal) zijn.", {"location": location})
    mine = request.args.get("mine", "")
    if mine not in ("", "0", "1", "true", "false"):
        raise ApiError(400, "'mine' is true of false.", {"mine": mine})
    filters = InspectionFilters(
        status=choice_arg("status", STATUSES),
        location_id=int(location) if location else None,
        mine=mine in ("1", "true"),
    )
    return paged(inspections_query(current_user, filters), summary)


@bp.get("/<int:inspection_id>")
@api_roles(*EVERYONE)
def show(inspection_id: int) -> ResponseReturnValue:
    """One inspection: its location, checklist version, items with legal basis, and answers."""
    reject_unknown_args(set())
    inspection = _visible(inspection_id)
    answers = answers_of(inspection)
    counts = evidence_counts(inspection)
    follows = followed(inspection, answers, today())
    return {
        **summary(inspection),
        "location": serialise_location(inspection.location),
        "items": [_item(a, follows.get(a.id)) for a in answers],
        "answers": [serialise_answer(a, counts.get(a.id, 0)) for a in answers],
        "may_answer": policy.may_answer(current_user, inspection),
    }


@bp.get("/<int:inspection_id>/comparison")
@api_roles(*EVERYONE)
def comparison(inspection_id: int) -> ResponseReturnValue:
    """Per item: better, the same, worse, new or not comparable, against the previous final
    inspection of the location (``previous`` is null when there is none)."""
    reject_unknown_args(set())
    inspection = _visible(inspection_id)
    previous, result = comparison_for(inspection)
    return {
        "inspection": summary(inspection),
        "previous": summary(previous) if previous else None,
        "counts": result.counts,
        "rows": [
            {
                "item_code": row.code,
                "previous_item_codes": list(row.previous_codes),
                "previous": row.previous,
                "current": row.current,
                "outcome": row.outcome,
            }
            for row in result.rows
        ],
    }


@bp.put("/<int:inspection_id>/answers/<item_code>")
@api_roles("coordinator", "inspecteur")
def put_answer(inspection_id: int, item_code: str) -> ResponseReturnValue:
    """Autosave one item: JSON ``judgment``, ``observation``, ``reason``, ``revision``."""
    inspection = _visible(inspection_id)
    answer = find_answer(inspection, item_code)
    if answer is None:
        raise ApiError(404, f"Toetspunt {item_code} hoort niet bij deze inspectie.")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "Stuur een JSON-object met judgment, observation, reason en revision.")
    unknown = sorted(set(data) - {"judgment", "observation", "reason", "revision"})
    if unknown:
        raise ApiError(400, f"Onbekende velden: {', '.join(unknown)}.", {"unknown": unknown})
    revision = data.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        raise ApiError(
            400,
            "'revision' (de revisie waarop u voortbouwt) is verplicht: een "
            "geheel getal, 0 voor een nieuw antwoord.",
        )
    values = {}
    for key in ("observation", "reason"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ApiError(400, f"'{key}' moet tekst zijn.")
        values[key] = value
    judgment = data.get("judgment")
    if judgment is not None and not isinstance(judgment, str):
        raise ApiError(400, "'judgment' moet tekst of null zijn.")
    try:
        save_answer(
            current_user,
            inspection,
            answer,
            judgment or None,
            values["observation"],
            values["reason"],
            revision,
        )
    except AnswerConflict as conflict:
        db.session.rollback()
        counts = evidence_counts(inspection)
        current = db.session.get(Answer, conflict.current.id)
        assert current is not None
        raise ApiError(
            409, str(conflict), {"current": serialise_answer(current, counts.get(current.id, 0))}
        ) from conflict
    except InspectionError as error:
        db.session.rollback()
        raise ApiError(error.status, str(error), error.detail) from error
    db.session.commit()
    counts = evidence_counts(inspection)
    return serialise_answer(answer, counts.get(answer.id, 0))
