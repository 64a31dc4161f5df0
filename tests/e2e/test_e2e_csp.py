"""The Content-Security-Policy reaches the browser, and the pages live within it: no inline
script or style, nothing refused, no console errors (the ``browser_errors`` guard)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors, login_as

pytestmark = pytest.mark.e2e

REQUIRED_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
]


def _assert_csp(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, path
    policy = response.headers.get("content-security-policy", "")
    for directive in REQUIRED_DIRECTIVES:
        assert directive in policy, f"{path}: {directive!r} missing from {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy


def test_every_page_is_served_with_the_csp_and_raises_no_browser_errors(
    page: Page, location_id: Callable[[str], int], browser_errors: BrowserErrors
) -> None:
    _assert_csp(page, "/inloggen")
    login_as(page, "beheerder")
    lombok = location_id("Opvang Lombok")
    for path in (
        "/",
        "/locaties/",
        "/locaties/?province=utrecht&operator_type=vge&q=opvang",
        f"/locaties/{lombok}",
        f"/locaties/{lombok}/bewerken",
        "/locaties/nieuw",
        "/locaties/importeren",
        "/beheer/gebruikers",
        "/beheer/gebruikers/nieuw",
        "/beheer/organisaties",
    ):
        _assert_csp(page, path)
        # The one stylesheet is allowed and applied (the header is government blue).
        expect(page.locator(".site-header")).to_have_css("background-color", "rgb(21, 66, 115)")
    _assert_csp(page, "/bestaat-niet", status=404)
    _assert_csp(page, "/locaties/999999", status=404)

    assert browser_errors.messages == []


def test_the_guard_sees_what_the_csp_refuses(page: Page, browser_errors: BrowserErrors) -> None:
    """An injected inline script is refused by the browser, and the refusal is reported; so an
    empty ``browser_errors`` really means the pages broke no rule."""
    page.goto("/inloggen")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
            }"""
        )

    assert page.evaluate("window.injected") is None
    assert any("Content Security Policy" in message for message in browser_errors.messages)
    browser_errors.clear()
