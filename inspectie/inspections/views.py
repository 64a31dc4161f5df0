"""Inspection screens: list, plan, overview, judging per theme, submit, review, finalise.

Planning a follow-up and the comparison with the previous inspection live in
:mod:`followup_views`, nested in this blueprint.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from inspectie.auth.models import User
from inspectie.auth.policy import EVERYONE, INSPECTORATE, role_required
from inspectie.checklists.models import ChecklistTheme
from inspectie.checklists.services import CHECKLIST_CODE, version_valid_on
from inspectie.checklists.spec import DEVIATIONS
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.followup import followed, outcomes
from inspectie.inspections import policy
from inspectie.inspections.answers import (
    AnswerConflict,
    evidence_counts,
    evidence_files,
    find_answer,
    problems_of,
    progress,
    save_answer,
)
from inspectie.inspections.comparison import OUTCOMES as COMPARISON_OUTCOMES
from inspectie.inspections.comparison import comparison_for
from inspectie.inspections.followup_views import bp as follow_up_bp
from inspectie.inspections.forms import (
    ConfirmForm,
    DraftForm,
    FilterForm,
    PlanForm,
    SendBackForm,
    shown_digest,
    theme_inputs,
)
from inspectie.inspections.models import Answer, Inspection
from inspectie.inspections.review import finalise, set_finding_draft
from inspectie.inspections.services import (
    InspectionError,
    InspectionFilters,
    Plan,
    answers_of,
    inspection_for,
    inspections_query,
    plan_inspection,
    send_back,
    start_inspection,
    submit_inspection,
    team_candidates,
)
from inspectie.locations.models import Location
from inspectie.locations.services import location_for
from inspectie.pages import paginate

bp = Blueprint("inspections", __name__, url_prefix="/inspecties")
bp.register_blueprint(follow_up_bp)
TEAM = ("coordinator", "inspecteur")


def _visible_or_404(inspection_id: int) -> Inspection:
    return inspection_for(current_user, inspection_id) or abort(404)


def _flash_error(error: InspectionError) -> None:
    db.session.rollback()
    flash(str(error), "error")


@bp.route("/")
@role_required(*EVERYONE)
def index() -> ResponseReturnValue:
    """Inspections: an inspector's own by default, everything with the filter."""
    args = MultiDict(request.args)
    # The filter bar says what the list shows: unset, "Welke" is an inspector's own (unless one
    # location's inspections are asked for) and everything for anyone else, so that filtering
    # on a status alone does not narrow a coordinator's list to the inspections she is on.
    mine_by_default = current_user.role == "inspecteur" and "locatie" not in args
    args.setdefault("mine", "1" if mine_by_default else "0")
    form = FilterForm(args, find_location=lambda id_: location_for(current_user, id_))
    page = None
    if form.validate():
        filters = InspectionFilters(
            status=form.status.data or None,
            mine=form.mine.data == "1",
            location_id=form.location.id if form.location else None,
        )
        page = paginate(inspections_query(current_user, filters), per_page=25)
    return render_template(
        "inspections/index.html", form=form, page=page, may_plan=policy.may_plan(current_user)
    ), 400 if page is None else 200


