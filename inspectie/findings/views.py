"""Findings screens: the list, one finding with its history, and what a user may do with it."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from inspectie.auth.policy import EVERYONE, role_required
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings import policy
from inspectie.findings.forms import (
    ACTION_LABELS,
    ExtendForm,
    FindingFilterForm,
    ResponseForm,
    StatusForm,
)
from inspectie.findings.models import FINDING_STATUSES, Finding
from inspectie.findings.queries import (
    evidence_of,
    finding_for,
    findings_query,
    notes_of,
)
from inspectie.findings.services import FindingError, change_status, extend_deadline, respond
from inspectie.inspections import policy as inspection_policy
from inspectie.locations.services import LocationFilters, locations_query, operators
from inspectie.pages import paginate
from inspectie.plans.overview import goal_progress
from inspectie.plans.services import goals_for_finding

bp = Blueprint("findings", __name__, url_prefix="/bevindingen")
ACTORS = ("coordinator", "inspecteur", "ketenpartner")


def _visible_or_404(finding_id: int) -> Finding:
    return finding_for(current_user, finding_id) or abort(404)


def _back(finding: Finding) -> Response:
    return redirect(url_for("findings.show", finding_id=finding.id))


def _refused(error: FindingError, finding: Finding, form: Any) -> ResponseReturnValue:
    """A refusal of the service: tied to its field and shown again (422), or flashed."""
    db.session.rollback()
    if error.status == 404:
        abort(404)
    field = error.detail.get("field") if isinstance(error.detail, dict) else None
    if field == "text" and hasattr(form, "reason"):
        field = "reason"  # the service calls every explanation "text"
    if error.status == 422 and field is not None and hasattr(form, field):
        getattr(form, field).errors.append(str(error))
        return _show(finding, form)
    flash(str(error), "error")
    return _back(finding)


def _show(finding: Finding, form: Any = None) -> ResponseReturnValue:
    """The detail page, with ``form`` (as the user filled it in, with its errors) in place."""
    forms: dict[str, Any] = {
        "status_form": StatusForm(formdata=None, revision=finding.revision),
        "response_form": ResponseForm(formdata=None),
        "extend_form": ExtendForm(formdata=None, revision=finding.revision),
    }
    if form is not None:
        forms[f"{form.purpose}_form"] = form
    page = render_template(
        "findings/show.html",
        finding=finding,
        overdue=finding.is_overdue(today()),
        notes=notes_of(finding),
        evidence=evidence_of(current_user, finding),
        statuses=FINDING_STATUSES,
        may_view_inspection=inspection_policy.may_view(current_user, finding.inspection),
        actions=[(to, ACTION_LABELS[to]) for to in policy.next_statuses(current_user, finding)],
        may_respond=policy.may_respond(current_user, finding),
        may_extend=policy.may_extend(current_user, finding),
        # The page composes the plans that answer the finding (a view may look up the later
        # layers; the findings services never do). Only the finding's own organisation's
        # plans can link it, so whoever sees the finding may see them.
        goals=[(goal, goal_progress(goal)) for goal in goals_for_finding(finding)],
        **forms,
    )
    return page, 422 if form is not None and form.errors else 200


@bp.route("/")
@role_required(*EVERYONE)
def index() -> ResponseReturnValue:
    """The findings the user may see, filtered and paged, first deadline first."""
    form = FindingFilterForm(
        request.args,
        locations=list(db.session.scalars(locations_query(current_user, LocationFilters()))),
        operators=operators() if current_user.is_inspectorate else [],
    )
    if not form.validate():
        return render_template("findings/index.html", form=form, page=None), 400
    page = paginate(findings_query(current_user, form.filters()), per_page=25)
    day = today()
    overdue = {f.id for f in page.items if f.is_overdue(day)}
    return render_template("findings/index.html", form=form, page=page, overdue=overdue)


@bp.route("/<int:finding_id>")
@role_required(*EVERYONE)
def show(finding_id: int) -> ResponseReturnValue:
    """One finding: the norm and its legal basis, what was seen, the order and the history."""
    return _show(_visible_or_404(finding_id))


@bp.route("/<int:finding_id>/status", methods=["POST"])
@role_required(*ACTORS)
def status(finding_id: int) -> ResponseReturnValue:
    """Move the finding on in its lifecycle, with an explanation."""
    finding = _visible_or_404(finding_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _show(finding, form)
    try:
        change_status(
            current_user, finding, form.to.data or "", form.text.data or "", form.revision.data
        )
    except FindingError as error:
        return _refused(error, finding, form)
    db.session.commit()
    flash(f"De bevinding heeft nu de status {finding.status_label}.", "success")
    return _back(finding)


@bp.route("/<int:finding_id>/reactie", methods=["POST"])
@role_required(*ACTORS)
def response(finding_id: int) -> ResponseReturnValue:
    """Add a response or progress note; the status stays as it is."""
    finding = _visible_or_404(finding_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        return _show(finding, form)
    try:
        respond(current_user, finding, form.text.data or "")
    except FindingError as error:
        return _refused(error, finding, form)
    db.session.commit()
    flash("Uw reactie is toegevoegd.", "success")
    return _back(finding)


@bp.route("/<int:finding_id>/termijn", methods=["POST"])
@role_required("coordinator")
def extend(finding_id: int) -> ResponseReturnValue:
    """Give the operator more time, with a reason (coordinator)."""
    finding = _visible_or_404(finding_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        return _show(finding, form)
    try:
        extend_deadline(
            current_user, finding, form.new_deadline(), form.reason.data or "", form.revision.data
        )
    except FindingError as error:
        return _refused(error, finding, form)
    db.session.commit()
    flash(f"De termijn loopt nu tot {finding.deadline:%d-%m-%Y}.", "success")
    return _back(finding)
