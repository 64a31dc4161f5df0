"""Files backing a plan's actions: checked and cleaned exactly like inspection evidence (the
helpers of :mod:`inspectie.inspections.evidence`), stored under random names outside the web
root in ``UPLOAD_DIR/plans/<plan id>/``."""

from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.inspections.evidence import (
    STORED_NAME,
    checked_file,
    write_atomically,
)
from inspectie.inspections.services import InspectionError
from inspectie.plans.models import ActionEvidence, ImprovementPlan, PlanAction
from inspectie.plans.services import PlanError, action_of, check_maintainer

MAX_FILES_PER_ACTION = 20


def action_evidence_path(evidence: ActionEvidence, plan: ImprovementPlan) -> Path:
    """Where the file of ``evidence`` (of an action of ``plan``) is stored."""
    # The stored name is ours, but a path is built from it: refuse anything else outright.
    if not STORED_NAME.fullmatch(evidence.stored_name):
        raise ValueError(f"unexpected stored name {evidence.stored_name!r}")
    return Path(current_app.config["UPLOAD_DIR"]) / "plans" / str(plan.id) / evidence.stored_name


def store_action_evidence(
    actor: User, action: PlanAction, filename: str, content: bytes
) -> ActionEvidence:
    """Check, clean and store one file for ``action``; flushed, not committed.

    :param filename: the name the user's device gave the file.
    :raises PlanError: 403/404 for someone outside the plan's organisation, 422 with the reason
        for a file that is refused (not JPEG, PNG or PDF by content, damaged, too big, too many).
    """
    plan = action.goal.plan
    check_maintainer(actor, plan)
    count = db.session.scalar(
        select(func.count(ActionEvidence.id)).where(ActionEvidence.action_id == action.id)
    )
    if (count or 0) >= MAX_FILES_PER_ACTION:
        raise PlanError(
            f"Bij deze maatregel staan al {MAX_FILES_PER_ACTION} bestanden, het maximum.",
            422,
            "file",
        )
    try:
        checked = checked_file(filename, content)
    except InspectionError as error:
        raise PlanError(str(error), error.status, "file") from error
    evidence = ActionEvidence(action_id=action.id, **checked.columns(actor))
    db.session.add(evidence)
    db.session.flush()
    write_atomically(action_evidence_path(evidence, plan), checked.stored)
    record(
        actor,
        "action_evidence.add",
        evidence,
        {
            "action_id": [None, action.id],
            **evidence.as_added(),
        },
    )
    return evidence


def evidence_of(action: PlanAction) -> list[ActionEvidence]:
    query = select(ActionEvidence).where(ActionEvidence.action_id == action.id)
    return list(db.session.scalars(query.order_by(ActionEvidence.id)))


def evidence_by_action(plan: ImprovementPlan) -> dict[int, list[ActionEvidence]]:
    """The files of every action of ``plan``, by action id (one query)."""
    ids = [action.id for goal in plan.goals for action in goal.actions]
    files: dict[int, list[ActionEvidence]] = {i: [] for i in ids}
    if ids:
        query = select(ActionEvidence).where(ActionEvidence.action_id.in_(ids))
        for evidence in db.session.scalars(query.order_by(ActionEvidence.id)):
            files[evidence.action_id].append(evidence)
    return files


def action_evidence_for(plan: ImprovementPlan, evidence_id: int) -> ActionEvidence | None:
    """The file with this id if it backs an action of ``plan`` (which the caller may see)."""
    evidence = db.session.get(ActionEvidence, evidence_id)
    if evidence is None or action_of(plan, evidence.action_id) is None:
        return None
    return evidence
