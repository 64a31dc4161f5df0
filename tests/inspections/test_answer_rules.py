"""The rules of an answer: what autosave refuses, what it stores incomplete, what blocks submission.

``rules`` is pure and tested as such; the service tests show the same rules at work on the
shipped checklist: autosave keeps incomplete answers, submission names every incomplete item,
and each stored revision is in the audit trail.
"""

import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from inspectie.audit.models import AuditEvent
from inspectie.audit.services import history
from inspectie.auth.models import User
from inspectie.checklists.spec import JUDGMENTS
from inspectie.extensions import db
from inspectie.inspections.answers import (
    evidence_counts,
    find_answer,
    incomplete_answers,
    problems_of,
    save_answer,
)
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.rules import MAX_TEXT, Demands, answer_problems, input_problem
from inspectie.inspections.services import InspectionError, answers_of, submit_inspection
from inspectie.inspections.vocab import NEEDS_REASON
from tests.inspections.conftest import complete_all

NO_JUDGMENT = "Nog geen oordeel."
OBSERVATION = "Bij '{}' hoort een waarneming: beschrijf wat u zag."
REASON = "Bij '{}' hoort een reden."
EVIDENCE = "Bij '{}' hoort bewijs: voeg een foto of document toe."

# As most shipped items demand: an observation for a deviation, evidence for voldoet niet.
DEMANDS = Demands(
    observation_required_for=("voldoet_deels", "voldoet_niet"),
    evidence_required_for=("voldoet_niet",),
)

DEELS, NIET = "voldoet deels", "voldoet niet"
NVT, NB = "niet van toepassing", "niet beoordeeld"

# fmt: off
RULES = [  # (id, judgment, observation, reason, evidence files, problems)
    ("no-judgment", None, "", "", 0, [NO_JUDGMENT]),
    ("no-judgment-whatever-else", None, "Gezien.", "Reden.", 2, [NO_JUDGMENT]),
    ("voldoet", "voldoet", "", "", 0, []),
    ("deels-without-observation", "voldoet_deels", "", "", 0, [OBSERVATION.format(DEELS)]),
    ("deels-blank-observation", "voldoet_deels", " \n\t ", "", 0, [OBSERVATION.format(DEELS)]),
    ("deels-with-observation", "voldoet_deels", "Eén douche defect.", "", 0, []),
    ("niet-without-observation", "voldoet_niet", "", "", 1, [OBSERVATION.format(NIET)]),
    ("niet-without-evidence", "voldoet_niet", "Schimmel.", "", 0, [EVIDENCE.format(NIET)]),
    ("niet-without-both", "voldoet_niet", "", "", 0,
     [OBSERVATION.format(NIET), EVIDENCE.format(NIET)]),
    ("niet-complete", "voldoet_niet", "Schimmel.", "", 1, []),
    ("nvt-without-reason", "niet_van_toepassing", "", "", 0, [REASON.format(NVT)]),
    ("nvt-blank-reason", "niet_van_toepassing", "Gezien.", "  ", 0, [REASON.format(NVT)]),
    ("nvt-with-reason", "niet_van_toepassing", "", "Geen keuken.", 0, []),
    ("nb-without-reason", "niet_beoordeeld", "", "", 0, [REASON.format(NB)]),
    ("nb-with-reason", "niet_beoordeeld", "", "Geen tijd.", 0, []),
]
# fmt: on


@pytest.mark.parametrize(
    ("judgment", "observation", "reason", "evidence", "problems"),
    [case[1:] for case in RULES],
    ids=[case[0] for case in RULES],
)
def test_answer_problems(judgment, observation, reason, evidence, problems) -> None:
    found = answer_problems(DEMANDS, judgment, observation, reason, evidence)
    assert [problem.text for problem in found] == problems
    # Each problem names the part of the answer at fault, which the form marks invalid.
    assert [problem.field for problem in found] == [at_fault(text) for text in problems]


