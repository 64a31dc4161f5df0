"""Checklist screens."""

import pytest

from inspectie.checklists.services import import_from_paths
from inspectie.extensions import db


@pytest.fixture
def imported(app, checklist_dir):
    import_from_paths(None, [checklist_dir])
    db.session.commit()


@pytest.mark.parametrize("role", ["beheerder", "coordinator", "inspecteur", "ketenpartner"])
def test_every_role_can_read_the_norms(client, login_as, imported, role):
    login_as(role)
    assert client.get("/normenkaders/").status_code == 200
    assert client.get("/normenkaders/proef/1.0").status_code == 200


def test_index_marks_the_version_in_force(client, login_as, imported):
    login_as("inspecteur")
    page = client.get("/normenkaders/").get_data(as_text=True)
    assert '2.0 <span class="tag tag-current">geldt nu</span>' in page
    assert "1.0 <span" not in page


def test_version_page_shows_basis_applicability_and_unverified(client, login_as, imported):
    login_as("inspecteur")
    page = client.get("/normenkaders/proef/1.0").get_data(as_text=True)
    assert "Rva 2005 art. 2 lid 3" in page
    assert 'href="https://wetten.overheid.nl/"' in page
    assert "Alleen: waar alleenstaande minderjarige vreemdelingen (amv) verblijven" in page
    start = page.index('id="item-AMV-01"')
    assert "onverifieerd" in page[start : start + 400]
    assert "Alleen uit de brief bekend." in page
    start = page.index('id="item-INF-01"')
    assert "onverifieerd" not in page[start : start + 300]


def test_unknown_version_is_404(client, login_as, imported):
    login_as("inspecteur")
    assert client.get("/normenkaders/proef/9.9").status_code == 404


def test_search(client, login_as, imported):
    login_as("inspecteur")
    page = client.get("/normenkaders/zoeken?q=art.+27+lid+1").get_data(as_text=True)
    assert "1 toetspunt gevonden" in page and "AMV-03" in page
    empty = client.get("/normenkaders/zoeken?q=x").get_data(as_text=True)
    assert "Zoek met 2 tot 100 tekens." in empty


def test_diff_page_defaults_to_the_last_two_versions(client, login_as, imported):
    login_as("coordinator")
    response = client.get("/normenkaders/proef/verschil")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "proef@1.0 → proef@2.0" in page
    assert "AMV-03" in page and "AMV-02" in page
    assert "tekst gewijzigd" in page


def test_beheerder_imports_from_the_folder_and_others_may_not(client, login_as, app, checklist_dir):
    app.config["CHECKLISTS_DIR"] = str(checklist_dir)
    login_as("coordinator")
    assert client.post("/normenkaders/importeren").status_code == 403


def test_beheerder_import_button(client, login_as, app, checklist_dir):
    app.config["CHECKLISTS_DIR"] = str(checklist_dir)
    login_as("beheerder")
    page = client.post("/normenkaders/importeren", follow_redirects=True).get_data(as_text=True)
    assert "Geïmporteerd: proef@1.0, proef@2.0." in page
    again = client.post("/normenkaders/importeren", follow_redirects=True).get_data(as_text=True)
    assert "Alle versies waren al aanwezig." in again
