"""Plan screens and API: what they show, forms that fail (422, 409), refusals (flash and
redirect), evidence files, and another organisation's plans hidden on every route (404)."""

import io
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from inspectie.auth.models import User
from inspectie.db import today
from inspectie.extensions import db
from inspectie.plans.actions import update_action
from inspectie.plans.evidence import store_action_evidence
from inspectie.plans.models import ActionEvidence, ImprovementPlan, PlanAction
from inspectie.plans.services import submit_plan
from tests.conftest import PASSWORD, page_text
from tests.plans.conftest import PDF, Scene
from tests.plans.test_plan_services import action_data as _data

MakePlan = Callable[..., ImprovementPlan]


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], FlaskClient]:
    def log_in(user: User) -> FlaskClient:
        client.post("/uitloggen")
        response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        client.get("/")  # shows (and so clears) any message the log-out left
        return client

    return log_in


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def fresh(plan: ImprovementPlan) -> ImprovementPlan:
    db.session.rollback()  # see what the requests committed
    reloaded = db.session.get(ImprovementPlan, plan.id)
    assert reloaded is not None
    return reloaded


# --- the screens ------------------------------------------------------------------------------


def test_operator_creates_a_plan(scene: Scene, login: Callable[[User], FlaskClient]) -> None:
    client = login(scene.keten)
    page = client.get("/verbeterplannen/nieuw")
    assert "azc Vertrouwelijk" in body(page) and "azc Zuid" not in body(page)
    bad = client.post("/verbeterplannen/nieuw", data={"title": "", "location_id": "0"})
    assert bad.status_code == 422
    assert re.search(r'id="title-error">[^<]*Titel is verplicht', body(bad))
    foreign = client.post(
        "/verbeterplannen/nieuw",
        data={"title": "Plan", "location_id": str(scene.foreign_location.id)},
    )
    assert foreign.status_code == 422  # not one of the choices
    ok = client.post(
        "/verbeterplannen/nieuw", data={"title": "Plan", "location_id": str(scene.location.id)}
    )
    assert ok.status_code == 302
    plan = db.session.scalars(select(ImprovementPlan)).one()
    assert ok.headers["Location"] == f"/verbeterplannen/{plan.id}"
    assert plan.location_id == scene.location.id and plan.organisation_id == scene.operator.id