def at_fault(text: str) -> str:
    if text == NO_JUDGMENT:
        return "judgment"
    return next(field for word, field in PARTS.items() if word in text)


PARTS = {"waarneming": "observation", "reden": "reason", "bewijs": "evidence"}


@pytest.mark.parametrize("judgment", list(JUDGMENTS))
def test_demands_come_from_the_item(judgment: str) -> None:
    """An item that demands nothing accepts any judgment without observation or evidence,
    except that n.v.t. and niet beoordeeld always need a reason."""
    nothing = Demands(observation_required_for=(), evidence_required_for=())
    expected = [REASON.format(JUDGMENTS[judgment].lower())] if judgment in NEEDS_REASON else []
    assert [p.text for p in answer_problems(nothing, judgment, "", "", 0)] == expected
    everything = Demands(tuple(JUDGMENTS), tuple(JUDGMENTS))
    assert len(answer_problems(everything, judgment, "", "", 0)) == 2 + bool(expected)


UNKNOWN = (
    "Onbekend oordeel {!r}; kies uit voldoet, voldoet_deels, voldoet_niet, niet_van_toepassing, "
    "niet_beoordeeld."
)
TOO_LONG = "De {} is te lang (10001 tekens; hoogstens 10000)."
NUL = "De {} bevat een ongeldig teken (NUL)."
LONG = "x" * (MAX_TEXT + 1)

# fmt: off
INPUT = [  # (id, judgment, observation, reason, problem)
    ("nothing", None, "", "", None),
    *[(f"judgment-{j}", j, "", "", None) for j in JUDGMENTS],
    ("unknown-judgment", "goed", "", "", UNKNOWN.format("goed")),
    ("label-is-not-a-judgment", "Voldoet", "", "", UNKNOWN.format("Voldoet")),
    ("observation-at-the-limit", "voldoet", "x" * MAX_TEXT, "", None),
    ("reason-at-the-limit", "niet_beoordeeld", "", "é" * MAX_TEXT, None),
    ("observation-too-long", "voldoet", LONG, "", TOO_LONG.format("waarneming")),
    ("reason-too-long", "niet_beoordeeld", "", LONG, TOO_LONG.format("reden")),
    ("nul-in-observation", "voldoet", "a\x00b", "", NUL.format("waarneming")),
    ("nul-in-reason", "niet_beoordeeld", "", "\x00", NUL.format("reden")),
]
# fmt: on


@pytest.mark.parametrize(
    ("judgment", "observation", "reason", "problem"),
    [case[1:] for case in INPUT],
    ids=[case[0] for case in INPUT],
)
def test_input_problem(judgment, observation, reason, problem) -> None:
    assert MAX_TEXT == 10_000
    assert input_problem(judgment, observation, reason) == problem


# --- the rules at work ------------------------------------------------------------------------


@pytest.fixture
def team(make_user: Callable[..., User]) -> tuple[User, User]:
    return make_user("inspecteur"), make_user("inspecteur")


@pytest.fixture
def inspection(make_inspection, team: tuple[User, User]) -> Inspection:
    lead, member = team
    return make_inspection("in_uitvoering", lead=lead, members=(member,))


def answer_of(inspection: Inspection, code: str) -> Answer:
    answer = find_answer(inspection, code)
    assert answer is not None
    return answer


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0


def stored(answer: Answer) -> tuple:
    db.session.expire_all()
    row = db.session.get(Answer, answer.id)
    assert row is not None
    return row.judgment, row.observation, row.reason, row.revision, row.updated_at


def add_evidence(answer: Answer, by: User) -> Evidence:
    """A file-free evidence row: enough for the rule, which only counts."""
    content = f"photo of answer {answer.id}".encode()
    evidence = Evidence(
        answer_id=answer.id,
        inspection_id=answer.inspection_id,
        stored_name=f"test-{answer.id}.jpg",
        original_name="foto.jpg",
        content_type="image/jpeg",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=by.id,
    )
    db.session.add(evidence)
    db.session.commit()
    return evidence


