"""User and organisation administration."""

from sqlalchemy import select

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.organisations.models import Organisation
from tests.conftest import PASSWORD


def _new_user(org, **values):
    data = {
        "email": "nieuw@example.org",
        "name": "Nieuwe Collega",
        "role": "inspecteur",
        "organisation_id": str(org.id),
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    data.update(values)
    return data


def test_beheerder_creates_a_user_who_can_log_in(client, login_as, inspectorate, auth):
    login_as("beheerder")
    response = client.post("/beheer/gebruikers/nieuw", data=_new_user(inspectorate))
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    assert response.headers["Location"] == f"/beheer/gebruikers/{user.id}"
    auth.logout()
    assert auth.login("nieuw@example.org").status_code == 302


def test_short_password_and_mismatch_are_refused(client, login_as, inspectorate):
    login_as("beheerder")
    page = client.post(
        "/beheer/gebruikers/nieuw", data=_new_user(inspectorate, password="kort", confirm="anders")
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "12 tot 256 tekens" in text and "niet gelijk" in text
    assert db.session.scalar(select(User).where(User.email == "nieuw@example.org")) is None


def test_role_that_does_not_fit_the_organisation_is_refused(client, login_as, make_org):
    login_as("beheerder")
    coa = make_org("COA", "coa")
    page = client.post("/beheer/gebruikers/nieuw", data=_new_user(coa, role="coordinator"))
    assert page.status_code == 422
    assert "hoort bij de inspectie" in page.get_data(as_text=True)


def test_duplicate_email_is_refused(client, login_as, inspectorate, make_user):
    login_as("beheerder")
    make_user("inspecteur", email="nieuw@example.org")
    page = client.post("/beheer/gebruikers/nieuw", data=_new_user(inspectorate))
    assert "bestaat al" in page.get_data(as_text=True)


def test_change_role_and_deactivate(client, login_as, make_user, auth):
    login_as("beheerder")
    user = make_user("inspecteur")
    client.post(f"/beheer/gebruikers/{user.id}/rol", data={"role": "coordinator"})
    page = client.post(f"/beheer/gebruikers/{user.id}/actief", follow_redirects=True)
    assert "is gedeactiveerd" in page.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.role == "coordinator" and not user.is_active
    auth.logout()
    assert "gedeactiveerd" in auth.login(user).get_data(as_text=True)


def test_beheerder_cannot_deactivate_themselves(client, login_as):
    admin = login_as("beheerder")
    page = client.post(f"/beheer/gebruikers/{admin.id}/actief", follow_redirects=True)
    assert "eigen account niet deactiveren" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active


def test_unknown_user_is_404(client, login_as):
    login_as("beheerder")
    assert client.get("/beheer/gebruikers/9999").status_code == 404


def test_add_organisation_and_refuse_a_duplicate(client, login_as):
    login_as("beheerder")
    client.post("/beheer/organisaties", data={"name": "Gemeente Emmen", "kind": "gemeente"})
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Gemeente Emmen"))
    page = client.post("/beheer/organisaties", data={"name": "Gemeente Emmen", "kind": "gemeente"})
    assert page.status_code == 422 and "bestaat al" in page.get_data(as_text=True)
