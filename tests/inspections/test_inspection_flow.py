"""The whole life of an inspection through the services."""

import pytest
from sqlalchemy import select

from inspectie.audit.services import history
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.answers import AnswerConflict, find_answer, save_answer
from inspectie.inspections.review import finalise
from inspectie.inspections.services import (
    InspectionError,
    answers_of,
    start_inspection,
    submit_inspection,
)
from tests.inspections.conftest import complete_all


def test_plan_pins_the_version_valid_on_the_date_and_the_applicable_items(make_inspection):
    inspection = make_inspection()
    assert inspection.checklist_version.version == "2026.1"
    codes = [a.item.code for a in answers_of(inspection)]
    assert "VGE-01" not in codes and "AMV-01" not in codes  # COA azc with families
    assert "GZE-01" in codes
    assert all(a.revision == 0 and a.judgment is None for a in answers_of(inspection))


def test_plan_before_12_june_2026_pins_the_old_version(make_inspection):
    from datetime import date

    inspection = make_inspection(planned_on=date(2026, 6, 11))
    assert inspection.checklist_version.version == "2024.1"


def test_a_whole_inspection_from_plan_to_findings(make_inspection, make_user):
    lead = make_user("inspecteur")
    reviewer = make_user("coordinator")
    inspection = make_inspection("in_uitvoering", lead=lead)
    complete_all(lead, inspection)
    answer = find_answer(inspection, "HUI-01")
    save_answer(
        lead, inspection, answer, "voldoet_niet", "Kamers zonder raam.", "", answer.revision
    )
    with pytest.raises(InspectionError) as caught:  # HUI-01 demands evidence for voldoet_niet
        submit_inspection(lead, inspection)
    assert caught.value.status == 422
    if "HUI-01" in caught.value.detail:
        save_answer(
            lead, inspection, answer, "voldoet_deels", "Kamers zonder raam.", "", answer.revision
        )
    submit_inspection(lead, inspection)
    assert inspection.status == "ter_review"
    findings = finalise(reviewer, inspection)
    db.session.commit()
    assert inspection.status == "vastgesteld" and len(inspection.content_hash) == 64
    assert [f.item.code for f in findings] == ["HUI-01"]
    assert db.session.scalar(select(Finding.repair_order)).startswith("Zorg dat de locatie")
    actions = [e.action for e in history(inspection)]
    assert actions == [
        "inspection.plan",
        "inspection.status",
        "inspection.status",
        "inspection.status",
    ]


def test_stale_revision_is_a_conflict_not_an_overwrite(make_inspection, make_user):
    first, second = make_user("inspecteur"), make_user("inspecteur")
    inspection = make_inspection("in_uitvoering", lead=first, members=(second,))
    answer = find_answer(inspection, "INF-01")
    save_answer(first, inspection, answer, "voldoet", "", "", 0)
    with pytest.raises(AnswerConflict) as caught:
        save_answer(second, inspection, answer, "voldoet_niet", "Anders gezien.", "", 0)
    assert caught.value.current.judgment == "voldoet" and caught.value.current.revision == 1


def test_start_needs_a_team_member(make_inspection, make_user):
    inspection = make_inspection()
    with pytest.raises(InspectionError):
        start_inspection(make_user("inspecteur"), inspection)
