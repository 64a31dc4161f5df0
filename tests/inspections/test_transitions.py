"""Who may make which transition in which state, the rules of planning, and the item sets.

The matrix runs every transition for every actor in every state through the services. A refused
attempt must leave everything as it was (inspection, answers, findings, audit trail), even when
the caller commits afterwards; an allowed one must have exactly its effect.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from inspectie.audit.models import AuditEvent
from inspectie.audit.services import history
from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistVersion
from inspectie.checklists.services import item_applicability, version_items
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.answers import find_answer, save_answer
from inspectie.inspections.models import Answer, Inspection
from inspectie.inspections.review import finalise, set_finding_draft
from inspectie.inspections.services import (
    InspectionError,
    Plan,
    answers_of,
    plan_inspection,
    send_back,
    start_inspection,
    submit_inspection,
)
from inspectie.inspections.vocab import STATUSES
from inspectie.locations.models import Location
from tests.inspections.conftest import PLANNED_ON, complete_all

OK = "ok"
ACTORS = (
    "lead",
    "member",
    "coordinator_in_team",
    "coordinator",  # a coordinator who is not on the team: the four-eyes reviewer
    "inspecteur",  # an inspector who is not on the team
    "beheerder",
    "ketenpartner",  # of the organisation that runs the inspected location
)
TEAM = ("lead", "member", "coordinator_in_team")
STATES = tuple(STATUSES)

DEVIATING_ITEM = "INF-01"  # voldoet deels from in_uitvoering on: the one future finding
SAVED_ITEM = "INF-02"  # the item the matrix saves
SEND_BACK_REASON = "De onderbouwing bij INF-01 ontbreekt."


def only(*allowed: str, otherwise: int = 403) -> dict[str, Any]:
    """Who gets ``OK`` and what everybody else gets."""
    return {actor: OK if actor in allowed else otherwise for actor in ACTORS}


def row(**cells: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One transition over every state; states not named refuse everybody with 403, except a
    final inspection, which refuses everybody with 409 (it is frozen, whoever asks)."""
    default = {state: only() for state in STATES} | {"vastgesteld": only(otherwise=409)}
    return default | cells


# Transition -> state -> actor -> outcome. The services decide who and when in one policy check,
# so a wrong state answers 403 like a wrong person; a final inspection answers 409.
MATRIX = {
    "start": row(gepland=only(*TEAM)),
    "save_answer": row(in_uitvoering=only(*TEAM)),
    "submit": row(in_uitvoering=only("lead")),
    "send_back": row(ter_review=only("coordinator")),
    "set_finding_draft": row(ter_review=only("coordinator")),
    "finalise": row(ter_review=only("coordinator")),
}
CELLS = [(transition, state) for transition in MATRIX for state in STATES]


# --- the world --------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    location: Location

    def plan(self, **changes: Any) -> Plan:
        values: dict[str, Any] = {
            "location": self.location,
            "type": "regulier",
            "planned_on": PLANNED_ON,
            "lead": self.users["lead"],
            "members": (self.users["member"], self.users["coordinator_in_team"]),
        }
        return Plan(**(values | changes))

    def inspection(self, state: str) -> Inspection:
        """An inspection brought to ``state`` through the services, the way people would."""
        lead, reviewer = self.users["lead"], self.users["coordinator"]
        inspection = plan_inspection(reviewer, self.plan())
        if state != "gepland":
            start_inspection(lead, inspection)
            complete_all(lead, inspection)  # complete, so that the lead can submit
            answer, seen = (
                answer_of(inspection, DEVIATING_ITEM),
                "Folders alleen in het Nederlands.",
            )
            save_answer(lead, inspection, answer, "voldoet_deels", seen, "", answer.revision)
        if state in ("ter_review", "vastgesteld"):
            submit_inspection(lead, inspection)
        if state == "vastgesteld":
            finalise(reviewer, inspection)
        db.session.commit()
        assert inspection.status == state
        return inspection


