"""Screens of improvement plans (under /verbeterplannen): list, plan, goals, actions, evidence,
progress updates, submitting and the inspectorate's assessment."""

from typing import Any, NoReturn

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from inspectie.auth.policy import EVERYONE, organisation_scope, role_required
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.evidence_views import protected_file
from inspectie.locations.services import LocationFilters, locations_query, operators
from inspectie.pages import paginate
from inspectie.plans import policy
from inspectie.plans.actions import add_action, add_update, update_action, updates_of
from inspectie.plans.evidence import (
    action_evidence_for,
    action_evidence_path,
    evidence_by_action,
    evidence_of,
    store_action_evidence,
)
from inspectie.plans.forms import (
    ActionEditForm,
    ActionForm,
    AssessForm,
    ConfirmForm,
    EvidenceForm,
    GoalForm,
    LinkForm,
    MoveForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
    SolvedForm,
    SubmitPlanForm,
    UpdateForm,
)
from inspectie.plans.goals import (
    add_goal,
    link_finding,
    move_goal,
    report_finding_solved,
    unlink_finding,
    update_goal,
)
from inspectie.plans.models import ImprovementPlan, PlanAction, PlanGoal
from inspectie.plans.overview import goal_overview, plan_overview
from inspectie.plans.services import (
    PlanError,
    action_of,
    assess_plan,
    create_plan,
    goal_of,
    linkable_findings,
    plan_for,
    plan_locations,
    plans_query,
    submit_plan,
    update_plan,
)

bp = Blueprint("plans", __name__, url_prefix="/verbeterplannen")
OPERATOR = policy.OPERATOR
ASSESSORS = policy.ASSESSORS


def _plan_or_404(plan_id: int) -> ImprovementPlan:
    return plan_for(current_user, plan_id) or abort(404)


def _goal_or_404(plan: ImprovementPlan, goal_id: int) -> PlanGoal:
    return goal_of(plan, goal_id) or abort(404)


def _action_or_404(plan: ImprovementPlan, action_id: int) -> PlanAction:
    return action_of(plan, action_id) or abort(404)


def _to_plan(plan: ImprovementPlan) -> ResponseReturnValue:
    return redirect(url_for("plans.show", plan_id=plan.id))


def _to_goal(goal: PlanGoal) -> ResponseReturnValue:
    return redirect(url_for("plans.goal", plan_id=goal.plan_id, goal_id=goal.id))


def _refused(error: PlanError, back: ResponseReturnValue) -> ResponseReturnValue:
    """A refused change: nothing is kept; a flash says why (a hidden object is simply 404)."""
    db.session.rollback()
    if error.status == 404:
        abort(404)
    flash(str(error), "error")
    return back


def _on_form(form: FlaskForm, error: PlanError) -> int:
    """Put the service's message on its field (or above the form); the status to answer."""
    db.session.rollback()
    if error.status == 404:
        abort(404)
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))
    return error.status


def _status(form: FlaskForm) -> int:
    return 422 if form.errors or form.form_errors else 200


def _answer(form: FlaskForm, status: int) -> int:
    """The service's status when it refused, else 422 for a form with errors, else 200."""
    return status if status != 200 else _status(form)


def _bad_request() -> NoReturn:
    abort(400)


# --- the list and the plan --------------------------------------------------------------------


@bp.route("/")
@role_required(*EVERYONE)
def index() -> ResponseReturnValue:
    """The plans the user may see, filtered and paged."""
    scope = organisation_scope(current_user)
    form = PlanFilterForm(
        request.args,
        organisations=[o for o in operators() if scope is None or o.id == scope],
        locations=list(db.session.scalars(locations_query(current_user, LocationFilters()))),
    )
    if not form.validate():
        return render_template("plans/index.html", form=form, page=None, policy=policy), 400
    page = paginate(plans_query(current_user, form.filters()), per_page=25)
    return render_template("plans/index.html", form=form, page=page, policy=policy)


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*OPERATOR)
def create() -> ResponseReturnValue:
    """Start an improvement plan for the own organisation."""
    form = PlanForm(locations=plan_locations(current_user))
    status = 200
    if form.validate_on_submit():
        try:
            plan = create_plan(current_user, form.data_object())
        except PlanError as error:
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Het verbeterplan is aangemaakt. Voeg nu de doelen toe.", "success")
            return _to_plan(plan)
    return render_template("plans/form.html", form=form, plan=None), _answer(form, status)


