"""Browser tests: the app with its demo data on a live server, driven by Debian's Chromium.

One server and one SQLite file serve the whole session, so a test that changes data changes
only what it owns (one location, uniquely named imports) and asserts only on that.
Every page a test visits is watched for console errors and CSP violations (``browser_errors``).
"""

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from inspectie import create_app
from inspectie.demo import data as demo_data
from inspectie.demo import load_demo
from inspectie.extensions import db
from inspectie.locations.models import Location
from tests.conftest import make_test_config, reset_schema

CHROMIUM = "/usr/lib/chromium/chromium"  # the real binary, not Debian's shell wrapper
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# An expectation waits for the page up to this long (Playwright's default is 5 s). `make test`
# runs the PostgreSQL suite beside these on two cores; under that load one expectation once ran
# out of its 5 s, and never on a quiet machine. A passing expectation returns as soon as it
# holds, so this costs nothing when all is well.
expect.set_options(timeout=15_000)

PASSWORD = demo_data.DEMO_PASSWORD
LOGINS = {
    "beheerder": "beheerder@demo.example",
    "coordinator": "coordinator@demo.example",
    "inspecteur": "inspecteur@demo.example",
    "ketenpartner": "coa@demo.example",
}
NAMES = {email: name for email, name, _, _ in demo_data.USERS}


# --- the live server ---------------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without a log line per request (errors are still logged)."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app with the demo data, always on a SQLite file (whatever the other tests use)."""
    tmp_path = tmp_path_factory.mktemp("e2e")
    app = create_app(
        make_test_config(
            tmp_path,
            WTF_CSRF_ENABLED=True,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'e2e.sqlite'}",
        )
    )
    with app.app_context():
        reset_schema()
        db.create_all()
        load_demo()
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


# --- pytest-playwright settings ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


# --- console errors and CSP violations ---------------------------------------------------------


class BrowserErrors:
    """What the browser complains about: console errors (CSP violations among them), uncaught
    script errors and sub-resources (CSS, icons) that fail to load or are refused.

    A page answered with an error status on purpose (404 page, a form sent back with 422) is
    not a complaint: Chromium's console line about the document's own status is left out.
    """

    _STATUS_LINE = re.compile(r"^Failed to load resource: the server responded with a status")

    def __init__(self, page: Page) -> None:
        self.messages: list[str] = []
        self._documents: set[str] = set()
        self._allowed: list[re.Pattern[str]] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._add(f"uncaught: {error}"))
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def allow(self, pattern: str) -> None:
        """Expect complaints matching ``pattern`` (a regular expression searched in each), from
        now on and among those already seen: a conflict (409) or a refused request the test
        provokes on purpose."""
        self._allowed.append(re.compile(pattern))
        self.messages[:] = [m for m in self.messages if not self._is_allowed(m)]

    def _is_allowed(self, message: str) -> bool:
        return any(p.search(message) for p in self._allowed)

    def _add(self, message: str) -> None:
        if not self._is_allowed(message):
            self.messages.append(message)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if self._STATUS_LINE.match(message.text) and url in self._documents:
            return
        self._add(f"console: {message.text} ({url})")

    def _request(self, request: Request) -> None:
        if request.resource_type == "document":
            self._documents.add(request.url)

    def _response(self, response: Response) -> None:
        # A page may be answered 404 or 422 on purpose; a server error never is.
        is_document = response.request.resource_type == "document"
        if response.status >= (500 if is_document else 400):
            self._add(f"{response.status} for {response.url}")

    def _request_failed(self, request: Request) -> None:
        # A load cut short by the next navigation or by closing the page is no fault.
        if request.failure != "net::ERR_ABORTED":
            self._add(f"request failed: {request.url} ({request.failure})")

    def clear(self) -> None:
        self.messages.clear()


@pytest.fixture(autouse=True)
def browser_errors(page: Page) -> Iterator[BrowserErrors]:
    """Fail any browser test on whose pages the browser reported an error."""
    errors = BrowserErrors(page)
    yield errors
    assert errors.messages == [], "the browser reported errors:\n" + "\n".join(errors.messages)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failure, say where every open page of the browser was: a locator that times out
    says only what it waited for, not that its page had become a 404 or the log-in form."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.failed and call.when == "call" and isinstance(page, Page):
        report.sections.append(("open pages", _open_pages(page)))
    return report


def _open_pages(page: Page) -> str:
    lines = []
    for context in page.context.browser.contexts if page.context.browser else [page.context]:
        for open_page in context.pages:
            try:
                heading = open_page.locator("h1").first.inner_text(timeout=1000)
            except Exception as error:  # a diagnostic must never hide the failure
                heading = f"(no h1: {type(error).__name__})"
            lines.append(f"{open_page.url}  h1: {heading!r}")
    return "\n".join(lines)


# --- helpers -----------------------------------------------------------------------------------


def login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the form and wait for the start page."""
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {NAMES[email]}")


def login_as(page: Page, role: str) -> None:
    """Log in as the demo user with this role (the ketenpartner is COA's)."""
    login(page, LOGINS[role])


def result_rows(page: Page) -> list[dict[str, str]]:
    """The rows of the locations table, as column header -> cell text."""
    table = page.get_by_role("table", name="Opvanglocaties")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    return [
        dict(zip(headers, (c.strip() for c in row.locator("td").all_inner_texts()), strict=True))
        for row in table.locator("tbody tr").all()
    ]


@pytest.fixture(scope="session")
def location_id(live_app: Flask) -> Callable[[str], int]:
    """The id of a location, by its (unique) name; for URLs a person could type."""

    def find(name: str) -> int:
        with live_app.app_context():
            found = db.session.scalar(select(Location.id).where(Location.name == name))
            db.session.remove()
        assert found is not None, f"no location named {name!r}"
        return found

    return find
