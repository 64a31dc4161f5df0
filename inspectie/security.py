"""HTTP hardening: CSRF on every state-changing request, security headers on every response."""

from flask import Flask, Response, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from inspectie.auth.login import bearer_token
from inspectie.extensions import csrf

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # The client's address and scheme as the trusted proxies saw them: the log-in lock-out
        # per address, and https behind a TLS proxy. Only that many hops are believed.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    @app.before_request
    def limit_urlencoded_forms() -> None:
        # Werkzeug holds each multipart field to MAX_FORM_MEMORY_SIZE, but reads an urlencoded
        # body whole, up to MAX_CONTENT_LENGTH (16 MiB), before the CSRF check or the log-in.
        limit = app.config.get("MAX_FORM_MEMORY_SIZE")
        urlencoded = request.mimetype == "application/x-www-form-urlencoded"
        if urlencoded and limit is not None and (request.content_length or 0) > limit:
            raise RequestEntityTooLarge()

    @app.before_request
    def protect_from_csrf() -> None:
        # Cookies ride along with cross-site requests; a bearer token never does, so only
        # token-authenticated calls may skip the CSRF token.
        if app.config.get("WTF_CSRF_ENABLED", True) and bearer_token(request) is None:
            csrf.protect()

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not app.debug and not app.config.get("DEMO"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if current_user and current_user.is_authenticated:
            # Pages about named people and sites must not linger in a shared tablet's cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
