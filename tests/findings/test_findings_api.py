"""``/api/v1/findings``: the list with its filters and 400s, one finding with everything its page
shows, and the scope: another organisation's finding answers exactly like a missing one."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from inspectie.auth.services import issue_token
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import change_status, extend_deadline
from tests.findings.conftest import Scene, put

Login = Callable[[str], None]
URL = "/api/v1/findings"


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.json["items"]]


def test_the_list_is_paged_and_first_deadline_first(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    login("coordinator")
    f = scene.findings
    everything = [f["HUI-02"].id, f["INF-01"].id, f["INF-03"].id, f["ACT-03"].id]
    response = client.get(URL)
    assert ids(response) == everything
    assert {k: response.json[k] for k in ("page", "per_page", "total", "pages")} == {
        "page": 1, "per_page": response.json["per_page"], "total": 4, "pages": 1,
    }  # fmt: skip
    second = client.get(f"{URL}?per_page=3&page=2").json
    assert [i["id"] for i in second["items"]] == everything[3:]
    assert (second["total"], second["pages"]) == (4, 2)


def test_a_list_item(client: FlaskClient, login: Login, scene: Scene) -> None:
    finding = scene.finding
    login("ketenpartner")
    item = next(i for i in client.get(URL).json["items"] if i["id"] == finding.id)
    assert item == {
        "id": finding.id,
        "item": {"code": "INF-01", "title": finding.item.title},
        "judgment": "voldoet_niet",
        "severity": "hoog",
        "status": "open",
        "deadline": finding.deadline.isoformat(),
        "overdue": False,
        "location": {"id": scene.location.id, "name": "azc Vertrouwelijk", "province": "drenthe"},
        "organisation": {"id": scene.operator.id, "name": "COA Noord"},
        "inspection": {"id": scene.inspection.id},
        "revision": finding.revision,
        "created_at": finding.created_at.isoformat(),
        "status_changed_at": finding.status_changed_at.isoformat(),
        "url": f"{URL}/{finding.id}",
    }


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("status=plan_ingediend", ["INF-03"]),
        ("severity=kritiek", ["HUI-02"]),
        ("overdue=true", ["INF-01"]),
        ("overdue=false", ["ACT-03", "HUI-02", "INF-03"]),
        ("province=drenthe&severity=laag", ["ACT-03"]),
        ("province=limburg", []),
        ("status=&severity=", ["ACT-03", "INF-01", "HUI-02", "INF-03"]),  # empty: no filter
    ],
)
def test_the_list_filters(
    client: FlaskClient, login: Login, scene: Scene, query: str, codes: list[str]
) -> None:
    put(scene.findings["INF-01"], deadline=today() - timedelta(days=1))
    put(scene.findings["INF-03"], "plan_ingediend")
    put(scene.findings["ACT-03"], "gemeld_opgelost", today() - timedelta(days=3))  # not overdue
    login("inspecteur")
    assert ids(client.get(f"{URL}?{query}")) == [scene.findings[c].id for c in codes]
    if query.startswith("overdue"):
        overdue = {i["id"]: i["overdue"] for i in client.get(f"{URL}?{query}").json["items"]}
        assert set(overdue.values()) == {query == "overdue=true"}


def test_the_list_filters_on_location_and_organisation(
    client: FlaskClient, login: Login, scene: Scene, foreign: list[Finding]
) -> None:
    login("coordinator")
    assert ids(client.get(f"{URL}?location={foreign[0].location_id}")) == [
        foreign[1].id,
        foreign[0].id,
    ]
    assert len(ids(client.get(f"{URL}?organisation={scene.operator.id}"))) == 4
    assert ids(client.get(f"{URL}?organisation=999999")) == []


@pytest.mark.parametrize(
    ("query", "error", "detail"),
    [
        ("q=schimmel", "Onbekende parameter(s): q.", None),
        ("status=klaar", "Onbekende waarde voor 'status': 'klaar'.", {"status": "klaar"}),
        ("severity=ernstig", "Onbekende waarde voor 'severity': 'ernstig'.", None),
        ("province=Drenthe", "Onbekende waarde voor 'province': 'Drenthe'.", None),
        ("overdue=ja", "'overdue' is true of false.", {"overdue": "ja"}),
        ("overdue=1", "'overdue' is true of false.", {"overdue": "1"}),
        ("location=abc", "'location' moet een id (geheel getal) zijn.", {"location": "abc"}),
        ("location=9999999999", "'location' moet een id (geheel getal) zijn.", None),
        ("organisation=-1", "'organisation' moet een id (geheel getal) zijn.", None),
        ("page=0", "'page' moet een positief geheel getal zijn.", {"page": "0"}),
        ("per_page=x", "'per_page' moet een positief geheel getal zijn.", {"per_page": "x"}),
    ],
)
def test_bad_parameters_answer_400(
    client: FlaskClient, login: Login, scene: Scene, query: str, error: str, detail: Any
) -> None:
    login("ketenpartner")
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json["error"] == error
    if detail is not None:
        for key, value in detail.items():
            assert response.json["detail"][key] == value


def test_one_finding_with_everything_its_page_shows(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    finding = scene.finding
    operator, coordinator = scene.users["ketenpartner"], scene.users["coordinator"]
    change_status(operator, finding, "plan_ingediend", "Plan gemaakt.")
    extend_deadline(coordinator, finding, finding.deadline + timedelta(days=20), "Ziekte.")
    db.session.commit()
    login("ketenpartner")
    body = client.get(f"{URL}/{finding.id}").json
    assert body["id"] == finding.id
    assert body["status"] == "plan_ingediend"
    assert body["deadline"] == finding.deadline.isoformat()
    assert body["overdue"] is False
    assert body["observation"] == "Gezien bij INF-01."
    assert body["repair_order"] == finding.repair_order
    assert body["item"]["code"] == "INF-01"
    assert body["item"]["norm"] == finding.item.norm
    assert body["item"]["legal_basis"] == [
        {"citation": b.citation, "verified": b.is_verified and b.source.is_verified}
        for b in finding.item.legal_bases
    ]
    assert body["item"]["legal_basis"]
    assert body["location"]["name"] == "azc Vertrouwelijk"
    assert body["inspection"] == {
        "id": scene.inspection.id,
        "url": f"/api/v1/inspections/{scene.inspection.id}",
    }
    [evidence] = body["evidence"]
    assert evidence["name"] == "rapport.pdf"
    assert evidence["url"] == f"/bewijs/{evidence['id']}"
    assert [(n["kind"], n["from_status"], n["to_status"], n["text"]) for n in body["notes"]] == [
        ("plan_ingediend", "open", "plan_ingediend", "Plan gemaakt."),
        ("termijn_verlengd", None, None, "Ziekte."),
    ]
    assert body["notes"][0]["author"] == {"id": operator.id, "name": operator.name}
    assert body["notes"][1]["new_deadline"] == finding.deadline.isoformat()
    assert body["may"] == {"transitions": ["in_uitvoering"], "respond": True, "extend": False}


def test_one_finding_says_when_it_is_overdue(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    put(scene.finding, deadline=today() - timedelta(days=1))
    login("inspecteur")
    body = client.get(f"{URL}/{scene.finding.id}").json
    assert body["overdue"] is True
    assert body["may"] == {"transitions": [], "respond": True, "extend": False}


def test_unknown_parameters_on_one_finding_answer_400(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    login("inspecteur")
    response = client.get(f"{URL}/{scene.finding.id}?x=1")
    assert response.status_code == 400


def test_a_bearer_token_reads_the_api(client: FlaskClient, scene: Scene) -> None:
    token = issue_token(None, scene.users["ketenpartner"])
    db.session.commit()
    response = client.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert len(ids(response)) == 4


# --- another organisation's findings -----------------------------------------------------------


def test_another_organisations_finding_is_not_found(
    client: FlaskClient, login: Login, scene: Scene
) -> None:
    login("other")
    foreign = client.get(f"{URL}/{scene.finding.id}")
    missing = client.get(f"{URL}/999999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json == {"error": "Bevinding niet gevonden.", "detail": {"id": scene.finding.id}}
    assert missing.json == {"error": "Bevinding niet gevonden.", "detail": {"id": 999999}}


@pytest.mark.parametrize(
    "query",
    ["", "?status=open", "?province=drenthe", "?severity=hoog&overdue=false", "?location={loc}",
     "?organisation={org}"],
)  # fmt: skip
def test_another_organisations_findings_are_not_listed(
    client: FlaskClient, login: Login, scene: Scene, foreign: list[Finding], query: str
) -> None:
    login("other")
    query = query.format(loc=scene.location.id, org=scene.operator.id)
    response = client.get(f"{URL}{query}")
    own = {f.id for f in foreign}
    assert set(ids(response)) <= own
    assert "azc Vertrouwelijk" not in response.get_data(as_text=True)
    assert response.json["total"] == len(response.json["items"])
