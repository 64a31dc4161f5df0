"""Proof of the HTTP hardening: security headers on every kind of answer, cookie flags on the
real Set-Cookie header, error answers that reveal nothing, request size limits, no open
redirects and an audit trail that no code path rewrites.

CSRF on every state-changing route is in ``test_hardening_csrf.py``, stored XSS in
``test_hardening_xss.py``; both use the permission matrix's world through :func:`world_fixtures`.
"""

import ast
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy import select, text
from werkzeug.exceptions import HTTPException

import inspectie
from inspectie import config as settings
from inspectie import create_app
from inspectie.auth.models import LoginAttempt, User
from inspectie.auth.services import create_user, issue_token
from inspectie.config import ConfigError, from_environment
from inspectie.errors import MESSAGES
from inspectie.extensions import db
from inspectie.organisations.models import Organisation
from inspectie.organisations.services import create_organisation
from tests.conftest import PASSWORD, Auth, make_test_config, snapshot_when
from tests.policy.base import World
from tests.template_db import Databases
from tests.test_permissions import WorldTemplate, build_world, write_checklists

# --- the permission matrix's world, for this file and its siblings -----------------------------


def world_fixtures(name: str) -> tuple[Any, ...]:
    """The fixtures ``world_template``, ``database_snapshot``, ``world`` and ``inspectorate`` of
    tests/test_permissions.py, with the world's snapshot kept under ``name``: a snapshot name
    may be captured only once per session, and each module gets its own fixture definitions."""

    @pytest.fixture(scope="session")
    def world_template(
        databases: Databases, tmp_path_factory: pytest.TempPathFactory
    ) -> WorldTemplate:
        checklists = write_checklists(tmp_path_factory.mktemp(name) / "checklists")
        snapshot, ids = databases.capture(
            name, lambda serials: build_world(serials, checklists), start=databases.empty
        )
        return WorldTemplate(snapshot, ids)

    database_snapshot = snapshot_when("world", template="world_template")

    @pytest.fixture
    def world(app: Flask, tmp_path: Path, world_template: WorldTemplate) -> World:
        app.config["CHECKLISTS_DIR"] = str(write_checklists(tmp_path / "checklists"))
        return world_template.ids.load()

    @pytest.fixture
    def inspectorate(request: pytest.FixtureRequest, make_org: Any) -> Organisation:
        # Users made next to the world join the world's inspectorate (its name is unique).
        if "world" in request.fixturenames:
            found: World = request.getfixturevalue("world")
            return found.inspectorate
        return make_org("Inspectie JenV", "inspectie")

    return world_template, database_snapshot, world, inspectorate


world_template, database_snapshot, world, inspectorate = world_fixtures("hardening-world")


def log_in(client: FlaskClient, user: User) -> None:
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


LEAKS = ("Traceback", "sqlalchemy", "SELECT", 'File "', "werkzeug")


def assert_reveals_nothing(body: str) -> None:
    for leak in LEAKS:
        assert leak.lower() not in body.lower(), f"{leak!r} in {body[:500]}"


# --- 1. security headers on every kind of answer -----------------------------------------------

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def assert_security_headers(response: Any, hsts: bool = True) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    for name, value in COMMON_HEADERS.items():
        assert headers.get(name) == value, name
    permissions = headers["Permissions-Policy"]
    assert "geolocation=()" in permissions and "microphone=()" in permissions
    assert headers.get("Strict-Transport-Security") == (HSTS if hsts else None)


def kinds_of_answer(world: World) -> dict[str, tuple[str, int, str]]:
    """Path, status and mimetype of one answer of each kind."""
    return {
        "html page": ("/locaties/", 200, "text/html"),
        "api json": ("/api/v1/locations", 200, "application/json"),
        "html error": ("/bestaat-niet", 404, "text/html"),
        "api error": ("/api/v1/trends", 400, "application/json"),
        "html forbidden": ("/beheer/gebruikers", 403, "text/html"),
        "method not allowed": ("/uitloggen", 405, "text/html"),
        "file download": (f"/bewijs/{world.evidence_id}", 200, "application/pdf"),
    }


