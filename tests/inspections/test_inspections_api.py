"""``/api/v1/inspections``: lists with filters and scope, one inspection, and autosave.

Autosave is compare-and-set: a PUT names the revision it builds on, and of two clients that
build on the same revision exactly one wins; the other gets 409 with what is stored now.
"""

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import User
from inspectie.auth.services import issue_token
from inspectie.checklists.loader import load_file
from inspectie.config import PROJECT_ROOT
from inspectie.extensions import db
from inspectie.inspections import answers as answers_module
from inspectie.inspections.answers import find_answer
from inspectie.inspections.models import Answer, Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import submit_inspection
from inspectie.locations.models import Location
from tests.conftest import PASSWORD, Auth, IsolatedClient
from tests.inspections.conftest import complete_all

URL = "/api/v1/inspections"
FINAL = "Deze inspectie is vastgesteld en verandert niet meer."
CONFLICT = "Dit toetspunt is intussen door iemand anders opgeslagen. Kies welke versie blijft."
NOT_A_MEMBER = "Alleen teamleden beoordelen, en alleen terwijl de inspectie in uitvoering is."
ROLE_REFUSED = {"error": "Uw rol geeft geen toegang tot dit onderdeel.", "detail": None}
OBSERVATION_MISSING = "Bij 'voldoet niet' hoort een waarneming: beschrijf wat u zag."


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.json["items"]]


def answer_url(inspection: Inspection, code: str = "INF-01") -> str:
    return f"{URL}/{inspection.id}/answers/{code}"


def body(judgment: str | None = "voldoet", revision: Any = 0, **more: Any) -> dict[str, Any]:
    return {"judgment": judgment, "observation": "", "reason": "", "revision": revision} | more


def stored(inspection: Inspection, code: str = "INF-01") -> tuple[Any, ...]:
    """What the database holds for the answer, and how long the audit trail is."""
    db.session.rollback()  # see what the requests committed
    answer = find_answer(inspection, code)
    assert answer is not None
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    return answer.judgment, answer.observation, answer.reason, answer.revision, events


def second_client(app: Flask, user: User) -> FlaskClient:
    """Another browser: its own cookies, logged in as ``user``."""
    app.test_client_class = IsolatedClient
    other = app.test_client()
    assert Auth(other).login(user).status_code == 302
    return other


# --- lists ------------------------------------------------------------------------------------


@dataclass
class Spread:
    """Five inspections at two operators' locations, in every state, planned on other days."""

    me: User  # an inspector: lead of one, member of another
    a: Location
    b: Location
    a_planned: Inspection
    a_final: Inspection
    a_review: Inspection
    b_running: Inspection
    b_final: Inspection

    @property
    def newest_first(self) -> list[int]:
        return [
            i.id
            for i in (self.b_running, self.a_planned, self.a_review, self.b_final, self.a_final)
        ]


@pytest.fixture
def spread(make_inspection, make_user, make_location, make_org) -> Spread:
    me = make_user("inspecteur")
    a = make_location(make_org("COA", "coa"), has_families=True)
    b = make_location(make_org("Gemeente Utrecht", "gemeente"), modality="tgo")
    return Spread(
        me=me,
        a=a,
        b=b,
        a_planned=make_inspection("gepland", a, lead=me, planned_on=date(2026, 9, 1)),
        a_final=make_inspection("vastgesteld", a, planned_on=date(2026, 6, 15)),
        a_review=make_inspection("ter_review", a, planned_on=date(2026, 8, 1)),
        b_running=make_inspection("in_uitvoering", b, members=(me,), planned_on=date(2026, 10, 1)),
        b_final=make_inspection("vastgesteld", b, planned_on=date(2026, 7, 1)),
    )


