"""Screens for locations: list, detail, create, edit and CSV import."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.auth.policy import EVERYONE, role_required
from inspectie.extensions import db
from inspectie.locations.forms import LocationFilterForm, LocationForm, LocationImportForm
from inspectie.locations.importer import COLUMNS, import_csv
from inspectie.locations.models import Location
from inspectie.locations.services import (
    LocationError,
    LocationFilters,
    create_location,
    location_for,
    location_history,
    locations_query,
    operators,
    update_location,
)
from inspectie.pages import paginate
from inspectie.supervision.services import level_for

bp = Blueprint("locations", __name__, url_prefix="/locaties")
MANAGERS = ("beheerder", "coordinator")


def _visible_or_404(location_id: int) -> Location:
    location = location_for(current_user, location_id)
    if location is None:
        abort(404)
    return location


@bp.route("/")
@role_required(*EVERYONE)
def index() -> ResponseReturnValue:
    """The locations the user may see, filtered and paged."""
    form = LocationFilterForm(request.args)
    if not form.validate():
        return render_template("locations/index.html", form=form, page=None), 400
    page = paginate(locations_query(current_user, LocationFilters(**form.data)), per_page=25)
    return render_template("locations/index.html", form=form, page=page)


@bp.route("/<int:location_id>")
@role_required(*EVERYONE)
def show(location_id: int) -> ResponseReturnValue:
    """One location, with its change history for the inspectorate."""
    location = _visible_or_404(location_id)
    events = location_history(location) if current_user.is_inspectorate else []
    # The page composes what later features know of the location (views may look up the
    # layers; services never do).
    level = level_for(current_user, location=location)
    return render_template("locations/show.html", location=location, events=events, level=level)


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*MANAGERS)
def create() -> ResponseReturnValue:
    """Register a new location."""
    form = LocationForm(operators=operators())
    if form.validate_on_submit():
        location = create_location(current_user, form.data_object())
        db.session.commit()
        flash(f"Locatie {location.name} is toegevoegd.", "success")
        return redirect(url_for("locations.show", location_id=location.id))
    return render_template(
        "locations/form.html", form=form, location=None
    ), 422 if form.errors else 200


@bp.route("/<int:location_id>/bewerken", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(location_id: int) -> ResponseReturnValue:
    """Change a location."""
    location = _visible_or_404(location_id)
    form = LocationForm(obj=location, operators=operators())
    if form.validate_on_submit():
        try:
            changed = update_location(current_user, location, form.data_object())
        except LocationError as error:  # a rule the form could not see, e.g. a race
            db.session.rollback()
            for field_name, message in error.problems.items():
                getattr(form, field_name).errors.append(message)
        else:
            db.session.commit()
            flash("Wijzigingen opgeslagen." if changed else "Er was niets gewijzigd.", "success")
            return redirect(url_for("locations.show", location_id=location.id))
    return render_template(
        "locations/form.html", form=form, location=location
    ), 422 if form.errors else 200


@bp.route("/importeren", methods=["GET", "POST"])
@role_required(*MANAGERS)
def import_() -> ResponseReturnValue:
    """Import locations from a CSV file; one bad row imports nothing."""
    form = LocationImportForm()
    errors = []
    if form.validate_on_submit():
        result = import_csv(current_user, form.file.data.read())
        if result.errors:
            db.session.rollback()
            errors = result.errors
        else:
            db.session.commit()
            count = len(result.created)
            flash(f"{count} {'locatie' if count == 1 else 'locaties'} geïmporteerd.", "success")
            return redirect(url_for("locations.index"))
    status = 422 if errors or form.errors else 200
    return render_template(
        "locations/import.html", form=form, errors=errors, columns=COLUMNS
    ), status
