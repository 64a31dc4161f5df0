"""Keep, and read back, the report data of a final inspection."""

from typing import Any

from inspectie.extensions import db
from inspectie.inspections import signals
from inspectie.inspections.models import Answer, Inspection
from inspectie.reports.collect import inspection_report
from inspectie.reports.data import InspectionReport, from_json, to_json
from inspectie.reports.models import InspectionReportData


def freeze(inspection: Inspection, answers: list[Answer] | None = None, **_: Any) -> None:
    """Store the report data of ``inspection``, which has just been finalised."""
    report = inspection_report(inspection, answers)
    db.session.add(InspectionReportData(inspection_id=inspection.id, data=to_json(report)))
    db.session.flush()


def report_data(inspection: Inspection) -> InspectionReport:
    """What the report of ``inspection`` prints: the stored data of a final inspection, the
    current state of one that is not final yet.

    A final inspection without stored data (finalised before reports were kept) gets its data
    built now, and not stored: a download must not write.
    """
    if inspection.is_final:
        stored = db.session.get(InspectionReportData, inspection.id)
        if stored is not None:
            return from_json(InspectionReport, stored.data)
    return inspection_report(inspection)


def init_app() -> None:
    # weak=False: the receiver is a module function, but be explicit that it must stay connected.
    signals.finalised.connect(freeze, weak=False)