def test_list_filters_and_pages(client: FlaskClient, auth: Auth, spread: Spread) -> None:
    s = spread
    auth.login(s.me)
    cases = {
        "": s.newest_first,
        "status=vastgesteld": [s.b_final.id, s.a_final.id],
        "status=gepland": [s.a_planned.id],
        f"location={s.a.id}": [s.a_planned.id, s.a_review.id, s.a_final.id],
        f"location={s.b.id}&status=vastgesteld": [s.b_final.id],
        "mine=true": [s.b_running.id, s.a_planned.id],
        "mine=1": [s.b_running.id, s.a_planned.id],
        f"mine=true&location={s.a.id}": [s.a_planned.id],
        "mine=false": s.newest_first,
        "mine=0": s.newest_first,
        "status=": s.newest_first,
        "per_page=2": s.newest_first[:2],
        "per_page=2&page=2": s.newest_first[2:4],
        "per_page=2&page=3": s.newest_first[4:],
        "per_page=2&page=4": [],
    }
    assert {query: ids(client.get(f"{URL}?{query}")) for query in cases} == cases

    page = client.get(f"{URL}?per_page=2&page=2").json
    assert (page["page"], page["per_page"], page["total"], page["pages"]) == (2, 2, 5, 3)
    first = client.get(f"{URL}?status=in_uitvoering").json["items"][0]
    assert first == {
        "id": s.b_running.id,
        "location": {"id": s.b.id, "name": s.b.name},
        "type": "regulier",
        "status": "in_uitvoering",
        "planned_on": "2026-10-01",
        "checklist": {"id": "kwaliteit-asielopvang", "version": "2026.1"},
        "lead": {"id": s.b_running.lead_id, "name": s.b_running.lead.name},
        "team": [{"id": s.me.id, "name": s.me.name}],
        "themes": [],
        "finalised_at": None,
        "content_hash": None,
        "revision": 2,
    }
    final = client.get(f"{URL}?status=vastgesteld&location={s.a.id}").json["items"][0]
    assert re.fullmatch(r"[0-9a-f]{64}", final["content_hash"]) and final["finalised_at"]


BAD_QUERIES = {
    "q=azc": {"unknown": ["q"], "allowed": ["location", "mine", "page", "per_page", "status"]},
    "status=open": {
        "status": "open",
        "allowed": ["gepland", "in_uitvoering", "ter_review", "vastgesteld"],
    },
    "location=abc": {"location": "abc"},
    "location=-1": {"location": "-1"},
    "location=%C2%B2": {"location": "²"},  # a digit to str.isdigit, not to int()
    "location=2147483648": {"location": "2147483648"},  # beyond PostgreSQL's integer
    "mine=yes": {"mine": "yes"},
    "page=0": {"page": "0"},
    "per_page=201": {"per_page": 201},
}


@pytest.mark.parametrize(("query", "detail"), BAD_QUERIES.items(), ids=list(BAD_QUERIES))
def test_list_refuses_bad_parameters(
    client: FlaskClient, login_as: Callable[..., User], query: str, detail: dict[str, Any]
) -> None:
    login_as("inspecteur")
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json["detail"] == detail


def test_a_location_that_does_not_exist_lists_nothing(
    client: FlaskClient, auth: Auth, spread: Spread
) -> None:
    auth.login(spread.me)
    assert ids(client.get(f"{URL}?location=0")) == []


def test_mine_is_empty_for_who_is_on_no_team(
    client: FlaskClient, auth: Auth, spread: Spread, make_user: Callable[..., User]
) -> None:
    auth.login(make_user("coordinator"))
    assert ids(client.get(f"{URL}?mine=true")) == []
    assert ids(client.get(URL)) == spread.newest_first


