"""``/api/v1/findings``: the findings a caller may see, and one finding with its history."""

from datetime import date
from typing import Any

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.api import ApiError, api_roles, choice_arg, paged, reject_unknown_args
from inspectie.auth.policy import EVERYONE
from inspectie.checklists.spec import SEVERITIES
from inspectie.db import today
from inspectie.findings import policy
from inspectie.findings.models import FINDING_STATUSES, Finding, FindingNote
from inspectie.findings.queries import (
    FindingFilters,
    evidence_of,
    finding_for,
    findings_query,
    notes_of,
)
from inspectie.vocab import PROVINCES

bp = Blueprint("findings_api", __name__, url_prefix="/api/v1/findings")

FILTERS = {"status", "severity", "location", "organisation", "province", "overdue"}


def _id_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    # At most 9 digits: a larger number would overflow PostgreSQL's integer (a 500, not a 400).
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ApiError(400, f"'{name}' moet een id (geheel getal) zijn.", {name: value})
    return int(value)


def _bool_arg(name: str) -> bool | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value not in ("true", "false"):
        raise ApiError(400, f"'{name}' is true of false.", {name: value})
    return value == "true"


def summary(finding: Finding, day: date) -> dict[str, Any]:
    location = finding.location
    return {
        "id": finding.id,
        "item": {"code": finding.item.code, "title": finding.item.title},
        "judgment": finding.judgment,
        "severity": finding.severity,
        "status": finding.status,
        "deadline": finding.deadline.isoformat(),
        "overdue": finding.is_overdue(day),
        "location": {"id": location.id, "name": location.name, "province": location.province},
        "organisation": {"id": location.operator.id, "name": location.operator.name},
        "inspection": {"id": finding.inspection_id},
        "revision": finding.revision,
        "created_at": finding.created_at.isoformat(),
        "status_changed_at": finding.status_changed_at.isoformat(),
        "url": url_for("findings_api.show", finding_id=finding.id),
    }


def serialise_note(note: FindingNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "kind": note.kind,
        "author": {"id": note.author.id, "name": note.author.name} if note.author else None,
        "text": note.text,
        "from_status": note.from_status,
        "to_status": note.to_status,
        "old_deadline": note.old_deadline.isoformat() if note.old_deadline else None,
        "new_deadline": note.new_deadline.isoformat() if note.new_deadline else None,
        "created_at": note.created_at.isoformat(),
    }


@bp.get("")
@api_roles(*EVERYONE)
def index() -> ResponseReturnValue:
    """The findings the caller may see, with the filters of the list screen, paged."""
    reject_unknown_args(FILTERS | {"page", "per_page"})
    filters = FindingFilters(
        status=choice_arg("status", FINDING_STATUSES),
        severity=choice_arg("severity", SEVERITIES),
        location_id=_id_arg("location"),
        organisation_id=_id_arg("organisation"),
        province=choice_arg("province", PROVINCES),
        overdue=_bool_arg("overdue"),
    )
    day = today()
    return paged(findings_query(current_user, filters, day), lambda f: summary(f, day))


@bp.get("/<int:finding_id>")
@api_roles(*EVERYONE)
def show(finding_id: int) -> ResponseReturnValue:
    """One finding, if the caller may see it (404 otherwise, so ids reveal nothing)."""
    reject_unknown_args(set())
    finding = finding_for(current_user, finding_id)
    if finding is None:
        raise ApiError(404, "Bevinding niet gevonden.", {"id": finding_id})
    item = finding.item
    return {
        **summary(finding, today()),
        "item": {
            "code": item.code,
            "title": item.title,
            "norm": item.norm,
            "severity": item.severity,
            "legal_basis": [
                {"citation": b.citation, "verified": b.is_verified and b.source.is_verified}
                for b in item.legal_bases
            ],
        },
        "observation": finding.observation,
        "repair_order": finding.repair_order,
        "inspection": {
            "id": finding.inspection_id,
            "url": url_for("inspections_api.show", inspection_id=finding.inspection_id),
        },
        "followed_up_in": finding.followed_up_in_id,
        "evidence": [
            {
                "id": e.id,
                "name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "url": url_for("evidence.download", evidence_id=e.id),
            }
            for e in evidence_of(current_user, finding)
        ],
        "notes": [serialise_note(n) for n in notes_of(finding)],
        "may": {
            "transitions": policy.next_statuses(current_user, finding),
            "respond": policy.may_respond(current_user, finding),
            "extend": policy.may_extend(current_user, finding),
        },
    }