KINDS = ["html page", "api json", "html error", "api error", "html forbidden",
         "method not allowed", "file download"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_security_headers_on_every_kind_of_answer(
    client: FlaskClient, world: World, kind: str
) -> None:
    log_in(client, world.users["inspecteur"])
    path, status, mimetype = kinds_of_answer(world)[kind]
    response = client.get(path)
    response.close()  # a download holds its file open until then
    assert response.status_code == status
    assert response.mimetype == mimetype
    assert_security_headers(response)


def test_security_headers_for_a_visitor_who_is_not_logged_in(client: FlaskClient) -> None:
    for path in ("/inloggen", "/", "/api/v1/locations"):
        assert_security_headers(client.get(path))


# --- 2. cookie flags and HSTS by mode: production, testing, debug, demo ------------------------

MODES = {
    # mode: (config, FLASK_DEBUG, Secure cookie expected, HSTS expected)
    "production": ({"TESTING": False}, False, True, True),
    "testing": ({"TESTING": True}, False, False, True),
    "debug": ({"TESTING": False}, True, False, False),
    "demo": ({"TESTING": False, "DEMO": True}, False, False, False),
}


@pytest.fixture
def mode_app(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    databases: Databases,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Flask, User]]:
    """An app built by ``create_app`` as in ``request.param``'s mode, with one user."""
    overrides, debug, _, _ = MODES[request.param]
    monkeypatch.delenv("INSPECTIE_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("INSPECTIE_DEMO", raising=False)
    if debug:
        monkeypatch.setenv("FLASK_DEBUG", "1")
    else:
        monkeypatch.delenv("FLASK_DEBUG", raising=False)
    folder = tmp_path / request.param
    folder.mkdir()
    url = databases.restore(databases.empty, folder)
    app = create_app(make_test_config(folder, SQLALCHEMY_DATABASE_URI=url, **overrides))
    assert app.debug is debug
    with app.app_context():
        organisation = create_organisation(None, "Inspectie JenV", "inspectie")
        user = create_user(None, "modus@example.org", "Modus", "inspecteur", organisation, PASSWORD)
        db.session.commit()
        yield app, user
        db.session.remove()
        db.engine.dispose()


def cookie_attributes(response: Any, name: str) -> set[str]:
    """The attributes of the Set-Cookie header for cookie ``name``, lower-cased."""
    for header in response.headers.getlist("Set-Cookie"):
        cookie, _, rest = header.partition(";")
        if cookie.split("=", 1)[0].strip() == name:
            return {part.strip().lower() for part in rest.split(";") if part.strip()}
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.getlist('Set-Cookie')}")


@pytest.mark.parametrize("mode_app", list(MODES), indirect=True)
def test_session_cookie_flags_and_hsts_after_log_in(
    request: pytest.FixtureRequest, mode_app: tuple[Flask, User]
) -> None:
    app, user = mode_app
    _, _, secure, hsts = MODES[request.node.callspec.params["mode_app"]]
    response = Auth(app.test_client()).login(user)
    assert response.status_code == 302  # logged in: the session cookie now names the user

    flags = cookie_attributes(response, app.config["SESSION_COOKIE_NAME"])
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert ("secure" in flags) is secure
    assert (response.headers.get("Strict-Transport-Security") == HSTS) is hsts
    assert ("Strict-Transport-Security" in response.headers) is hsts


# --- 4. error answers: Dutch for people, JSON for the API, never a trace or SQL ---------------

LEAKY = "SELECT password_hash FROM users -- sqlalchemy Traceback (most recent call last)"
STATUSES = [400, 403, 404, 405, 413, 500]


