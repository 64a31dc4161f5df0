"""The findings screens: the list with its filters and overdue badge, the detail page, and each
action through its route, for every role, with refusals flashed and form errors tied to fields."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding, FindingNote
from tests.conftest import PASSWORD, page_text
from tests.findings.conftest import ROLES, Scene, audit_count, notes_count, put

Login = Callable[[str], None]
BADGE = '<span class="badge badge-overdue">Termijn verstreken</span>'
ROW = re.compile(r'<a href="/bevindingen/(\d+)">')


def listed(client: FlaskClient, query: str = "") -> list[int]:
    response = client.get(f"/bevindingen/{query}")
    assert response.status_code == 200
    return [int(i) for i in ROW.findall(response.get_data(as_text=True))]


def ids(*findings: Finding) -> list[int]:
    return [f.id for f in findings]


def url(finding: Finding, action: str = "") -> str:
    return f"/bevindingen/{finding.id}" + (f"/{action}" if action else "")


def fresh(finding: Finding) -> Finding:
    db.session.rollback()  # see what the requests committed
    db.session.refresh(finding)
    return finding


def flashed(client: FlaskClient, finding: Finding) -> str:
    return client.get(url(finding)).get_data(as_text=True)


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_the_findings_first_deadline_first(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    login("inspecteur")
    f = scene.findings
    assert listed(client) == ids(f["HUI-02"], f["INF-01"], f["INF-03"], f["ACT-03"])
    body = client.get("/bevindingen/").get_data(as_text=True)
    assert "4 bevindingen gevonden" in body
    assert "azc Vertrouwelijk" in body
    assert "COA Noord" in body
    assert "badge-overdue" not in body


def test_overdue_findings_carry_a_badge(client: FlaskClient, login: Login, scene: Scene) -> None:
    yesterday = today() - timedelta(days=1)
    put(scene.findings["INF-01"], deadline=yesterday)
    put(scene.findings["INF-03"], "gemeld_opgelost", yesterday)  # reported solved: not overdue
    login("ketenpartner")
    body = client.get("/bevindingen/").get_data(as_text=True)
    assert body.count(BADGE) == 1
    row = body[body.index(f'href="/bevindingen/{scene.findings["INF-01"].id}"') :]
    assert row.index(BADGE) < row.index("</tr>")
    assert listed(client, "?overdue=ja") == ids(scene.findings["INF-01"])
    assert scene.findings["INF-01"].id not in listed(client, "?overdue=nee")
    assert BADGE in client.get(url(scene.findings["INF-01"])).get_data(as_text=True)
    detail = client.get(url(scene.findings["INF-03"])).get_data(as_text=True)
    assert "badge-overdue" not in detail


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("?severity=kritiek", ["HUI-02"]),
        ("?status=plan_ingediend", ["INF-03"]),
        ("?status=open&severity=laag", ["ACT-03"]),
        ("?province=drenthe", ["HUI-02", "INF-01", "INF-03", "ACT-03"]),
        ("?province=limburg", []),
    ],
)
def test_the_list_filters(
    client: FlaskClient, login: Login, scene: Scene, query: str, codes: list[str]
) -> None:
    put(scene.findings["INF-03"], "plan_ingediend")
    login("coordinator")
    assert listed(client, query) == ids(*(scene.findings[c] for c in codes))


def test_the_list_filters_on_location_and_organisation(
    client: FlaskClient, login: Login, scene: Scene, foreign: list[Finding]
) -> None:
    login("inspecteur")
    assert listed(client, f"?location={foreign[0].location_id}") == ids(foreign[1], foreign[0])
    assert len(listed(client, f"?organisation={scene.operator.id}")) == 4
    assert listed(client, f"?organisation={scene.other.id}&severity=kritiek") == ids(foreign[1])


def test_an_operator_sees_only_its_own_findings(
    client: FlaskClient, login: Login, scene: Scene, foreign: list[Finding]
) -> None:
    login("other")
    assert sorted(listed(client)) == sorted(ids(*foreign))
    body = client.get("/bevindingen/").get_data(as_text=True)
    assert "azc Vertrouwelijk" not in body
    assert "COA Noord" not in body
    # The other organisation's location is no choice: refused as one that does not exist.
    mine = client.get(f"/bevindingen/?location={scene.location.id}")
    missing = client.get("/bevindingen/?location=999999")
    assert mine.status_code == missing.status_code == 400
    assert page_text(mine) == page_text(missing)
    assert listed(client, "?status=open&province=drenthe") == []


def test_the_list_pages(client: FlaskClient, login: Login, scene: Scene) -> None:
    login("coordinator")
    assert len(listed(client, "?page=1")) == 4
    assert client.get("/bevindingen/?page=2").status_code == 404


# --- the detail page --------------------------------------------------------------------------


def test_the_detail_page_shows_the_finding(client: FlaskClient, login: Login, scene: Scene) -> None:
    finding = scene.finding
    login("ketenpartner")
    body = client.get(url(finding)).get_data(as_text=True)
    item = finding.item
    for text in (item.code, item.title, item.norm, finding.observation, finding.repair_order,
                 "azc Vertrouwelijk", "COA Noord", "Open", "Voldoet niet", "Hoog"):  # fmt: skip
        assert text in body, text
    assert item.legal_bases, "INF-01 has a legal basis in the shipped checklist"
    for basis in item.legal_bases:
        assert basis.citation in body
    assert f'href="/inspecties/{finding.inspection_id}"' in body
    evidence = re.findall(r'href="/bewijs/(\d+)"', body)
    assert len(evidence) == 1
    download = client.get(f"/bewijs/{evidence[0]}")
    download.close()  # it holds its file open until then
    assert download.status_code == 200
    assert "Nog geen reacties of statuswijzigingen." in body


def test_the_detail_page_offers_what_the_user_may_do(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    finding = scene.finding

    def offered(role: str) -> set[str]:
        client.post("/uitloggen")
        login(role)
        body = client.get(url(finding)).get_data(as_text=True)
        forms = set(re.findall(r'action="/bevindingen/\d+/(\w+)"', body))
        buttons = set(re.findall(r'name="to" value="(\w+)"', body))
        return forms | buttons

    assert offered("ketenpartner") == {"status", "plan_ingediend", "reactie"}
    assert offered("inspecteur") == {"reactie"}
    assert offered("coordinator") == {"reactie", "termijn"}
    assert offered("beheerder") == set()
    put(finding, "gemeld_opgelost")
    assert offered("inspecteur") == {"status", "geverifieerd", "open", "reactie"}
    assert offered("coordinator") == {"status", "geverifieerd", "open", "reactie"}
    assert offered("ketenpartner") == {"reactie"}


def test_the_history_shows_every_note(client: FlaskClient, login: Login, scene: Scene) -> None:
    finding = scene.finding
    login("ketenpartner")
    client.post(url(finding, "status"), data={"to": "plan_ingediend", "text": "Plan gemaakt."})
    client.post("/uitloggen")
    login("coordinator")
    new = finding.deadline + timedelta(days=30)
    client.post(url(finding, "termijn"), data={"deadline": new.isoformat(), "reason": "Ziekte."})
    body = client.get(url(finding)).get_data(as_text=True)
    history = body[body.index("<h2>Geschiedenis</h2>") :]
    assert "Plan ingediend · " + scene.users["ketenpartner"].name in history
    assert "Status: Open → Plan ingediend" in history
    assert "Plan gemaakt." in history
    assert "Termijn verlengd · " + scene.users["coordinator"].name in history
    assert "Ziekte." in history
    assert history.index("Plan gemaakt.") < history.index("Ziekte.")  # oldest first


# --- status changes through the route ---------------------------------------------------------

OPERATOR_STEPS = {("open", "plan_ingediend"), ("plan_ingediend", "in_uitvoering"),
                  ("in_uitvoering", "gemeld_opgelost")}  # fmt: skip
VERIFICATION = {("gemeld_opgelost", "geverifieerd"), ("gemeld_opgelost", "open")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("frm", "to"), sorted(OPERATOR_STEPS | VERIFICATION), ids=str)
def test_every_move_by_every_role_through_the_route(
    client: FlaskClient, login: Login, scene: Scene, frm: str, to: str, role: str
) -> None:
    finding = scene.finding
    put(finding, frm)
    before = audit_count()
    login(role)
    response = client.post(
        url(finding, "status"),
        data={"to": to, "text": "Ter plaatse gezien.", "revision": finding.revision},
    )
    owners = ("ketenpartner",) if (frm, to) in OPERATOR_STEPS else ("coordinator", "inspecteur")
    moved = role in owners
    # beheerder: the route is not for that role; another organisation: no such finding.
    assert response.status_code == {"beheerder": 403, "other": 404}.get(role, 302)
    assert fresh(finding).status == (to if moved else frm)
    assert (audit_count() > before) == moved
    if response.status_code == 302:
        assert response.headers["Location"] == url(finding)
        label = finding.status_label
        message = (
            f"De bevinding heeft nu de status {label}." if moved else "Deze stap is niet aan u."
        )
        assert message in flashed(client, finding)


def test_a_wrong_move_is_flashed(client: FlaskClient, login: Login, scene: Scene) -> None:
    login("ketenpartner")
    response = client.post(
        url(scene.finding, "status"), data={"to": "gemeld_opgelost", "text": "Klaar."}
    )
    assert response.status_code == 302
    assert "kan niet naar" in flashed(client, scene.finding)
    assert fresh(scene.finding).status == "open"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"to": "plan_ingediend"}, "status-text", "Geef een toelichting"),
        ({"to": "plan_ingediend", "text": "   "}, "status-text", "Geef een toelichting"),
        ({"text": "Zonder status."}, "status-to", "Kies de nieuwe status."),
        ({"to": "weg", "text": "Onbekend."}, "status-to", "Onbekende status."),
    ],
)
def test_a_status_form_with_errors_is_shown_again(
    client: FlaskClient,
    login: Login,
    scene: Scene,
    data: dict[str, Any],
    field: str,
    message: str,
) -> None:
    login("ketenpartner")
    before = notes_count(scene.finding)
    response = client.post(url(scene.finding, "status"), data=data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert re.search(rf'<p class="error-message" id="{field}-error">[^<]*{message}', body)
    if field == "status-text":
        assert f'aria-describedby="{field}-hint {field}-error"' in body
    assert fresh(scene.finding).status == "open"
    assert notes_count(scene.finding) == before


def test_a_stale_status_form_is_refused(client: FlaskClient, login: Login, scene: Scene) -> None:
    finding = scene.finding
    seen = finding.revision
    login("ketenpartner")
    client.post(
        url(finding, "status"), data={"to": "plan_ingediend", "text": "A.", "revision": seen}
    )
    response = client.post(
        url(finding, "status"), data={"to": "in_uitvoering", "text": "B.", "revision": seen}
    )
    assert response.status_code == 302
    assert "intussen door iemand anders gewijzigd" in flashed(client, finding)
    assert fresh(finding).status == "plan_ingediend"


# --- responses and extensions through the routes ----------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_respond(client: FlaskClient, login: Login, scene: Scene, role: str) -> None:
    login(role)
    response = client.post(url(scene.finding, "reactie"), data={"text": "Graag uitleg."})
    want = {"beheerder": 403, "other": 404}.get(role, 302)
    assert response.status_code == want
    assert notes_count(fresh(scene.finding)) == (1 if want == 302 else 0)
    if want == 302:
        assert "Uw reactie is toegevoegd." in flashed(client, scene.finding)


def test_an_empty_response_is_shown_again(client: FlaskClient, login: Login, scene: Scene) -> None:
    login("ketenpartner")
    response = client.post(url(scene.finding, "reactie"), data={"text": " "})
    assert response.status_code == 422
    assert 'id="response-text-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_only_a_coordinator_extends(
    client: FlaskClient, login: Login, scene: Scene, role: str
) -> None:
    finding = scene.finding
    old = finding.deadline
    login(role)
    response = client.post(
        url(finding, "termijn"),
        data={"deadline": (old + timedelta(days=14)).isoformat(), "reason": "Aannemer ziek."},
    )
    want = {"coordinator": 302, "other": 403}.get(role, 403)
    assert response.status_code == want
    assert fresh(finding).deadline == (old + timedelta(days=14) if want == 302 else old)


@pytest.mark.parametrize(
    ("days", "reason", "field", "message"),
    [
        (0, "Reden.", "extend-deadline", "De nieuwe termijn moet na de huidige"),
        (-5, "Reden.", "extend-deadline", "De nieuwe termijn moet na de huidige"),
        (10, "", "extend-reason", "Geef een reden voor de verlenging."),
        (None, "Reden.", "extend-deadline", "Kies de nieuwe datum"),
    ],
)
def test_an_extension_with_errors_is_shown_again(
    client: FlaskClient,
    login: Login,
    scene: Scene,
    days: int | None,
    reason: str,
    field: str,
    message: str,
) -> None:
    finding = scene.finding
    old = finding.deadline
    login("coordinator")
    date = "" if days is None else (old + timedelta(days=days)).isoformat()
    response = client.post(url(finding, "termijn"), data={"deadline": date, "reason": reason})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert re.search(rf'<p class="error-message" id="{field}-error">[^<]*{message}', body)
    assert fresh(finding).deadline == old
    assert db.session.query(FindingNote).count() == 0


def test_no_extension_after_reported_solved(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    finding = scene.finding
    put(finding, "gemeld_opgelost")
    login("coordinator")
    response = client.post(
        url(finding, "termijn"),
        data={"deadline": (finding.deadline + timedelta(days=9)).isoformat(), "reason": "R."},
    )
    assert response.status_code == 302
    assert "loopt niet meer" in flashed(client, finding)
    assert 'action="/bevindingen/' + str(finding.id) + '/termijn"' not in flashed(client, finding)


# --- another organisation's finding does not exist for them -----------------------------------


@pytest.mark.parametrize(
    ("method", "action", "data"),
    [
        ("GET", "", None),
        ("POST", "status", {"to": "plan_ingediend", "text": "Plan."}),
        ("POST", "reactie", {"text": "Hallo."}),
    ],
)
def test_another_organisations_finding_is_not_found(
    client: FlaskClient,
    login: Login,
    scene: Scene,
    method: str,
    action: str,
    data: dict[str, str] | None,
) -> None:
    login("other")
    path = url(scene.finding, action)
    foreign = client.open(path, method=method, data=data)
    missing = client.open(path.replace(str(scene.finding.id), "999999"), method=method, data=data)
    assert foreign.status_code == missing.status_code == 404
    assert page_text(foreign) == page_text(missing)
    assert "azc Vertrouwelijk" not in foreign.get_data(as_text=True)
    assert fresh(scene.finding).status == "open"
    assert notes_count(scene.finding) == 0


# --- with CSRF protection on, as in production ------------------------------------------------

CSRF_FIELD = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


@pytest.mark.csrf
def test_the_forms_carry_their_csrf_token(client: FlaskClient, scene: Scene) -> None:
    def token(path: str) -> str:
        match = CSRF_FIELD.search(client.get(path).get_data(as_text=True))
        assert match, path
        return match.group(1)

    user = scene.users["ketenpartner"]
    client.post(
        "/inloggen",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token("/inloggen")},
    )
    finding = scene.finding
    refused = client.post(url(finding, "reactie"), data={"text": "Zonder token."})
    assert refused.status_code == 400
    page = client.get(url(finding)).get_data(as_text=True)
    assert page.count('name="csrf_token"') == 3  # log-out, status, response
    data = {"to": "plan_ingediend", "text": "Met token.", "csrf_token": token(url(finding))}
    assert client.post(url(finding, "status"), data=data).status_code == 302
    assert fresh(finding).status == "plan_ingediend"
