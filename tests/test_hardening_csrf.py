"""CSRF on every state-changing request that rides on a session.

The routes come from the URL map: each rule that takes POST, PUT, PATCH or DELETE is sent, as a
user whose role may use it, on the permission matrix's world, without a CSRF token and with
CSRF protection on. It must be refused (400) with nothing stored; then the same request with
the token must get what the policy promises, which shows that the token was all that was
missing. A new state-changing route fails ``test_every_state_changing_route_is_checked`` until
it has a policy line (and so a case here) or is listed in ``UNBUILDABLE`` with a reason.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from inspectie.auth.services import issue_token
from inspectie.extensions import db
from inspectie.inspections.answers import find_answer
from inspectie.inspections.models import Inspection
from tests.conftest import PASSWORD
from tests.policy.base import GUESTS, NOBODY, Route, World
from tests.test_hardening import world_fixtures
from tests.test_permissions import CSRF_MESSAGE, POLICY, csrf_token

world_template, database_snapshot, world, inspectorate = world_fixtures("hardening-csrf-world")

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# State-changing rules that cannot be built from the world, each with the reason. Empty: every
# one can. A rule listed here is still refused by the same before_request hook, but unproven.
UNBUILDABLE: dict[tuple[str, str], str] = {}
# Who sends a route's request: the first of these that the policy lets use it.
PREFERENCE = ("coordinator", "inspecteur", "beheerder", "ketenpartner")

CASES = [
    route
    for route in POLICY
    if route.method in STATE_CHANGING and route.may != NOBODY
    and (route.rule, route.method) not in UNBUILDABLE
]  # fmt: skip


def sender(route: Route) -> str | None:
    """The visitor for ``route``: a role that may use it, or nobody logged in (log-in form)."""
    if route.may == GUESTS:
        return None
    return next(role for role in PREFERENCE if role in route.may)


def answer_body(world: World) -> dict[str, Any]:
    """A JSON body the autosave accepts: the world's item, on its current revision."""
    inspection = db.session.get(Inspection, world.inspection_id)
    assert inspection is not None
    answer = find_answer(inspection, world.item_code)
    assert answer is not None
    return {
        "judgment": "voldoet",
        "observation": "Gezien.",
        "reason": "",
        "revision": answer.revision,
    }


# JSON bodies of the API's writes (the policy's ``data`` is a form).
JSON_BODIES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    ("PUT", "/api/v1/inspections/<int:inspection_id>/answers/<item_code>"): answer_body,
}
# What a write the policy lists without a body answers once its token and body are right.
OK_WITH_BODY = {("PUT", "/api/v1/inspections/<int:inspection_id>/answers/<item_code>"): 200}


def stored(app: Flask) -> dict[str, Any]:
    """Every row of every table and every uploaded file: what a refused request must not touch."""
    db.session.rollback()  # see what the requests committed
    rows = {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
    }
    uploads = Path(app.config["UPLOAD_DIR"])
    files = sorted(str(path.relative_to(uploads)) for path in uploads.rglob("*"))
    return {"rows": rows, "files": files}


def log_in_with_token(client: FlaskClient, world: World, visitor: str) -> None:
    user = world.users[visitor]
    token = csrf_token(client, "/inloggen")
    response = client.post(
        "/inloggen",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def send(client: FlaskClient, route: Route, world: World, headers: dict[str, str]) -> Any:
    key = (route.method, route.rule)
    path = route.path(world)
    assert "<" not in path, f"{route}: no URL from the world; list it in UNBUILDABLE with why"
    if key in JSON_BODIES:
        return client.open(path, method=route.method, json=JSON_BODIES[key](world), headers=headers)
    data = route.data(world) if route.data else None
    return client.open(path, method=route.method, data=data, headers=headers)


def test_every_state_changing_route_is_checked(app: Flask) -> None:
    needed = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & STATE_CHANGING
    }
    checked = {(route.rule, route.method) for route in CASES}
    assert sorted(needed - checked - set(UNBUILDABLE)) == [], "state-changing routes unchecked"
    assert sorted(set(UNBUILDABLE) - needed) == [], "UNBUILDABLE lists routes that are gone"
    assert len(checked) == len(CASES)


@pytest.mark.csrf
@pytest.mark.parametrize("route", CASES, ids=str)
def test_state_changing_request_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, world: World, route: Route
) -> None:
    visitor = sender(route)
    if visitor is not None:
        log_in_with_token(client, world, visitor)
    before = stored(app)

    refused = send(client, route, world, headers={})

    assert refused.status_code == 400, refused.get_data(as_text=True)[:500]
    if route.is_api:
        assert refused.is_json
        assert refused.json["error"].startswith(CSRF_MESSAGE)
    else:
        assert refused.mimetype == "text/html"
        assert CSRF_MESSAGE in refused.get_data(as_text=True)
    assert stored(app) == before, "a refused request stored something"

    # The same request with the token: the policy's answer, so the token was all it lacked.
    token = csrf_token(client, "/" if visitor else "/inloggen")
    allowed = send(client, route, world, headers={"X-CSRFToken": token})
    allowed.close()
    want = OK_WITH_BODY.get((route.method, route.rule), route.ok)
    assert allowed.status_code == want, allowed.get_data(as_text=True)[:500]
    if route.writes:
        assert stored(app) != before


@pytest.mark.csrf
def test_bearer_token_call_needs_no_csrf_token_but_a_session_call_does(
    app: Flask, client: FlaskClient, world: World
) -> None:
    """Cookies ride along with a forged cross-site request; a bearer header never does."""
    route = ("PUT", "/api/v1/inspections/<int:inspection_id>/answers/<item_code>")
    path = f"/api/v1/inspections/{world.inspection_id}/answers/{world.item_code}"
    log_in_with_token(client, world, "inspecteur")
    before = stored(app)
    by_session = client.put(path, json=JSON_BODIES[route](world))
    assert by_session.status_code == 400
    assert by_session.json["error"].startswith(CSRF_MESSAGE)
    assert stored(app) == before

    token = issue_token(None, world.users["inspecteur"])
    db.session.commit()
    by_token = app.test_client().put(
        path, json=JSON_BODIES[route](world), headers={"Authorization": f"Bearer {token}"}
    )
    assert by_token.status_code == 200, by_token.get_data(as_text=True)
    assert by_token.json["observation"] == "Gezien."
