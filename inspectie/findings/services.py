"""Findings: created when an inspection is finalised, then moved through their lifecycle by
the operator (plan, repair, report) and the inspectorate (verify, extend, reopen)."""

from datetime import date, timedelta
from typing import Any

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists.spec import DEVIATIONS
from inspectie.db import utcnow
from inspectie.extensions import db
from inspectie.findings import policy
from inspectie.findings.models import FINDING_STATUSES, Finding, FindingNote
from inspectie.inspections.models import Answer, Inspection

# How long the operator gets to repair, by severity, unless the reviewer sets another deadline.
DEADLINE_DAYS = {"kritiek": 14, "hoog": 42, "gemiddeld": 91, "laag": 182}


def default_deadline(severity: str, from_day: date) -> date:
    return from_day + timedelta(days=DEADLINE_DAYS[severity])


def default_repair_order(answer: Answer) -> str:
    return f"Zorg dat de locatie weer voldoet aan de norm: {answer.item.norm}"


def create_findings(
    actor: User, inspection: Inspection, answers: list[Answer], day: date
) -> list[Finding]:
    """One finding per deviation, with the reviewer's severity, order and deadline or defaults.

    :param day: the day of finalisation, from which default deadlines count.
    """
    findings = []
    for answer in answers:
        if answer.judgment not in DEVIATIONS:
            continue
        severity = answer.severity or answer.item.severity
        finding = Finding(
            inspection_id=inspection.id,
            answer_id=answer.id,
            location_id=inspection.location_id,
            item_id=answer.item_id,
            judgment=answer.judgment,
            severity=severity,
            observation=answer.observation,
            repair_order=answer.repair_order or default_repair_order(answer),
            deadline=answer.deadline or default_deadline(severity, day),
            status="open",
        )
        db.session.add(finding)
        findings.append(finding)
    db.session.flush()
    for finding in findings:
        record(
            actor,
            "finding.create",
            finding,
            {
                "item": [None, finding.item.code],
                "severity": [None, finding.severity],
                "deadline": [None, finding.deadline.isoformat()],
            },
        )
    return findings


# --- the lifecycle ----------------------------------------------------------------------------


class FindingError(ValueError):
    """A change to a finding that is not allowed now; ``status`` is the HTTP answer."""

    def __init__(self, message: str, status: int = 409, detail: Any = None) -> None:
        super().__init__(message)
        self.status, self.detail = status, detail


def _check_revision(finding: Finding, revision: int | None) -> None:
    """Refuse a change based on an older state of the finding (another user moved it)."""
    if revision is not None and revision != finding.revision:
        raise FindingError(
            "De bevinding is intussen door iemand anders gewijzigd. Bekijk de nieuwe stand en "
            "probeer het opnieuw.",
            409,
            {"revision": finding.revision, "status": finding.status},
        )


def _lock(finding: Finding) -> None:
    """Re-read the finding under a row lock (PostgreSQL) so that two transitions serialise."""
    # OF findings: the eagerly joined location and item sit on the nullable side of an outer
    # join, which PostgreSQL refuses to lock ("FOR UPDATE cannot be applied to ...").
    db.session.refresh(finding, with_for_update={"of": Finding})


def _note(
    actor: User | None,
    finding: Finding,
    kind: str,
    text: str,
    **fields: Any,
) -> FindingNote:
    note = FindingNote(
        finding_id=finding.id,
        author_id=getattr(actor, "id", None),
        kind=kind,
        text=text.strip(),
        **fields,
    )
    db.session.add(note)
    db.session.flush()
    return note


def _require_text(text: str, what: str) -> None:
    if not text.strip():
        raise FindingError(f"Geef een toelichting: {what}.", 422, {"field": "text"})