@pytest.fixture
def world(checklists: list[ChecklistVersion], make_user, make_location) -> World:
    location = make_location(has_families=True)
    users = {
        "lead": make_user("inspecteur"),
        "member": make_user("inspecteur"),
        "coordinator_in_team": make_user("coordinator"),
        "coordinator": make_user("coordinator"),
        "inspecteur": make_user("inspecteur"),
        "beheerder": make_user("beheerder"),
        "ketenpartner": make_user("ketenpartner", organisation=location.operator),
    }
    return World(users, location)


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@dataclass(frozen=True)
class Snapshot:
    """Everything a transition could change, as stored."""

    status: str
    revision: int
    stamps: tuple[Any, ...]
    answers: tuple[tuple[Any, ...], ...] = field(repr=False)
    audit: int
    findings: int
    inspections: int


def answer_row(a: Answer) -> tuple[Any, ...]:
    return (
        a.item.code, a.judgment, a.observation, a.reason, a.revision, a.updated_by_id,  # 0-5
        a.severity, a.repair_order, a.deadline,  # 6-8: the finding draft
    )  # fmt: skip


def snapshot(inspection_id: int) -> Snapshot:
    db.session.expire_all()
    inspection = db.session.get(Inspection, inspection_id)
    assert inspection is not None
    return Snapshot(
        status=inspection.status,
        revision=inspection.revision,
        stamps=(
            inspection.started_at,
            inspection.submitted_at,
            inspection.reviewer_id,
            inspection.finalised_at,
            inspection.content_hash,
        ),
        answers=tuple(answer_row(a) for a in answers_of(inspection)),
        audit=count(AuditEvent),
        findings=count(Finding),
        inspections=count(Inspection),
    )


# --- the transitions --------------------------------------------------------------------------


def answer_of(inspection: Inspection, code: str) -> Answer:
    answer = find_answer(inspection, code)
    assert answer is not None
    return answer


def do_start(actor: User, inspection: Inspection) -> None:
    start_inspection(actor, inspection)


def do_save_answer(actor: User, inspection: Inspection) -> None:
    answer = answer_of(inspection, SAVED_ITEM)
    save_answer(
        actor, inspection, answer, "niet_beoordeeld", "", "Niet aan toegekomen.", answer.revision
    )


def do_submit(actor: User, inspection: Inspection) -> None:
    submit_inspection(actor, inspection)


def do_send_back(actor: User, inspection: Inspection) -> None:
    send_back(actor, inspection, SEND_BACK_REASON)


def do_set_finding_draft(actor: User, inspection: Inspection) -> None:
    answer = answer_of(inspection, DEVIATING_ITEM)
    deadline = today() + timedelta(days=30)
    set_finding_draft(actor, inspection, answer, "kritiek", "Vertaal de folders.", deadline)


def do_finalise(actor: User, inspection: Inspection) -> None:
    finalise(actor, inspection)


ACTIONS: dict[str, Callable[[User, Inspection], None]] = {
    "start": do_start,
    "save_answer": do_save_answer,
    "submit": do_submit,
    "send_back": do_send_back,
    "set_finding_draft": do_set_finding_draft,
    "finalise": do_finalise,
}


def attempt(transition: str, actor: User, inspection: Inspection) -> Any:
    """``OK`` or the status of the refusal. Commits either way: a refusal must leave nothing."""
    try:
        ACTIONS[transition](actor, inspection)
    except InspectionError as error:
        db.session.commit()
        return error.status
    db.session.commit()
    return OK


def with_answer(answers: tuple[tuple[Any, ...], ...], code: str, **values: Any) -> tuple:
    """``answers`` with some fields of one answer replaced (names as in :func:`answer_row`)."""
    names = ("code", "judgment", "observation", "reason", "revision", "updated_by_id",
             "severity", "repair_order", "deadline")  # fmt: skip
    return tuple(
        tuple(values.get(name, value) for name, value in zip(names, a, strict=True))
        if a[0] == code
        else a
        for a in answers
    )


