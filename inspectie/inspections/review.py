"""Four-eyes review: the reviewer adjusts the future findings, then sends back or finalises.

Finalising freezes the inspection (services, API and database triggers refuse every change),
creates a finding per deviation, stores a hash of the final content and announces itself
(:data:`signals.finalised`: the reports feature keeps the report's data then). A follow-up
(``vervolgonderzoek``) settles the findings it follows instead: their items raise no new finding
(see :mod:`inspectie.findings.followup`).
"""

import hashlib
import json
from datetime import date
from typing import Any

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists.spec import DEVIATIONS, SEVERITIES
from inspectie.db import today, utcnow
from inspectie.extensions import db
from inspectie.findings.followup import followed_answer_ids, outcomes, settle_follow_ups
from inspectie.findings.models import Finding
from inspectie.findings.services import create_findings
from inspectie.inspections import policy, signals
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.services import InspectionError, answers_of, lock


def set_finding_draft(
    actor: User,
    inspection: Inspection,
    answer: Answer,
    severity: str,
    repair_order: str,
    deadline: date | None,
) -> None:
    """Adjust severity, repair order and deadline of the finding a deviation will become."""
    lock(inspection)
    if not policy.may_review(actor, inspection):
        raise InspectionError("Alleen een coördinator buiten het team beoordeelt.", 403)
    if answer.judgment not in DEVIATIONS:
        raise InspectionError("Alleen een afwijking wordt een bevinding.", 422)
    if answer.id in followed_answer_ids(inspection):
        raise InspectionError(
            f"Toetspunt {answer.item.code} volgt een bestaande bevinding; die wordt heropend, er "
            f"komt geen nieuwe bevinding.",
            422,
        )
    if severity not in SEVERITIES:
        raise InspectionError(f"Onbekende zwaarte {severity!r}.", 422)
    if deadline is not None and deadline <= today():
        raise InspectionError("De hersteltermijn moet in de toekomst liggen.", 422)
    old = {
        "severity": answer.severity,
        "repair_order": answer.repair_order,
        "deadline": answer.deadline.isoformat() if answer.deadline else None,
    }
    answer.severity, answer.repair_order = severity, repair_order.strip() or None
    answer.deadline = deadline
    db.session.flush()
    new = {
        "severity": severity,
        "repair_order": answer.repair_order,
        "deadline": deadline.isoformat() if deadline else None,
    }
    changes = {k: [old[k], new[k]] for k in new if old[k] != new[k]}
    if changes:
        record(actor, "answer.review", answer, changes)


def content_of(
    inspection: Inspection, answers: list[Answer], findings: list[Finding]
) -> dict[str, Any]:
    """The final content, as canonical plain data (the hash is taken over this).

    A follow-up adds ``follow_ups``: what finalising did with each finding it follows.
    """
    evidence: dict[int, list[str]] = {}
    for row in db.session.query(Evidence).filter(Evidence.inspection_id == inspection.id):
        evidence.setdefault(row.answer_id, []).append(row.sha256)
    content = {
        "inspection": inspection.id,
        "location": inspection.location_id,
        "checklist": inspection.checklist_version.key,
        "checklist_hash": inspection.checklist_version.content_hash,
        "type": inspection.type,
        "planned_on": inspection.planned_on.isoformat(),
        "themes": sorted(inspection.theme_codes),
        "team": sorted(inspection.team_ids),
        "lead": inspection.lead_id,
        "reviewer": inspection.reviewer_id,
        "answers": [
            [a.item.code, a.judgment, a.observation, a.reason, sorted(evidence.get(a.id, []))]
            for a in answers
        ],
        "findings": [
            [f.item.code, f.severity, f.repair_order, f.deadline.isoformat()] for f in findings
        ],
    }
    settled = outcomes(inspection, answers)
    if settled:
        content["follow_ups"] = settled
    return content


def finalise(actor: User, inspection: Inspection) -> list[Finding]:
    """ter_review -> vastgesteld: create the findings, hash the content, freeze everything.

    A deviation on an item that follows a finding reopens that finding instead of raising a new
    one; ``voldoet`` there verifies it.

    :returns: the new findings.
    """
    lock(inspection)
    if not policy.may_review(actor, inspection):
        raise InspectionError("Alleen een coördinator buiten het team stelt vast.", 403)
    answers = answers_of(inspection)
    following = followed_answer_ids(inspection)
    findings = create_findings(
        actor, inspection, [a for a in answers if a.id not in following], today()
    )
    settled = settle_follow_ups(actor, inspection, answers)
    inspection.reviewer_id = actor.id
    canonical = json.dumps(
        content_of(inspection, answers, findings), sort_keys=True, ensure_ascii=False
    )
    inspection.content_hash = hashlib.sha256(canonical.encode()).hexdigest()
    inspection.finalised_at = utcnow()
    old = inspection.status
    inspection.status = "vastgesteld"
    inspection.revision += 1
    db.session.flush()
    changes: dict[str, Any] = {
        "status": [old, "vastgesteld"],
        "content_hash": [None, inspection.content_hash],
        "findings": [None, len(findings)],
    }
    if settled:
        changes["follow_ups"] = [None, {str(f.id): outcome for f, outcome in settled}]
    record(actor, "inspection.status", inspection, changes)
    signals.finalised.send(inspection, answers=answers)
    return findings
