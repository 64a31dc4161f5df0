"""A final (vastgesteld) inspection: frozen in the services, the API and the database; its
content hash; and the findings that finalising creates."""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from inspectie.audit.models import AuditEvent
from inspectie.audit.services import history
from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import DEADLINE_DAYS
from inspectie.inspections.answers import find_answer, save_answer
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.review import content_of, finalise, set_finding_draft
from inspectie.inspections.services import (
    InspectionError,
    answers_of,
    send_back,
    start_inspection,
    submit_inspection,
)
from tests.conftest import Auth
from tests.inspections.conftest import complete_all


def answer_of(inspection: Inspection, code: str) -> Answer:
    answer = find_answer(inspection, code)
    assert answer is not None
    return answer


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def state_of(inspection_id: int) -> tuple[Any, ...]:
    """Everything that could change, as the database holds it."""
    db.session.rollback()
    row = db.session.get(Inspection, inspection_id)
    assert row is not None
    answers = tuple(
        (a.item_id, a.judgment, a.observation, a.reason, a.revision, a.severity, a.deadline)
        for a in answers_of(row)
    )
    evidence = tuple(
        db.session.scalars(
            select(Evidence.sha256)
            .where(Evidence.inspection_id == inspection_id)
            .order_by(Evidence.id)
        )
    )
    return (
        row.status,
        row.revision,
        row.content_hash,
        row.finalised_at,
        row.reviewer_id,
        answers,
        evidence,
        count(AuditEvent),
        count(Finding),
    )


def add_evidence(answer: Answer, by: User, content: bytes = b"photo") -> Evidence:
    """A file-free evidence row (what the rules and the hash look at)."""
    evidence = Evidence(
        answer_id=answer.id,
        inspection_id=answer.inspection_id,
        stored_name=f"test-{answer.id}-{hashlib.sha256(content).hexdigest()[:16]}.jpg",
        original_name="foto.jpg",
        content_type="image/jpeg",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=by.id,
    )
    db.session.add(evidence)
    db.session.flush()
    return evidence


class People:
    def __init__(self, make_user: Callable[..., User]) -> None:
        self.lead = make_user("inspecteur")
        self.member = make_user("inspecteur")
        self.reviewer = make_user("coordinator")  # not on the team


@pytest.fixture
def people(make_user: Callable[..., User]) -> People:
    return People(make_user)


@pytest.fixture
def final(make_inspection, people: People) -> Inspection:
    """A final inspection with one piece of evidence; every item voldoet, so no findings."""
    inspection = make_inspection("ter_review", lead=people.lead, members=(people.member,))
    add_evidence(answer_of(inspection, "HUI-01"), people.lead)
    finalise(people.reviewer, inspection)
    db.session.commit()
    return inspection


@pytest.fixture
def running(make_inspection, people: People) -> Inspection:
    """Another, non-final inspection by the same team."""
    return make_inspection("in_uitvoering", lead=people.lead, members=(people.member,))


# --- services ---------------------------------------------------------------------------------


def _save(p: People, inspection: Inspection) -> None:
    answer = answer_of(inspection, "INF-01")
    save_answer(p.member, inspection, answer, "voldoet_niet", "Later gezien.", "", answer.revision)


def _draft(p: People, inspection: Inspection) -> None:
    answer = answer_of(inspection, "INF-01")
    set_finding_draft(p.reviewer, inspection, answer, "hoog", "Herstel.", today() + timedelta(30))


CHANGES: dict[str, tuple[Callable[[People, Inspection], None], int]] = {
    # change: (the attempt by whoever could make it before, the status the service answers)
    "save-answer": (_save, 409),
    "start": (lambda p, i: start_inspection(p.lead, i), 409),
    "submit": (lambda p, i: submit_inspection(p.lead, i), 409),
    "send-back": (lambda p, i: send_back(p.reviewer, i, "Nog eens."), 409),
    "finding-draft": (_draft, 409),
    "finalise-again": (lambda p, i: finalise(p.reviewer, i), 409),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_services_refuse_every_change(final: Inspection, people: People, change: str) -> None:
    attempt, status = CHANGES[change]
    before = state_of(final.id)
    with pytest.raises(InspectionError) as caught:
        attempt(people, final)
    db.session.commit()  # even a caller that commits keeps nothing
    assert caught.value.status == status
    assert state_of(final.id) == before


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["INF-01", "HUI-01"])
def test_the_api_refuses_to_change_an_answer(
    client: FlaskClient, auth: Auth, final: Inspection, people: People, code: str
) -> None:
    auth.login(people.member)
    before = state_of(final.id)
    revision = answer_of(final, code).revision
    response = client.put(
        f"/api/v1/inspections/{final.id}/answers/{code}",
        json={
            "judgment": "voldoet_niet",
            "observation": "Toch.",
            "reason": "",
            "revision": revision,
        },
    )
    assert response.status_code == 409
    assert response.json == {
        "error": "Deze inspectie is vastgesteld en verandert niet meer.",
        "detail": None,
    }
    assert state_of(final.id) == before