def expected_effect(transition: str, actor: User, before: Snapshot) -> Snapshot:
    """What an allowed transition changes, as a snapshot (stamps aside)."""
    moves_to = {"start": "in_uitvoering", "submit": "ter_review", "send_back": "in_uitvoering"}
    if transition in moves_to:
        return replace(before, status=moves_to[transition], revision=before.revision + 1,
                       audit=before.audit + 1)  # fmt: skip
    if transition == "finalise":  # plus the one finding, and its audit event
        return replace(before, status="vastgesteld", revision=before.revision + 1,
                       audit=before.audit + 2, findings=before.findings + 1)  # fmt: skip
    if transition == "save_answer":
        revision = next(a[4] for a in before.answers if a[0] == SAVED_ITEM)
        answers = with_answer(
            before.answers, SAVED_ITEM, judgment="niet_beoordeeld", observation="",
            reason="Niet aan toegekomen.", revision=revision + 1, updated_by_id=actor.id,
        )  # fmt: skip
        return replace(before, answers=answers, audit=before.audit + 1)
    assert transition == "set_finding_draft"
    answers = with_answer(
        before.answers, DEVIATING_ITEM, severity="kritiek", repair_order="Vertaal de folders.",
        deadline=today() + timedelta(days=30),
    )  # fmt: skip
    return replace(before, answers=answers, audit=before.audit + 1)


def check_effect(transition: str, actor: User, before: Snapshot, after: Snapshot) -> None:
    """An allowed transition has exactly its effect."""
    assert replace(after, stamps=()) == replace(
        expected_effect(transition, actor, before), stamps=()
    )
    started_at, submitted_at, reviewer_id, finalised_at, content_hash = after.stamps
    if transition == "start":
        assert started_at is not None
    if transition == "submit":
        assert submitted_at is not None
    if transition == "finalise":
        assert reviewer_id == actor.id and finalised_at is not None and len(content_hash) == 64
    else:
        assert (reviewer_id, finalised_at, content_hash) == before.stamps[2:]


@pytest.mark.parametrize(("transition", "state"), CELLS, ids=[f"{t}-{s}" for t, s in CELLS])
def test_who_may_make_which_transition_in_which_state(
    world: World, transition: str, state: str
) -> None:
    expected = MATRIX[transition][state]
    outcomes = {}
    inspection, used = world.inspection(state), False
    # Refusals first: they change nothing, so one inspection serves them all. After an allowed
    # attempt the next actor gets a fresh inspection in the same state.
    for actor in sorted(ACTORS, key=lambda a: expected[a] == OK):
        if used:
            inspection, used = world.inspection(state), False
        user = world.users[actor]
        before = snapshot(inspection.id)
        outcomes[actor] = attempt(transition, user, inspection)
        after = snapshot(inspection.id)
        if outcomes[actor] == OK:
            used = True
            if expected[actor] == OK:
                check_effect(transition, user, before, after)
        else:
            assert after == before, f"{transition} by {actor} was refused but changed something"
    assert outcomes == expected


def test_send_back_records_the_reason(world: World) -> None:
    inspection = world.inspection("ter_review")
    send_back(world.users["coordinator"], inspection, f"  {SEND_BACK_REASON}\n")
    db.session.commit()
    event = history(inspection)[-1]
    assert (event.action, event.changes, event.reason) == (
        "inspection.status",
        {"status": ["ter_review", "in_uitvoering"]},
        SEND_BACK_REASON,
    )
    assert event.actor_id == world.users["coordinator"].id


@pytest.mark.parametrize("reason", ["", "   \n\t"], ids=["empty", "blank"])
def test_send_back_needs_a_reason(world: World, reason: str) -> None:
    inspection = world.inspection("ter_review")
    before = snapshot(inspection.id)
    with pytest.raises(InspectionError) as caught:
        send_back(world.users["coordinator"], inspection, reason)
    db.session.commit()
    assert (caught.value.status, str(caught.value)) == (
        422,
        "Geef een reden om de inspectie terug te sturen.",
    )
    assert snapshot(inspection.id) == before


