"""What a follow-up inspection does with the findings it follows.

While it is carried out, each item shows the finding it judges again: the earlier judgment and
observation, the repair order, deadline and status. Finalising it settles each finding by the new
judgment of its item (see :func:`outcome_of`); the item of a followed finding never raises a new
finding, the existing one carries on.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import select

from inspectie.auth.models import User
from inspectie.checklists.spec import DEVIATIONS, JUDGMENTS
from inspectie.extensions import db
from inspectie.findings.models import Finding, FollowUp
from inspectie.findings.services import settle_by_follow_up
from inspectie.inspections.models import Answer, Inspection

# What finalising does to a followed finding, before and after the fact.
OUTCOMES: Final = {
    "geverifieerd": "wordt geverifieerd",
    "heropend": "wordt heropend",
    "ongewijzigd": "blijft ongewijzigd",
}
DONE: Final = {
    "geverifieerd": "geverifieerd",
    "heropend": "heropend (niet effectief)",
    "ongewijzigd": "ongewijzigd",
}


def outcome_of(judgment: str | None) -> str:
    """``voldoet`` verifies the finding, a deviation reopens it; any other judgment (not
    applicable, not judged) leaves it as it is."""
    if judgment == "voldoet":
        return "geverifieerd"
    if judgment in DEVIATIONS:
        return "heropend"
    return "ongewijzigd"


@dataclass(frozen=True)
class Followed:
    """A followed finding as shown beside the item that judges it again."""

    finding_id: int
    item_code: str  # the finding's own item (its code may differ in the follow-up's version)
    inspection_id: int  # where the finding was raised
    inspected_on: date
    judgment: str
    observation: str
    severity: str
    repair_order: str
    deadline: date
    status: str
    status_label: str
    is_overdue: bool
    outcome: str  # what finalising does (did) with it, by the current judgment
    outcome_label: str

    def as_json(self) -> dict[str, Any]:
        return {
            "finding_id": self.finding_id,
            "previous": {
                "inspection_id": self.inspection_id,
                "planned_on": self.inspected_on.isoformat(),
                "item_code": self.item_code,
                "judgment": self.judgment,
                "observation": self.observation,
            },
            "severity": self.severity,
            "repair_order": self.repair_order,
            "deadline": self.deadline.isoformat(),
            "status": self.status,
            "overdue": self.is_overdue,
            "outcome": self.outcome,
        }


def _rows(inspection: Inspection) -> list[tuple[int, Finding, Inspection]]:
    query = (
        select(FollowUp.answer_id, Finding, Inspection)
        .join(Finding, Finding.id == FollowUp.finding_id)
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .where(FollowUp.inspection_id == inspection.id)
        .order_by(FollowUp.id)
    )
    return [
        (answer_id, finding, raised) for answer_id, finding, raised in db.session.execute(query)
    ]


def followed_answer_ids(inspection: Inspection) -> set[int]:
    """The answers of ``inspection`` that judge a followed finding again."""
    query = select(FollowUp.answer_id).where(FollowUp.inspection_id == inspection.id)
    return set(db.session.scalars(query))


def followed(
    inspection: Inspection, answers: Sequence[Answer], day: date
) -> dict[int, list[Followed]]:
    """Answer id -> the findings its item judges again (empty for an inspection that is not a
    follow-up).

    :param day: the day that decides what is overdue.
    """
    judgments = {a.id: a.judgment for a in answers}
    labels = DONE if inspection.is_final else OUTCOMES
    shown: dict[int, list[Followed]] = {}
    for answer_id, finding, raised in _rows(inspection):
        outcome = outcome_of(judgments.get(answer_id))
        shown.setdefault(answer_id, []).append(
            Followed(
                finding_id=finding.id,
                item_code=finding.item.code,
                inspection_id=raised.id,
                inspected_on=raised.planned_on,
                judgment=finding.judgment,
                observation=finding.observation,
                severity=finding.severity,
                repair_order=finding.repair_order,
                deadline=finding.deadline,
                status=finding.status,
                status_label=finding.status_label,
                is_overdue=finding.is_overdue(day),
                outcome=outcome,
                outcome_label=labels[outcome],
            )
        )
    return shown


def outcomes(inspection: Inspection, answers: Sequence[Answer]) -> list[list[Any]]:
    """``[item code, finding id, outcome]`` per followed finding, as plain data for the
    content hash (derived from stored rows, so it can be recomputed)."""
    by_id = {a.id: a for a in answers}
    return [
        [by_id[answer_id].item.code, finding.id, outcome_of(by_id[answer_id].judgment)]
        for answer_id, finding, _ in _rows(inspection)
    ]


def _note(inspection: Inspection, answer: Answer, outcome: str) -> str:
    judgment = JUDGMENTS[answer.judgment or "niet_beoordeeld"].lower()
    text = (
        f"Vervolgonderzoek van {inspection.planned_on:%d-%m-%Y}: toetspunt {answer.item.code} "
        f"{judgment}; de bevinding is {DONE[outcome]}."
    )
    if answer.observation.strip():
        text += f" Waarneming: {answer.observation.strip()}"
    return text


def settle_follow_ups(
    actor: User, inspection: Inspection, answers: Sequence[Answer]
) -> list[tuple[Finding, str]]:
    """Settle every finding ``inspection`` follows by the judgment of its item: ``voldoet``
    verifies it, a deviation reopens it (not effective), anything else leaves it alone. Called
    by :func:`inspectie.inspections.review.finalise`; writes notes and the audit trail.

    :returns: each followed finding with its outcome (``geverifieerd``, ``heropend``,
        ``ongewijzigd``).
    """
    by_id = {a.id: a for a in answers}
    rows = _rows(inspection)
    if not rows:
        return []
    # Row locks first, in id order, then re-read: a change made meanwhile by someone else (the
    # operator reporting the repair) is seen, and the two serialise without deadlock.
    ids = sorted(finding.id for _, finding, _ in rows)
    db.session.execute(
        select(Finding.id).where(Finding.id.in_(ids)).order_by(Finding.id).with_for_update()
    )
    settled = []
    for answer_id, finding, _ in rows:
        answer = by_id[answer_id]
        outcome = outcome_of(answer.judgment)
        if outcome != "ongewijzigd":
            db.session.refresh(finding)
            settle_by_follow_up(
                actor,
                finding,
                inspection.id,
                effective=outcome == "geverifieerd",
                text=_note(inspection, answer, outcome),
            )
        settled.append((finding, outcome))
    return settled