def change_status(
    actor: User, finding: Finding, to: str, text: str, revision: int | None = None
) -> FindingNote:
    """Move ``finding`` to ``to`` as ``actor``, with an explanation; writes a note and the
    audit trail. Refuses (FindingError) a move that is not in the lifecycle, not ``actor``'s
    to make, without text, or based on a stale ``revision``."""
    _lock(finding)
    if not policy.may_view(actor, finding):
        raise FindingError("Bevinding niet gevonden.", 404, {"id": finding.id})
    _check_revision(finding, revision)
    if (finding.status, to) not in policy.TRANSITIONS:
        raise FindingError(
            f"Een bevinding met status '{finding.status_label}' kan niet naar "
            f"'{FINDING_STATUSES.get(to, to)}'.",
            409,
            {"status": finding.status, "to": to},
        )
    if not policy.may_transition(actor, finding, to):
        raise FindingError("Deze stap is niet aan u.", 403, {"status": finding.status, "to": to})
    _require_text(text, "wat is er gedaan of waarom")
    _, kind = policy.TRANSITIONS[(finding.status, to)]
    return _move(actor, finding, to, kind, text)


def _move(
    actor: User | None,
    finding: Finding,
    to: str,
    kind: str,
    text: str,
    reason: str | None = None,
) -> FindingNote:
    old = finding.status
    finding.status = to
    finding.status_changed_at = utcnow()
    finding.revision += 1
    note = _note(actor, finding, kind, text, from_status=old, to_status=to)
    record(actor, "finding.status", finding, {"status": [old, to]}, reason=reason or text.strip())
    return note


def respond(actor: User, finding: Finding, text: str) -> FindingNote:
    """A response or progress note that leaves the status as it is."""
    if not policy.may_respond(actor, finding):
        raise FindingError("U kunt op deze bevinding niet reageren.", 403)
    _require_text(text, "uw reactie")
    note = _note(actor, finding, "reactie", text)
    record(actor, "finding.note", finding, {"note": [None, note.id]})
    return note


def extend_deadline(
    actor: User, finding: Finding, new_deadline: date, reason: str, revision: int | None = None
) -> FindingNote:
    """A coordinator gives the operator more time, with a reason; never an earlier date."""
    _lock(finding)
    _check_revision(finding, revision)
    if not policy.may_extend(actor, finding):
        if actor.role != "coordinator":
            raise FindingError("Alleen een coördinator verlengt een termijn.", 403)
        raise FindingError(
            f"De termijn van een bevinding met status '{finding.status_label}' loopt niet meer.",
            409,
        )
    _require_text(reason, "waarom de termijn wordt verlengd")
    if new_deadline <= finding.deadline:
        raise FindingError(
            f"De nieuwe termijn moet na de huidige ({finding.deadline:%d-%m-%Y}) liggen.",
            422,
            {"field": "deadline"},
        )
    old = finding.deadline
    finding.deadline = new_deadline
    finding.revision += 1
    note = _note(
        actor, finding, "termijn_verlengd", reason, old_deadline=old, new_deadline=new_deadline
    )
    record(
        actor,
        "finding.deadline",
        finding,
        {"deadline": [old.isoformat(), new_deadline.isoformat()]},
        reason=reason.strip(),
    )
    return note


def settle_by_follow_up(
    actor: User, finding: Finding, inspection_id: int, effective: bool, text: str
) -> FindingNote:
    """A final follow-up inspection judged the item again: the repair is verified (from any
    unverified status), or found not effective and the finding reopens."""
    to, kind = ("geverifieerd", "effectief") if effective else ("open", "niet_effectief")
    finding.followed_up_in_id = inspection_id
    if finding.status == to:  # still open and still deviating: say so, change nothing else
        finding.revision += 1
        note = _note(actor, finding, kind, text, from_status=to, to_status=to)
        record(actor, "finding.follow_up", finding, {"followed_up_in": [None, inspection_id]})
        return note
    return _move(actor, finding, to, kind, text, reason=f"Vervolgonderzoek {inspection_id}")