@pytest.mark.parametrize(
    ("judgment", "observation", "reason", "problem"),
    [case[1:] for case in INPUT if case[4] is not None],
    ids=[case[0] for case in INPUT if case[4] is not None],
)
def test_autosave_refuses_input_it_cannot_store(
    inspection: Inspection, team, judgment, observation, reason, problem
) -> None:
    answer = answer_of(inspection, "INF-01")
    before, events = stored(answer), audit_count()
    with pytest.raises(InspectionError) as caught:
        save_answer(team[0], inspection, answer, judgment, observation, reason, 0)
    db.session.commit()
    assert (caught.value.status, str(caught.value)) == (422, problem)
    assert stored(answer) == before and audit_count() == events


# fmt: off
INCOMPLETE = [  # (id, item, judgment, observation, reason, problems)
    ("deels-without-observation", "INF-01", "voldoet_deels", "", "", [OBSERVATION.format(DEELS)]),
    ("niet-without-observation", "INF-01", "voldoet_niet", "", "", [OBSERVATION.format(NIET)]),
    ("niet-without-both", "HUI-01", "voldoet_niet", "", "",
     [OBSERVATION.format(NIET), EVIDENCE.format(NIET)]),
    ("niet-without-evidence", "HUI-01", "voldoet_niet", "Geen raam.", "", [EVIDENCE.format(NIET)]),
    ("deels-needs-no-evidence", "HUI-01", "voldoet_deels", "Klein raam.", "", []),
    ("nvt-without-reason", "INF-02", "niet_van_toepassing", "", "", [REASON.format(NVT)]),
    ("nb-without-reason", "INF-02", "niet_beoordeeld", "Gezien.", "", [REASON.format(NB)]),
    ("observation-before-judgment", "INF-02", None, "Half getypt", "", [NO_JUDGMENT]),
]
# fmt: on


@pytest.mark.parametrize(
    ("code", "judgment", "observation", "reason", "problems"),
    [case[1:] for case in INCOMPLETE],
    ids=[case[0] for case in INCOMPLETE],
)
def test_autosave_stores_an_incomplete_answer_and_says_what_is_missing(
    inspection: Inspection, team, code, judgment, observation, reason, problems
) -> None:
    answer = answer_of(inspection, code)
    save_answer(team[1], inspection, answer, judgment, observation, reason, 0)
    db.session.commit()
    assert stored(answer)[:4] == (judgment, observation, reason, 1)
    assert answer.updated_by_id == team[1].id
    found = problems_of(answer, evidence_counts(inspection).get(answer.id, 0))
    assert [(p.field, p.text) for p in found] == [(at_fault(text), text) for text in problems]
    assert incomplete_answers(inspection).get(code, []) == problems


def test_evidence_satisfies_the_item_that_demands_it(inspection: Inspection, team) -> None:
    lead = team[0]
    answer = answer_of(inspection, "HUI-01")
    assert answer.item.evidence_required_for == ["voldoet_niet"]
    save_answer(lead, inspection, answer, "voldoet_niet", "Kamers zonder raam.", "", 0)
    db.session.commit()
    assert incomplete_answers(inspection)["HUI-01"] == [EVIDENCE.format(NIET)]

    add_evidence(answer, lead)
    assert evidence_counts(inspection) == {answer.id: 1}
    assert problems_of(answer, 1) == []
    assert "HUI-01" not in incomplete_answers(inspection)


