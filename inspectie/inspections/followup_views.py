"""Follow-up screens: planning a follow-up from a location's open findings, and the comparison
of an inspection with the previous one. Nested in the inspections blueprint (``/inspecties``)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.auth.models import User
from inspectie.auth.policy import EVERYONE, role_required
from inspectie.extensions import db
from inspectie.inspections.comparison import OUTCOMES, comparison_for
from inspectie.inspections.followup import (
    FollowUpPlan,
    locations_with_open_findings,
    open_findings,
    pending_follow_ups,
    plan_follow_up,
)
from inspectie.inspections.forms import FollowUpForm
from inspectie.inspections.services import InspectionError, inspection_for, team_candidates
from inspectie.locations.models import Location

bp = Blueprint("follow_up", __name__)


def _location() -> Location | None:
    """The location named by ``location`` (query string or form); 404 for an unknown id."""
    raw = request.values.get("location", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        abort(404)
    return db.session.get(Location, int(raw)) or abort(404)


@bp.route("/vervolgonderzoek", methods=["GET", "POST"])
@role_required("coordinator")
def plan() -> ResponseReturnValue:
    """Plan a follow-up of a location's open findings (coordinator); first choose the location."""
    location = _location()
    if location is None:
        status = 422 if request.method == "POST" else 200
        page = render_template(
            "inspections/follow_up_location.html", locations=locations_with_open_findings()
        )
        return page, status
    findings, pending = open_findings(location), pending_follow_ups(location)
    free = [f for f in findings if f.id not in pending]
    form = FollowUpForm(findings=free, team=team_candidates())
    if request.method == "GET":
        form.finding_ids.data = [f.id for f in free]  # default: all of them
    if form.validate_on_submit():
        data = form.data
        try:
            inspection = plan_follow_up(
                current_user,
                FollowUpPlan(
                    location=location,
                    findings=[f for f in free if f.id in data["finding_ids"]],
                    planned_on=data["planned_on"],
                    lead=db.session.get(User, data["lead_id"]) or abort(400),
                    members=[db.session.get(User, i) or abort(400) for i in data["member_ids"]],
                ),
            )
        except InspectionError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("Het vervolgonderzoek is gepland.", "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "inspections/follow_up.html",
        form=form,
        location=location,
        findings={f.id: f for f in findings},
        pending=pending,
    ), status


@bp.route("/<int:inspection_id>/vergelijking")
@role_required(*EVERYONE)
def comparison(inspection_id: int) -> ResponseReturnValue:
    """Per item: better, the same or worse than in the previous inspection of the location."""
    inspection = inspection_for(current_user, inspection_id) or abort(404)
    previous, result = comparison_for(inspection)
    return render_template(
        "inspections/comparison.html",
        inspection=inspection,
        previous=previous,
        comparison=result,
        outcomes=OUTCOMES,
    )
