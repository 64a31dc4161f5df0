"""Evidence files: upload to an item, download, delete.

The upload and delete answer a browser form with a flash and a redirect, and a script that asks
for ``application/json`` with JSON (the same ``{"error", "detail"}`` shape as the API).
"""

from pathlib import Path
from typing import IO, Any, NoReturn

from flask import Blueprint, Response, abort, flash, redirect, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.api import error_response
from inspectie.auth.policy import EVERYONE, role_required
from inspectie.auth.views import safe_next
from inspectie.extensions import db
from inspectie.inspections.answers import find_answer
from inspectie.inspections.evidence import (
    delete_evidence,
    evidence_for,
    evidence_path,
    store_evidence,
)
from inspectie.inspections.models import Evidence
from inspectie.inspections.services import InspectionError, inspection_for

bp = Blueprint("evidence", __name__)
TEAM = ("coordinator", "inspecteur")
# The file is shown or saved, never run: no scripts, styles, frames or plugins, even for a PDF
# or image that carries some, and no framing of it by other sites.
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def protected_file(
    file: Path | IO[bytes],
    *,
    mimetype: str,
    name: str,
    as_attachment: bool,
    etag: bool | str = True,
) -> Response:
    """``send_file`` for a file about people (evidence, a report): shown or saved, never run.

    Photos of people and rooms, and reports about them, must not stay behind in a shared
    tablet's or proxy's cache, hence ``private, no-store``.
    """
    response = send_file(
        file, mimetype=mimetype, as_attachment=as_attachment, download_name=name, etag=etag
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def _wants_json() -> bool:
    offered = ("text/html", "application/json")
    return request.accept_mimetypes.best_match(offered) == "application/json"


def _not_found(message: str) -> NoReturn:
    raise InspectionError(message, 404)


def _back(inspection_id: int) -> ResponseReturnValue:
    fallback = url_for("inspections.show", inspection_id=inspection_id)
    return redirect(safe_next(request.form.get("next")) or fallback)


def _refused(error: InspectionError, inspection_id: int | None) -> ResponseReturnValue:
    db.session.rollback()
    if _wants_json():
        return error_response(error.status, str(error), error.detail)
    if error.status == 404 or inspection_id is None:
        abort(404)  # the ordinary page: it must not tell a hidden object from a missing one
    flash(str(error), "error")
    return _back(inspection_id)


def serialise(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "name": evidence.original_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "url": url_for("evidence.download", evidence_id=evidence.id),
    }


@bp.post("/inspecties/<int:inspection_id>/toetspunten/<item_code>/bewijs")
@role_required(*TEAM)
def upload(inspection_id: int, item_code: str) -> ResponseReturnValue:
    """Add a photo or document (form field ``file``) to the answer of one item."""
    try:
        inspection = inspection_for(current_user, inspection_id) or _not_found(
            "Inspectie niet gevonden."
        )
        answer = find_answer(inspection, item_code) or _not_found(
            f"Toetspunt {item_code} hoort niet bij deze inspectie."
        )
        file = request.files.get("file")
        if file is None or not file.filename:
            raise InspectionError("Kies eerst een foto of document om toe te voegen.", 422)
        evidence = store_evidence(current_user, inspection, answer, file.filename, file.read())
    except InspectionError as error:
        return _refused(error, inspection_id)
    db.session.commit()
    if _wants_json():
        return serialise(evidence), 201
    flash("Bewijs toegevoegd.", "success")
    return _back(inspection_id)


@bp.get("/bewijs/<int:evidence_id>")
@role_required(*EVERYONE)
def download(evidence_id: int) -> ResponseReturnValue:
    """The stored file: images shown in the browser, PDFs saved."""
    evidence = evidence_for(current_user, evidence_id) or abort(404)
    return protected_file(
        evidence_path(evidence),
        mimetype=evidence.content_type,
        name=evidence.original_name,
        as_attachment=evidence.content_type == "application/pdf",
        etag=evidence.sha256,
    )


@bp.post("/bewijs/<int:evidence_id>/verwijderen")
@role_required(*TEAM)
def delete(evidence_id: int) -> ResponseReturnValue:
    """Remove an evidence file while the inspection is being carried out."""
    evidence = evidence_for(current_user, evidence_id)
    if evidence is None:
        return _refused(InspectionError("Bewijsstuk niet gevonden.", 404), None)
    inspection_id = evidence.inspection_id
    try:
        delete_evidence(current_user, evidence)
    except InspectionError as error:
        return _refused(error, inspection_id)
    db.session.commit()
    if _wants_json():
        return "", 204
    flash("Bewijs verwijderd.", "success")
    return _back(inspection_id)
