"""The app factory, configuration, security headers and error pages."""

import io
import os
import subprocess
import sys

import pytest
from flask import Flask

from inspectie import create_app
from inspectie.config import DEV_SECRET_KEY, ConfigError, from_environment


def _base(tmp_path, **values):
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", **values}


def test_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("INSPECTIE_SECRET_KEY", raising=False)
    monkeypatch.delenv("INSPECTIE_DEMO", raising=False)
    with pytest.raises(ConfigError, match="INSPECTIE_SECRET_KEY is not set"):
        create_app(_base(tmp_path))


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (DEV_SECRET_KEY, "development placeholder"),
        ("short", "too short"),
    ],
)
def test_refuses_weak_secret_keys(tmp_path, secret, message):
    with pytest.raises(ConfigError, match=message):
        create_app(_base(tmp_path, SECRET_KEY=secret))


def test_demo_mode_starts_without_a_secret_and_without_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.delenv("INSPECTIE_SECRET_KEY", raising=False)
    app = create_app(_base(tmp_path, DEMO=True))
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    app = create_app(_base(tmp_path, SECRET_KEY="x" * 40))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_variables_override_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTIE_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("INSPECTIE_UPLOAD_DIR", str(tmp_path / "up"))
    monkeypatch.setenv("INSPECTIE_SECRET_KEY", "y" * 40)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["UPLOAD_DIR"] == str(tmp_path / "up")
    assert from_environment({"INSPECTIE_DEMO": "ja"}) == {"DEMO": True}


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("INSPECTIE_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "z" * 40})
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/inspectie.sqlite"
    )


def test_foreign_keys_are_enforced_on_every_database(app: Flask):
    # SQLite ignores foreign keys unless each connection switches them on.
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from inspectie.extensions import db

    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO users (email, name, password_hash, role, organisation_id, is_active, "
                "created_at) VALUES ('x@example.org', 'X', 'h', 'inspecteur', 999, true, "
                "CURRENT_TIMESTAMP)"
            )
        )
    db.session.rollback()


def test_security_headers_on_every_page(client):
    response = client.get("/inloggen")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_of_logged_in_users_are_not_cached(client, login_as):
    login_as("inspecteur")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_error_pages_are_dutch_and_reveal_nothing(client, login_as):
    login_as("inspecteur")
    page = client.get("/bestaat-niet")
    assert page.status_code == 404
    assert "Deze pagina bestaat niet" in page.get_data(as_text=True)
    api = client.get("/api/v1/bestaat-niet")
    assert api.status_code == 404 and api.json["error"]


def test_unexpected_errors_roll_back_and_show_no_trace(app, client, make_user, auth):
    @app.get("/boom")
    def boom():
        raise RuntimeError("SELECT secret FROM internals")

    auth.login(make_user("inspecteur"))
    app.testing = False  # let the error handler answer instead of re-raising
    page = client.get("/boom")
    text = page.get_data(as_text=True)
    assert page.status_code == 500
    assert "Er ging iets mis" in text
    assert "SELECT" not in text and "Traceback" not in text


def test_oversized_request_is_refused(app, client, login_as):
    login_as("coordinator")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    page = client.post(
        "/locaties/importeren",
        data={"file": (io.BytesIO(b"x" * 4096), "a.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 413
    assert "te groot" in page.get_data(as_text=True)


def test_the_wsgi_entry_point_serves_the_app_with_start_up_objects_frozen(tmp_path):
    """`gunicorn inspectie.wsgi:app`, as the README says; in a process of its own, because it
    reads the environment and freezes the collector for good."""
    script = (
        "import gc, flask, inspectie.wsgi as w; "
        "assert isinstance(w.app, flask.Flask); "
        "assert gc.get_freeze_count() > 10000, gc.get_freeze_count(); "
        "print(w.app.test_client().get('/inloggen').status_code)"
    )
    env = {
        **os.environ,
        "INSPECTIE_SECRET_KEY": "w" * 40,
        "INSPECTIE_DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.sqlite'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "200"), done.stderr