def test_the_api_shows_a_final_inspection_as_final(
    client: FlaskClient, auth: Auth, final: Inspection, people: People
) -> None:
    auth.login(people.member)
    data = client.get(f"/api/v1/inspections/{final.id}").json
    assert (data["status"], data["may_answer"], data["content_hash"]) == (
        "vastgesteld",
        False,
        final.content_hash,
    )


# --- database ---------------------------------------------------------------------------------


def _first_answer_id(inspection_id: int) -> int:
    return db.session.scalar(
        select(func.min(Answer.id)).where(Answer.inspection_id == inspection_id)
    )


def _item_outside(inspection_id: int) -> int:
    """An item of the same version that the inspection does not judge (VGE at a COA azc)."""
    return db.session.scalar(
        select(ChecklistItem.id)
        .join(Inspection, Inspection.checklist_version_id == ChecklistItem.version_id)
        .where(Inspection.id == inspection_id, ChecklistItem.code == "VGE-01")
    )


def _evidence_id(inspection_id: int) -> int:
    return db.session.scalar(select(Evidence.id).where(Evidence.inspection_id == inspection_id))


def _lead_of(inspection_id: int) -> int:
    return db.session.scalar(select(Inspection.lead_id).where(Inspection.id == inspection_id))


# Raw SQL, as any code or a console could run it: name -> (statement, parameters besides ``:id``,
# the inspection's id). A parameter may be a function of that id.
RAW_SQL: dict[str, tuple[str, dict[str, Any]]] = {
    "update-answers": (
        "UPDATE answers SET observation = 'Achteraf.' WHERE inspection_id = :id",
        {},
    ),
    "update-one-answer": (
        "UPDATE answers SET judgment = 'voldoet_niet', revision = revision + 1 WHERE id = :answer",
        {"answer": _first_answer_id},
    ),
    "delete-answers": ("DELETE FROM answers WHERE inspection_id = :id", {}),
    "insert-answer": (
        "INSERT INTO answers (inspection_id, item_id, position, observation, reason, revision) "
        "VALUES (:id, :item, 999, '', '', 0)",
        {"item": _item_outside},
    ),
    "reopen": ("UPDATE inspections SET status = 'in_uitvoering' WHERE id = :id", {}),
    "rehash": ("UPDATE inspections SET content_hash = :hash WHERE id = :id", {"hash": "0" * 64}),
    "delete-inspection": ("DELETE FROM inspections WHERE id = :id", {}),
    "insert-evidence": (
        "INSERT INTO evidence (answer_id, inspection_id, stored_name, original_name, "
        "content_type, size, sha256, uploaded_by_id, uploaded_at) VALUES (:answer, :id, :name, "
        "'later.jpg', 'image/jpeg', 5, :hash, :user, CURRENT_TIMESTAMP)",
        {
            "answer": _first_answer_id,
            "name": lambda i: f"later-{i}.jpg",
            "hash": "1" * 64,
            "user": _lead_of,
        },
    ),
    "update-evidence": (
        "UPDATE evidence SET original_name = 'anders.jpg' WHERE id = :evidence",
        {"evidence": _evidence_id},
    ),
    "delete-evidence": ("DELETE FROM evidence WHERE inspection_id = :id", {}),
}


def params_for(name: str, inspection_id: int) -> dict[str, Any]:
    extra = RAW_SQL[name][1]
    values = {k: v(inspection_id) if callable(v) else v for k, v in extra.items()}
    return {"id": inspection_id} | values


