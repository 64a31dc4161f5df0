"""Routes of supervision (under /toezicht): the overview, and the level page of a location or
organisation with the coordinator's form to set the level."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.auth.policy import EVERYONE, INSPECTORATE, role_required
from inspectie.db import today
from inspectie.extensions import db
from inspectie.locations.services import location_for
from inspectie.supervision.forms import LevelForm
from inspectie.supervision.models import LEVELS
from inspectie.supervision.queries import level_page, overview
from inspectie.supervision.services import SupervisionError, organisation_for, set_level

bp = Blueprint("supervision", __name__, url_prefix="/toezicht")
# {"location": Location} or {"organisation": Organisation}: the keyword the services take.
Subject = dict[str, Any]


def _location_or_404(location_id: int) -> Subject:
    return {"location": location_for(current_user, location_id) or abort(404)}


def _organisation_or_404(organisation_id: int) -> Subject:
    return {"organisation": organisation_for(current_user, organisation_id) or abort(404)}


def _page(
    subject: Subject, form: LevelForm | None = None, status: int = 200
) -> ResponseReturnValue:
    page = level_page(current_user, today(), **subject)
    if form is None and current_user.role == "coordinator":
        proposed = page.level.proposal.level if page.level.proposal else page.level.level
        form = LevelForm(level=proposed, formdata=None)
    if form is not None:  # what the coordinator now sees is what a new decision follows
        form.seen.data = str(page.level.decision_id or 0)
    return render_template(
        "supervision/show.html", page=page, form=form, levels=LEVELS, **subject
    ), status


def _decide(subject: Subject) -> ResponseReturnValue:
    form = LevelForm()
    if form.validate_on_submit():
        try:
            set_level(
                current_user,
                **subject,
                level=form.level.data,
                reason=form.reason.data or "",
                day=today(),
                seen=form.seen_id,
            )
        except SupervisionError as error:
            db.session.rollback()
            target = getattr(form, error.field) if error.field else None
            (target.errors if target else form.form_errors).append(str(error))
            return _page(subject, form, error.status)
        db.session.commit()
        flash(f"Het toezichtsniveau is vastgesteld: {LEVELS[form.level.data]}.", "success")
        kind, obj = next(iter(subject.items()))
        return redirect(url_for(f"supervision.{kind}", **{f"{kind}_id": obj.id}))
    return _page(subject, form, 422)


@bp.route("/")
@role_required(*INSPECTORATE)
def index() -> ResponseReturnValue:
    """Locations and organisations under, or proposed for, a level above regulier."""
    return render_template("supervision/index.html", overview=overview(today()))


@bp.route("/locaties/<int:location_id>")
@role_required(*EVERYONE)
def location(location_id: int) -> ResponseReturnValue:
    """A location's level, proposal and history."""
    return _page(_location_or_404(location_id))


@bp.route("/locaties/<int:location_id>/instellen", methods=["POST"])
@role_required("coordinator")
def set_location_level(location_id: int) -> ResponseReturnValue:
    """Set a location's level."""
    return _decide(_location_or_404(location_id))


@bp.route("/organisaties/<int:organisation_id>")
@role_required(*EVERYONE)
def organisation(organisation_id: int) -> ResponseReturnValue:
    """An organisation's level, proposal and history, with its locations' levels."""
    return _page(_organisation_or_404(organisation_id))


@bp.route("/organisaties/<int:organisation_id>/instellen", methods=["POST"])
@role_required("coordinator")
def set_organisation_level(organisation_id: int) -> ResponseReturnValue:
    """Set an organisation's level."""
    return _decide(_organisation_or_404(organisation_id))