def test_a_coordinator_who_led_may_not_review(world: World, make_user) -> None:
    """Four eyes holds for a coordinator as lead too, in the services and in the database."""
    lead = make_user("coordinator")
    inspection = plan_inspection(world.users["coordinator"], world.plan(lead=lead, members=()))
    start_inspection(lead, inspection)
    complete_all(lead, inspection)
    submit_inspection(lead, inspection)
    db.session.commit()
    before = snapshot(inspection.id)
    with pytest.raises(InspectionError) as caught:
        finalise(lead, inspection)
    assert caught.value.status == 403
    db.session.commit()
    assert snapshot(inspection.id) == before

    with pytest.raises(IntegrityError):
        db.session.execute(
            text("UPDATE inspections SET reviewer_id = lead_id WHERE id = :id"),
            {"id": inspection.id},
        )
    db.session.rollback()


def test_a_transition_on_a_stale_state_does_not_override_another(
    app: Flask, world: World, make_user: Callable[..., User]
) -> None:
    inspection = world.inspection("ter_review")  # as the reviewer's screen read it
    other_reviewer_id = make_user("coordinator").id
    with app.app_context():  # meanwhile, another request by another reviewer
        fresh = db.session.get(Inspection, inspection.id)
        send_back(db.session.get(User, other_reviewer_id), fresh, SEND_BACK_REASON)
        db.session.commit()
    try:
        finalise(world.users["coordinator"], inspection)
        db.session.commit()
    except Exception:  # any refusal will do
        db.session.rollback()
    assert snapshot(inspection.id).status == "in_uitvoering"


def test_only_coordinators_plan(world: World) -> None:
    """Planning has no state before it; any coordinator may plan, on the team or not."""
    expected = only("coordinator_in_team", "coordinator")
    outcomes = {}
    for actor in ACTORS:
        before = (count(Inspection), count(Answer), count(AuditEvent))
        try:
            inspection = plan_inspection(world.users[actor], world.plan())
        except InspectionError as error:
            db.session.commit()
            outcomes[actor] = error.status
            assert (count(Inspection), count(Answer), count(AuditEvent)) == before
        else:
            db.session.commit()
            outcomes[actor] = OK
            assert inspection.status == "gepland" and inspection.revision == 1
            assert inspection.created_by_id == world.users[actor].id
            assert count(Inspection) == before[0] + 1
            assert count(AuditEvent) == before[2] + 1
    assert outcomes == expected


# --- planning ---------------------------------------------------------------------------------


def test_planning_pins_the_team_and_empty_answers(world: World) -> None:
    inspection = plan_inspection(world.users["coordinator"], world.plan())
    db.session.commit()
    assert inspection.lead_id == world.users["lead"].id
    assert [m.user_id for m in inspection.members] == [
        world.users["member"].id,
        world.users["coordinator_in_team"].id,
    ]
    assert inspection.team_ids == {world.users[a].id for a in TEAM}
    answers = answers_of(inspection)
    assert [a.position for a in answers] == list(range(len(answers)))
    assert {(a.judgment, a.observation, a.reason, a.revision) for a in answers} == {
        (None, "", "", 0)
    }
    [event] = history(inspection)
    assert event.action == "inspection.plan"
    assert event.changes["items"] == [None, len(answers)]
    assert event.changes["version"] == [None, "kwaliteit-asielopvang@2026.1"]


NOT_ON_A_TEAM = "{} kan geen lid zijn van een inspectieteam."
NO_VERSION = "Er is geen normenkader dat geldt op {}; kies een versie."