@pytest.mark.parametrize("name", list(RAW_SQL))
def test_the_database_refuses_raw_sql_on_a_final_inspection(final: Inspection, name: str) -> None:
    before = state_of(final.id)
    statement, _ = RAW_SQL[name]
    params = params_for(name, final.id)
    with pytest.raises(DBAPIError) as caught:
        db.session.execute(text(statement), params)
        db.session.commit()
    assert "final" in str(caught.value)
    assert state_of(final.id) == before


def test_the_database_refuses_an_orm_change_of_a_final_answer(final: Inspection) -> None:
    final_id = final.id
    before = state_of(final_id)
    answer = answer_of(final, "INF-01")
    answer.observation = "Stilletjes aangepast."
    with pytest.raises(DBAPIError) as caught:
        db.session.commit()
    assert "final" in str(caught.value)
    assert state_of(final_id) == before


@pytest.mark.parametrize(
    "name", [name for name in RAW_SQL if name not in ("reopen", "delete-inspection")]
)
def test_the_same_sql_works_on_an_inspection_that_is_not_final(
    final: Inspection, running: Inspection, people: People, name: str
) -> None:
    """The triggers freeze only the final inspection, not the tables."""
    if name in ("update-evidence", "delete-evidence"):
        add_evidence(answer_of(running, "HUI-01"), people.lead, b"another photo")
        db.session.commit()
    final_before = state_of(final.id)
    result = db.session.execute(text(RAW_SQL[name][0]), params_for(name, running.id))
    db.session.commit()
    assert result.rowcount >= 1
    assert state_of(final.id) == final_before


def test_sql_updates_answers_of_a_running_inspection(
    final: Inspection, running: Inspection
) -> None:
    final_before = state_of(final.id)
    result = db.session.execute(
        text("UPDATE answers SET observation = 'Via SQL.' WHERE inspection_id = :id"),
        {"id": running.id},
    )
    db.session.commit()
    assert result.rowcount == len(answers_of(running)) > 0
    assert {a.observation for a in answers_of(running)} == {"Via SQL."}
    db.session.execute(
        text("UPDATE inspections SET status = 'gepland' WHERE id = :id"), {"id": running.id}
    )
    db.session.commit()
    assert state_of(final.id) == final_before


def test_the_database_refuses_a_final_status_without_hash_and_reviewer(
    running: Inspection,
) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE inspections SET status = 'vastgesteld' WHERE id = :id"),
            {"id": running.id},
        )
    db.session.rollback()


# --- the content hash -------------------------------------------------------------------------


def test_the_hash_is_sha256_over_the_final_content(final: Inspection) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", final.content_hash)
    findings = list(db.session.scalars(select(Finding).where(Finding.inspection_id == final.id)))
    content = content_of(final, answers_of(final), findings)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == final.content_hash
    photo = hashlib.sha256(b"photo").hexdigest()
    assert ["HUI-01", "voldoet", "Gezien ter plaatse.", "", [photo]] in content["answers"]


@pytest.fixture
def reviewed(make_inspection, people: People) -> Inspection:
    """Ter review with one deviation (INF-01) and one n.v.t. (INF-02)."""
    inspection = make_inspection("in_uitvoering", lead=people.lead, members=(people.member,))
    complete_all(people.lead, inspection)
    for code, judgment, observation, reason in (
        ("INF-01", "voldoet_deels", "Alleen Nederlands.", ""),
        ("INF-02", "niet_van_toepassing", "", "Geen nieuwe bewoners."),
    ):
        answer = answer_of(inspection, code)
        save_answer(people.lead, inspection, answer, judgment, observation, reason, answer.revision)
    submit_inspection(people.lead, inspection)
    db.session.commit()
    return inspection


def hash_if_finalised(inspection: Inspection, reviewer: User) -> str:
    """Finalise, read the hash, and roll everything back."""
    finalise(reviewer, inspection)
    content_hash = inspection.content_hash
    db.session.rollback()
    assert inspection.status == "ter_review"
    assert content_hash is not None
    return content_hash


def _sql(statement: str) -> Callable[[Inspection, People], None]:
    def change(inspection: Inspection, people: People) -> None:
        db.session.execute(text(statement), {"id": inspection.id})

    return change