def test_plan_page_shows_goals_findings_actions_and_progress(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    plan = make_plan(actions=2)
    late, other = plan.goals[0].actions
    update_action(scene.keten, late, _data(late, deadline=today() - timedelta(days=3)))
    update_action(scene.keten, other, _data(other, status="afgerond"))
    db.session.commit()
    page = body(login(scene.users["inspecteur"]).get(f"/verbeterplannen/{plan.id}"))
    finding = scene.findings[0]
    assert f'href="/bevindingen/{finding.id}"' in page
    assert "Termijn verstreken" in page
    assert "50% (1 van 2 maatregelen afgerond)" in page
    assert "Maatregelen over de termijn (1)" in page
    assert "Beoordelen" not in page  # concept: nothing to assess yet
    assert "Indienen bij de inspectie" not in page
    own = body(login(scene.keten).get(f"/verbeterplannen/{plan.id}"))
    assert "Indienen bij de inspectie" in own and "Doel toevoegen" in own


def test_stale_edit_answers_409(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    plan = make_plan()
    client = login(scene.keten)
    form = {"title": "Eerste", "description": "", "location_id": str(scene.location.id)}
    assert (
        client.post(
            f"/verbeterplannen/{plan.id}/bewerken", data=form | {"revision": "1"}
        ).status_code
        == 302
    )
    stale = client.post(
        f"/verbeterplannen/{plan.id}/bewerken", data=form | {"title": "Tweede", "revision": "1"}
    )
    assert stale.status_code == 409
    assert "intussen door iemand anders gewijzigd" in body(stale)
    assert fresh(plan).title == "Eerste"


def test_assessment_through_the_screen(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    plan = make_plan()
    client = login(scene.keten)
    assert client.post(f"/verbeterplannen/{plan.id}/indienen").status_code == 302
    assert fresh(plan).status == "ingediend"
    assert scene.findings[0].status == "plan_ingediend"

    client = login(scene.users["coordinator"])
    page = body(client.get(f"/verbeterplannen/{plan.id}"))
    assert "Beoordeling vastleggen" in page
    missing = client.post(
        f"/verbeterplannen/{plan.id}/beoordelen", data={"decision": "te_herzien", "reason": ""}
    )
    assert missing.status_code == 422
    assert re.search(r'id="reason-error">[^<]*Geef de reden', body(missing))
    ok = client.post(
        f"/verbeterplannen/{plan.id}/beoordelen",
        data={"decision": "te_herzien", "reason": "Maak doel 1 meetbaar."},
    )
    assert ok.status_code == 302
    plan = fresh(plan)
    assert plan.status == "te_herzien" and plan.assessment_reason == "Maak doel 1 meetbaar."
    shown = body(client.get(f"/verbeterplannen/{plan.id}"))
    assert "Maak doel 1 meetbaar." in shown and "Beoordeling vastleggen" not in shown


def test_refusals_flash_and_redirect(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    plan = make_plan()
    goal = plan.goals[0]
    client = login(scene.keten)
    moved = client.post(
        f"/verbeterplannen/{plan.id}/doelen/{goal.id}/verplaatsen", data={"direction": "omhoog"}
    )
    assert moved.status_code == 302
    assert "Dit doel staat al bovenaan." in body(client.get(moved.headers["Location"]))
    linked = client.post(
        f"/verbeterplannen/{plan.id}/doelen/{goal.id}/bevindingen",
        data={"finding_id": str(scene.foreign_findings[0].id)},
    )
    assert linked.status_code == 302
    assert linked.headers["Location"] == f"/verbeterplannen/{plan.id}/doelen/{goal.id}"
    assert "eigen organisatie" in body(client.get(linked.headers["Location"]))
    assert [f.id for f in fresh(plan).goals[0].findings] == [scene.findings[0].id]


def test_report_solved_from_the_goal_page(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    plan = make_plan()
    goal = plan.goals[0]
    action = goal.actions[0]
    finding = scene.findings[0]
    submit_plan(scene.keten, plan)
    update_action(scene.keten, action, _data(action, status="in_uitvoering", progress=50))
    db.session.commit()
    assert finding.status == "in_uitvoering"
    client = login(scene.keten)
    url = f"/verbeterplannen/{plan.id}/doelen/{goal.id}"
    assert f"Bevinding {finding.id} melden als opgelost" in body(client.get(url))
    empty = client.post(
        f"{url}/bevindingen/{finding.id}/opgelost", data={f"f{finding.id}-text": ""}
    )
    assert empty.status_code == 422
    done = client.post(
        f"{url}/bevindingen/{finding.id}/opgelost",
        data={f"f{finding.id}-text": "Sloten vervangen."},
    )
    assert done.status_code == 302
    fresh(plan)
    assert db.session.get(type(finding), finding.id).status == "gemeld_opgelost"  # type: ignore[union-attr]


def test_action_edit_and_evidence(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    plan = make_plan()
    action = plan.goals[0].actions[0]
    client = login(scene.keten)
    url = f"/verbeterplannen/{plan.id}/maatregelen/{action.id}"
    form = {
        "description": action.description,
        "owner": action.owner,
        "deadline": action.deadline.isoformat(),
        "status": "afgerond",
        "progress": "10",
        "evidence_note": "Zie foto.",
        "revision": str(action.revision),
    }
    assert client.post(f"{url}/bewerken", data=form).status_code == 302
    db.session.rollback()
    assert db.session.get(PlanAction, action.id).progress == 100  # type: ignore[union-attr]
    bad = client.post(f"{url}/bewerken", data=form | {"progress": "150"})
    assert bad.status_code == 422

    refused = client.post(
        f"{url}/bewijs", data={"file": (io.BytesIO(b"MZ not a pdf"), "virus.pdf")}
    )
    assert refused.status_code == 302
    assert "geen JPEG, PNG of PDF" in body(client.get(refused.headers["Location"]))
    assert (
        client.post(f"{url}/bewijs", data={"file": (io.BytesIO(PDF), "verslag.pdf")}).status_code
        == 302
    )
    evidence = db.session.scalars(select(ActionEvidence)).one()
    assert evidence.original_name == "verslag.pdf"
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", evidence.stored_name)
    download = login(scene.users["beheerder"]).get(
        f"/verbeterplannen/{plan.id}/bewijs/{evidence.id}"
    )
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Security-Policy"].endswith("sandbox")
    assert download.headers["Cache-Control"] == "private, no-store"
    download.close()
    # Another plan's id in the URL does not reach this file.
    other = make_plan()
    assert client.get(f"/verbeterplannen/{other.id}/bewijs/{evidence.id}").status_code == 404


# --- another organisation: 404 everywhere, nothing in lists -----------------------------------


@pytest.fixture
def full_plan(scene: Scene, make_plan: MakePlan) -> ImprovementPlan:
    plan = make_plan()
    store_action_evidence(scene.keten, plan.goals[0].actions[0], "verslag.pdf", PDF)
    db.session.commit()
    return plan


def plan_routes(app: Flask) -> list[tuple[str, str, bool]]:
    """(rule, method, whether a ketenpartner may use it) of every route naming a plan."""
    return sorted(
        (
            rule.rule,
            method,
            "ketenpartner" in app.view_functions[rule.endpoint].allowed_roles,
        )
        for rule in app.url_map.iter_rules()
        if "<int:plan_id>" in rule.rule
        for method in (rule.methods or set()) & {"GET", "POST"}
    )


def test_every_plan_route_is_covered(app: Flask) -> None:
    assert len(plan_routes(app)) == 24  # with the progress report's download


def _path(rule: str, plan: ImprovementPlan, scene: Scene, plan_id: int | None = None) -> str:
    goal = plan.goals[0]
    evidence = db.session.scalars(select(ActionEvidence.id)).first()
    values = {
        "plan_id": plan_id if plan_id is not None else plan.id,
        "goal_id": goal.id,
        "action_id": goal.actions[0].id,
        "finding_id": scene.findings[0].id,
        "action_evidence_id": evidence,
    }
    for name, value in values.items():
        rule = rule.replace(f"<int:{name}>", str(value))
    return rule


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_organisation_gets_404_on_every_plan_route(
    app: Flask,
    scene: Scene,
    full_plan: ImprovementPlan,
    login: Callable[[User], FlaskClient],
    method: str,
) -> None:
    client = login(scene.users["andere"])
    for rule, allowed, operator_may in plan_routes(app):
        if allowed != method:
            continue
        foreign = client.open(_path(rule, full_plan, scene), method=method, data={"x": "1"})
        missing = client.open(_path(rule, full_plan, scene, 999_999), method=method)
        # The assessment is not a ketenpartner's screen at all: 403 before any lookup.
        assert foreign.status_code == (404 if operator_may else 403), rule
        assert missing.status_code == foreign.status_code, rule
        text = body(foreign)
        assert "azc Vertrouwelijk" not in text and "Herstelplan" not in text
        if not operator_may:
            continue
        if rule.startswith("/api/"):
            assert foreign.json == {
                "error": "Verbeterplan niet gevonden.",
                "detail": {"id": full_plan.id},
            }
        else:
            assert page_text(foreign) == page_text(missing)
    assert fresh(full_plan).title == "Herstelplan"


def test_another_organisation_lists_nothing(
    scene: Scene, full_plan: ImprovementPlan, login: Callable[[User], FlaskClient]
) -> None:
    client = login(scene.users["andere"])
    assert "0 verbeterplannen gevonden" in body(client.get("/verbeterplannen/"))
    for query in ("", f"?organisation={scene.operator.id}", f"?location={scene.location.id}"):
        page = client.get(f"/verbeterplannen/{query}")
        assert "Herstelplan" not in body(page)
        # The other organisation and its location are no choice: refused as unknown ones.
        assert page.status_code == (400 if query else 200)
        api = client.get(f"/api/v1/plans{query}")
        assert api.json["items"] == [] and api.json["total"] == 0
    own = body(login(scene.keten).get("/verbeterplannen/"))
    assert "Herstelplan" in own


# --- the API ----------------------------------------------------------------------------------


def test_api_list_and_filters(
    scene: Scene, make_plan: MakePlan, login: Callable[[User], FlaskClient]
) -> None:
    located = make_plan()
    wide = make_plan(location=None, title="Landelijk")
    submit_plan(scene.keten, wide)
    db.session.commit()
    client = login(scene.users["beheerder"])
    listed = client.get("/api/v1/plans").json
    assert [p["id"] for p in listed["items"]] == [wide.id, located.id]
    assert listed["items"][0]["location"] is None
    assert listed["items"][1]["location"] == {"id": scene.location.id, "name": "azc Vertrouwelijk"}
    assert listed["items"][1]["progress"] == {"percent": 0, "done": 0, "total": 1}
    by_status = client.get("/api/v1/plans?status=ingediend").json["items"]
    assert [p["id"] for p in by_status] == [wide.id]
    by_location = client.get(f"/api/v1/plans?location={scene.location.id}").json["items"]
    assert [p["id"] for p in by_location] == [located.id]
    assert client.get(f"/api/v1/plans?organisation={scene.other.id}").json["total"] == 0
    for query, message in (
        ("?kleur=rood", "Onbekende parameter(s): kleur."),
        ("?status=klaar", "Onbekende waarde voor 'status': 'klaar'."),
        ("?organisation=abc", "'organisation' moet een id (geheel getal) zijn."),
        ("?location=99999999999", "'location' moet een id (geheel getal) zijn."),
        ("?per_page=0", "'per_page' moet een positief geheel getal zijn."),
    ):
        response = client.get(f"/api/v1/plans{query}")
        assert response.status_code == 400, query
        assert response.json["error"] == message


def test_api_plan(
    scene: Scene, full_plan: ImprovementPlan, login: Callable[[User], FlaskClient]
) -> None:
    client = login(scene.keten)
    data = client.get(f"/api/v1/plans/{full_plan.id}").json
    assert data["title"] == "Herstelplan" and data["status"] == "concept"
    assert data["assessment"] is None and data["updates"] == []
    (goal,) = data["goals"]
    assert goal["position"] == 1 and goal["title"] == "Doel 1"
    finding = scene.findings[0]
    assert goal["findings"] == [
        {
            "id": finding.id,
            "status": "open",
            "deadline": finding.deadline.isoformat(),
            "is_overdue": finding.is_overdue(today()),
        }
    ]
    (action,) = goal["actions"]
    assert action["status"] == "gepland" and action["progress"] == 0
    (file,) = action["evidence"]
    assert file["name"] == "verslag.pdf"
    assert file["url"] == f"/verbeterplannen/{full_plan.id}/bewijs/{file['id']}"
    assert client.get(f"/api/v1/plans/{full_plan.id}?x=1").status_code == 400


CSRF_FIELD = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


@pytest.mark.csrf
def test_plan_forms_carry_their_csrf_token(
    scene: Scene, make_plan: MakePlan, client: FlaskClient
) -> None:
    plan = make_plan(goals=2)
    login_page = body(client.get("/inloggen"))
    token = CSRF_FIELD.search(login_page)
    assert token is not None
    client.post(
        "/inloggen",
        data={"email": scene.keten.email, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    page = body(client.get(f"/verbeterplannen/{plan.id}"))
    second = plan.goals[1]
    move = re.search(
        rf'action="/verbeterplannen/{plan.id}/doelen/{second.id}/verplaatsen">(.*?)</form>', page
    )
    assert move is not None
    field = CSRF_FIELD.search(move.group(1))
    assert field is not None
    url = f"/verbeterplannen/{plan.id}/doelen/{second.id}/verplaatsen"
    assert client.post(url, data={"direction": "omhoog"}).status_code == 400
    moved = client.post(url, data={"direction": "omhoog", "csrf_token": field.group(1)})
    assert moved.status_code == 302
    assert [g.title for g in fresh(plan).goals] == ["Doel 2", "Doel 1"]
    goal_page = body(client.get(f"/verbeterplannen/{plan.id}/doelen/{second.id}"))
    assert goal_page.count('name="csrf_token"') >= 1
