"""Saving answers (autosave and the per-theme form), progress, and completeness.

Every save names the revision it was based on. The database row is updated only if that is still
the stored revision (compare-and-set in one UPDATE), so two inspectors saving the same item at
once never overwrite each other silently: the second gets :class:`AnswerConflict` with what is
stored now.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem
from inspectie.db import utcnow
from inspectie.extensions import db
from inspectie.inspections import policy
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.rules import Demands, Problem, answer_problems, input_problem
from inspectie.inspections.services import FINAL_MESSAGE, InspectionError, raise_final


class AnswerConflict(InspectionError):
    """The answer changed since the revision the caller saw; ``current`` is what is stored."""

    def __init__(self, current: Answer) -> None:
        super().__init__(
            "Dit toetspunt is intussen door iemand anders opgeslagen. Kies welke versie blijft.",
            409,
        )
        self.current = current


def find_answer(inspection: Inspection, item_code: str) -> Answer | None:
    """The answer of ``item_code`` in this inspection, if the item is part of it."""
    return db.session.scalar(
        select(Answer)
        .join(ChecklistItem, ChecklistItem.id == Answer.item_id)
        .where(Answer.inspection_id == inspection.id, ChecklistItem.code == item_code)
    )


def save_answer(
    actor: User,
    inspection: Inspection,
    answer: Answer,
    judgment: str | None,
    observation: str,
    reason: str,
    base_revision: int,
) -> Answer:
    """Store an answer as typed, complete or not, if ``base_revision`` is still current.

    :param base_revision: the revision the inspector's screen showed (0 for a new answer).
    :raises InspectionError: 403 when the actor may not answer now, 422 for unstorable input.
    :raises AnswerConflict: when someone saved this item after ``base_revision``.
    """
    if inspection.is_final:
        raise_final()
    if not policy.may_answer(actor, inspection):
        raise InspectionError(
            "Alleen teamleden beoordelen, en alleen terwijl de inspectie in uitvoering is.", 403
        )
    problem = input_problem(judgment, observation, reason)
    if problem:
        raise InspectionError(problem, 422)
    old = {"judgment": answer.judgment, "observation": answer.observation, "reason": answer.reason}
    new = {"judgment": judgment, "observation": observation, "reason": reason}
    if old == new and answer.revision == base_revision:
        return answer  # nothing to store: no new revision, no audit noise
    # Wait for a transition on this inspection that is under way (PostgreSQL row lock; SQLite
    # serialises writers anyway), and store only if it is still being carried out.
    db.session.execute(
        select(Inspection.id).where(Inspection.id == inspection.id).with_for_update(read=True)
    )
    still_open = (
        select(Inspection.id)
        .where(Inspection.id == inspection.id, Inspection.status == "in_uitvoering")
        .exists()
    )
    try:
        result = db.session.execute(
            update(Answer)
            .where(Answer.id == answer.id, Answer.revision == base_revision, still_open)
            .values(
                **new, revision=Answer.revision + 1, updated_at=utcnow(), updated_by_id=actor.id
            )
            .execution_options(synchronize_session=False)
        )
    except DBAPIError as error:  # the final-inspection trigger: finalised a moment ago
        db.session.rollback()
        raise InspectionError(FINAL_MESSAGE, 409) from error
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.refresh(inspection)
        if inspection.status != "in_uitvoering":
            raise InspectionError(
                f"De inspectie is intussen {inspection.status_label.lower()}; dit antwoord is "
                f"niet opgeslagen.",
                409,
            )
        db.session.refresh(answer)
        raise AnswerConflict(answer)
    db.session.refresh(answer)
    record(
        actor,
        "answer.save",
        answer,
        {key: [old[key], new[key]] for key in new if old[key] != new[key]}
        | {"revision": [base_revision, answer.revision]},
    )
    return answer


# --- completeness and progress ----------------------------------------------------------------


def demands_of(item: ChecklistItem) -> Demands:
    return Demands(tuple(item.observation_required_for), tuple(item.evidence_required_for))


def evidence_counts(inspection: Inspection) -> dict[int, int]:
    """Answer id -> number of evidence files."""
    rows = db.session.execute(
        select(Evidence.answer_id, func.count(Evidence.id))
        .where(Evidence.inspection_id == inspection.id)
        .group_by(Evidence.answer_id)
    )
    return {answer_id: count for answer_id, count in rows}


def evidence_files(inspection: Inspection) -> dict[int, list[Evidence]]:
    """Answer id -> its evidence files, oldest first."""
    files: dict[int, list[Evidence]] = {}
    query = select(Evidence).where(Evidence.inspection_id == inspection.id).order_by(Evidence.id)
    for row in db.session.scalars(query):
        files.setdefault(row.answer_id, []).append(row)
    return files


def problems_of(answer: Answer, evidence: int) -> list[Problem]:
    return answer_problems(
        demands_of(answer.item), answer.judgment, answer.observation, answer.reason, evidence
    )


def incomplete_answers(inspection: Inspection) -> dict[str, list[str]]:
    """Item code -> what is missing, for every answer that would block submission."""
    from inspectie.inspections.services import answers_of

    counts = evidence_counts(inspection)
    found = {}
    for answer in answers_of(inspection):
        problems = problems_of(answer, counts.get(answer.id, 0))
        if problems:
            found[answer.item.code] = [problem.text for problem in problems]
    return found


@dataclass
class ThemeProgress:
    code: str
    title: str
    total: int = 0
    done: int = 0
    deviations: int = 0
    answers: list[Answer] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def progress(
    inspection: Inspection, answers: list[Answer], evidence: dict[int, int]
) -> list[ThemeProgress]:
    """Per theme, in checklist order: how many items are complete (judged with what they need)."""
    themes: dict[int, ThemeProgress] = {}
    for answer in answers:
        theme = answer.item.theme
        entry = themes.setdefault(theme.id, ThemeProgress(theme.code, theme.title))
        entry.total += 1
        entry.answers.append(answer)
        if not problems_of(answer, evidence.get(answer.id, 0)):
            entry.done += 1
        if answer.judgment in ("voldoet_niet", "voldoet_deels"):
            entry.deviations += 1
    return list(themes.values())