def _add_evidence_to(inspection: Inspection, people: People) -> None:
    add_evidence(answer_of(inspection, "INF-03"), people.lead)


CONTENT_CHANGES: dict[str, Callable[[Inspection, People], Any]] = {
    "observation": _sql(
        "UPDATE answers SET observation = 'Alleen Nederlands!' WHERE inspection_id = :id "
        "AND observation = 'Alleen Nederlands.'"
    ),
    "other-observation": _sql(
        "UPDATE answers SET observation = 'Gezien ter plaatse' WHERE inspection_id = :id "
        "AND position = (SELECT max(position) FROM answers WHERE inspection_id = :id)"
    ),
    "judgment": _sql(
        "UPDATE answers SET judgment = 'voldoet_niet' WHERE inspection_id = :id "
        "AND judgment = 'voldoet_deels'"
    ),
    "reason": _sql(
        "UPDATE answers SET reason = 'Geen nieuwe bewoners sinds mei.' WHERE inspection_id = :id "
        "AND judgment = 'niet_van_toepassing'"
    ),
    "evidence": _add_evidence_to,
    "finding-draft": lambda i, p: set_finding_draft(
        p.reviewer, i, answer_of(i, "INF-01"), "kritiek", "", None
    ),
}


@pytest.mark.parametrize("change", list(CONTENT_CHANGES))
def test_the_hash_changes_when_the_content_differs(
    reviewed: Inspection, people: People, change: str
) -> None:
    first = hash_if_finalised(reviewed, people.reviewer)
    assert hash_if_finalised(reviewed, people.reviewer) == first  # the same content, same hash
    CONTENT_CHANGES[change](reviewed, people)
    db.session.commit()
    assert hash_if_finalised(reviewed, people.reviewer) != first


# --- findings ---------------------------------------------------------------------------------

DEADLINES = {"kritiek": 14, "hoog": 42, "gemiddeld": 91, "laag": 182}
DEVIATIONS = {  # item: (judgment, its severity in the checklist)
    "INF-01": ("voldoet_niet", "hoog"),
    "INF-03": ("voldoet_deels", "gemiddeld"),
    "HUI-02": ("voldoet_deels", "kritiek"),
    "ACT-03": ("voldoet_niet", "laag"),
}


@pytest.fixture
def deviating(make_inspection, people: People) -> Inspection:
    """Ter review with a deviation of every severity, and answers that are no deviation."""
    inspection = make_inspection("in_uitvoering", lead=people.lead, members=(people.member,))
    complete_all(people.lead, inspection, "voldoet")
    for code, (judgment, _) in DEVIATIONS.items():
        answer = answer_of(inspection, code)
        save_answer(
            people.lead, inspection, answer, judgment, f"Afwijking bij {code}.", "", answer.revision
        )
    for code, judgment in (("INF-02", "niet_van_toepassing"), ("INF-04", "niet_beoordeeld")):
        answer = answer_of(inspection, code)
        save_answer(people.lead, inspection, answer, judgment, "", "Reden.", answer.revision)
    submit_inspection(people.lead, inspection)
    db.session.commit()
    return inspection


def findings_of(inspection: Inspection) -> list[Finding]:
    return list(
        db.session.scalars(
            select(Finding)
            .join(Answer, Answer.id == Finding.answer_id)
            .where(Finding.inspection_id == inspection.id)
            .order_by(Answer.position)
        )
    )


def test_finalising_creates_a_finding_per_deviation_with_defaults(
    deviating: Inspection, people: People
) -> None:
    assert DEADLINE_DAYS == DEADLINES
    findings = finalise(people.reviewer, deviating)
    db.session.commit()
    assert [f.item.code for f in findings] == list(DEVIATIONS)
    assert [f.id for f in findings_of(deviating)] == [f.id for f in findings]
    for finding in findings_of(deviating):
        code = finding.item.code
        judgment, severity = DEVIATIONS[code]
        assert finding.item.severity == severity
        assert (finding.judgment, finding.severity, finding.observation) == (
            judgment,
            severity,
            f"Afwijking bij {code}.",
        )
        assert finding.deadline == today() + timedelta(days=DEADLINES[severity])
        assert finding.repair_order == (
            f"Zorg dat de locatie weer voldoet aan de norm: {finding.item.norm}"
        )
        assert (finding.status, finding.inspection_id, finding.location_id) == (
            "open",
            deviating.id,
            deviating.location_id,
        )
        assert finding.answer.item_id == finding.item_id
        [event] = history(finding)
        assert (event.action, event.actor_id) == ("finding.create", people.reviewer.id)
        assert event.changes == {
            "item": [None, code],
            "severity": [None, severity],
            "deadline": [None, finding.deadline.isoformat()],
        }


