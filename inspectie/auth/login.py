"""Flask-Login wiring: sessions for the browser, bearer tokens for integrations."""

from flask import Flask, Request, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from inspectie.auth.models import User
from inspectie.extensions import db, login_manager


def bearer_token(req: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or ``None`` if there is none."""
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def is_api_request(req: Request) -> bool:
    return req.path.startswith("/api/")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om deze pagina te bekijken."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # A request that names a bearer token is judged by that token alone, never by a
        # session cookie that happens to travel along.
        if "Authorization" in request.headers:
            return None
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.is_active else None

    @login_manager.request_loader
    def load_user_from_request(req: Request) -> User | None:
        from inspectie.auth.services import user_for_token

        token = bearer_token(req)
        return user_for_token(token) if token else None

    @login_manager.unauthorized_handler
    def unauthorized() -> ResponseReturnValue:
        if is_api_request(request):
            abort(401)
        # A custom handler replaces Flask-Login's own, which would have flashed this.
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
