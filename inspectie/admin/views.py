"""User and organisation administration (beheerder only)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from inspectie.admin.forms import ActiveForm, OrganisationForm, RoleForm, UserCreateForm
from inspectie.auth.models import User
from inspectie.auth.policy import role_required
from inspectie.auth.services import UserError, change_role, create_user, set_active
from inspectie.extensions import db
from inspectie.organisations.models import Organisation
from inspectie.organisations.services import (
    OrganisationError,
    all_organisations,
    create_organisation,
)
from inspectie.pages import paginate

bp = Blueprint("admin", __name__, url_prefix="/beheer")


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/gebruikers")
@role_required("beheerder")
def users() -> ResponseReturnValue:
    """Every user, by organisation and name."""
    query = select(User).join(User.organisation).order_by(Organisation.name, User.name)
    return render_template("admin/users.html", page=paginate(query, per_page=50))


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@role_required("beheerder")
def create_user_view() -> ResponseReturnValue:
    """Create a user."""
    form = UserCreateForm(organisations=all_organisations())
    if form.validate_on_submit():
        values = form.data
        organisation = db.session.get(Organisation, values["organisation_id"]) or abort(400)
        try:
            user = create_user(
                current_user,
                values["email"],
                values["name"],
                values["role"],
                organisation,
                values["password"],
            )
        except UserError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Gebruiker {user.email} is aangemaakt.", "success")
            return redirect(url_for("admin.user", user_id=user.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("admin/user_new.html", form=form), status


@bp.route("/gebruikers/<int:user_id>")
@role_required("beheerder")
def user(user_id: int) -> ResponseReturnValue:
    """One user, with the forms to change role and activation."""
    subject = _user_or_404(user_id)
    return render_template(
        "admin/user.html",
        subject=subject,
        role_form=RoleForm(role=subject.role),
        active_form=ActiveForm(),
    )


@bp.route("/gebruikers/<int:user_id>/rol", methods=["POST"])
@role_required("beheerder")
def user_role(user_id: int) -> ResponseReturnValue:
    """Change a user's role."""
    subject = _user_or_404(user_id)
    form = RoleForm()
    try:
        if not form.validate_on_submit():
            raise UserError("Kies een geldige rol.")
        change_role(current_user, subject, form.role.data)
    except UserError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"De rol van {subject.email} is nu {subject.role_label}.", "success")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/gebruikers/<int:user_id>/actief", methods=["POST"])
@role_required("beheerder")
def user_active(user_id: int) -> ResponseReturnValue:
    """Deactivate an active user, or activate a deactivated one."""
    subject = _user_or_404(user_id)
    if not ActiveForm().validate_on_submit():
        abort(400)
    try:
        set_active(current_user, subject, not subject.is_active)
    except UserError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        state = "geactiveerd" if subject.is_active else "gedeactiveerd"
        flash(f"{subject.email} is {state}.", "success")
    return redirect(url_for("admin.user", user_id=subject.id))


@bp.route("/organisaties", methods=["GET", "POST"])
@role_required("beheerder")
def organisations() -> ResponseReturnValue:
    """The organisations, and a form to add one."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = create_organisation(current_user, form.data["name"], form.data["kind"])
        except OrganisationError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(f"Organisatie {organisation.name} is toegevoegd.", "success")
            return redirect(url_for("admin.organisations"))
    status = 422 if form.errors else 200
    return render_template(
        "admin/organisations.html", form=form, organisations=all_organisations()
    ), status