def test_finalising_uses_the_reviewers_drafts(deviating: Inspection, people: People) -> None:
    deadline = today() + timedelta(days=10)
    drafts = {
        "INF-01": ("kritiek", "  Vertaal de folders in tien dagen.  ", deadline),
        "INF-03": ("hoog", "   ", None),  # blank order and no deadline: defaults, by new severity
        "ACT-03": ("laag", "", today() + timedelta(days=400)),
    }
    for code, (severity, order, day) in drafts.items():
        set_finding_draft(
            people.reviewer, deviating, answer_of(deviating, code), severity, order, day
        )
    db.session.commit()
    by_code = {f.item.code: f for f in finalise(people.reviewer, deviating)}
    db.session.commit()

    inf01, inf03, hui02, act03 = (by_code[c] for c in DEVIATIONS)
    assert (inf01.severity, inf01.repair_order, inf01.deadline) == (
        "kritiek",
        "Vertaal de folders in tien dagen.",
        deadline,
    )
    assert (inf03.severity, inf03.deadline) == ("hoog", today() + timedelta(days=42))
    assert inf03.repair_order.startswith("Zorg dat de locatie weer voldoet aan de norm: ")
    assert (hui02.severity, hui02.deadline) == ("kritiek", today() + timedelta(days=14))
    assert (act03.severity, act03.deadline) == ("laag", today() + timedelta(days=400))


def test_a_draft_is_in_the_audit_trail_once(deviating: Inspection, people: People) -> None:
    answer = answer_of(deviating, "INF-01")
    deadline = today() + timedelta(days=20)
    for _ in range(2):
        set_finding_draft(people.reviewer, deviating, answer, "kritiek", "Snel.", deadline)
        db.session.commit()
    [event] = [e for e in history(answer) if e.action == "answer.review"]
    assert event.changes == {
        "severity": [None, "kritiek"],
        "repair_order": [None, "Snel."],
        "deadline": [None, deadline.isoformat()],
    }


@pytest.mark.parametrize(
    ("code", "severity", "days", "message"),
    [
        ("INF-01", "hoog", 0, "De hersteltermijn moet in de toekomst liggen."),
        ("INF-01", "hoog", -1, "De hersteltermijn moet in de toekomst liggen."),
        ("INF-01", "hoog", -365, "De hersteltermijn moet in de toekomst liggen."),
        ("INF-01", "extreem", 10, "Onbekende zwaarte 'extreem'."),
        ("INF-02", "hoog", 10, "Alleen een afwijking wordt een bevinding."),
        ("INF-04", "hoog", 10, "Alleen een afwijking wordt een bevinding."),
        ("KLT-03", "hoog", 10, "Alleen een afwijking wordt een bevinding."),
    ],
    ids=[
        "today",
        "yesterday",
        "last-year",
        "unknown-severity",
        "nvt",
        "niet-beoordeeld",
        "voldoet",
    ],
)
def test_a_draft_that_cannot_be_a_finding_is_refused(
    deviating: Inspection, people: People, code: str, severity: str, days: int, message: str
) -> None:
    answer = answer_of(deviating, code)
    before = state_of(deviating.id)
    with pytest.raises(InspectionError) as caught:
        set_finding_draft(
            people.reviewer, deviating, answer, severity, "Herstel.", today() + timedelta(days)
        )
    db.session.commit()
    assert (caught.value.status, str(caught.value)) == (422, message)
    assert state_of(deviating.id) == before


def test_a_deadline_tomorrow_is_accepted(deviating: Inspection, people: People) -> None:
    answer = answer_of(deviating, "INF-01")
    tomorrow = today() + timedelta(days=1)
    set_finding_draft(people.reviewer, deviating, answer, "hoog", "Herstel.", tomorrow)
    db.session.commit()
    assert (answer.severity, answer.deadline) == ("hoog", tomorrow)