def _show(plan: ImprovementPlan, assess_form: AssessForm | None = None) -> str:
    return render_template(
        "plans/show.html",
        plan=plan,
        overview=plan_overview(plan, today()),
        updates=updates_of(plan),
        submit_form=SubmitPlanForm(revision=plan.revision),
        assess_form=assess_form or AssessForm(revision=plan.revision),
        move_form=MoveForm(),
        policy=policy,
        user=current_user,
    )


@bp.route("/<int:plan_id>")
@role_required(*EVERYONE)
def show(plan_id: int) -> ResponseReturnValue:
    """One plan: its goals in order with findings, actions, progress, updates, assessment."""
    return _show(_plan_or_404(plan_id))


@bp.route("/<int:plan_id>/bewerken", methods=["GET", "POST"])
@role_required(*OPERATOR)
def edit(plan_id: int) -> ResponseReturnValue:
    """Change the plan's title, description or location."""
    plan = _plan_or_404(plan_id)
    form = PlanEditForm(
        obj=plan, locations=plan_locations(current_user), location_id=plan.location_id or 0
    )
    status = 200
    if form.validate_on_submit():
        try:
            changed = update_plan(current_user, plan, form.data_object(), form.revision.data)
        except PlanError as error:
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Wijzigingen opgeslagen." if changed else "Er was niets gewijzigd.", "success")
            return _to_plan(plan)
    return render_template("plans/form.html", form=form, plan=plan), _answer(form, status)


@bp.route("/<int:plan_id>/indienen", methods=["POST"])
@role_required(*OPERATOR)
def submit(plan_id: int) -> ResponseReturnValue:
    """Submit the plan to the inspectorate."""
    plan = _plan_or_404(plan_id)
    form = SubmitPlanForm()
    if not form.validate_on_submit():
        _bad_request()
    try:
        submit_plan(current_user, plan, form.revision.data)
    except PlanError as error:
        return _refused(error, _to_plan(plan))
    db.session.commit()
    flash("Het verbeterplan is ingediend bij de inspectie.", "success")
    return _to_plan(plan)


@bp.route("/<int:plan_id>/beoordelen", methods=["POST"])
@role_required(*ASSESSORS)
def assess(plan_id: int) -> ResponseReturnValue:
    """The inspectorate accepts a submitted plan or sends it back, with a reason."""
    plan = _plan_or_404(plan_id)
    form = AssessForm()
    if form.validate_on_submit():
        accepted = form.decision.data == "geaccepteerd"
        try:
            assess_plan(current_user, plan, accepted, form.reason.data or "", form.revision.data)
        except PlanError as error:
            if error.status == 422:
                return _show(plan, form), _on_form(form, error)
            return _refused(error, _to_plan(plan))
        db.session.commit()
        flash("Geaccepteerd." if accepted else "Teruggestuurd: te herzien.", "success")
        return _to_plan(plan)
    if not policy.may_assess(current_user, plan):
        return _refused(
            PlanError("Alleen een ingediend verbeterplan wordt beoordeeld."), _to_plan(plan)
        )
    return _show(plan, form), 422


@bp.route("/<int:plan_id>/voortgang", methods=["GET", "POST"])
@role_required(*OPERATOR)
def update(plan_id: int) -> ResponseReturnValue:
    """Record a dated progress update on the plan or one goal."""
    plan = _plan_or_404(plan_id)
    form = UpdateForm(goals=list(plan.goals), day=today(), goal_id=request.args.get("doel", 0, int))
    status = 200
    if form.validate_on_submit():
        goal = goal_of(plan, form.goal_id.data) if form.goal_id.data else None
        assert form.day.data is not None  # validated
        try:
            add_update(current_user, plan, form.day.data, form.text.data or "", goal)
        except PlanError as error:
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Voortgang vastgelegd.", "success")
            return _to_plan(plan)
    return render_template("plans/update_form.html", form=form, plan=plan), _answer(form, status)


# --- goals ------------------------------------------------------------------------------------


@bp.route("/<int:plan_id>/doelen/nieuw", methods=["GET", "POST"])
@role_required(*OPERATOR)
def goal_create(plan_id: int) -> ResponseReturnValue:
    """Add a goal at the end of the plan."""
    plan = _plan_or_404(plan_id)
    form = GoalForm()
    status = 200
    if form.validate_on_submit():
        try:
            goal = add_goal(current_user, plan, form.data_object())
        except PlanError as error:
            if error.field is None:
                return _refused(error, _to_plan(plan))
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Doel toegevoegd.", "success")
            return _to_goal(goal)
    return render_template("plans/goal_form.html", form=form, plan=plan, goal=None), _answer(
        form, status
    )