# fmt: off
PLANNING_ERRORS: list[tuple[str, Callable[[World, Callable[..., User]], dict[str, Any]], str]] = [
    # (id, what differs from a valid plan, given the world and make_user; the message)
    ("unknown-type", lambda w, mk: {"type": "jaarlijks"},
     "Onbekend type inspectie: 'jaarlijks'."),
    ("thematic-without-themes", lambda w, mk: {"type": "thematisch"},
     "Een thematische inspectie kiest minstens één thema."),
    ("themes-without-thematic", lambda w, mk: {"type": "regulier", "theme_codes": ["informatie"]},
     "Alleen een thematische inspectie kiest thema's."),
    ("unknown-theme",
     lambda w, mk: {"type": "thematisch", "theme_codes": ["informatie", "bestaat-niet"]},
     "Onbekende thema's: bestaat-niet."),
    ("theme-without-applicable-items",  # the VGE theme at a COA location
     lambda w, mk: {"type": "thematisch", "theme_codes": ["vge"]},
     "Geen enkel toetspunt is van toepassing op deze locatie."),
    ("inactive-member",
     lambda w, mk: {"members": (w.users["member"], mk("inspecteur", active=False))},
     NOT_ON_A_TEAM),
    ("ketenpartner-member", lambda w, mk: {"members": (w.users["ketenpartner"],)}, NOT_ON_A_TEAM),
    ("beheerder-member", lambda w, mk: {"members": (w.users["beheerder"],)}, NOT_ON_A_TEAM),
    ("inactive-lead", lambda w, mk: {"lead": mk("coordinator", active=False), "members": ()},
     NOT_ON_A_TEAM),
    ("ketenpartner-lead", lambda w, mk: {"lead": w.users["ketenpartner"], "members": ()},
     NOT_ON_A_TEAM),
    ("lead-also-member", lambda w, mk: {"members": (w.users["member"], w.users["lead"])},
     "De leider staat ook als teamlid opgegeven."),
    ("no-version-in-2020", lambda w, mk: {"planned_on": date(2020, 1, 1)},
     NO_VERSION.format("01-01-2020")),
    ("day-before-the-first-version", lambda w, mk: {"planned_on": date(2024, 1, 31)},
     NO_VERSION.format("31-01-2024")),
]
# fmt: on


@pytest.mark.parametrize(
    ("changes", "message"),
    [(changes, message) for _, changes, message in PLANNING_ERRORS],
    ids=[name for name, _, _ in PLANNING_ERRORS],
)
def test_planning_refuses_an_invalid_plan(
    world: World, make_user: Callable[..., User], changes: Callable[..., Any], message: str
) -> None:
    plan = world.plan(**changes(world, make_user))
    # The message names the first person who may not be on a team (anyone outside TEAM here).
    team = [world.users[a] for a in TEAM]
    refused = next((p for p in (plan.lead, *plan.members) if p not in team), None)
    before = (count(Inspection), count(Answer), count(AuditEvent))
    with pytest.raises(InspectionError) as caught:
        plan_inspection(world.users["coordinator"], plan)
    db.session.commit()
    assert caught.value.status == 422
    assert str(caught.value) == message.format(refused.name if refused else "")
    assert (count(Inspection), count(Answer), count(AuditEvent)) == before


def test_planning_refuses_a_member_listed_twice(world: World) -> None:
    member = world.users["member"]
    with pytest.raises(InspectionError) as caught:
        plan_inspection(world.users["coordinator"], world.plan(members=(member, member)))
    assert caught.value.status == 422


def test_only_a_coordinator_may_plan_whatever_the_plan(world: World) -> None:
    """Who comes before what: an inspector gets 403 even for an invalid plan."""
    with pytest.raises(InspectionError) as caught:
        plan_inspection(world.users["lead"], world.plan(type="jaarlijks"))
    assert caught.value.status == 403
    assert str(caught.value) == "Alleen een coördinator plant inspecties."


@pytest.mark.parametrize(
    ("planned_on", "version"),
    [
        (date(2024, 2, 1), "2024.1"),
        (date(2026, 6, 11), "2024.1"),
        (date(2026, 6, 12), "2026.1"),
        (date(2031, 1, 1), "2026.1"),
    ],
    ids=["first-day-of-2024.1", "last-day-of-2024.1", "first-day-of-2026.1", "years-later"],
)
def test_planning_pins_the_version_valid_on_the_planned_date(
    world: World, planned_on: date, version: str
) -> None:
    inspection = plan_inspection(world.users["coordinator"], world.plan(planned_on=planned_on))
    db.session.commit()
    assert inspection.checklist_version.version == version
    assert {a.item.version_id for a in answers_of(inspection)} == {inspection.checklist_version_id}


# --- which items an inspection judges ---------------------------------------------------------

