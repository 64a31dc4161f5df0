"""Log-in and log-out."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from inspectie.auth.forms import LoginForm
from inspectie.auth.services import authenticate
from inspectie.extensions import db

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site; anything that could leave the site is dropped."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log in by e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        result = authenticate(
            form.email.data or "", form.password.data or "", request.remote_addr or ""
        )
        db.session.commit()
        if result.user is not None:
            login_user(result.user)
            return redirect(safe_next(form.next.data) or url_for("main.home"))
        error = result.error
    status = 200 if error is None and not form.errors else 422
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    """Log out (a POST with CSRF, so no other site can log a user out)."""
    logout_user()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))
