"""The start page."""

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.auth.policy import EVERYONE, role_required
from inspectie.db import today
from inspectie.main.services import overview, todo

bp = Blueprint("main", __name__)


@bp.route("/")
@role_required(*EVERYONE)
def home() -> ResponseReturnValue:
    """The start page of the user's role."""
    return render_template(
        "main/home.html",
        overview=overview(current_user),
        todo=todo(current_user, today()),
        today=today(),
    )
