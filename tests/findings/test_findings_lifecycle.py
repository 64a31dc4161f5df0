"""The lifecycle at the service level: every move for every role in every state, explanations,
stale revisions, responses, deadline extensions and the append-only history."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from inspectie.audit.models import AuditEvent
from inspectie.audit.services import history
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings import policy
from inspectie.findings.models import FINDING_STATUSES, Finding, FindingNote
from inspectie.findings.services import (
    FindingError,
    change_status,
    extend_deadline,
    respond,
)
from tests.findings.conftest import ROLES, Scene, audit_count, notes_count, put

OK = "ok"
OPERATOR_MOVES = {("open", "plan_ingediend"), ("plan_ingediend", "in_uitvoering"),
                  ("in_uitvoering", "gemeld_opgelost")}  # fmt: skip
INSPECTORATE_MOVES = {("gemeld_opgelost", "geverifieerd"), ("gemeld_opgelost", "open")}


def expected(role: str, frm: str, to: str) -> object:
    """What ``role`` gets for moving a finding from ``frm`` to ``to``."""
    if role == "other":
        return 404  # another organisation's finding does not exist for them
    if (frm, to) not in OPERATOR_MOVES | INSPECTORATE_MOVES:
        return 409
    if (frm, to) in OPERATOR_MOVES:
        return OK if role == "ketenpartner" else 403
    return OK if role in ("coordinator", "inspecteur") else 403


def test_the_transition_table_is_the_lifecycle() -> None:
    assert set(policy.TRANSITIONS) == OPERATOR_MOVES | INSPECTORATE_MOVES


@pytest.mark.parametrize("role", ROLES)
def test_every_move_for_every_role_in_every_state(scene: Scene, role: str) -> None:
    actor, finding = scene.users[role], scene.finding
    outcomes = {}
    for frm in FINDING_STATUSES:
        for to in FINDING_STATUSES:
            put(finding, frm)
            before = (finding.revision, notes_count(finding), audit_count())
            try:
                note = change_status(actor, finding, to, f"Van {frm} naar {to}.", finding.revision)
            except FindingError as error:
                db.session.rollback()
                outcomes[(frm, to)] = error.status
                assert (finding.status, finding.revision) == (frm, before[0])
                assert (notes_count(finding), audit_count()) == before[1:]
                continue
            db.session.commit()
            outcomes[(frm, to)] = OK
            assert finding.status == to
            assert finding.revision == before[0] + 1
            assert (note.from_status, note.to_status, note.author_id) == (frm, to, actor.id)
            assert note.kind == policy.TRANSITIONS[(frm, to)][1]
            assert note.text == f"Van {frm} naar {to}."
            assert notes_count(finding) == before[1] + 1
            event = history(finding)[-1]
            assert (event.action, event.changes, event.actor_id) == (
                "finding.status",
                {"status": [frm, to]},
                actor.id,
            )
    want = {
        (frm, to): expected(role, frm, to) for frm in FINDING_STATUSES for to in FINDING_STATUSES
    }
    assert outcomes == want


def test_the_operator_walks_the_whole_lifecycle_and_the_inspectorate_verifies(
    scene: Scene,
) -> None:
    finding, operator = scene.finding, scene.users["ketenpartner"]
    for to in ("plan_ingediend", "in_uitvoering", "gemeld_opgelost"):
        change_status(operator, finding, to, "Gedaan.", finding.revision)
    change_status(scene.users["inspecteur"], finding, "open", "Nog steeds schimmel.")
    for to in ("plan_ingediend", "in_uitvoering", "gemeld_opgelost"):
        change_status(operator, finding, to, "Nu echt.")
    change_status(scene.users["coordinator"], finding, "geverifieerd", "Gezien: opgelost.")
    db.session.commit()
    kinds = list(db.session.scalars(select(FindingNote.kind).order_by(FindingNote.id)))
    assert kinds == ["plan_ingediend", "in_uitvoering", "gemeld_opgelost", "niet_effectief",
                     "plan_ingediend", "in_uitvoering", "gemeld_opgelost", "effectief"]  # fmt: skip
    assert finding.status == "geverifieerd"
    assert finding.revision == 9
    assert policy.next_statuses(operator, finding) == []


@pytest.mark.parametrize("explanation", ["", "   ", "\n\t"])
def test_a_move_needs_an_explanation(scene: Scene, explanation: str) -> None:
    with pytest.raises(FindingError) as caught:
        change_status(scene.users["ketenpartner"], scene.finding, "plan_ingediend", explanation)
    assert caught.value.status == 422
    assert caught.value.detail == {"field": "text"}
    db.session.rollback()
    assert scene.finding.status == "open"


def test_a_move_based_on_a_stale_revision_is_refused(scene: Scene) -> None:
    finding, operator = scene.finding, scene.users["ketenpartner"]
    seen = finding.revision
    change_status(operator, finding, "plan_ingediend", "Plan verstuurd.", seen)
    db.session.commit()
    with pytest.raises(FindingError) as caught:
        change_status(operator, finding, "in_uitvoering", "Gestart.", seen)
    assert caught.value.status == 409
    assert caught.value.detail == {"revision": seen + 1, "status": "plan_ingediend"}
    assert "intussen door iemand anders gewijzigd" in str(caught.value)
    db.session.rollback()
    assert finding.status == "plan_ingediend"


def test_an_unknown_status_is_refused_as_no_move(scene: Scene) -> None:
    with pytest.raises(FindingError) as caught:
        change_status(scene.users["ketenpartner"], scene.finding, "weg", "Weg ermee.")
    assert caught.value.status == 409


# --- responses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "outcome"),
    [("coordinator", OK), ("inspecteur", OK), ("ketenpartner", OK), ("beheerder", 403),
     ("other", 403)],
)  # fmt: skip
def test_who_may_respond(scene: Scene, role: str, outcome: object) -> None:
    finding = scene.finding
    before = (finding.revision, notes_count(finding), audit_count())
    try:
        note = respond(scene.users[role], finding, "  Wij zijn ermee bezig.  ")
    except FindingError as error:
        assert error.status == outcome
        db.session.rollback()
        assert (finding.revision, notes_count(finding), audit_count()) == before
        return
    db.session.commit()
    assert outcome == OK
    assert (note.kind, note.text, note.from_status, note.to_status) == (
        "reactie",
        "Wij zijn ermee bezig.",
        None,
        None,
    )
    assert (finding.status, finding.revision) == ("open", before[0])  # a note moves nothing
    assert history(finding)[-1].action == "finding.note"


def test_a_response_needs_text(scene: Scene) -> None:
    with pytest.raises(FindingError) as caught:
        respond(scene.users["ketenpartner"], scene.finding, " ")
    assert (caught.value.status, caught.value.detail) == (422, {"field": "text"})


# --- deadline extension -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_a_coordinator_extends_a_deadline(scene: Scene, role: str) -> None:
    finding = scene.finding
    old = finding.deadline
    later = old + timedelta(days=30)
    try:
        note = extend_deadline(scene.users[role], finding, later, "Verbouwing loopt uit.")
    except FindingError as error:
        assert role != "coordinator"
        assert error.status == 403
        db.session.rollback()
        assert finding.deadline == old
        return
    db.session.commit()
    assert role == "coordinator"
    assert (note.kind, note.old_deadline, note.new_deadline) == ("termijn_verlengd", old, later)
    assert finding.deadline == later
    assert finding.status == "open"
    event = history(finding)[-1]
    assert (event.action, event.changes, event.reason) == (
        "finding.deadline",
        {"deadline": [old.isoformat(), later.isoformat()]},
        "Verbouwing loopt uit.",
    )


@pytest.mark.parametrize("days", [0, -1, -100])
def test_an_extension_is_a_later_date(scene: Scene, days: int) -> None:
    finding = scene.finding
    old = finding.deadline
    with pytest.raises(FindingError) as caught:
        extend_deadline(scene.users["coordinator"], finding, old + timedelta(days=days), "Reden.")
    assert (caught.value.status, caught.value.detail) == (422, {"field": "deadline"})
    db.session.rollback()
    assert finding.deadline == old


def test_an_extension_needs_a_reason(scene: Scene) -> None:
    finding = scene.finding
    with pytest.raises(FindingError) as caught:
        extend_deadline(scene.users["coordinator"], finding, finding.deadline + timedelta(1), " ")
    assert (caught.value.status, caught.value.detail) == (422, {"field": "text"})


@pytest.mark.parametrize(
    ("status", "outcome"),
    [("open", OK), ("plan_ingediend", OK), ("in_uitvoering", OK), ("gemeld_opgelost", 409),
     ("geverifieerd", 409)],
)  # fmt: skip
def test_no_extension_once_reported_solved(scene: Scene, status: str, outcome: object) -> None:
    finding = scene.finding
    put(finding, status)
    try:
        extend_deadline(
            scene.users["coordinator"], finding, finding.deadline + timedelta(7), "Meer tijd."
        )
    except FindingError as error:
        assert error.status == outcome
        return
    assert outcome == OK


def test_an_extension_based_on_a_stale_revision_is_refused(scene: Scene) -> None:
    finding = scene.finding
    seen = finding.revision
    respond(scene.users["ketenpartner"], finding, "Een reactie verandert de revisie niet.")
    change_status(scene.users["ketenpartner"], finding, "plan_ingediend", "Plan.")
    db.session.commit()
    with pytest.raises(FindingError) as caught:
        extend_deadline(
            scene.users["coordinator"], finding, finding.deadline + timedelta(7), "Meer tijd.", seen
        )
    assert caught.value.status == 409


# --- overdue ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(FINDING_STATUSES))
def test_overdue_is_computed_from_status_and_deadline(scene: Scene, status: str) -> None:
    finding = scene.finding
    put(finding, status, today() - timedelta(days=1))
    assert finding.is_overdue(today()) == (status in ("open", "plan_ingediend", "in_uitvoering"))
    put(finding, status, today())
    assert not finding.is_overdue(today())  # the deadline day itself is still in time


# --- the history is append-only ---------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    ["UPDATE finding_notes SET text = 'Anders verteld.'", "DELETE FROM finding_notes"],
)
def test_notes_are_append_only_in_the_database(scene: Scene, statement: str) -> None:
    respond(scene.users["ketenpartner"], scene.finding, "Wat eenmaal gezegd is.")
    db.session.commit()
    with pytest.raises(DBAPIError):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalars(select(FindingNote.text)).all() == ["Wat eenmaal gezegd is."]


def test_every_change_leaves_an_audit_event(scene: Scene) -> None:
    finding = scene.finding
    respond(scene.users["inspecteur"], finding, "Graag een plan.")
    change_status(scene.users["ketenpartner"], finding, "plan_ingediend", "Plan.")
    extend_deadline(scene.users["coordinator"], finding, finding.deadline + timedelta(9), "Ziek.")
    db.session.commit()
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "findings", AuditEvent.object_id == finding.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["finding.create", "finding.note", "finding.status", "finding.deadline"]
    assert db.session.get(Finding, finding.id) is finding