def test_a_ketenpartner_sees_only_final_inspections_of_their_own_organisation(
    client: FlaskClient, auth: Auth, spread: Spread, make_user: Callable[..., User]
) -> None:
    s = spread
    auth.login(make_user("ketenpartner", organisation=s.a.operator))
    cases = {
        "": [s.a_final.id],
        "status=vastgesteld": [s.a_final.id],
        "status=gepland": [],
        "status=ter_review": [],
        f"location={s.b.id}": [],
        "mine=true": [],
    }
    assert {query: ids(client.get(f"{URL}?{query}")) for query in cases} == cases
    assert client.get(f"{URL}/{s.a_final.id}").status_code == 200
    for hidden in (s.a_planned, s.a_review, s.b_running, s.b_final):
        response = client.get(f"{URL}/{hidden.id}")
        assert response.status_code == 404, hidden.status
        assert response.json == {"error": "Inspectie niet gevonden.", "detail": {"id": hidden.id}}


def test_a_ketenpartner_of_another_organisation_sees_none(
    client: FlaskClient, auth: Auth, spread: Spread, make_user: Callable[..., User]
) -> None:
    auth.login(make_user("ketenpartner"))  # of a third organisation
    assert ids(client.get(URL)) == []
    assert client.get(f"{URL}/{spread.a_final.id}").status_code == 404