@bp.route("/plannen", methods=["GET", "POST"])
@role_required("coordinator")
def plan() -> ResponseReturnValue:
    """Plan an inspection of a location (coordinator)."""
    version = version_valid_on(CHECKLIST_CODE, today())
    themes = (
        list(
            db.session.scalars(
                select(ChecklistTheme)
                .where(ChecklistTheme.version_id == version.id)
                .order_by(ChecklistTheme.position)
            )
        )
        if version
        else []
    )
    locations = list(
        db.session.scalars(
            select(Location).where(Location.status == "open").order_by(Location.name)
        )
    )
    form = PlanForm(locations=locations, team=team_candidates(), themes=themes)
    if request.method == "GET" and request.args.get("locatie", "").isdigit():
        form.location_id.data = int(request.args["locatie"])
    if form.validate_on_submit():
        data = form.data
        try:
            inspection = plan_inspection(
                current_user,
                Plan(
                    location=db.session.get(Location, data["location_id"]) or abort(400),
                    type=data["type"],
                    planned_on=data["planned_on"],
                    lead=db.session.get(User, data["lead_id"]) or abort(400),
                    members=[db.session.get(User, i) or abort(400) for i in data["member_ids"]],
                    theme_codes=data["theme_codes"],
                ),
            )
        except InspectionError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash("De inspectie is gepland.", "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("inspections/plan.html", form=form), status


@bp.route("/<int:inspection_id>")
@role_required(*EVERYONE)
def show(inspection_id: int) -> ResponseReturnValue:
    """One inspection: its facts, its progress per theme and what can be done next."""
    inspection = _visible_or_404(inspection_id)
    answers = answers_of(inspection)
    themes = progress(inspection, answers, evidence_counts(inspection))
    previous, comparison = comparison_for(inspection, answers)
    return render_template(
        "inspections/show.html",
        inspection=inspection,
        themes=themes,
        previous=previous,
        comparison=comparison,
        comparison_outcomes=COMPARISON_OUTCOMES,
        followed=sum(len(f) for f in followed(inspection, answers, today()).values()),
        form=ConfirmForm(),
        policy=policy,
        user=current_user,
    )


@bp.route("/<int:inspection_id>/starten", methods=["POST"])
@role_required(*TEAM)
def start(inspection_id: int) -> ResponseReturnValue:
    """Start a planned inspection on site."""
    inspection = _visible_or_404(inspection_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        start_inspection(current_user, inspection)
    except InspectionError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash("De inspectie is gestart.", "success")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


@bp.route("/<int:inspection_id>/thema/<theme_code>", methods=["GET", "POST"])
@role_required(*INSPECTORATE)
def theme(inspection_id: int, theme_code: str) -> ResponseReturnValue:
    """Judge the items of one theme; autosaves with JavaScript, saves all without."""
    inspection = _visible_or_404(inspection_id)
    every = answers_of(inspection)
    answers = [a for a in every if a.item.theme.code == theme_code]
    if not answers:
        abort(404)
    conflicts: dict[int, dict[str, str]] = {}
    status = 200
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        conflicts, status = _save_theme(inspection, answers)
    counts = evidence_counts(inspection)
    themes = progress(inspection, answers_of(inspection), counts)
    current = next(t for t in themes if t.code == theme_code)
    return render_template(
        "inspections/theme.html",
        inspection=inspection,
        themes=themes,
        current=current,
        problems={a.id: problems_of(a, counts.get(a.id, 0)) for a in answers},
        evidence=counts,
        files=evidence_files(inspection),
        shown={a.id: shown_digest(a.judgment, a.observation, a.reason) for a in answers},
        conflicts=conflicts,
        followed=followed(inspection, every, today()),
        form=ConfirmForm(),
        may_answer=policy.may_answer(current_user, inspection),
    ), status


def _save_theme(
    inspection: Inspection, answers: list[Answer]
) -> tuple[dict[int, dict[str, str]], int]:
    """Save each changed item of the per-theme form.

    Returns what the inspector typed for each conflicting item, and the HTTP status to answer.
    """
    conflicts = {}
    try:
        for entry in theme_inputs(request.form, answers):
            try:
                # A conflict writes nothing (its UPDATE matched no row), so no savepoint.
                save_answer(
                    current_user,
                    inspection,
                    entry.answer,
                    entry.judgment,
                    entry.observation,
                    entry.reason,
                    entry.revision,
                )
            except AnswerConflict:
                conflicts[entry.answer.id] = {
                    "judgment": entry.judgment or "",
                    "observation": entry.observation,
                    "reason": entry.reason,
                }
    except InspectionError as error:
        _flash_error(error)
        return {}, error.status
    db.session.commit()
    if conflicts:
        flash(
            f"{len(conflicts)} toetspunt(en) zijn intussen door een ander opgeslagen: "
            f"kies hieronder welke versie blijft.",
            "error",
        )
    else:
        flash("Opgeslagen.", "success")
    return conflicts, 409 if conflicts else 200


@bp.route("/<int:inspection_id>/indienen", methods=["POST"])
@role_required(*TEAM)
def submit(inspection_id: int) -> ResponseReturnValue:
    """The lead submits the inspection for review."""
    inspection = _visible_or_404(inspection_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        submit_inspection(current_user, inspection)
    except InspectionError as error:
        if isinstance(error.detail, dict) and error.detail:
            codes = sorted(error.detail)
            more = f" en {len(codes) - 12} meer" if len(codes) > 12 else ""
            error = InspectionError(f"{error} Onvolledig: {', '.join(codes[:12])}{more}.")
        _flash_error(error)
    else:
        db.session.commit()
        flash("De inspectie staat ter review.", "success")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


@bp.route("/<int:inspection_id>/review")
@role_required("coordinator")
def review(inspection_id: int) -> ResponseReturnValue:
    """The reviewer's page: the future findings, send back, finalise."""
    inspection = _visible_or_404(inspection_id)
    if not policy.may_review(current_user, inspection):
        abort(403)
    answers = answers_of(inspection)
    following = followed(inspection, answers, today())
    deviations = [a for a in answers if a.judgment in DEVIATIONS and a.id not in following]
    drafts = {
        a.id: DraftForm(
            prefix=f"a{a.id}",
            severity=a.severity or a.item.severity,
            repair_order=a.repair_order or "",
            deadline=a.deadline,
        )
        for a in deviations
    }
    return render_template(
        "inspections/review.html",
        inspection=inspection,
        deviations=deviations,
        drafts=drafts,
        follow_ups=[(a, following[a.id]) for a in answers if a.id in following],
        send_back_form=SendBackForm(),
        form=ConfirmForm(),
    )


@bp.route("/<int:inspection_id>/review/<item_code>", methods=["POST"])
@role_required("coordinator")
def review_item(inspection_id: int, item_code: str) -> ResponseReturnValue:
    """Adjust the finding a deviation will become."""
    inspection = _visible_or_404(inspection_id)
    answer = find_answer(inspection, item_code) or abort(404)
    form = DraftForm(prefix=f"a{answer.id}")
    if not form.validate_on_submit():
        flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
    else:
        try:
            set_finding_draft(
                current_user,
                inspection,
                answer,
                form.severity.data,
                form.repair_order.data or "",
                form.deadline.data,
            )
        except InspectionError as error:
            _flash_error(error)
        else:
            db.session.commit()
            flash(f"Bevinding bij {item_code} bijgewerkt.", "success")
    return redirect(url_for("inspections.review", inspection_id=inspection.id))


@bp.route("/<int:inspection_id>/terugsturen", methods=["POST"])
@role_required("coordinator")
def return_to_team(inspection_id: int) -> ResponseReturnValue:
    """Send the inspection back to the team, with a reason."""
    inspection = _visible_or_404(inspection_id)
    form = SendBackForm()
    if not form.validate_on_submit():
        flash("Geef een reden om terug te sturen.", "error")
        return redirect(url_for("inspections.review", inspection_id=inspection.id))
    try:
        send_back(current_user, inspection, form.reason.data or "")
    except InspectionError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash("De inspectie is teruggestuurd naar het team.", "success")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


@bp.route("/<int:inspection_id>/vaststellen", methods=["POST"])
@role_required("coordinator")
def finalise_view(inspection_id: int) -> ResponseReturnValue:
    """Finalise: freeze the inspection and create its findings."""
    inspection = _visible_or_404(inspection_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        findings = finalise(current_user, inspection)
    except InspectionError as error:
        _flash_error(error)
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    db.session.commit()
    message = f"De inspectie is vastgesteld; {len(findings)} bevinding(en) aangemaakt"
    settled = [row[2] for row in outcomes(inspection, answers_of(inspection))]
    if settled:
        message += (
            f", {settled.count('geverifieerd')} geverifieerd, {settled.count('heropend')} "
            f"heropend, {settled.count('ongewijzigd')} ongewijzigd"
        )
    flash(f"{message}.", "success")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))