def test_submit_names_every_incomplete_item(inspection: Inspection, team) -> None:
    lead = team[0]
    complete_all(lead, inspection)
    broken = {
        "INF-01": ("voldoet_niet", "", ""),
        "INF-02": ("niet_beoordeeld", "", ""),
        "INF-03": (None, "", ""),
        "HUI-01": ("voldoet_niet", "Kamers zonder raam.", ""),
    }
    for code, (judgment, observation, reason) in broken.items():
        answer = answer_of(inspection, code)
        save_answer(lead, inspection, answer, judgment, observation, reason, answer.revision)
    db.session.commit()
    revision, events = inspection.revision, audit_count()

    with pytest.raises(InspectionError) as caught:
        submit_inspection(lead, inspection)
    db.session.commit()
    assert caught.value.status == 422
    assert str(caught.value) == (
        "Nog 4 toetspunt(en) onvolledig; de inspectie kan nog niet ter review."
    )
    assert caught.value.detail == {
        "INF-01": [OBSERVATION.format(NIET)],
        "INF-02": [REASON.format(NB)],
        "INF-03": [NO_JUDGMENT],
        "HUI-01": [EVIDENCE.format(NIET)],
    }
    db.session.refresh(inspection)
    assert (inspection.status, inspection.revision, inspection.submitted_at) == (
        "in_uitvoering",
        revision,
        None,
    )
    assert audit_count() == events

    # Fixing them, one way or another, lets the lead submit.
    fixes = {
        "INF-01": ("voldoet_niet", "Geen folders.", ""),
        "INF-02": ("niet_beoordeeld", "", "Geen tijd meer."),
        "INF-03": ("voldoet", "", ""),
    }
    for code, (judgment, observation, reason) in fixes.items():
        answer = answer_of(inspection, code)
        save_answer(lead, inspection, answer, judgment, observation, reason, answer.revision)
    add_evidence(answer_of(inspection, "HUI-01"), lead)
    submit_inspection(lead, inspection)
    db.session.commit()
    assert inspection.status == "ter_review"


def test_an_untouched_inspection_cannot_be_submitted(inspection: Inspection, team) -> None:
    with pytest.raises(InspectionError) as caught:
        submit_inspection(team[0], inspection)
    codes = [a.item.code for a in answers_of(inspection)]
    assert caught.value.status == 422
    assert caught.value.detail == {code: [NO_JUDGMENT] for code in codes}
    assert list(caught.value.detail) == codes  # in checklist order


def test_saving_the_same_values_again_changes_nothing(inspection: Inspection, team) -> None:
    answer = answer_of(inspection, "INF-01")
    save_answer(team[0], inspection, answer, "voldoet_deels", "Alleen Nederlands.", "", 0)
    db.session.commit()
    first, events = stored(answer), audit_count()

    again = save_answer(team[1], inspection, answer, "voldoet_deels", "Alleen Nederlands.", "", 1)
    db.session.commit()
    assert again.revision == 1
    assert stored(answer) == first
    assert answer.updated_by_id == team[0].id  # not "saved" by the second one
    assert audit_count() == events
    assert [e.action for e in history(answer)] == ["answer.save"]


def test_every_saved_revision_is_in_the_audit_trail(inspection: Inspection, team) -> None:
    lead, member = team
    answer = answer_of(inspection, "HUI-02")
    saves = [
        (lead, "voldoet_niet", "", ""),
        (member, "voldoet_niet", "Brandtrap geblokkeerd.", ""),
        (lead, "niet_van_toepassing", "", "Geen brandtrap."),
        (member, None, "", ""),
    ]
    for revision, (actor, judgment, observation, reason) in enumerate(saves):
        save_answer(actor, inspection, answer, judgment, observation, reason, revision)
        db.session.commit()
    events = history(answer)
    assert [(e.action, e.actor_id) for e in events] == [
        ("answer.save", actor.id) for actor, *_ in saves
    ]
    assert [e.changes for e in events] == [
        {"judgment": [None, "voldoet_niet"], "revision": [0, 1]},
        {"observation": ["", "Brandtrap geblokkeerd."], "revision": [1, 2]},
        {
            "judgment": ["voldoet_niet", "niet_van_toepassing"],
            "observation": ["Brandtrap geblokkeerd.", ""],
            "reason": ["", "Geen brandtrap."],
            "revision": [2, 3],
        },
        {
            "judgment": ["niet_van_toepassing", None],
            "reason": ["Geen brandtrap.", ""],
            "revision": [3, 4],
        },
    ]
    assert stored(answer)[:4] == (None, "", "", 4)