def test_the_list_needs_a_login(client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.status_code == 401 and response.is_json


# --- one inspection ---------------------------------------------------------------------------


@pytest.fixture
def team(make_user: Callable[..., User]) -> tuple[User, User]:
    return make_user("inspecteur"), make_user("inspecteur")


@pytest.fixture
def running(make_inspection, team: tuple[User, User]) -> Inspection:
    lead, member = team
    return make_inspection("in_uitvoering", lead=lead, members=(member,))


def test_one_inspection_with_items_legal_basis_and_answers(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    member = team[1]
    auth.login(member)
    saved = client.put(answer_url(running, "HUI-01"), json=body("voldoet_niet", 0))
    assert saved.status_code == 200

    response = client.get(f"{URL}/{running.id}")
    assert response.status_code == 200
    data = response.json
    assert (data["id"], data["status"], data["may_answer"]) == (running.id, "in_uitvoering", True)
    assert data["location"]["id"] == running.location_id
    assert data["location"]["resident_groups"] == ["families"]
    assert [i["code"] for i in data["items"]] == [a["item_code"] for a in data["answers"]]

    checklist = load_file(PROJECT_ROOT / "checklists" / "kwaliteit-asielopvang-2026.yaml")
    spec_items = {item.code: item for item in checklist.items}
    for item in data["items"]:
        shipped = spec_items[item["code"]]
        assert item["legal_basis"], item["code"]
        assert item["legal_basis"] == [
            {
                "citation": b.cite(checklist.source(b.source).citation),
                "verified": b.verified and checklist.source(b.source).verified,
            }
            for b in shipped.legal_basis
        ]
        assert (item["title"], item["severity"], item["evidence_required_for"]) == (
            shipped.title,
            shipped.severity,
            list(shipped.evidence_required_for),
        )

    answers = {a["item_code"]: a for a in data["answers"]}
    hui = answers["HUI-01"]
    assert {k: hui[k] for k in ("judgment", "revision", "updated_by", "evidence")} == {
        "judgment": "voldoet_niet",
        "revision": 1,
        "updated_by": member.name,
        "evidence": 0,
    }
    assert hui["problems"] == [
        OBSERVATION_MISSING,
        "Bij 'voldoet niet' hoort bewijs: voeg een foto of document toe.",
    ]
    assert hui["problem_fields"] == ["evidence", "observation"]
    assert answers["INF-01"] == {
        "item_code": "INF-01",
        "judgment": None,
        "observation": "",
        "reason": "",
        "revision": 0,
        "updated_at": None,
        "updated_by": None,
        "evidence": 0,
        "problems": ["Nog geen oordeel."],
        "problem_fields": ["judgment"],
    }


def test_one_inspection_says_who_may_answer(
    client: FlaskClient, auth: Auth, running: Inspection, make_user: Callable[..., User]
) -> None:
    auth.login(make_user("coordinator"))
    assert client.get(f"{URL}/{running.id}").json["may_answer"] is False


def test_one_inspection_refuses_parameters_and_hides_what_does_not_exist(
    client: FlaskClient, login_as: Callable[..., User], running: Inspection
) -> None:
    login_as("inspecteur")
    assert client.get(f"{URL}/{running.id}?fields=all").status_code == 400
    assert client.get(f"{URL}/{running.id + 1000}").status_code == 404


# --- autosave ---------------------------------------------------------------------------------


def test_autosave_returns_the_new_revision_and_the_problems(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    auth.login(team[1])
    response = client.put(answer_url(running), json=body("voldoet_niet", 0))
    assert response.status_code == 200
    assert {k: response.json[k] for k in ("item_code", "judgment", "revision", "updated_by")} == {
        "item_code": "INF-01",
        "judgment": "voldoet_niet",
        "revision": 1,
        "updated_by": team[1].name,
    }
    assert response.json["problems"] == [OBSERVATION_MISSING]
    assert response.json["updated_at"] is not None
    assert stored(running)[:4] == ("voldoet_niet", "", "", 1)

    again = client.put(
        answer_url(running), json=body("voldoet_niet", 1, observation="Geen folders.")
    )
    assert (again.status_code, again.json["revision"], again.json["problems"]) == (200, 2, [])


def test_autosave_of_unchanged_values_keeps_the_revision(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    auth.login(team[0])
    assert client.put(answer_url(running), json=body("voldoet", 0)).status_code == 200
    before = stored(running)
    response = client.put(answer_url(running), json=body("voldoet", 1))
    assert (response.status_code, response.json["revision"]) == (200, 1)
    assert stored(running) == before


def test_a_stale_revision_is_a_conflict_with_what_is_stored(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    auth.login(team[0])
    first = body("voldoet_deels", 0, observation="Alleen Nederlands.")
    assert client.put(answer_url(running), json=first).status_code == 200
    before = stored(running)

    response = client.put(answer_url(running), json=body("voldoet", 0))
    assert response.status_code == 409
    assert response.json["error"] == CONFLICT
    current = response.json["detail"]["current"]
    assert {k: current[k] for k in ("item_code", "judgment", "observation", "revision")} == {
        "item_code": "INF-01",
        "judgment": "voldoet_deels",
        "observation": "Alleen Nederlands.",
        "revision": 1,
    }
    assert current["updated_by"] == team[0].name and current["problems"] == []
    assert stored(running) == before
    # A revision from the future is just as stale.
    assert client.put(answer_url(running), json=body("voldoet", 7)).status_code == 409
    assert stored(running) == before


def test_two_clients_saving_the_same_item_one_wins(
    app: Flask, client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    lead, member = team
    auth.login(lead)
    other = second_client(app, member)
    events = stored(running)[4]

    mine = client.put(answer_url(running), json=body("voldoet_niet", 0, observation="Kapot."))
    theirs = other.put(answer_url(running), json=body("voldoet", 0))

    assert (mine.status_code, theirs.status_code) == (200, 409)
    assert theirs.json["detail"]["current"]["judgment"] == "voldoet_niet"
    assert theirs.json["detail"]["current"]["updated_by"] == lead.name
    assert stored(running) == ("voldoet_niet", "Kapot.", "", 1, events + 1)

    # The loser chooses: rebuilding on revision 1 is accepted.
    retry = other.put(answer_url(running), json=body("voldoet", 1))
    assert (retry.status_code, retry.json["revision"]) == (200, 2)


def test_two_clients_saving_at_the_same_moment_one_wins(
    app: Flask, client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    """The same race with both requests in flight at once: the database decides."""
    lead, member = team
    auth.login(lead)
    clients = {"voldoet": client, "voldoet_niet": second_client(app, member)}
    events = stored(running)[4]
    start = threading.Barrier(len(clients))
    results: dict[str, Any] = {}

    def save(judgment: str, browser: FlaskClient) -> None:
        try:
            start.wait(timeout=10)
            payload = body(judgment, 0, observation="Gezien.")
            results[judgment] = browser.put(answer_url(running), json=payload)
        except Exception as error:  # reported below, not lost in the thread
            results[judgment] = error

    threads = [threading.Thread(target=save, args=item) for item in clients.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    statuses = {judgment: getattr(r, "status_code", r) for judgment, r in results.items()}
    assert sorted(statuses.values()) == [200, 409], statuses
    [winner] = [judgment for judgment, status in statuses.items() if status == 200]
    [loser] = [judgment for judgment, status in statuses.items() if status == 409]
    assert results[loser].json["detail"]["current"]["judgment"] == winner
    assert stored(running) == (winner, "Gezien.", "", 1, events + 1)


# --- a save in flight while the inspection moves on -----------------------------------------


def meanwhile(app: Flask, monkeypatch: pytest.MonkeyPatch, move: Callable[[], None]) -> None:
    """Make ``move`` happen in another session during the next save, after its checks and
    before its UPDATE: what a second request does when it lands at that moment."""
    checked = answers_module.input_problem

    def check_then_move(*args: Any) -> Any:
        with app.app_context():  # its own session and transaction, as another request has
            move()
            db.session.commit()
        return checked(*args)

    monkeypatch.setattr(answers_module, "input_problem", check_then_move)


def test_a_save_while_the_lead_submits_is_refused(
    app: Flask,
    client: FlaskClient,
    auth: Auth,
    running: Inspection,
    team: tuple[User, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, member = team
    complete_all(lead, running)
    db.session.commit()
    inspection_id, lead_id = running.id, lead.id
    auth.login(member)
    before = stored(running)

    def submit() -> None:
        inspection = db.session.get(Inspection, inspection_id)
        submit_inspection(db.session.get(User, lead_id), inspection)

    meanwhile(app, monkeypatch, submit)
    response = client.put(answer_url(running), json=body("voldoet_niet", before[3]))
    assert stored(running)[:4] == before[:4]
    assert db.session.get(Inspection, inspection_id).status == "ter_review"
    assert response.status_code in (403, 409)


def test_a_save_while_the_reviewer_finalises_is_a_conflict(
    app: Flask,
    client: FlaskClient,
    auth: Auth,
    running: Inspection,
    team: tuple[User, User],
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, member = team
    reviewer = make_user("coordinator")
    complete_all(lead, running)
    db.session.commit()
    inspection_id, lead_id, reviewer_id = running.id, lead.id, reviewer.id
    auth.login(member)
    before = stored(running)

    def submit_and_finalise() -> None:
        inspection = db.session.get(Inspection, inspection_id)
        submit_inspection(db.session.get(User, lead_id), inspection)
        finalise(db.session.get(User, reviewer_id), inspection)

    meanwhile(app, monkeypatch, submit_and_finalise)
    response = client.put(answer_url(running), json=body("voldoet_niet", before[3]))
    assert stored(running)[:4] == before[:4]  # the database refused it
    assert db.session.get(Inspection, inspection_id).status == "vastgesteld"
    assert response.status_code == 409, response.get_data(as_text=True)


NOT_AN_OBJECT = "Stuur een JSON-object met judgment, observation, reason en revision."
NO_REVISION = (
    "'revision' (de revisie waarop u voortbouwt) is verplicht: een geheel getal, 0 voor een "
    "nieuw antwoord."
)
FORM = "application/x-www-form-urlencoded"

# fmt: off
BAD_BODIES = [  # (id, arguments of the PUT, the error)
    ("form-data", {"data": "judgment=voldoet&revision=0", "content_type": FORM}, NOT_AN_OBJECT),
    ("broken-json", {"data": '{"judgment": ', "content_type": "application/json"}, NOT_AN_OBJECT),
    ("json-list", {"json": [body()]}, NOT_AN_OBJECT),
    ("json-string", {"json": "voldoet"}, NOT_AN_OBJECT),
    ("unknown-field", {"json": body(note="extra")}, "Onbekende velden: note."),
    ("missing-revision", {"json": {"judgment": "voldoet"}}, NO_REVISION),
    ("null-revision", {"json": body(revision=None)}, NO_REVISION),
    ("negative-revision", {"json": body(revision=-1)}, NO_REVISION),
    ("boolean-revision", {"json": body(revision=False)}, NO_REVISION),
    ("true-revision", {"json": body(revision=True)}, NO_REVISION),
    ("text-revision", {"json": body(revision="0")}, NO_REVISION),
    ("float-revision", {"json": body(revision=0.0)}, NO_REVISION),
    ("number-judgment", {"json": body(judgment=1)}, "'judgment' moet tekst of null zijn."),
    ("list-observation", {"json": body(observation=["Gezien."])}, "'observation' moet tekst zijn."),
    ("null-reason", {"json": body(reason=None)}, "'reason' moet tekst zijn."),
]
# fmt: on


@pytest.mark.parametrize(
    ("request_args", "message"),
    [case[1:] for case in BAD_BODIES],
    ids=[case[0] for case in BAD_BODIES],
)
def test_autosave_refuses_a_malformed_request(
    client: FlaskClient,
    auth: Auth,
    running: Inspection,
    team: tuple[User, User],
    request_args: dict[str, Any],
    message: str,
) -> None:
    auth.login(team[0])
    before = stored(running)
    response = client.put(answer_url(running), **request_args)
    assert (response.status_code, response.json["error"]) == (400, message)
    assert stored(running) == before


def test_autosave_names_unknown_fields(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    auth.login(team[0])
    response = client.put(answer_url(running), json=body(note="x", extra=1))
    assert response.json == {
        "error": "Onbekende velden: extra, note.",
        "detail": {"unknown": ["extra", "note"]},
    }


UNSTORABLE = {
    "unknown-judgment": (
        body("goed"),
        "Onbekend oordeel 'goed'; kies uit voldoet, voldoet_deels, voldoet_niet, "
        "niet_van_toepassing, niet_beoordeeld.",
    ),
    "observation-too-long": (
        body(observation="x" * 10_001),
        "De waarneming is te lang (10001 tekens; hoogstens 10000).",
    ),
    "nul": (body("niet_beoordeeld", reason="a\x00"), "De reden bevat een ongeldig teken (NUL)."),
}


@pytest.mark.parametrize(("payload", "message"), UNSTORABLE.values(), ids=list(UNSTORABLE))
def test_autosave_refuses_what_it_cannot_store(
    client: FlaskClient,
    auth: Auth,
    running: Inspection,
    team: tuple[User, User],
    payload: dict[str, Any],
    message: str,
) -> None:
    auth.login(team[0])
    before = stored(running)
    response = client.put(answer_url(running), json=payload)
    assert (response.status_code, response.json) == (422, {"error": message, "detail": None})
    assert stored(running) == before


@pytest.mark.parametrize("code", ["VGE-01", "AMV-01", "BESTAAT-NIET"])
def test_autosave_of_an_item_not_in_the_inspection_is_not_found(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User], code: str
) -> None:
    auth.login(team[0])
    response = client.put(answer_url(running, code), json=body())
    assert response.status_code == 404
    assert response.json["error"] == f"Toetspunt {code} hoort niet bij deze inspectie."


def test_autosave_of_an_unknown_inspection_is_not_found(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    auth.login(team[0])
    response = client.put(f"{URL}/{running.id + 1000}/answers/INF-01", json=body())
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("inspecteur", {"error": NOT_A_MEMBER, "detail": None}),
        ("coordinator", {"error": NOT_A_MEMBER, "detail": None}),
        ("beheerder", ROLE_REFUSED),
        ("ketenpartner", ROLE_REFUSED),
    ],
)
def test_autosave_by_someone_outside_the_team_is_forbidden(
    client: FlaskClient,
    auth: Auth,
    running: Inspection,
    make_user: Callable[..., User],
    role: str,
    expected: dict[str, Any],
) -> None:
    organisation = running.location.operator if role == "ketenpartner" else None
    auth.login(make_user(role, organisation=organisation))
    before = stored(running)
    response = client.put(answer_url(running), json=body())
    assert (response.status_code, response.json) == (403, expected)
    assert stored(running) == before


def test_autosave_needs_a_login(client: FlaskClient, running: Inspection) -> None:
    before = stored(running)
    response = client.put(answer_url(running), json=body())
    assert response.status_code == 401
    assert stored(running) == before


@pytest.mark.parametrize("status", ["gepland", "ter_review"])
def test_autosave_outside_in_uitvoering_is_forbidden_to_the_team(
    client: FlaskClient, auth: Auth, make_inspection, team: tuple[User, User], status: str
) -> None:
    inspection = make_inspection(status, lead=team[0], members=(team[1],))
    auth.login(team[1])
    before = stored(inspection)
    response = client.put(answer_url(inspection), json=body("voldoet_niet", before[3]))
    assert (response.status_code, response.json["error"]) == (403, NOT_A_MEMBER)
    assert stored(inspection) == before


def test_autosave_of_a_final_inspection_is_a_conflict(
    client: FlaskClient, auth: Auth, make_inspection, team: tuple[User, User]
) -> None:
    inspection = make_inspection("vastgesteld", lead=team[0], members=(team[1],))
    auth.login(team[0])
    before = stored(inspection)
    response = client.put(answer_url(inspection), json=body("voldoet_niet", before[3]))
    assert (response.status_code, response.json) == (409, {"error": FINAL, "detail": None})
    assert stored(inspection) == before


# --- tokens and CSRF --------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_login(client: FlaskClient, user: User) -> str:
    """Log in through the form with its CSRF token; returns the token pages carry."""
    page = client.get("/inloggen").get_data(as_text=True)
    token = CSRF_FIELD.search(page)
    assert token is not None
    response = client.post(
        "/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": token[1]}
    )
    assert response.status_code == 302
    meta = CSRF_META.search(client.get("/").get_data(as_text=True))
    assert meta is not None
    return meta[1]


@pytest.mark.csrf
def test_autosave_with_a_bearer_token_needs_no_csrf_token(
    client: FlaskClient, running: Inspection, team: tuple[User, User]
) -> None:
    token = issue_token(None, team[1])
    db.session.commit()
    response = client.put(
        answer_url(running), json=body(), headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.json
    assert (response.json["revision"], response.json["updated_by"]) == (1, team[1].name)
    assert stored(running)[:4] == ("voldoet", "", "", 1)


@pytest.mark.csrf
def test_autosave_with_a_session_needs_a_csrf_token(
    client: FlaskClient, running: Inspection, team: tuple[User, User]
) -> None:
    csrf = csrf_login(client, team[0])
    before = stored(running)
    response = client.put(answer_url(running), json=body())
    assert response.status_code == 400
    assert response.json["error"].startswith("Het formulier is verlopen of ongeldig (CSRF")
    assert stored(running) == before

    response = client.put(answer_url(running), json=body(), headers={"X-CSRFToken": csrf})
    assert (response.status_code, response.json["revision"]) == (200, 1)


def test_answers_in_the_database_match_the_api(
    client: FlaskClient, auth: Auth, running: Inspection, team: tuple[User, User]
) -> None:
    """What a PUT stores is what the database holds, per item, and nothing else moves."""
    auth.login(team[0])
    db.session.rollback()
    untouched = {
        a.id: a.revision
        for a in db.session.scalars(select(Answer).where(Answer.inspection_id == running.id))
    }
    client.put(answer_url(running, "INF-02"), json=body("voldoet_deels", 0, observation="Oud."))
    db.session.rollback()
    changed = find_answer(running, "INF-02")
    assert changed is not None and changed.revision == 1
    rows = db.session.scalars(select(Answer).where(Answer.inspection_id == running.id))
    assert {a.id: a.revision for a in rows} == untouched | {changed.id: 1}
