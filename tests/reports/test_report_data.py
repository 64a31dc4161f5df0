"""What a report prints, collected from the database, and the copy kept when an inspection is
finalised: exact content, labels resolved, and immune to later changes elsewhere."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import extend_deadline
from inspectie.inspections.answers import find_answer
from inspectie.inspections.evidence import store_evidence
from inspectie.inspections.review import set_finding_draft
from inspectie.inspections.services import (
    Plan,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.services import LocationData, update_location
from inspectie.plans.actions import add_update
from inspectie.plans.services import submit_plan
from inspectie.reports.collect import DEFAULT_DEADLINE, inspection_report, plan_report
from inspectie.reports.data import InspectionReport, PlanReport, from_json, to_json
from inspectie.reports.models import InspectionReportData
from inspectie.reports.snapshot import report_data
from inspectie.supervision.services import set_level
from tests.inspections.conftest import Setting, final_inspection, judge
from tests.plans.conftest import Scene
from tests.policy.base import EVIDENCE_PDF

JUDGMENTS = {"INF-01": "voldoet_niet", "INF-02": "niet_van_toepassing", "AMV-02": "voldoet_deels"}


def stored(inspection_id: int) -> InspectionReportData | None:
    db.session.expire_all()
    return db.session.get(InspectionReportData, inspection_id)


def test_finalising_keeps_the_report_data(setting: Setting) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)

    row = stored(inspection.id)
    assert row is not None
    kept = from_json(InspectionReport, row.data)
    assert kept == inspection_report(inspection)
    assert to_json(kept) == row.data  # canonical: the same data, the same text


def test_the_report_shows_every_answer_in_checklist_order(setting: Setting) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    report = report_data(inspection)

    assert report.is_final and report.status_label == "Definitief (vastgesteld)"
    assert report.content_hash == inspection.content_hash and len(report.content_hash) == 64
    assert report.location_name == setting.location.name
    assert report.province_label == "Drenthe"
    assert report.planned_on == "1 maart 2025"
    assert report.lead == setting.lead.name and report.team[0] == setting.lead.name
    assert report.reviewer == setting.reviewer.name
    assert (report.checklist_title, report.checklist_version) == ("Proefnormen", "1.0")
    assert [(t.code, [i.code for i in t.items]) for t in report.themes] == [
        ("informatie", ["INF-01", "INF-02"]),
        ("amv", ["AMV-01", "AMV-02"]),
    ]
    items = {i.code: i for t in report.themes for i in t.items}
    assert items["INF-01"].judgment_label == "Voldoet niet"
    assert items["INF-01"].observation == "INF-01 gezien."
    assert items["INF-02"].reason == "Geen bewoners."
    assert [(b.citation, b.is_verified) for b in items["INF-01"].legal_bases] == [
        ("Rva 2005 art. 2 lid 3", True)
    ]
    # The minister's letter is an unverified source: its basis counts as unverified.
    assert [b.is_verified for b in items["AMV-01"].legal_bases] == [False]
    assert [s.key for s in report.sources] == ["rva", "rcd", "brief"]
    assert [s.is_verified for s in report.sources] == [True, True, False]


def test_the_findings_are_the_ones_raised(setting: Setting) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    raised = db.session.scalars(
        select(Finding).where(Finding.inspection_id == inspection.id).order_by(Finding.id)
    ).all()

    report = report_data(inspection)

    assert [(f.number, f.item_code) for f in report.findings] == [
        (finding.id, finding.item.code) for finding in raised
    ]
    assert [f.item_code for f in report.findings] == ["INF-01", "AMV-02"]
    assert report.findings[0].severity_label == "Gemiddeld"
    assert report.findings[0].deadline.endswith(str(raised[0].deadline.year))


def test_a_concept_shows_the_findings_finalising_will_raise(setting: Setting) -> None:
    inspection = plan_inspection(
        setting.coordinator,
        Plan(setting.location, "regulier", date(2025, 3, 1), lead=setting.lead, version=setting.v1),
    )
    start_inspection(setting.lead, inspection)
    judge(setting.lead, inspection, JUDGMENTS)
    answer = find_answer(inspection, "AMV-02")
    assert answer is not None
    submit_inspection(setting.lead, inspection)
    set_finding_draft(
        setting.reviewer, inspection, answer, "hoog", "Herstel dit.", today() + timedelta(days=30)
    )

    report = report_data(inspection)

    assert not report.is_final and report.status_label == "Concept"
    assert report.content_hash == "" and report.finalised_on == "—"
    assert stored(inspection.id) is None
    drafts = {f.item_code: f for f in report.findings}
    assert set(drafts) == {"INF-01", "AMV-02"}
    assert all(f.number is None for f in report.findings)
    assert drafts["INF-01"].deadline == DEFAULT_DEADLINE
    assert drafts["INF-01"].repair_order.startswith("Zorg dat de locatie weer voldoet")
    assert (drafts["AMV-02"].severity_label, drafts["AMV-02"].repair_order) == (
        "Hoog",
        "Herstel dit.",
    )


def test_the_final_report_does_not_change_with_the_world_around_it(setting: Setting) -> None:
    """A renamed location and an extended deadline show on the screens, not in the report
    that was established."""
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    before = report_data(inspection)
    data = replace(LocationData.of(setting.location), name="azc Hernoemd")
    update_location(setting.coordinator, setting.location, data)
    finding = db.session.scalars(select(Finding).where(Finding.inspection_id == inspection.id))
    first = next(iter(finding))
    extend_deadline(setting.coordinator, first, first.deadline + timedelta(days=90), "Verbouwing.")
    db.session.commit()

    assert report_data(inspection) == before
    live = inspection_report(inspection)
    assert live.location_name == "azc Hernoemd" and live != before


def test_the_kept_data_cannot_be_changed(setting: Setting) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    table = InspectionReportData.__table__
    for statement in (
        update(table).values(data="{}").where(table.c.inspection_id == inspection.id),
        delete(table).where(table.c.inspection_id == inspection.id),
    ):
        with pytest.raises(DBAPIError, match="immutable"):
            db.session.execute(statement)
        db.session.rollback()
    assert stored(inspection.id) is not None


def test_a_report_row_for_a_missing_inspection_is_refused(setting: Setting) -> None:
    with pytest.raises(DBAPIError):
        db.session.execute(
            text("INSERT INTO inspection_reports (inspection_id, data) VALUES (999999, '{}')")
        )
    db.session.rollback()


def test_the_second_inspection_is_compared_with_the_first(setting: Setting) -> None:
    final_inspection(setting, date(2025, 1, 10), {"INF-01": "voldoet", "AMV-02": "voldoet"})
    second = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)

    comparison = report_data(second).comparison

    assert comparison is not None
    assert comparison.previous_reference.endswith("van 10 januari 2025")
    rows = {row.code: row for row in comparison.rows}
    assert (rows["INF-01"].previous_label, rows["INF-01"].current_label) == (
        "Voldoet",
        "Voldoet niet",
    )
    assert rows["INF-01"].outcome_label == "Verslechterd"
    assert dict(comparison.counts)["Verslechterd"] == 2


def test_evidence_names_are_listed_with_their_item(setting: Setting) -> None:
    inspection = plan_inspection(
        setting.coordinator,
        Plan(setting.location, "regulier", date(2025, 3, 1), lead=setting.lead, version=setting.v1),
    )
    start_inspection(setting.lead, inspection)
    answer = find_answer(inspection, "INF-01")
    assert answer is not None
    store_evidence(setting.lead, inspection, answer, "verslag <bezoek>.pdf", EVIDENCE_PDF)
    db.session.commit()

    items = {i.code: i for t in report_data(inspection).themes for i in t.items}

    assert len(items["INF-01"].evidence) == 1
    assert items["INF-01"].evidence[0].endswith(".pdf")
    assert items["INF-02"].evidence == ()
    assert items["INF-02"].judgment_label == "Nog niet beoordeeld"


def test_an_inspection_finalised_before_reports_were_kept_is_built_live(setting: Setting) -> None:
    inspection = final_inspection(setting, date(2025, 3, 1), JUDGMENTS)
    # As if finalised before this table existed: the row is removed behind the trigger's back.
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TRIGGER inspection_reports_no_change ON inspection_reports"))
    else:
        db.session.execute(text("DROP TRIGGER inspection_reports_no_delete"))
    db.session.execute(delete(InspectionReportData.__table__))
    db.session.commit()

    assert report_data(inspection) == inspection_report(inspection)
    assert stored(inspection.id) is None  # reading a report writes nothing


# --- the plan ---------------------------------------------------------------------------------


def test_the_plan_report_shows_progress_overdue_and_levels(scene: Scene, make_plan) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(goals=2, actions=2)
    submit_plan(scene.keten, plan)
    add_update(scene.keten, plan, date(2026, 11, 1), "Eerste stappen gezet.", plan.goals[0])
    set_level(
        scene.users["coordinator"], location=scene.location, level="verdiepend", reason="Zorgen."
    )
    db.session.commit()
    late = date(2030, 6, 1)  # after every action's deadline (1 January 2030)

    report = plan_report(plan, late)

    assert isinstance(report, PlanReport)
    assert report.as_of == "1 juni 2030"
    assert report.scope == scene.location.name
    assert [g.title for g in report.goals] == ["Doel 1", "Doel 2"]
    assert [a.description for a in report.goals[0].actions] == ["Maatregel 1.1", "Maatregel 1.2"]
    assert all(a.is_overdue for g in report.goals for a in g.actions)
    assert report.overdue_actions == 4
    linked = report.goals[0].findings
    assert [f.number for f in linked] == [scene.findings[0].id]
    assert linked[0].status_label == scene.findings[0].status_label
    assert report.overdue_findings == 1  # its deadline passed long before 2030
    assert [(u.goal, u.text) for u in report.updates] == [("Doel 1", "Eerste stappen gezet.")]
    levels = {entry.subject: entry.level_label for entry in report.levels}
    assert levels == {
        f"{scene.operator.name} (organisatie)": "Regulier",
        scene.location.name: "Verdiepend",
    }
    # The same plan on a day before any deadline: nothing late.
    early = plan_report(plan, date(2025, 2, 2))
    assert early.overdue_actions == 0 and early.overdue_findings == 0
    assert from_json(PlanReport, to_json(report)) == report
