"""Findings: created when an inspection is finalised (their lifecycle is the next feature)."""

from datetime import date, timedelta

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists.spec import DEVIATIONS
from inspectie.extensions import db
from inspectie.findings.models import Finding
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
