"""Follow-up inspections: planned from open findings, carried out beside the earlier state,
finalised by verifying or reopening the findings they follow.

Built on the small checklist versions of the checklist tests: in 2.0 INF-01 continues INF-01,
INF-03 continues INF-02, AMV-01 continues AMV-01, and AMV-02 was dropped.
"""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from inspectie.audit.services import history
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding, FindingNote, FollowUp
from inspectie.inspections.answers import find_answer
from inspectie.inspections.followup import FollowUpPlan, open_findings, plan_follow_up
from inspectie.inspections.lineage import carry_codes
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import content_of, finalise, set_finding_draft
from inspectie.inspections.services import (
    InspectionError,
    Plan,
    answers_of,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location
from tests.conftest import PASSWORD
from tests.inspections.conftest import Setting, final_inspection, judge

FOLLOW_UP_DAY = date(2026, 12, 1)  # version 2.0 applies


@pytest.fixture
def findings(setting: Setting) -> dict[str, list[Finding]]:
    """Open findings of the location by item code: two on INF-01, one each on INF-02, AMV-01
    and AMV-02."""
    final_inspection(setting, date(2025, 1, 10), {"INF-01": "voldoet_niet"})
    final_inspection(
        setting,
        date(2025, 3, 1),
        {
            "INF-01": "voldoet_deels",
            "INF-02": "voldoet_niet",
            "AMV-01": "voldoet_deels",
            "AMV-02": "voldoet_niet",
        },
    )
    found: dict[str, list[Finding]] = {}
    for finding in open_findings(setting.location):
        found.setdefault(finding.item.code, []).append(finding)
    assert {code: len(f) for code, f in found.items()} == {
        "AMV-01": 1,
        "AMV-02": 1,
        "INF-01": 2,
        "INF-02": 1,
    }
    return found


def follow_up(s: Setting, chosen: list[Finding], day: date = FOLLOW_UP_DAY) -> Inspection:
    inspection = plan_follow_up(s.coordinator, FollowUpPlan(s.location, chosen, day, s.lead))
    db.session.commit()
    return inspection


def without_amv02(findings: dict[str, list[Finding]]) -> list[Finding]:
    return [f for code, group in findings.items() if code != "AMV-02" for f in group]


# --- planning ---------------------------------------------------------------------------------


def test_carry_codes_follows_renames_across_versions() -> None:
    steps = [
        [("A", ()), ("B2", ("B",)), ("N", ())],  # B renamed B2; C dropped; N new
        [("A", ("A",)), ("B3", ("B2",)), ("N", ())],
    ]
    assert carry_codes(["A", "B", "C"], steps) == {"A": {"A"}, "B3": {"B"}}


def test_a_follow_up_holds_exactly_the_items_of_its_findings(
    setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    chosen = without_amv02(findings)
    inspection = follow_up(setting, chosen)

    assert (inspection.type, inspection.status) == ("vervolgonderzoek", "gepland")
    assert inspection.checklist_version.version == "2.0"  # valid on its planned date
    # INF-02 is judged again as INF-03, which continues it; both INF-01 findings share one item.
    assert [a.item.code for a in answers_of(inspection)] == ["INF-01", "INF-03", "AMV-01"]
    rows = db.session.execute(
        select(FollowUp.finding_id, FollowUp.answer_id).where(
            FollowUp.inspection_id == inspection.id
        )
    ).all()
    answer_of = {a.id: a.item.code for a in answers_of(inspection)}
    assert sorted((finding_id, answer_of[answer_id]) for finding_id, answer_id in rows) == sorted(
        [(f.id, "INF-01") for f in findings["INF-01"]]
        + [(findings["INF-02"][0].id, "INF-03"), (findings["AMV-01"][0].id, "AMV-01")]
    )
    event = history(inspection)[0]
    assert event.action == "inspection.plan"
    assert event.changes["findings"] == [None, sorted(f.id for f in chosen)]


def test_in_the_same_version_the_item_is_the_same(
    setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    inspection = follow_up(setting, findings["INF-02"] + findings["AMV-02"], date(2025, 6, 1))
    assert inspection.checklist_version.version == "1.0"
    assert [a.item.code for a in answers_of(inspection)] == ["INF-02", "AMV-02"]


def test_an_item_without_counterpart_is_refused_by_name(
    setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    with pytest.raises(InspectionError) as caught:
        plan_follow_up(
            setting.coordinator,
            FollowUpPlan(
                setting.location,
                findings["INF-01"] + findings["AMV-02"],
                FOLLOW_UP_DAY,
                setting.lead,
            ),
        )
    assert caught.value.status == 422
    assert "Toetspunt AMV-02 heeft geen tegenhanger" in str(caught.value)
    assert caught.value.detail == {"missing": ["AMV-02"]}
    db.session.rollback()
    assert db.session.scalar(select(func.count(FollowUp.id))) == 0


def test_planning_refuses_what_cannot_be_followed(
    setting: Setting,
    findings: dict[str, list[Finding]],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
) -> None:
    plan = FollowUpPlan(setting.location, findings["INF-01"], FOLLOW_UP_DAY, setting.lead)
    with pytest.raises(InspectionError) as caught:
        plan_follow_up(make_user("inspecteur"), plan)
    assert caught.value.status == 403
    for wrong, message in (
        (FollowUpPlan(setting.location, [], FOLLOW_UP_DAY, setting.lead), "minstens één"),
        (FollowUpPlan(make_location(), findings["INF-01"], FOLLOW_UP_DAY, setting.lead), "hoort"),
        (
            FollowUpPlan(setting.location, findings["INF-01"], date(2020, 1, 1), setting.lead),
            "2020",
        ),
    ):
        with pytest.raises(InspectionError, match=message) as caught:
            plan_follow_up(setting.coordinator, wrong)
        assert caught.value.status == 422
    follow_up(setting, findings["INF-01"])
    with pytest.raises(InspectionError, match="volgt al") as caught:  # already followed
        plan_follow_up(setting.coordinator, plan)
    assert caught.value.status == 409


def test_the_regular_planning_refuses_a_follow_up(setting: Setting) -> None:
    plan = Plan(setting.location, "vervolgonderzoek", FOLLOW_UP_DAY, lead=setting.lead)
    with pytest.raises(InspectionError, match="open bevindingen"):
        plan_inspection(setting.coordinator, plan)


# --- finalising -------------------------------------------------------------------------------


def carried_out(s: Setting, inspection: Inspection, judgments: dict[str, str]) -> None:
    start_inspection(s.lead, inspection)
    judge(s.lead, inspection, judgments)
    submit_inspection(s.lead, inspection)
    db.session.commit()


def test_finalising_verifies_and_reopens_and_raises_no_new_findings(
    setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    reported = findings["INF-02"][0]
    reported.status = "gemeld_opgelost"  # the operator says it is repaired
    db.session.commit()
    inspection = follow_up(setting, without_amv02(findings))
    carried_out(
        setting,
        inspection,
        {"INF-01": "voldoet", "INF-03": "voldoet_niet", "AMV-01": "niet_beoordeeld"},
    )
    before = db.session.scalar(select(func.count(Finding.id)))

    raised = finalise(setting.reviewer, inspection)
    db.session.commit()

    assert raised == []
    assert db.session.scalar(select(func.count(Finding.id))) == before
    status = {f.id: (f.status, f.followed_up_in_id) for group in findings.values() for f in group}
    for finding in findings["INF-01"]:
        assert status[finding.id] == ("geverifieerd", inspection.id)
    assert status[reported.id] == ("open", inspection.id)  # not effective: reopened
    assert status[findings["AMV-01"][0].id] == ("open", None)  # not judged: left alone
    assert status[findings["AMV-02"][0].id] == ("open", None)  # not followed
    notes = db.session.scalars(
        select(FindingNote).where(FindingNote.finding_id == reported.id)
    ).all()
    assert [(n.kind, n.from_status, n.to_status) for n in notes] == [
        ("niet_effectief", "gemeld_opgelost", "open")
    ]
    assert "INF-03 voldoet niet" in notes[0].text
    final = history(inspection)[-1]
    assert final.changes["follow_ups"][1] == {
        str(findings["INF-01"][0].id): "geverifieerd",
        str(findings["INF-01"][1].id): "geverifieerd",
        str(reported.id): "heropend",
        str(findings["AMV-01"][0].id): "ongewijzigd",
    }


def test_the_content_hash_covers_the_outcome(
    setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    inspection = follow_up(setting, findings["INF-01"])
    carried_out(setting, inspection, {"INF-01": "voldoet"})
    finalise(setting.reviewer, inspection)
    db.session.commit()

    content = content_of(inspection, answers_of(inspection), [])
    assert content["follow_ups"] == [["INF-01", f.id, "geverifieerd"] for f in findings["INF-01"]]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == inspection.content_hash


def test_a_deviation_on_a_followed_item_has_no_finding_draft(
    setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    inspection = follow_up(setting, findings["INF-01"])
    carried_out(setting, inspection, {"INF-01": "voldoet_niet"})
    answer = find_answer(inspection, "INF-01")
    with pytest.raises(InspectionError, match="geen nieuwe bevinding"):
        set_finding_draft(setting.reviewer, inspection, answer, "hoog", "Doe iets.", None)


# --- the screens ------------------------------------------------------------------------------


def log_in(client: FlaskClient, user: User) -> None:
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def offered(page: str) -> set[int]:
    """The findings a planning page offers to follow."""
    return {int(v) for v in re.findall(r'name="finding_ids"[^>]*value="(\d+)"', page)}


def test_the_planning_page_lists_open_findings_and_plans(
    client: FlaskClient, setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    log_in(client, setting.coordinator)
    chooser = client.get("/inspecties/vervolgonderzoek").get_data(as_text=True)
    assert setting.location.name in chooser
    page = client.get(f"/inspecties/vervolgonderzoek?location={setting.location.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert (
        len(re.findall(r'<input [^>]*checked[^>]*name="finding_ids"', body)) == 5
    )  # all, at first
    assert offered(body) == {f.id for group in findings.values() for f in group}

    data = {
        "finding_ids": [f.id for f in findings["AMV-02"]],
        "planned_on": "2026-12-01",
        "lead_id": setting.lead.id,
    }
    refused = client.post(f"/inspecties/vervolgonderzoek?location={setting.location.id}", data=data)
    assert refused.status_code == 422
    assert "Toetspunt AMV-02 heeft geen tegenhanger" in refused.get_data(as_text=True)

    data["finding_ids"] = [f.id for f in findings["INF-01"]]
    planned = client.post(f"/inspecties/vervolgonderzoek?location={setting.location.id}", data=data)
    assert planned.status_code == 302
    inspection_id = int(planned.headers["Location"].rsplit("/", 1)[1])
    db.session.rollback()
    inspection = db.session.get(Inspection, inspection_id)
    assert inspection is not None and inspection.type == "vervolgonderzoek"
    assert [a.item.code for a in answers_of(inspection)] == ["INF-01"]
    shown = client.get(f"/inspecties/{inspection_id}").get_data(as_text=True)
    assert f"<h1>Vervolgonderzoek: {setting.location.name}</h1>" in shown
    # Followed now: offered no more, named as followed already.
    again = client.get(f"/inspecties/vervolgonderzoek?location={setting.location.id}")
    text = again.get_data(as_text=True)
    assert offered(text) == {
        f.id for code in ("INF-02", "AMV-01", "AMV-02") for f in findings[code]
    }
    assert "Al gevolgd in een vervolgonderzoek" in text


def test_the_theme_page_and_the_api_show_the_earlier_state(
    client: FlaskClient, setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    inspection = follow_up(setting, findings["INF-02"])
    start_inspection(setting.lead, inspection)
    db.session.commit()
    log_in(client, setting.lead)
    page = client.get(f"/inspecties/{inspection.id}/thema/informatie").get_data(as_text=True)
    assert f"bevinding {findings['INF-02'][0].id}" in page
    assert "Eerder oordeel" in page and "Voldoet niet" in page and "toetspunt INF-02" in page
    assert "INF-02 gezien." in page  # the earlier observation
    assert findings["INF-02"][0].repair_order in page

    data = client.get(f"/api/v1/inspections/{inspection.id}").json
    (item,) = data["items"]
    assert item["code"] == "INF-03"
    (followed,) = item["follow_up"]["findings"]
    assert followed["finding_id"] == findings["INF-02"][0].id
    assert followed["previous"] == {
        "inspection_id": findings["INF-02"][0].inspection_id,
        "planned_on": "2025-03-01",
        "item_code": "INF-02",
        "judgment": "voldoet_niet",
        "observation": "INF-02 gezien.",
    }
    assert followed["status"] == "open" and followed["outcome"] == "ongewijzigd"


def test_the_review_page_says_what_finalising_will_do(
    client: FlaskClient, setting: Setting, findings: dict[str, list[Finding]]
) -> None:
    inspection = follow_up(setting, without_amv02(findings))
    carried_out(
        setting,
        inspection,
        {"INF-01": "voldoet", "INF-03": "voldoet_deels", "AMV-01": "niet_van_toepassing"},
    )
    log_in(client, setting.reviewer)
    page = client.get(f"/inspecties/{inspection.id}/review").get_data(as_text=True)
    assert "Gevolgde bevindingen (4)" in page
    assert page.count("wordt geverifieerd") == 2
    assert page.count("wordt heropend") == 1
    assert page.count("blijft ongewijzigd") == 1
    assert "Nieuwe afwijkingen (0)" in page  # INF-03 deviates, but reopens its finding


def test_the_shipped_checklists_carry_a_renamed_norm(make_inspection, make_user) -> None:
    """In 2026.1 KLT-06 of 2024.1 continues as KIN-10; BIJ-01 was split into BIJ-10 and BIJ-11:
    the follow-up judges it again in the first."""
    lead, reviewer, coordinator = (
        make_user(r) for r in ("inspecteur", "coordinator", "coordinator")
    )
    inspection = make_inspection("in_uitvoering", lead=lead, planned_on=date(2026, 3, 1))
    assert inspection.checklist_version.version == "2024.1"
    judge(lead, inspection, {"KLT-06": "voldoet_niet", "BIJ-01": "voldoet_deels"})
    submit_inspection(lead, inspection)
    raised = finalise(reviewer, inspection)
    db.session.commit()
    plan = FollowUpPlan(inspection.location, raised, date(2026, 12, 1), lead)
    follow = plan_follow_up(coordinator, plan)
    assert follow.checklist_version.version == "2026.1"
    assert sorted(a.item.code for a in answers_of(follow)) == ["BIJ-10", "KIN-10"]