def _unlinked(plan: ImprovementPlan, goal: PlanGoal) -> list[Finding]:
    linked = {f.id for f in goal.findings}
    return [f for f in linkable_findings(plan) if f.id not in linked]


def _goal_page(plan: ImprovementPlan, goal: PlanGoal, **forms: Any) -> str:
    return render_template(
        "plans/goal.html",
        plan=plan,
        goal=goal,
        overview=goal_overview(goal, today(), evidence_by_action(plan)),
        updates=updates_of(plan, goal),
        link_form=forms.get("link_form") or LinkForm(findings=_unlinked(plan, goal)),
        solved_forms=forms.get("solved_forms") or {},
        solved_form=lambda finding_id: SolvedForm(prefix=f"f{finding_id}"),
        confirm_form=ConfirmForm(),
        policy=policy,
        user=current_user,
    )


@bp.route("/<int:plan_id>/doelen/<int:goal_id>")
@role_required(*EVERYONE)
def goal(plan_id: int, goal_id: int) -> ResponseReturnValue:
    """One goal: its findings (which the operator can report solved), actions and updates."""
    plan = _plan_or_404(plan_id)
    return _goal_page(plan, _goal_or_404(plan, goal_id))


@bp.route("/<int:plan_id>/doelen/<int:goal_id>/bewerken", methods=["GET", "POST"])
@role_required(*OPERATOR)
def goal_edit(plan_id: int, goal_id: int) -> ResponseReturnValue:
    """Change a goal's aspect, title or description."""
    plan = _plan_or_404(plan_id)
    goal = _goal_or_404(plan, goal_id)
    form = GoalForm(obj=goal)
    status = 200
    if form.validate_on_submit():
        try:
            changed = update_goal(current_user, goal, form.data_object())
        except PlanError as error:
            if error.field is None:
                return _refused(error, _to_goal(goal))
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Wijzigingen opgeslagen." if changed else "Er was niets gewijzigd.", "success")
            return _to_goal(goal)
    return render_template("plans/goal_form.html", form=form, plan=plan, goal=goal), _answer(
        form, status
    )


@bp.route("/<int:plan_id>/doelen/<int:goal_id>/verplaatsen", methods=["POST"])
@role_required(*OPERATOR)
def goal_move(plan_id: int, goal_id: int) -> ResponseReturnValue:
    """Move a goal one place up or down."""
    plan = _plan_or_404(plan_id)
    goal = _goal_or_404(plan, goal_id)
    form = MoveForm()
    if not form.validate_on_submit():
        _bad_request()
    try:
        move_goal(current_user, goal, up=form.direction.data == "omhoog")
    except PlanError as error:
        return _refused(error, _to_plan(plan))
    db.session.commit()
    flash(f"Doel '{goal.title}' staat nu op plaats {goal.position}.", "success")
    return _to_plan(plan)


@bp.route("/<int:plan_id>/doelen/<int:goal_id>/bevindingen", methods=["POST"])
@role_required(*OPERATOR)
def finding_link(plan_id: int, goal_id: int) -> ResponseReturnValue:
    """Link a finding to the goal."""
    plan = _plan_or_404(plan_id)
    goal = _goal_or_404(plan, goal_id)
    form = LinkForm(findings=_unlinked(plan, goal))
    if not form.validate_on_submit():
        return _goal_page(plan, goal, link_form=form), 422
    try:
        link_finding(current_user, goal, form.finding_id.data)
    except PlanError as error:
        return _refused(error, _to_goal(goal))
    db.session.commit()
    flash(f"Bevinding {form.finding_id.data} gekoppeld.", "success")
    return _to_goal(goal)


@bp.route(
    "/<int:plan_id>/doelen/<int:goal_id>/bevindingen/<int:finding_id>/ontkoppelen",
    methods=["POST"],
)
@role_required(*OPERATOR)
def finding_unlink(plan_id: int, goal_id: int, finding_id: int) -> ResponseReturnValue:
    """Stop the goal answering a finding."""
    plan = _plan_or_404(plan_id)
    goal = _goal_or_404(plan, goal_id)
    if not ConfirmForm().validate_on_submit():
        _bad_request()
    try:
        unlink_finding(current_user, goal, finding_id)
    except PlanError as error:
        return _refused(error, _to_goal(goal))
    db.session.commit()
    flash(f"Bevinding {finding_id} ontkoppeld.", "success")
    return _to_goal(goal)


