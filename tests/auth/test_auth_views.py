"""The log-in and log-out screens."""

import pytest

from tests.conftest import PASSWORD


def test_login_page_renders(client):
    page = client.get("/inloggen")
    assert page.status_code == 200
    assert "E-mailadres" in page.get_data(as_text=True)


def test_anonymous_is_sent_to_login_with_next(client):
    response = client.get("/locaties/?province=utrecht")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=")
    assert "locaties" in response.headers["Location"]


def test_login_goes_to_a_local_next(client, make_user):
    user = make_user("inspecteur")
    response = client.post(
        "/inloggen",
        data={"email": user.email, "password": PASSWORD, "next": "/locaties/?province=utrecht"},
    )
    assert response.headers["Location"] == "/locaties/?province=utrecht"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/\tevil",
        "/\r\nSet-Cookie: x=1",
        "",
    ],
)
def test_login_refuses_a_next_that_leaves_the_site(client, make_user, target):
    user = make_user("inspecteur")
    response = client.post(
        "/inloggen", data={"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == "/"


def test_bad_login_shows_a_clear_message_and_no_session(client, make_user):
    user = make_user("inspecteur")
    page = client.post("/inloggen", data={"email": user.email, "password": "wrong password!!"})
    assert page.status_code == 422
    assert "E-mailadres of wachtwoord is onjuist." in page.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_empty_login_form_names_the_fields(client):
    page = client.post("/inloggen", data={"email": "", "password": ""})
    text = page.get_data(as_text=True)
    assert "Vul uw e-mailadres in." in text and "Vul uw wachtwoord in." in text


def test_lockout_message_is_shown(client, make_user):
    user = make_user("inspecteur")
    for _ in range(5):
        client.post("/inloggen", data={"email": user.email, "password": "wrong password!!"})
    page = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert "Te veel mislukte inlogpogingen" in page.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_user_is_logged_out_on_next_request(client, auth, make_user):
    user = make_user("inspecteur")
    auth.login(user)
    assert client.get("/").status_code == 200
    from inspectie.extensions import db

    user.is_active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_logout_is_post_only(client, login_as):
    login_as("inspecteur")
    assert client.get("/uitloggen").status_code == 405
    response = client.post("/uitloggen")
    assert response.headers["Location"] == "/inloggen"
    assert client.get("/").status_code == 302


@pytest.mark.csrf
def test_login_and_logout_need_a_csrf_token(client, make_user):
    user = make_user("inspecteur")
    page = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert page.status_code == 400
    assert "CSRF" in page.get_data(as_text=True)


def test_login_page_explains_why_after_a_redirect(client):
    page = client.get("/locaties/", follow_redirects=True)
    assert "Log in om deze pagina te bekijken." in page.get_data(as_text=True)