# Every item of 2026.1 that applies only to some locations (a test checks this list).
KIN = ("KIN-11", "KIN-02", "KIN-03", "KIN-04", "KIN-05", "KIN-06", "KIN-10", "KIN-12")
AMV = tuple(f"AMV-0{n}" for n in range(1, 10))
VGE = tuple(f"VGE-0{n}" for n in range(1, 6))
VOE = tuple(f"VOE-0{n}" for n in range(1, 6))  # central reception and emergency shelters
GZE = tuple(f"GZE-0{n}" for n in range(1, 6))
NOT_AT_COL = ("KLT-01", "KLT-02", "ACT-01", "ACT-02")
CONDITIONAL = frozenset(
    {"HUI-09", "VEI-07", "VEI-08", "VEI-09", "BIJ-06", "MAA-05"}.union(
        NOT_AT_COL, VOE, KIN, AMV, GZE, VGE
    )
)
COA_ONLY = ("VEI-07", "VEI-08", "MAA-05")
KSO_ONLY = ("HUI-09", "VEI-09")

# fmt: off
LOCATIONS = {  # id: (location, the conditional items that apply there)
    "coa-azc": (
        {"operator_type": "coa", "modality": "azc"},
        {*COA_ONLY, *NOT_AT_COL},
    ),
    "vge-kso": (
        {"operator_type": "vge", "modality": "kso", "capacity": 120},
        {*KSO_ONLY, *NOT_AT_COL, *VGE},
    ),
    "coa-amv-kwv": (
        {"operator_type": "coa", "modality": "amv-kwv", "capacity": 16, "has_amv": True},
        {*COA_ONLY, *NOT_AT_COL, *KIN, *AMV[:8], "GZE-03", "GZE-04"},  # AMV-09: Nidos only
    ),
    "coa-azc-families": (
        {"operator_type": "coa", "modality": "azc", "has_families": True},
        {*COA_ONLY, *NOT_AT_COL, *KIN, "GZE-01", "GZE-02", "GZE-03", "GZE-04"},
    ),
}
# fmt: on


def version_2026() -> ChecklistVersion:
    version = db.session.scalar(
        select(ChecklistVersion).where(ChecklistVersion.version == "2026.1")
    )
    assert version is not None
    return version


def test_the_conditional_items_are_those_the_checklist_limits(world: World) -> None:
    limited = {
        item.code
        for item in version_items(version_2026())
        if not item_applicability(item).is_everywhere
    }
    assert limited == CONDITIONAL


@pytest.mark.parametrize(("values", "conditional"), list(LOCATIONS.values()), ids=list(LOCATIONS))
def test_the_items_that_apply_to_the_location(
    world: World, make_location: Callable[..., Location], values: dict[str, Any], conditional
) -> None:
    location = make_location(**values)
    inspection = plan_inspection(world.users["coordinator"], world.plan(location=location))
    everything = [item.code for item in version_items(version_2026())]
    expected = [code for code in everything if code not in CONDITIONAL or code in conditional]
    assert [a.item.code for a in answers_of(inspection)] == expected


def test_a_thematic_inspection_judges_only_its_themes(world: World) -> None:
    plan = world.plan(type="thematisch", theme_codes=["hygiene", "informatie", "hygiene"])
    inspection = plan_inspection(world.users["coordinator"], plan)
    db.session.commit()
    assert inspection.theme_codes == ["hygiene", "informatie"]
    informatie = [f"INF-0{n}" for n in range(1, 5)]
    hygiene = [f"HYG-0{n}" for n in range(1, 5)]
    assert [a.item.code for a in answers_of(inspection)] == informatie + hygiene  # in order


def test_a_thematic_inspection_skips_what_does_not_apply_in_its_themes(world: World) -> None:
    plan = world.plan(type="thematisch", theme_codes=["veiligheid", "amv"])
    inspection = plan_inspection(world.users["coordinator"], plan)
    codes = [a.item.code for a in answers_of(inspection)]
    assert codes == [f"VEI-0{n}" for n in range(1, 9)]  # no KSO VEI-09, no amv at this azc