@bp.route(
    "/<int:plan_id>/doelen/<int:goal_id>/bevindingen/<int:finding_id>/opgelost",
    methods=["POST"],
)
@role_required(*OPERATOR)
def finding_solved(plan_id: int, goal_id: int, finding_id: int) -> ResponseReturnValue:
    """Report a linked finding as solved, with what was done."""
    plan = _plan_or_404(plan_id)
    goal = _goal_or_404(plan, goal_id)
    form = SolvedForm(prefix=f"f{finding_id}")
    if not form.validate_on_submit():
        return _goal_page(plan, goal, solved_forms={finding_id: form}), 422
    try:
        report_finding_solved(current_user, goal, finding_id, form.text.data or "")
    except PlanError as error:
        return _refused(error, _to_goal(goal))
    db.session.commit()
    flash(f"Bevinding {finding_id} is gemeld als opgelost.", "success")
    return _to_goal(goal)


# --- actions and their evidence ---------------------------------------------------------------


@bp.route("/<int:plan_id>/doelen/<int:goal_id>/maatregelen/nieuw", methods=["GET", "POST"])
@role_required(*OPERATOR)
def action_create(plan_id: int, goal_id: int) -> ResponseReturnValue:
    """Add an action to a goal."""
    plan = _plan_or_404(plan_id)
    goal = _goal_or_404(plan, goal_id)
    form = ActionForm()
    status = 200
    if form.validate_on_submit():
        try:
            add_action(current_user, goal, form.data_object())
        except PlanError as error:
            if error.field is None:
                return _refused(error, _to_goal(goal))
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Maatregel toegevoegd.", "success")
            return _to_goal(goal)
    return render_template(
        "plans/action_form.html", form=form, plan=plan, goal=goal, action=None
    ), _answer(form, status)


@bp.route("/<int:plan_id>/maatregelen/<int:action_id>/bewerken", methods=["GET", "POST"])
@role_required(*OPERATOR)
def action_edit(plan_id: int, action_id: int) -> ResponseReturnValue:
    """Change an action: progress and status at any time, its content while editable."""
    plan = _plan_or_404(plan_id)
    action = _action_or_404(plan, action_id)
    form = ActionEditForm(obj=action)
    status = 200
    if form.validate_on_submit():
        try:
            changed = update_action(current_user, action, form.data_object(), form.revision.data)
        except PlanError as error:
            status = _on_form(form, error)
        else:
            db.session.commit()
            flash("Wijzigingen opgeslagen." if changed else "Er was niets gewijzigd.", "success")
            return _to_goal(action.goal)
    return render_template(
        "plans/action_form.html",
        form=form,
        plan=plan,
        goal=action.goal,
        action=action,
        evidence=evidence_of(action),
        evidence_form=EvidenceForm(),
    ), _answer(form, status)


@bp.route("/<int:plan_id>/maatregelen/<int:action_id>/bewijs", methods=["POST"])
@role_required(*OPERATOR)
def evidence_upload(plan_id: int, action_id: int) -> ResponseReturnValue:
    """Add a photo or document to an action."""
    plan = _plan_or_404(plan_id)
    action = _action_or_404(plan, action_id)
    back = redirect(url_for("plans.action_edit", plan_id=plan.id, action_id=action.id))
    file = request.files.get("file")
    if not EvidenceForm().validate_on_submit() or file is None or not file.filename:
        return _refused(PlanError("Kies eerst een foto of document om toe te voegen.", 422), back)
    try:
        store_action_evidence(current_user, action, file.filename, file.read())
    except PlanError as error:
        return _refused(error, back)
    db.session.commit()
    flash("Bewijs toegevoegd.", "success")
    return back


@bp.route("/<int:plan_id>/bewijs/<int:action_evidence_id>")
@role_required(*EVERYONE)
def evidence_download(plan_id: int, action_evidence_id: int) -> ResponseReturnValue:
    """The stored file: images shown in the browser, PDFs saved."""
    plan = _plan_or_404(plan_id)
    evidence = action_evidence_for(plan, action_evidence_id) or abort(404)
    return protected_file(
        action_evidence_path(evidence, plan),
        mimetype=evidence.content_type,
        name=evidence.original_name,
        as_attachment=evidence.content_type == "application/pdf",
        etag=evidence.sha256,
    )
