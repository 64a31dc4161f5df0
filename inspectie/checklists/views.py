"""Checklist screens: versions, one version's norms, search, and the diff of two versions."""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from inspectie.auth.policy import EVERYONE, role_required
from inspectie.checklists.diff import diff
from inspectie.checklists.forms import DiffForm, SearchForm
from inspectie.checklists.models import Checklist, ChecklistVersion
from inspectie.checklists.services import (
    all_versions,
    describe_applicability,
    export_version,
    find_version,
    import_from_paths,
    item_applicability,
    item_counts,
    search_items,
    version_items,
)
from inspectie.db import today
from inspectie.extensions import db
from inspectie.forms import Form

bp = Blueprint("checklists", __name__, url_prefix="/normenkaders")


def _version_or_404(code: str, version: str) -> ChecklistVersion:
    return find_version(code, version) or abort(404)


@bp.route("/")
@role_required(*EVERYONE)
def index() -> ResponseReturnValue:
    """Every checklist version, the one in force marked."""
    versions = all_versions()
    counts = {v.id: item_counts(v) for v in versions}
    return render_template(
        "checklists/index.html", versions=versions, counts=counts, today=today(), import_form=Form()
    )


@bp.route("/importeren", methods=["POST"])
@role_required("beheerder")
def import_() -> ResponseReturnValue:
    """Import the checklist files shipped in the checklists folder (beheerder)."""
    if not Form().validate_on_submit():
        abort(400)
    try:
        outcomes = import_from_paths(current_user, [Path(current_app.config["CHECKLISTS_DIR"])])
    except ValueError as error:
        db.session.rollback()
        flash(f"Er is niets geïmporteerd. {error}", "error")
    else:
        db.session.commit()
        new = [o.version.key for o in outcomes if o.created]
        flash(
            f"Geïmporteerd: {', '.join(new)}." if new else "Alle versies waren al aanwezig.",
            "success",
        )
    return redirect(url_for("checklists.index"))


@bp.route("/<code>/<version>")
@role_required(*EVERYONE)
def show(code: str, version: str) -> ResponseReturnValue:
    """One version: its themes and items with legal basis, applicability and verification."""
    found = _version_or_404(code, version)
    items = version_items(found)
    applicability = {item.id: describe_applicability(item_applicability(item)) for item in items}
    return render_template(
        "checklists/show.html",
        version=found,
        items=items,
        applicability=applicability,
        counts=item_counts(found),
    )


@bp.route("/zoeken")
@role_required(*EVERYONE)
def search() -> ResponseReturnValue:
    """Search item texts and legal bases."""
    versions = all_versions()
    form = SearchForm(request.args, versions=versions)
    results = None
    if request.args and form.validate():
        version = (
            db.session.get(ChecklistVersion, int(form.versie.data)) if form.versie.data else None
        )
        results = search_items(form.data["q"], version)
    applicability = {
        item.id: describe_applicability(item_applicability(item)) for item in results or []
    }
    return render_template(
        "checklists/search.html",
        form=form,
        results=results,
        applicability=applicability,
        item_versions={v.id: v for v in versions},
    )


@bp.route("/<code>/verschil")
@role_required(*EVERYONE)
def compare(code: str) -> ResponseReturnValue:
    """The differences between two versions of one checklist."""
    checklist = db.session.scalar(select(Checklist).where(Checklist.code == code)) or abort(404)
    versions = checklist.versions
    form = DiffForm(request.args, versions=versions)
    result = None
    if request.args and form.validate():
        old = _version_or_404(code, form.van.data)
        new = _version_or_404(code, form.naar.data)
        result = diff(export_version(old), export_version(new))
    elif not request.args and len(versions) >= 2:
        return redirect(
            url_for(
                "checklists.compare", code=code, van=versions[-2].version, naar=versions[-1].version
            )
        )
    return render_template("checklists/diff.html", checklist=checklist, form=form, result=result)
