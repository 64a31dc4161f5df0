"""Shared fixtures: the app on a real database (SQLite, or PostgreSQL when
INSPECTIE_TEST_DATABASE_URL says so), a client, a login helper and factories."""

import contextvars
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient

from inspectie import create_app
from inspectie.auth.models import User
from inspectie.auth.services import create_user
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.locations.services import LocationData, create_location
from inspectie.organisations.models import Organisation
from inspectie.organisations.services import create_organisation
from tests.template_db import Databases, Serials, Snapshot, open_databases
from tests.template_db import reset_schema as reset_schema  # the migration and browser tests

PASSWORD = "correct horse battery staple"
DATABASE_URL = os.environ.get("INSPECTIE_TEST_DATABASE_URL", "sqlite://")
IS_POSTGRES = DATABASE_URL.startswith("postgresql")
# A CSRF token is signed with the current second. It sits in every page's meta tag and log-out
# form, so two pages asked for a second apart differ there and nowhere else.
CSRF_TOKEN = re.compile(r'name="csrf[-_]token" (?:content|value)="[^"]*"')


def page_text(response: Any) -> str:
    """The page as text without its CSRF tokens, for comparing two answers."""
    return CSRF_TOKEN.sub("", response.get_data(as_text=True))


def make_test_config(tmp_path: Any, **overrides: Any) -> dict[str, Any]:
    url = DATABASE_URL
    if url == "sqlite://":
        # A file, not :memory:, so that every connection (and a live server thread) sees it.
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
    }
    config.update(overrides)
    return config


def snapshot_app(folder: Path, url: str) -> Flask:
    """The app that builds a snapshot, on the database at ``url`` with its files in ``folder``."""
    return create_app(make_test_config(folder, SQLALCHEMY_DATABASE_URI=url))


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """The schema is built once per session (see tests/template_db.py); tests get copies."""
    store = open_databases(DATABASE_URL, tmp_path_factory.mktemp("databases"), snapshot_app)
    yield store
    store.close()


@pytest.fixture
def database_snapshot(databases: Databases) -> Snapshot:
    """What a test's database starts as: an empty schema. A module overrides this fixture to
    start its tests from a snapshot of its own (a copy: each test still has its own database)."""
    return databases.empty


def snapshot_when(uses: str, template: str) -> Callable[..., Snapshot]:
    """The ``database_snapshot`` fixture of a module with a snapshot of its own: a test that
    uses the fixture ``uses`` starts from a private copy of the snapshot that the session
    fixture ``template`` captured (cases that write must not see each other's changes); any
    other test from the empty schema."""

    @pytest.fixture
    def database_snapshot(request: pytest.FixtureRequest, databases: Databases) -> Snapshot:
        if uses in request.fixturenames:
            snapshot: Snapshot = request.getfixturevalue(template).snapshot
            return snapshot
        return databases.empty

    return database_snapshot


@pytest.fixture
def app(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    databases: Databases,
    database_snapshot: Snapshot,
) -> Iterator[Flask]:
    overrides: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": databases.restore(database_snapshot, tmp_path)
    }
    marker = request.node.get_closest_marker("csrf")
    if marker is not None:
        overrides["WTF_CSRF_ENABLED"] = True
    app = create_app(make_test_config(tmp_path, **overrides))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests each get their own app context, as in production.

    Flask reuses an app context that is already pushed (ours, held by the ``app`` fixture), so
    without this ``g`` and the database session would leak from one request into the next and
    hide bugs, e.g. a deactivated user's cached ``current_user``.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        context = contextvars.copy_context()

        def without_app_context() -> Any:
            _cv_app.set(None)  # type: ignore[arg-type]
            return super(IsolatedClient, self).open(*args, **kwargs)

        return context.run(without_app_context)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


# --- factories ------------------------------------------------------------------------------
# Plain functions too, so that a snapshot (tests/test_permissions.py's world) is built with them.


def org_factory(serials: Serials) -> Callable[..., Organisation]:
    def make(name: str | None = None, kind: str = "coa") -> Organisation:
        org = create_organisation(None, name or f"Organisatie {serials.next('org')}", kind)
        db.session.commit()
        return org

    return make


def create_inspectorate(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org("Inspectie JenV", "inspectie")


def user_factory(
    serials: Serials, inspectorate: Organisation, make_org: Callable[..., Organisation]
) -> Callable[..., User]:
    def make(
        role: str = "inspecteur",
        organisation: Organisation | None = None,
        email: str | None = None,
        active: bool = True,
    ) -> User:
        if organisation is None:
            organisation = inspectorate if role != "ketenpartner" else make_org(kind="coa")
        n = serials.next("user")
        user = create_user(
            None,
            email or f"{role}{n}@example.org",
            f"{role.title()} {n}",
            role,
            organisation,
            PASSWORD,
        )
        user.is_active = active
        db.session.commit()
        return user

    return make


def location_factory(
    serials: Serials, make_org: Callable[..., Organisation]
) -> Callable[..., Location]:
    kind_for = {"coa": "coa", "vge": "gemeente", "nidos": "nidos"}

    def make(operator: Organisation | None = None, **values: Any) -> Location:
        n = serials.next("location")
        operator_type = values.pop("operator_type", None)
        if operator is None:
            operator = make_org(kind=kind_for[operator_type or "coa"])
        operator_type = operator_type or {v: k for k, v in kind_for.items()}[operator.kind]
        data = LocationData(
            **{
                "name": f"Locatie {n}",
                "operator_id": operator.id,
                "operator_type": operator_type,
                "modality": "azc",
                "capacity": 300,
                "municipality": "Assen",
                "province": "drenthe",
                **values,
            }
        )
        location = create_location(None, data)
        db.session.commit()
        return location

    return make


@pytest.fixture
def serials(database_snapshot: Snapshot) -> Serials:
    """The factories number on from where the test's snapshot was left."""
    return database_snapshot.serials.copy()


@pytest.fixture
def make_org(app: Flask, serials: Serials) -> Callable[..., Organisation]:
    return org_factory(serials)


@pytest.fixture
def inspectorate(make_org: Callable[..., Organisation]) -> Organisation:
    return create_inspectorate(make_org)


@pytest.fixture
def make_user(
    app: Flask,
    inspectorate: Organisation,
    make_org: Callable[..., Organisation],
    serials: Serials,
) -> Callable[..., User]:
    return user_factory(serials, inspectorate, make_org)


@pytest.fixture
def make_location(
    app: Flask, make_org: Callable[..., Organisation], serials: Serials
) -> Callable[..., Location]:
    return location_factory(serials, make_org)


class Auth:
    """Log in and out through the real log-in form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, user_or_email: User | str, password: str = PASSWORD) -> Any:
        email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
        return self.client.post("/inloggen", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self.client.post("/uitloggen")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def login_as(make_user: Callable[..., User], auth: Auth) -> Callable[..., User]:
    """Create a user with ``role`` and log the client in as them."""

    def login(role: str, **kwargs: Any) -> User:
        user = make_user(role, **kwargs)
        response = auth.login(user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return login