@pytest.mark.parametrize(("proxies", "counted"), [(0, "10.0.0.1"), (1, "203.0.113.9")])
def test_the_log_in_lock_out_counts_the_visitor_behind_a_trusted_proxy_only(
    tmp_path: Path, databases: Databases, proxies: int, counted: str
) -> None:
    """Behind one TLS proxy (TRUSTED_PROXIES=1) a failed log-in counts against the visitor's
    address, not the proxy's (which would lock everyone out together). Without a trusted proxy
    the header is anyone's to send, and ignored."""
    url = databases.restore(databases.empty, tmp_path)
    app = create_app(
        make_test_config(tmp_path, SQLALCHEMY_DATABASE_URI=url, TRUSTED_PROXIES=proxies)
    )
    with app.app_context():
        client = app.test_client()
        client.post(
            "/inloggen",
            data={"email": "niemand@example.org", "password": "fout-wachtwoord-1234"},
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        assert db.session.scalars(select(LoginAttempt.remote_addr)).all() == [counted]
        db.session.remove()
        db.engine.dispose()


def test_trusted_proxies_is_a_whole_number() -> None:
    assert from_environment({"INSPECTIE_TRUSTED_PROXIES": "1"}) == {"TRUSTED_PROXIES": 1}
    with pytest.raises(ConfigError, match="INSPECTIE_TRUSTED_PROXIES must be a whole number"):
        from_environment({"INSPECTIE_TRUSTED_PROXIES": "een"})


def add_failing_routes(app: Flask) -> None:
    """Test-only routes: a 4xx whose description carries SQL, and a real database error."""

    def fail(status: int) -> Any:
        if status == 500:
            # A real database error: its message names the SQL statement and SQLAlchemy.
            return db.session.execute(text("SELECT password_hash FROM tabel_die_niet_bestaat"))
        abort(status, description=LEAKY)

    app.add_url_rule("/proef-fout/<int:status>", "proef_fout", fail)
    app.add_url_rule("/api/v1/proef-fout/<int:status>", "api_proef_fout", fail)


@pytest.fixture
def failing_app(app: Flask) -> Flask:
    add_failing_routes(app)
    # Outside tests Flask answers with the error handler instead of re-raising the error.
    app.testing = False
    return app


@pytest.mark.parametrize("status", STATUSES)
def test_html_error_pages_are_dutch_and_reveal_nothing(
    failing_app: Flask, client: FlaskClient, status: int
) -> None:
    response = client.get(f"/proef-fout/{status}")
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert MESSAGES[status] in body
    assert 'lang="nl"' in body
    assert_reveals_nothing(body)
    assert_security_headers(response)


@pytest.mark.parametrize("status", STATUSES)
def test_api_errors_are_json_and_reveal_nothing(
    failing_app: Flask, client: FlaskClient, status: int
) -> None:
    response = client.get(f"/api/v1/proef-fout/{status}")
    assert response.status_code == status
    assert response.is_json
    assert isinstance(response.json["error"], str) and response.json["error"]
    assert_reveals_nothing(response.get_data(as_text=True))
    assert_security_headers(response)


def test_the_failing_route_does_fail_with_sql_in_the_error(failing_app: Flask) -> None:
    """The 500 route is a fair test: the error it raises does carry SQL and SQLAlchemy."""
    with pytest.raises(Exception, match="SELECT password_hash") as raised:
        failing_app.view_functions["proef_fout"](500)
    assert "sqlalche" in str(raised.value)
    db.session.rollback()
    with pytest.raises(HTTPException) as aborted:
        failing_app.view_functions["proef_fout"](404)
    assert aborted.value.description == LEAKY


def test_real_errors_are_dutch_or_json(client: FlaskClient, login_as: Callable[..., User]) -> None:
    """Errors provoked the ordinary way, on pages and on the API."""
    login_as("ketenpartner")  # 413 on a real route: see the size limit tests below
    cases = [
        ("GET", "/beheer/gebruikers", 403),
        ("GET", "/bestaat-niet", 404),
        ("GET", "/uitloggen", 405),
        ("GET", "/api/v1/trends", 403),
        ("GET", "/api/v1/bestaat-niet", 404),
        ("POST", "/api/v1/locations", 405),
    ]
    for method, path, status in cases:
        response = client.open(path, method=method)
        body = response.get_data(as_text=True)
        assert response.status_code == status, path
        assert_reveals_nothing(body)
        if path.startswith("/api/"):
            assert response.is_json and response.json["error"], path
        else:
            assert MESSAGES[status] in body, path


# --- 5. request size limits ---------------------------------------------------------------------


def test_size_limits_are_configured(tmp_path: Path) -> None:
    """Flask has defaults for the form limits, but the app states its own: a Flask upgrade
    must not silently lift them (or MAX_CONTENT_LENGTH, which Flask leaves unlimited)."""
    defaults = settings.defaults(str(tmp_path))
    assert defaults["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024
    assert 0 < defaults["MAX_FORM_MEMORY_SIZE"] < defaults["MAX_CONTENT_LENGTH"]
    assert 0 < defaults["MAX_FORM_PARTS"] <= 1000


BOUNDARY = "grens"


def multipart(fields: list[tuple[str, str]], file: bytes | None = None) -> bytes:
    """A multipart body, built here: the test client would spool a big one to a temporary
    file that it never closes (a ResourceWarning, an error under ``filterwarnings``)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields
    ]
    body = "".join(parts).encode()
    if file is not None:
        body += (
            (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + file
            + b"\r\n"
        )
    return body + f"--{BOUNDARY}--\r\n".encode()


MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def test_a_body_over_the_configured_limit_is_refused_on_a_form_route(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as("coordinator")
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = multipart([], file=b"x" * limit)
    assert len(body) > limit
    response = client.post("/locaties/importeren", data=body, content_type=MULTIPART)
    assert response.status_code == 413
    assert MESSAGES[413] in response.get_data(as_text=True)


def test_a_body_over_the_configured_limit_is_refused_by_the_api_as_json(
    app: Flask, client: FlaskClient, world: World
) -> None:
    """An API client (bearer token: no CSRF check reads the body first) sends too much JSON."""
    token = issue_token(None, world.users["inspecteur"])
    db.session.commit()
    limit = app.config["MAX_CONTENT_LENGTH"]
    observation = "x" * (limit + 1)
    response = client.put(
        f"/api/v1/inspections/{world.inspection_id}/answers/{world.item_code}",
        json={"judgment": "voldoet", "observation": observation, "reason": "", "revision": 0},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
    assert response.is_json
    assert response.json == {"error": MESSAGES[413], "detail": None}


def test_a_form_field_over_the_form_memory_limit_is_refused(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as("coordinator")
    limit = app.config["MAX_FORM_MEMORY_SIZE"]
    assert limit < app.config["MAX_CONTENT_LENGTH"]  # so this limit, not the other, refuses
    big = "x" * (limit + 1)
    bodies = {
        MULTIPART: multipart([("name", big)]),
        "application/x-www-form-urlencoded": f"name={big}".encode(),
    }
    for content_type, body in bodies.items():
        response = client.post("/locaties/nieuw", data=body, content_type=content_type)
        assert response.status_code == 413, content_type
        assert MESSAGES[413] in response.get_data(as_text=True)


def test_a_form_with_too_many_parts_is_refused(
    app: Flask, client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as("coordinator")
    fields = [(f"veld{n}", "x") for n in range(app.config["MAX_FORM_PARTS"] + 1)]
    response = client.post("/locaties/nieuw", data=multipart(fields), content_type=MULTIPART)
    assert response.status_code == 413
    assert MESSAGES[413] in response.get_data(as_text=True)


# --- 7. no redirect to a URL the visitor chose ------------------------------------------------

LEAVING = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "/\tevil",
]


@pytest.mark.parametrize("target", LEAVING)
def test_evidence_forms_refuse_a_next_that_leaves_the_site(
    client: FlaskClient, world: World, target: str
) -> None:
    log_in(client, world.users["inspecteur"])
    inspection = f"/inspecties/{world.inspection_id}"
    upload = client.post(
        f"{inspection}/toetspunten/{world.item_code}/bewijs",
        data={"file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf"), "next": target},
    )
    assert upload.status_code == 302
    assert upload.headers["Location"] == inspection
    delete = client.post(f"/bewijs/{world.evidence_id}/verwijderen", data={"next": target})
    assert delete.status_code == 302
    assert delete.headers["Location"] == inspection


def test_evidence_forms_follow_a_next_on_this_site(client: FlaskClient, world: World) -> None:
    """The other side: a path on this site is followed (so the refusal above is a refusal)."""
    log_in(client, world.users["inspecteur"])
    theme = f"/inspecties/{world.inspection_id}/thema/informatie"
    delete = client.post(f"/bewijs/{world.evidence_id}/verwijderen", data={"next": theme})
    assert delete.headers["Location"] == theme


PACKAGE = Path(inspectie.__file__).parent


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _called(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return None


def test_every_redirect_goes_to_a_url_we_built_or_checked() -> None:
    """``redirect(x)`` only with ``url_for(...)``, or ``safe_next(...) or <fallback>``: a new
    redirect to a URL from the request fails here until it goes through ``safe_next``."""
    unsafe = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _called(node) != "redirect" or not isinstance(node, ast.Call) or not node.args:
                continue
            target = node.args[0]
            checked = isinstance(target, ast.BoolOp) and _called(target.values[0]) == "safe_next"
            if _called(target) != "url_for" and not checked:
                unsafe.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert unsafe == []


# --- 8. the audit trail is only ever appended to ---------------------------------------------

AUDIT_NAMES = {"AuditEvent", "audit_events"}


def _mentions_audit(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in AUDIT_NAMES:
            return True
        if isinstance(sub, ast.Attribute) and sub.attr in AUDIT_NAMES:
            return True
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            words = sub.value.upper()
            if "AUDIT_EVENTS" in words and any(
                verb in words for verb in ("UPDATE ", "DELETE ", "TRUNCATE ")
            ):
                return True
    return False


def audit_rewrites(source: str) -> list[int]:
    """Lines of ``source`` that update, delete or truncate audit events."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and _mentions_audit(node):
            found.append(node.lineno)  # raw SQL
        elif isinstance(node, ast.Call) and _called(node) in ("update", "delete"):
            # update(AuditEvent), delete(AuditEvent), session.delete(event_of_audit), and
            # select(AuditEvent)...update()/.delete() on a query.
            func = node.func
            chained = func.value if isinstance(func, ast.Attribute) else None
            args_mention = any(_mentions_audit(arg) for arg in node.args)
            query_mentions = chained is not None and _mentions_audit(chained)
            if args_mention or query_mentions:
                found.append(node.lineno)
    return found


def test_the_audit_check_finds_what_it_looks_for() -> None:
    """The static check below would see each way to rewrite the trail."""
    examples = [
        "db.session.execute(update(AuditEvent).values(action='x'))",
        "db.session.execute(delete(AuditEvent))",
        "db.session.execute(sa.delete(AuditEvent.__table__))",
        "db.session.query(AuditEvent).filter_by(id=1).delete()",
        "db.session.execute(text('DELETE FROM audit_events'))",
        "db.session.execute(text('truncate audit_events'))",
        "AuditEvent.__table__.update().values(action='x')",
    ]
    for example in examples:
        assert audit_rewrites(example), example
    assert audit_rewrites("db.session.add(AuditEvent(action='x'))") == []
    assert audit_rewrites("db.session.execute(delete(Location))") == []


def test_no_code_path_updates_or_deletes_audit_events() -> None:
    """Only migrations (which create the triggers) and the trigger DDL name the table next to
    UPDATE/DELETE; the application never issues either on it."""
    offenders = {}
    for path in python_files():
        if path.name == "db.py":
            continue  # the DDL of the triggers that refuse UPDATE and DELETE
        lines = audit_rewrites(path.read_text(encoding="utf-8"))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert offenders == {}
