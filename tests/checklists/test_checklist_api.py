"""`/api/v1/checklists`."""

import pytest

from inspectie.checklists.loader import load_bytes
from inspectie.checklists.services import import_from_paths
from inspectie.checklists.spec import as_plain
from inspectie.extensions import db
from tests.checklists.conftest import V1


@pytest.fixture
def imported(app, checklist_dir):
    import_from_paths(None, [checklist_dir])
    db.session.commit()


def test_list_of_versions(client, login_as, imported):
    login_as("ketenpartner")
    data = client.get("/api/v1/checklists").json
    assert [(v["id"], v["version"], v["items"], v["unverified_items"]) for v in data["items"]] == [
        ("proef", "2.0", 4, 1),
        ("proef", "1.0", 4, 1),
    ]


def test_one_version_returns_the_full_content(client, login_as, imported):
    login_as("inspecteur")
    data = client.get("/api/v1/checklists/proef/1.0").json
    expected = as_plain(load_bytes(V1.encode(), "v1.yaml"))
    content = data["content"]
    flags = {i["code"]: i.pop("fully_verified") for t in content["themes"] for i in t["items"]}
    assert content == expected
    assert flags == {"INF-01": True, "INF-02": True, "AMV-01": False, "AMV-02": True}


def test_errors(client, login_as, imported):
    login_as("inspecteur")
    missing = client.get("/api/v1/checklists/proef/9")
    assert (
        missing.status_code == 404 and missing.json["error"] == "Normenkaderversie niet gevonden."
    )
    assert client.get("/api/v1/checklists?x=1").status_code == 400
    client.post("/uitloggen")
    assert client.get("/api/v1/checklists").status_code == 401
