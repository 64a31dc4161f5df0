"""Location screens: what they show, and that bad input changes nothing."""

import io

from sqlalchemy import func, select

from inspectie.extensions import db
from inspectie.locations.models import Location


def _form(operator, **values):
    data = {
        "name": "azc Nieuw",
        "operator_id": str(operator.id),
        "operator_type": "coa",
        "modality": "azc",
        "capacity": "250",
        "municipality": "Emmen",
        "province": "drenthe",
        "status": "open",
        "has_families": "y",
    }
    data.update(values)
    return data


def test_create_location_from_the_form(client, login_as, make_org):
    login_as("coordinator")
    coa = make_org("COA", "coa")
    response = client.post("/locaties/nieuw", data=_form(coa))
    location = db.session.scalar(select(Location))
    assert response.headers["Location"] == f"/locaties/{location.id}"
    assert location.has_families and not location.has_amv
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Locatie azc Nieuw is toegevoegd." in page
    assert "Gezinnen" in page


def test_kso_over_150_places_is_refused_beside_the_field(client, login_as, make_org):
    login_as("coordinator")
    coa = make_org("COA", "coa")
    page = client.post("/locaties/nieuw", data=_form(coa, modality="kso", capacity="151"))
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'id="capacity-error"' in text and "hoogstens 150 plaatsen" in text
    assert 'aria-describedby="capacity-hint capacity-error"' in text
    assert db.session.scalar(select(func.count(Location.id))) == 0


def test_non_numeric_capacity_and_missing_fields_are_named(client, login_as, make_org):
    login_as("coordinator")
    coa = make_org("COA", "coa")
    text = client.post("/locaties/nieuw", data=_form(coa, capacity="veel", name="")).get_data(
        as_text=True
    )
    assert "Naam is verplicht." in text
    assert "Capaciteit" in text and 'id="capacity-error"' in text
    assert db.session.scalar(select(func.count(Location.id))) == 0


def test_edit_keeps_the_old_values_when_input_is_bad(client, login_as, make_location):
    login_as("coordinator")
    location = make_location(modality="kso", capacity=100)
    form = _form(location.operator, name=location.name, modality="kso", capacity="200")
    page = client.post(f"/locaties/{location.id}/bewerken", data=form)
    assert page.status_code == 422
    db.session.expire_all()
    assert db.session.get(Location, location.id).capacity == 100


def test_edit_saves_and_shows_the_change_in_the_history(client, login_as, make_location):
    login_as("coordinator")
    location = make_location(capacity=300)
    form = _form(location.operator, name=location.name, capacity="320")
    client.post(f"/locaties/{location.id}/bewerken", data=form)
    page = client.get(f"/locaties/{location.id}").get_data(as_text=True)
    assert "320 plaatsen" in page
    assert "Wijzigingen" in page and "300 → 320" in page


def test_history_is_not_shown_to_a_ketenpartner(client, login_as, make_location, make_org):
    coa = make_org("COA", "coa")
    location = make_location(coa)
    login_as("ketenpartner", organisation=coa)
    page = client.get(f"/locaties/{location.id}").get_data(as_text=True)
    assert location.name in page and "Wijzigingen" not in page


def test_list_filters_and_pages(client, login_as, make_location, make_org):
    login_as("inspecteur")
    coa = make_org("COA", "coa")
    for n in range(30):
        make_location(coa, name=f"azc {n:02d}", province="utrecht" if n < 3 else "limburg")
    first = client.get("/locaties/").get_data(as_text=True)
    assert "30 locaties gevonden" in first and "azc 24" in first and "azc 25" not in first
    assert "Pagina 1 van 2" in first
    assert "azc 29" in client.get("/locaties/?page=2").get_data(as_text=True)
    filtered = client.get("/locaties/?province=utrecht").get_data(as_text=True)
    assert "3 locaties gevonden" in filtered and "azc 03" not in filtered


def test_unknown_filter_value_is_refused_not_ignored(client, login_as, make_location):
    login_as("inspecteur")
    make_location()
    page = client.get("/locaties/?province=atlantis")
    assert page.status_code == 400 and "locatie gevonden" not in page.get_data(as_text=True)


def test_import_screen_lists_errors_and_imports_nothing(client, login_as, make_org):
    login_as("coordinator")
    make_org("COA", "coa")
    bad = (
        b"naam,exploitant,type_exploitant,modaliteit,capaciteit,gemeente,provincie\n"
        b"azc A,COA,coa,azc,400,Assen,drenthe\nazc B,COA,coa,kso,400,Assen,drenthe\n"
    )
    page = client.post(
        "/locaties/importeren",
        data={"file": (io.BytesIO(bad), "locaties.csv")},
        content_type="multipart/form-data",
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Er is niets geïmporteerd" in text and "regel 3, kolom capaciteit" in text
    assert db.session.scalar(select(func.count(Location.id))) == 0

    good = bad.replace(b"kso,400", b"kso,100")
    response = client.post(
        "/locaties/importeren",
        data={"file": (io.BytesIO(good), "locaties.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Location.id))) == 2


def test_import_without_a_file_says_so(client, login_as):
    login_as("coordinator")
    page = client.post("/locaties/importeren", data={}, content_type="multipart/form-data")
    assert "Kies een CSV-bestand." in page.get_data(as_text=True)


def test_absurd_page_numbers_do_not_break_the_list(client, login_as, make_location):
    login_as("beheerder")
    make_location()
    assert client.get("/locaties/?page=99999999999999999999").status_code == 200
    assert client.get("/locaties/?page=abc").status_code == 200
    assert client.get("/locaties/?page=5").status_code == 404
    assert client.get("/beheer/gebruikers?page=99999999999999999999").status_code == 200


def test_control_characters_in_the_search_are_refused_not_crashing(client, login_as, make_location):
    login_as("inspecteur")
    make_location(name="azc Zoek")
    page = client.get("/locaties/?q=%00zoek")
    assert page.status_code == 400
    assert "De zoekterm bevat ongeldige tekens." in page.get_data(as_text=True)


def test_search_folds_case_beyond_ascii(client, login_as, make_location):
    login_as("inspecteur")
    make_location(name="Opvang Émile Zola")
    assert "Opvang Émile Zola" in client.get("/locaties/?q=émile").get_data(as_text=True)


def test_history_speaks_dutch_with_names_and_readable_values(
    client, login_as, make_location, make_org
):
    editor = login_as("coordinator")
    location = make_location(capacity=300)
    other = make_org("COA Oost", "coa")
    form = _form(other, name=location.name, capacity="300")
    form.pop("has_families")
    client.post(f"/locaties/{location.id}/bewerken", data=form)
    page = client.get(f"/locaties/{location.id}").get_data(as_text=True)
    assert f"Gewijzigd door {editor.name}" in page
    assert f"Exploitant: {location.operator.name} → COA Oost" in page
    assert "operator_id" not in page and "True" not in page


def test_unknown_filter_value_is_explained_in_dutch(client, login_as):
    login_as("inspecteur")
    page = client.get("/locaties/?province=atlantis").get_data(as_text=True)
    assert "Ongeldige keuze." in page


def test_one_imported_location_is_singular(client, login_as, make_org):
    login_as("coordinator")
    make_org("COA", "coa")
    csv = (
        b"naam,exploitant,type_exploitant,modaliteit,capaciteit,gemeente,provincie\n"
        b"azc A,COA,coa,azc,400,Assen,drenthe\n"
    )
    page = client.post(
        "/locaties/importeren",
        data={"file": (io.BytesIO(csv), "l.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "1 locatie geïmporteerd." in page.get_data(as_text=True)
