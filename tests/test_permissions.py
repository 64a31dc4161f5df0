"""The access policy of the foundation, checked route by route and role by role.

``POLICY`` below is the policy: every route (and both methods) with who may use it. The matrix
test derives from it what each kind of visitor must get; ``test_every_route_is_in_the_policy``
walks the URL map so that a new route cannot slip in without a line here. Then: object-level
checks (a ketenpartner asking for another organisation's location by id) and CSRF.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import User
from inspectie.auth.services import issue_token
from inspectie.checklists.services import import_from_paths
from inspectie.extensions import db
from inspectie.inspections.answers import find_answer
from inspectie.inspections.evidence import store_evidence
from inspectie.inspections.review import finalise
from inspectie.inspections.services import (
    Plan,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from tests.checklists.conftest import V1, V2
from tests.conftest import (
    PASSWORD,
    create_inspectorate,
    location_factory,
    org_factory,
    snapshot_when,
    user_factory,
)
from tests.inspections.conftest import complete_all
from tests.policy import (
    findings,
    followup,
    plans,
    reports,
    supervision,
    trends,
    trends_dashboard,
)
from tests.policy.base import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR,
    EVERYONE,
    EVIDENCE_PDF,
    GUESTS,
    MANAGERS,
    NOBODY,
    OTHER_KETENPARTNER,
    ROLE,
    STAFF,
    TEAM,
    VISITORS,
    Route,
    World,
    WorldIds,
    junk,
)
from tests.template_db import Databases, Serials, Snapshot

# Each feature's module adds its policy lines and the objects they act on.
FEATURES = (findings, plans, supervision, followup, reports, trends, trends_dashboard)


def write_checklists(folder: Path) -> Path:
    """The checklist files of the world's versions (the import button finds them present)."""
    folder.mkdir()
    for name, text in (("proef-1.yaml", V1), ("proef-2.yaml", V2)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_world(serials: Serials, checklists: Path) -> WorldIds:
    """Make the world's objects through the services, in the current app's database."""
    make_org = org_factory(serials)
    inspectorate = create_inspectorate(make_org)
    make_user = user_factory(serials, inspectorate, make_org)
    make_location = location_factory(serials, make_org)
    operator = make_org("COA Noord", "coa")
    other = make_org("COA Zuid", "coa")
    location = make_location(operator, name="azc Vertrouwelijk")
    subject = make_user("inspecteur", email="onderwerp@example.org")
    users = {
        "beheerder": make_user("beheerder"),
        "coordinator": make_user("coordinator"),
        "inspecteur": make_user("inspecteur"),
        "ketenpartner": make_user("ketenpartner", organisation=operator),
        OTHER_KETENPARTNER: make_user("ketenpartner", organisation=other),
    }
    # The checklist routes need an imported checklist.
    versions = [outcome.version for outcome in import_from_paths(None, [checklists])]
    team = Plan(
        location,
        "regulier",
        date(2025, 3, 1),
        lead=users["inspecteur"],
        members=(users["coordinator"],),
        version=versions[0],
    )
    inspection = plan_inspection(users["coordinator"], team)
    start_inspection(users["inspecteur"], inspection)
    answer = find_answer(inspection, "INF-01")
    assert answer is not None
    evidence = store_evidence(users["inspecteur"], inspection, answer, "rapport.pdf", EVIDENCE_PDF)
    db.session.commit()
    world = World(inspectorate, operator, other, location, subject, users)
    world.inspection_id, world.item_code, world.evidence_id = inspection.id, "INF-01", evidence.id
    # A final inspection of the same location, every item judged voldoet_niet where it may be,
    # reviewed by the coordinator (who was not on its team): its findings belong to the operator.
    final = plan_inspection(
        users["coordinator"],
        Plan(location, "regulier", date(2025, 2, 1), lead=users["inspecteur"], version=versions[0]),
    )
    start_inspection(users["inspecteur"], final)
    complete_all(users["inspecteur"], final, "voldoet_niet")
    submit_inspection(users["inspecteur"], final)
    raised = finalise(users["coordinator"], final)
    db.session.commit()
    world.ids["final_inspection_id"] = final.id
    world.ids["finding_id"] = raised[0].id
    for feature in FEATURES:
        feature.populate(world)
    db.session.commit()
    return world.to_ids()


@dataclass(frozen=True)
class WorldTemplate:
    snapshot: Snapshot  # the world's database and files
    ids: WorldIds


@pytest.fixture(scope="session")
def world_template(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> WorldTemplate:
    """The world, built once per session rather than for each of the matrix's ~900 cases."""
    checklists = write_checklists(tmp_path_factory.mktemp("world") / "checklists")
    snapshot, ids = databases.capture(
        "world", lambda serials: build_world(serials, checklists), start=databases.empty
    )
    return WorldTemplate(snapshot, ids)


# A test that uses the world starts from a private copy of the world's database, files and
# factory numbering; any other test from an empty schema.
database_snapshot = snapshot_when("world", template="world_template")


@pytest.fixture
def world(app: Flask, tmp_path: Path, world_template: WorldTemplate) -> World:
    app.config["CHECKLISTS_DIR"] = str(write_checklists(tmp_path / "checklists"))
    return world_template.ids.load()


@pytest.fixture
def inspectorate(world: World) -> Organisation:
    """The world's: users a test makes next to the world join it, as the world's users did."""
    return world.inspectorate


# --- the policy -------------------------------------------------------------------------------


def location_form(world: World) -> dict[str, Any]:
    return {
        "name": "azc Nieuw",
        "operator_id": world.operator.id,
        "operator_type": "coa",
        "modality": "azc",
        "capacity": "120",
        "municipality": "Emmen",
        "province": "drenthe",
        "status": "open",
    }


def location_change(world: World) -> dict[str, Any]:
    return location_form(world) | {"name": "azc Vertrouwelijk (gewijzigd)"}


def import_file(world: World) -> dict[str, Any]:
    csv = (
        "naam,exploitant,type_exploitant,modaliteit,capaciteit,gemeente,provincie\n"
        f"azc Geimporteerd,{world.operator.name},coa,azc,200,Emmen,drenthe\n"
    )
    return {"file": (io.BytesIO(csv.encode()), "locaties.csv")}


def user_form(world: World) -> dict[str, Any]:
    return {
        "email": "nieuw@example.org",
        "name": "Nieuwe Inspecteur",
        "role": "inspecteur",
        "organisation_id": world.inspectorate.id,
        "password": PASSWORD,
        "confirm": PASSWORD,
    }


POLICY = [
    # Start page
    Route("GET", "/", EVERYONE),
    Route("POST", "/", NOBODY, 405),
    # Log-in and log-out
    Route("GET", "/inloggen", GUESTS),
    Route("POST", "/inloggen", GUESTS, 422, data=junk),
    Route("GET", "/uitloggen", NOBODY, 405),
    Route("POST", "/uitloggen", EVERYONE, 302, goes_to="/inloggen"),
    # Locations: everyone reads (a ketenpartner only their own), managers write
    Route("GET", "/locaties/", EVERYONE),
    Route("POST", "/locaties/", NOBODY, 405),
    Route("GET", "/locaties/<int:location_id>", EVERYONE, scoped=True),
    Route("POST", "/locaties/<int:location_id>", NOBODY, 405),
    Route("GET", "/locaties/nieuw", MANAGERS),
    Route("POST", "/locaties/nieuw", MANAGERS, 302, r"/locaties/\d+", writes=True,
          data=location_form),
    Route("GET", "/locaties/<int:location_id>/bewerken", MANAGERS, scoped=True),
    Route("POST", "/locaties/<int:location_id>/bewerken", MANAGERS, 302, r"/locaties/\d+",
          scoped=True, writes=True, data=location_change),
    Route("GET", "/locaties/importeren", MANAGERS),
    Route("POST", "/locaties/importeren", MANAGERS, 302, "/locaties/", writes=True,
          data=import_file),
    # Administration: beheerder only
    Route("GET", "/beheer/gebruikers", ADMIN),
    Route("POST", "/beheer/gebruikers", NOBODY, 405),
    Route("GET", "/beheer/gebruikers/nieuw", ADMIN),
    Route("POST", "/beheer/gebruikers/nieuw", ADMIN, 302, r"/beheer/gebruikers/\d+",
          writes=True, data=user_form),
    Route("GET", "/beheer/gebruikers/<int:user_id>", ADMIN),
    Route("POST", "/beheer/gebruikers/<int:user_id>", NOBODY, 405),
    Route("GET", "/beheer/gebruikers/<int:user_id>/rol", NOBODY, 405),
    Route("POST", "/beheer/gebruikers/<int:user_id>/rol", ADMIN, 302, r"/beheer/gebruikers/\d+",
          writes=True, data=lambda world: {"role": "coordinator"}),
    Route("GET", "/beheer/gebruikers/<int:user_id>/actief", NOBODY, 405),
    Route("POST", "/beheer/gebruikers/<int:user_id>/actief", ADMIN, 302,
          r"/beheer/gebruikers/\d+", writes=True, data=lambda world: {}),
    Route("GET", "/beheer/organisaties", ADMIN),
    Route("POST", "/beheer/organisaties", ADMIN, 302, "/beheer/organisaties", writes=True,
          data=lambda world: {"name": "Gemeente Nieuwdorp", "kind": "gemeente"}),
    # API (read-only so far)
    # checklists
    Route("GET", "/normenkaders/", EVERYONE),
    Route("POST", "/normenkaders/", NOBODY, 405),
    Route("GET", "/normenkaders/importeren", NOBODY, 405),
    Route("POST", "/normenkaders/importeren", ADMIN, 302, "/normenkaders/"),
    Route("GET", "/normenkaders/zoeken", EVERYONE),
    Route("POST", "/normenkaders/zoeken", NOBODY, 405),
    Route("GET", "/normenkaders/<code>/<version>", EVERYONE),
    Route("POST", "/normenkaders/<code>/<version>", NOBODY, 405),
    Route("GET", "/normenkaders/<code>/verschil", EVERYONE, 302,
          r"/normenkaders/proef/verschil\?van=1\.0&naar=2\.0"),
    Route("POST", "/normenkaders/<code>/verschil", NOBODY, 405),
    Route("GET", "/api/v1/checklists", EVERYONE),
    Route("POST", "/api/v1/checklists", NOBODY, 405),
    Route("GET", "/api/v1/checklists/<code>/<version>", EVERYONE),
    Route("POST", "/api/v1/checklists/<code>/<version>", NOBODY, 405),
    Route("GET", "/api/v1/locations", EVERYONE),
    Route("POST", "/api/v1/locations", NOBODY, 405),
    Route("GET", "/api/v1/locations/<int:location_id>", EVERYONE, scoped=True),
    Route("POST", "/api/v1/locations/<int:location_id>", NOBODY, 405),
    # Inspections. The world's inspection is in_uitvoering, led by the inspecteur with the
    # coordinator on the team: so nobody may review it (four eyes), and refused transitions
    # answer with a flash and a redirect to the inspection.
    Route("GET", "/inspecties/", EVERYONE),
    Route("POST", "/inspecties/", NOBODY, 405),
    Route("GET", "/inspecties/plannen", COORDINATOR),
    Route("POST", "/inspecties/plannen", COORDINATOR, 422, data=junk),
    Route("GET", "/inspecties/<int:inspection_id>", EVERYONE, unfinished=True),
    Route("POST", "/inspecties/<int:inspection_id>", NOBODY, 405),
    Route("GET", "/inspecties/<int:inspection_id>/starten", NOBODY, 405),
    Route("POST", "/inspecties/<int:inspection_id>/starten", TEAM, 302, r"/inspecties/\d+",
          unfinished=True),
    Route("GET", "/inspecties/<int:inspection_id>/thema/<theme_code>", STAFF, unfinished=True),
    Route("POST", "/inspecties/<int:inspection_id>/thema/<theme_code>", STAFF, data=junk,
          unfinished=True),
    Route("GET", "/inspecties/<int:inspection_id>/indienen", NOBODY, 405),
    Route("POST", "/inspecties/<int:inspection_id>/indienen", TEAM, 302, r"/inspecties/\d+",
          unfinished=True),
    Route("GET", "/inspecties/<int:inspection_id>/review", COORDINATOR, 403),  # four eyes
    Route("POST", "/inspecties/<int:inspection_id>/review", NOBODY, 405),
    Route("GET", "/inspecties/<int:inspection_id>/review/<item_code>", NOBODY, 405),
    Route("POST", "/inspecties/<int:inspection_id>/review/<item_code>", COORDINATOR, 302,
          r"/inspecties/\d+/review", data=junk, unfinished=True),
    Route("GET", "/inspecties/<int:inspection_id>/terugsturen", NOBODY, 405),
    Route("POST", "/inspecties/<int:inspection_id>/terugsturen", COORDINATOR, 302,
          r"/inspecties/\d+/review", data=junk, unfinished=True),
    Route("GET", "/inspecties/<int:inspection_id>/vaststellen", NOBODY, 405),
    Route("POST", "/inspecties/<int:inspection_id>/vaststellen", COORDINATOR, 302,
          r"/inspecties/\d+", unfinished=True),
    Route("GET", "/api/v1/inspections", EVERYONE),
    Route("POST", "/api/v1/inspections", NOBODY, 405),
    Route("GET", "/api/v1/inspections/<int:inspection_id>", EVERYONE, unfinished=True),
    Route("POST", "/api/v1/inspections/<int:inspection_id>", NOBODY, 405),
    Route("GET", "/api/v1/inspections/<int:inspection_id>/answers/<item_code>", NOBODY, 405),
    Route("POST", "/api/v1/inspections/<int:inspection_id>/answers/<item_code>", NOBODY, 405),
    # A PUT without a JSON body: the team gets 400 (what to send), everyone else no further.
    Route("PUT", "/api/v1/inspections/<int:inspection_id>/answers/<item_code>", TEAM, 400,
          unfinished=True),
    # Evidence files: the team adds and deletes them; whoever sees the inspection downloads
    Route("GET", "/inspecties/<int:inspection_id>/toetspunten/<item_code>/bewijs", NOBODY, 405),
    Route("POST", "/inspecties/<int:inspection_id>/toetspunten/<item_code>/bewijs", TEAM, 302,
          r"/inspecties/\d+", writes=True,
          data=lambda world: {"file": (io.BytesIO(EVIDENCE_PDF), "verslag.pdf")}),
    Route("GET", "/bewijs/<int:evidence_id>", EVERYONE, unfinished=True),
    Route("POST", "/bewijs/<int:evidence_id>", NOBODY, 405),
    Route("GET", "/bewijs/<int:evidence_id>/verwijderen", NOBODY, 405),
    Route("POST", "/bewijs/<int:evidence_id>/verwijderen", TEAM, 302, r"/inspecties/\d+",
          writes=True),
]  # fmt: skip
POLICY += [route for feature in FEATURES for route in feature.ROUTES]


@dataclass(frozen=True)
class Outcome:
    status: int
    goes_to: str | None = None  # regex of the Location header, or "login" for the log-in screen
    writes: bool = False


def expected(route: Route, visitor: str) -> Outcome:
    """What ``visitor`` must get from ``route``, following the policy."""
    if route.may == NOBODY:
        return Outcome(405)
    if route.may == GUESTS:
        return Outcome(route.ok) if visitor == ANONYMOUS else Outcome(302, "/")
    if visitor == ANONYMOUS:
        return Outcome(401) if route.is_api else Outcome(302, "login")
    if ROLE[visitor] not in route.may:
        return Outcome(403)
    if route.scoped and visitor == OTHER_KETENPARTNER:
        return Outcome(404)  # another organisation's object: not found, not forbidden
    if route.unfinished and ROLE[visitor] == "ketenpartner":
        return Outcome(404)  # an operator sees an inspection only once it is final
    return Outcome(route.ok, route.goes_to, route.writes)


def log_in(client: FlaskClient, user: User) -> None:
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def audit_count() -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0


# --- the matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", POLICY, ids=str)
def test_policy(client: FlaskClient, world: World, route: Route, visitor: str) -> None:
    if visitor != ANONYMOUS:
        log_in(client, world.users[visitor])
    path = route.path(world)
    before = audit_count()

    response = client.open(
        path, method=route.method, data=route.data(world) if route.data else None
    )

    want = expected(route, visitor)
    # A PDF is binary: read it as text too, so that its uncompressed parts can be searched.
    body = response.get_data().decode("utf-8", errors="replace")
    response.close()  # an evidence download holds its file open until then
    assert response.status_code == want.status, body[:500]
    location = response.headers.get("Location")
    if want.goes_to == "login":
        target = urlsplit(location or "")
        assert target.path == "/inloggen"
        assert parse_qs(target.query) == {"next": [path]}
    elif want.goes_to is not None:
        assert location is not None and re.fullmatch(want.goes_to, location), location
    else:
        assert location is None
    if want.status == 401:
        assert response.is_json
        assert response.json == {
            "error": "Authenticatie vereist: log in of stuur 'Authorization: Bearer <token>'.",
            "detail": None,
        }
    elif want.status == 403 and route.is_api:
        assert response.json == {
            "error": "Uw rol geeft geen toegang tot dit onderdeel.",
            "detail": None,
        }
    elif want.status == 403:
        assert "U hebt geen toegang tot deze pagina." in body
    elif want.status == 404:
        assert world.location.name not in body
    elif want.status == 200 and route.scoped:
        assert world.location.name in body
    elif want.status == 405:
        if route.is_api:
            assert response.json == {
                "error": "Deze handeling is hier niet toegestaan.",
                "detail": None,
            }
        else:
            assert "Deze handeling is hier niet toegestaan." in body
    # Refused requests change nothing; allowed writes leave a trace in the audit trail.
    if want.writes:
        assert audit_count() > before
    else:
        assert audit_count() == before


def test_every_route_is_in_the_policy(app: Flask) -> None:
    """Each route of the URL map, with each of its methods and GET and POST, has a policy line."""
    declared = {(route.rule, route.method) for route in POLICY}
    assert len(declared) == len(POLICY), "a route is declared twice"
    needed = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in ((rule.methods or set()) - {"HEAD", "OPTIONS"}) | {"GET", "POST"}:
            needed.add((rule.rule, method))
    assert sorted(needed - declared) == [], "routes without a policy line"
    assert sorted(declared - needed) == [], "policy lines for routes that do not exist"


def test_allowed_methods_match_the_policy(app: Flask) -> None:
    """A policy line says 405 exactly when the route does not take that method."""
    methods = {
        rule.rule: rule.methods or set()
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    }
    for route in POLICY:
        assert (route.may == NOBODY) == (route.method not in methods[route.rule]), str(route)


def test_guarded_views_declare_their_roles(app: Flask) -> None:
    """Every view but log-in/out has a role guard, letting through the roles of the policy."""
    by_rule = {(route.rule, route.method): route for route in POLICY}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.login", "auth.logout"):
            continue
        allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
        assert allowed is not None, f"{rule.rule} has no role guard"
        for method in (rule.methods or set()) & {"GET", "POST"}:
            assert frozenset(allowed) == by_rule[(rule.rule, method)].may, f"{method} {rule.rule}"


# --- one organisation's objects are invisible to another (IDOR) -------------------------------

LOCATION_ROUTES = [route for route in POLICY if route.scoped and "<int:location_id>" in route.rule]


@pytest.fixture
def other_ketenpartner(client: FlaskClient, world: World) -> FlaskClient:
    log_in(client, world.users[OTHER_KETENPARTNER])
    return client


def test_every_location_route_is_checked_for_idor() -> None:
    assert {str(route) for route in LOCATION_ROUTES} == {
        "GET /locaties/<int:location_id>",
        "GET /locaties/<int:location_id>/bewerken",
        "POST /locaties/<int:location_id>/bewerken",
        "GET /api/v1/locations/<int:location_id>",
        "GET /toezicht/locaties/<int:location_id>",
        "POST /toezicht/locaties/<int:location_id>/instellen",
    }


@pytest.mark.parametrize("route", LOCATION_ROUTES, ids=str)
def test_other_organisations_location_is_not_revealed(
    other_ketenpartner: FlaskClient, world: World, route: Route
) -> None:
    """By id, another organisation's location answers exactly like one that does not exist."""

    def ask(location_id: int) -> Any:
        data = route.data(world) if route.data else None
        return other_ketenpartner.open(
            route.path(world, location_id), method=route.method, data=data
        )

    foreign = ask(world.location.id)
    missing = ask(999999)

    may_use = "ketenpartner" in route.may
    assert foreign.status_code == (404 if may_use else 403)
    assert missing.status_code == foreign.status_code
    body = foreign.get_data(as_text=True)
    assert world.location.name not in body
    assert world.operator.name not in body
    if route.is_api:
        assert foreign.json == {
            "error": "Locatie niet gevonden.",
            "detail": {"id": world.location.id},
        }
        assert missing.json == {"error": "Locatie niet gevonden.", "detail": {"id": 999999}}
    else:
        # Equal pages but for the CSRF token, which is signed with the current second.
        assert without_token(body) == without_token(missing.get_data(as_text=True))
    db.session.rollback()
    assert db.session.get(Location, world.location.id).name == "azc Vertrouwelijk"


@pytest.mark.parametrize("query", ["", "?q=Vertrouwelijk", "?q=vertrouwelijk&province=drenthe"])
def test_other_organisations_location_is_not_listed(
    other_ketenpartner: FlaskClient,
    world: World,
    make_location: Callable[..., Location],
    query: str,
) -> None:
    own = make_location(world.other, name="azc Eigen Zuid")
    page = other_ketenpartner.get(f"/locaties/{query}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert world.location.name not in body
    assert f"/locaties/{world.location.id}" not in body
    assert (own.name in body) == (query == "")


STAT = re.compile(r'<span class="stat-number">([^<]*)</span>')


def test_start_page_counts_only_own_organisation(
    client: FlaskClient, world: World, make_location: Callable[..., Location]
) -> None:
    make_location(world.other, name="azc Eigen Zuid", capacity=77)
    log_in(client, world.users[OTHER_KETENPARTNER])
    # open locations, places, VGE, KSO: only the one location of their own organisation
    assert STAT.findall(client.get("/").get_data(as_text=True)) == ["1", "77", "0", "0"]

    client.post("/uitloggen")
    log_in(client, world.users["inspecteur"])
    assert STAT.findall(client.get("/").get_data(as_text=True)) == ["2", "377", "0", "0"]


@pytest.mark.parametrize("query", ["", "?q=Vertrouwelijk", "?province=drenthe"])
def test_other_organisations_location_is_not_in_the_api_list(
    other_ketenpartner: FlaskClient,
    world: World,
    make_location: Callable[..., Location],
    query: str,
) -> None:
    own = make_location(world.other, name="azc Eigen Zuid", province="drenthe")
    response = other_ketenpartner.get(f"/api/v1/locations{query}")
    assert response.status_code == 200
    names = [item["name"] for item in response.json["items"]]
    assert world.location.name not in response.get_data(as_text=True)
    assert names == ([] if "q=" in query else [own.name])
    assert response.json["total"] == len(names)


def test_own_organisation_sees_its_location(client: FlaskClient, world: World) -> None:
    """The other side of the coin: the operator's own ketenpartner does see it."""
    log_in(client, world.users["ketenpartner"])
    assert world.location.name in client.get(f"/locaties/{world.location.id}").get_data(
        as_text=True
    )
    assert client.get(f"/api/v1/locations/{world.location.id}").json["name"] == world.location.name


# Every view of one inspection that a ketenpartner may have once it is final. The policy lines
# check them on the world's inspection that is still being carried out (nobody of an operator
# sees it); here on its final one: its own operator sees it, another organisation gets the
# same 404 as for an inspection that does not exist.
FINAL_VIEWS = [
    "/inspecties/{id}",
    "/inspecties/{id}/vergelijking",
    "/rapporten/inspecties/{id}.pdf",
    "/api/v1/inspections/{id}",
    "/api/v1/inspections/{id}/comparison",
]


@pytest.mark.parametrize("view", FINAL_VIEWS)
def test_a_final_inspection_is_seen_by_its_own_operator_only(
    client: FlaskClient, world: World, view: str
) -> None:
    url = view.format(id=world.ids["final_inspection_id"])
    log_in(client, world.users["ketenpartner"])
    own = client.get(url)
    assert own.status_code == 200, url
    if not url.endswith(".pdf"):  # a PDF's text is compressed
        assert world.location.name in own.get_data(as_text=True)
    client.post("/uitloggen")
    log_in(client, world.users[OTHER_KETENPARTNER])
    foreign, missing = client.get(url), client.get(view.format(id=999999))
    assert (foreign.status_code, missing.status_code) == (404, 404), url
    assert world.location.name not in foreign.get_data(as_text=True)


def without_token(page: str) -> str:
    return re.sub(r'(name="csrf[-_]token"[^>]*(?:value|content)=")[^"]*"', r'\1"', page)


# --- CSRF -------------------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str) -> str:
    match = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def csrf_login(client: FlaskClient) -> Callable[[User], None]:
    """Log in through the form, with its CSRF token (the plain helper has none)."""

    def login(user: User) -> None:
        token = csrf_token(client, "/inloggen")
        response = client.post(
            "/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302

    return login


CSRF_MESSAGE = "Het formulier is verlopen of ongeldig (CSRF-controle)."


@pytest.mark.csrf
def test_login_without_csrf_token_is_refused(client: FlaskClient, world: World) -> None:
    user = world.users["inspecteur"]
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in


@pytest.mark.csrf
def test_logout_without_csrf_token_is_refused(
    client: FlaskClient, world: World, csrf_login: Callable[[User], None]
) -> None:
    csrf_login(world.users["inspecteur"])
    response = client.post("/uitloggen")
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # still logged in

    response = client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # now logged out


@pytest.mark.csrf
def test_location_create_without_csrf_token_is_refused(
    client: FlaskClient, world: World, csrf_login: Callable[[User], None]
) -> None:
    csrf_login(world.users["coordinator"])
    count = audit_count()
    response = client.post("/locaties/nieuw", data=location_form(world))
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert audit_count() == count
    assert db.session.scalar(select(Location).where(Location.name == "azc Nieuw")) is None

    token = csrf_token(client, "/locaties/nieuw")
    response = client.post("/locaties/nieuw", data=location_form(world) | {"csrf_token": token})
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Location).where(Location.name == "azc Nieuw")) is not None


@pytest.mark.csrf
def test_api_call_with_bearer_token_is_not_blocked_by_csrf(
    client: FlaskClient, world: World
) -> None:
    token = issue_token(None, world.users["inspecteur"])
    db.session.commit()
    response = client.post("/api/v1/locations", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405  # no write endpoint yet; CSRF would have said 400
    assert response.json == {"error": "Deze handeling is hier niet toegestaan.", "detail": None}


@pytest.mark.csrf
def test_api_call_with_only_a_session_cookie_needs_csrf(
    client: FlaskClient, world: World, csrf_login: Callable[[User], None]
) -> None:
    csrf_login(world.users["inspecteur"])
    assert client.get("/api/v1/locations").status_code == 200  # the session does work
    response = client.post("/api/v1/locations")
    assert response.status_code == 400
    assert response.is_json
    assert response.json["error"].startswith(CSRF_MESSAGE)
    assert response.json["detail"] is None


@pytest.mark.csrf
def test_a_bearer_header_does_not_let_a_cookie_skip_csrf(
    client: FlaskClient, world: World, csrf_login: Callable[[User], None]
) -> None:
    """A bearer header skips the CSRF check, so it must also make the session cookie count for
    nothing: a forged logout with a made-up token does not act on the logged-in user."""
    csrf_login(world.users["inspecteur"])
    response = client.post("/uitloggen", headers={"Authorization": "Bearer insp_verzonnen"})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/inloggen"
    assert client.get("/").status_code == 200  # still logged in: the session was not used
