"""The start page's "to do" lists: what waits for each role, and only their own."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import change_status
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import submit_inspection
from inspectie.locations.models import Location
from inspectie.main.services import end_of_month, todo
from inspectie.organisations.models import Organisation
from inspectie.plans.models import ImprovementPlan, PlanAction, PlanGoal
from tests.conftest import PASSWORD
from tests.inspections.conftest import complete_all

DAY = date(2026, 11, 10)


@pytest.fixture
def scene(
    make_org: Callable[..., Organisation],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
    make_inspection: Callable[..., Inspection],
) -> dict[str, object]:
    """Two operators; the first has a final inspection with four findings in different
    states, the second one open finding. Deadlines are set relative to ``DAY``."""
    operator, other = make_org("COA Oost", "coa"), make_org("COA West", "coa")
    lead = make_user("inspecteur")
    staff = make_user("ketenpartner", organisation=operator)
    outsider = make_user("ketenpartner", organisation=other)
    coordinator = make_user("coordinator")
    found: list[Finding] = []
    for org in (operator, other):
        inspection = make_inspection("in_uitvoering", location=make_location(org), lead=lead)
        found += _final_with_findings(inspection, lead, coordinator)
    own = [f for f in found if f.location.operator_id == operator.id][:4]
    foreign = next(f for f in found if f.location.operator_id == other.id)
    own[0].deadline = DAY - timedelta(days=1)  # overdue
    own[1].deadline = DAY + timedelta(days=5)  # due this month
    own[2].deadline = end_of_month(DAY) + timedelta(days=1)  # next month
    own[3].deadline = DAY + timedelta(days=2)
    foreign.deadline = DAY - timedelta(days=3)
    db.session.flush()
    for to in ("plan_ingediend", "in_uitvoering", "gemeld_opgelost"):
        change_status(staff, own[3], to, "Gedaan.")
    plan = ImprovementPlan(organisation_id=operator.id, title="Herstel", created_by_id=staff.id)
    db.session.add(plan)
    db.session.flush()
    goal = PlanGoal(plan_id=plan.id, position=1, title="Veiligheid op orde")
    db.session.add(goal)
    db.session.flush()
    db.session.add_all(
        [
            PlanAction(goal_id=goal.id, description="Brandoefening", owner="Locatiemanager",
                       deadline=DAY + timedelta(days=3)),
            PlanAction(goal_id=goal.id, description="Later", owner="Team",
                       deadline=end_of_month(DAY) + timedelta(days=10)),
            PlanAction(goal_id=goal.id, description="Klaar", owner="Team", status="afgerond",
                       progress=100, deadline=DAY),
        ]
    )  # fmt: skip
    db.session.commit()
    return {"own": own, "foreign": foreign, "staff": staff, "outsider": outsider,
            "lead": lead, "coordinator": coordinator}  # fmt: skip


def _final_with_findings(inspection: Inspection, lead: User, coordinator: User) -> list[Finding]:
    complete_all(lead, inspection, "voldoet_niet")
    submit_inspection(lead, inspection)
    return finalise(coordinator, inspection)


def ids(rows: list[Finding]) -> set[int]:
    return {row.id for row in rows}


def test_the_inspectorate_sees_what_to_verify_due_and_overdue(scene: dict) -> None:
    own, foreign = scene["own"], scene["foreign"]
    for role in ("lead", "coordinator"):
        lists = todo(scene[role], DAY)
        assert lists.to_verify is not None and ids(lists.to_verify.rows) == {own[3].id}
        assert lists.due_this_month is not None and own[1].id in ids(lists.due_this_month.rows)
        assert own[2].id not in ids(lists.due_this_month.rows)
        assert own[3].id not in ids(lists.due_this_month.rows)  # reported solved: not due
        assert lists.overdue is not None
        assert {own[0].id, foreign.id} <= ids(lists.overdue.rows)
        assert lists.to_answer is None and lists.actions_due is None
    # Overdue findings make the rule propose a stricter level than regulier: the coordinator
    # decides, the inspector does not.
    decide = todo(scene["coordinator"], DAY).to_decide
    assert decide is not None and own[0].location_id in {row.id for row in decide if row.operator}
    assert todo(scene["lead"], DAY).to_decide is None


def test_an_operator_sees_only_its_own_findings_and_actions(scene: dict) -> None:
    own, foreign = scene["own"], scene["foreign"]
    lists = todo(scene["staff"], DAY)
    assert lists.to_answer is not None
    assert own[0].id in ids(lists.to_answer.rows) and foreign.id not in ids(lists.to_answer.rows)
    assert lists.overdue is not None and ids(lists.overdue.rows) == {own[0].id}
    assert lists.actions_due is not None
    assert [a.description for a in lists.actions_due.rows] == ["Brandoefening"]
    assert lists.to_verify is None

    outsider = todo(scene["outsider"], DAY)
    assert outsider.to_answer is not None and own[0].id not in ids(outsider.to_answer.rows)
    assert outsider.actions_due is not None and outsider.actions_due.total == 0


def test_the_start_page_lists_them(client: FlaskClient, scene: dict) -> None:
    staff = scene["staff"]
    client.post("/inloggen", data={"email": staff.email, "password": PASSWORD})
    body = client.get("/").get_data(as_text=True)
    assert "Te beantwoorden" in body
    assert f"/bevindingen/{scene['own'][0].id}" in body
    assert f"/bevindingen/{scene['foreign'].id}" not in body
    assert "Maatregelen die deze maand aflopen" in body
