"""Report downloads: the PDF of an inspection and of an improvement plan's progress.

Whoever may see the inspection or the plan may download its report; everyone else gets the
same 404 as for the screen. A report is built on every request (tens of milliseconds), from the
stored data for a final inspection, so there is nothing to keep in sync.
"""

import io

from flask import Blueprint, Response, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.auth.policy import EVERYONE, role_required
from inspectie.db import today
from inspectie.inspections.evidence_views import protected_file
from inspectie.inspections.services import inspection_for
from inspectie.plans.services import plan_for
from inspectie.reports.collect import plan_report
from inspectie.reports.pdf import inspection_pdf, plan_pdf
from inspectie.reports.snapshot import report_data

bp = Blueprint("reports", __name__, url_prefix="/rapporten")


def _pdf(content: bytes, name: str) -> Response:
    return protected_file(
        io.BytesIO(content), mimetype="application/pdf", name=name, as_attachment=True
    )


@bp.route("/inspecties/<int:inspection_id>.pdf")
@role_required(*EVERYONE)
def inspection(inspection_id: int) -> ResponseReturnValue:
    """The inspection report; a concept until the inspection is final."""
    found = inspection_for(current_user, inspection_id) or abort(404)
    suffix = "" if found.is_final else "-concept"
    return _pdf(inspection_pdf(report_data(found)), f"inspectierapport-{found.id}{suffix}.pdf")


@bp.route("/verbeterplannen/<int:plan_id>.pdf")
@role_required(*EVERYONE)
def plan(plan_id: int) -> ResponseReturnValue:
    """The plan's progress report as it stands today."""
    found = plan_for(current_user, plan_id) or abort(404)
    day = today()
    return _pdf(plan_pdf(plan_report(found, day)), f"verbeterplan-{found.id}-{day}.pdf")
