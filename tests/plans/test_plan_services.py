"""Plan services: who may do what in which status, the assessment, linking findings, the
findings that move along with the plan, progress, overdue actions and the append-only updates."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from inspectie.audit.models import AuditEvent
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import FindingNote
from inspectie.plans.actions import ActionData, add_action, add_update, update_action
from inspectie.plans.goals import (
    GoalData,
    add_goal,
    link_finding,
    move_goal,
    report_finding_solved,
    unlink_finding,
    update_goal,
)
from inspectie.plans.models import ImprovementPlan, PlanUpdate
from inspectie.plans.overview import overdue_actions, plan_overview, plan_progress, progress_of
from inspectie.plans.services import (
    PlanData,
    PlanError,
    PlanFilters,
    assess_plan,
    create_plan,
    goals_for_finding,
    plan_for,
    plans_query,
    submit_plan,
    update_plan,
)
from tests.plans.conftest import Scene

MakePlan = Callable[..., ImprovementPlan]
ROLES = ("beheerder", "coordinator", "inspecteur", "ketenpartner", "andere")


def actions_in_trail(kind: str) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == kind).order_by(AuditEvent.id)
        )
    )


def action_data(action, **changes) -> ActionData:  # type: ignore[no-untyped-def]
    values = {
        "description": action.description,
        "owner": action.owner,
        "deadline": action.deadline,
        "status": action.status,
        "progress": action.progress,
        "evidence_note": action.evidence_note,
    }
    return ActionData(**(values | changes))


# --- creating and editing ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_an_operator_creates_a_plan(scene: Scene, role: str) -> None:
    user = scene.users[role]
    if role in ("ketenpartner", "andere"):
        plan = create_plan(user, PlanData("Plan", "", None))
        assert plan.organisation_id == user.organisation_id
        assert plan.status == "concept" and plan.is_organisation_wide
        assert actions_in_trail("improvement_plans") == ["plan.create"]
    else:
        with pytest.raises(PlanError) as error:
            create_plan(user, PlanData("Plan", "", None))
        assert error.value.status == 403


def test_a_plan_is_for_a_location_of_the_own_organisation(scene: Scene) -> None:
    with pytest.raises(PlanError) as error:
        create_plan(scene.keten, PlanData("Plan", "", scene.foreign_location.id))
    assert (error.value.status, error.value.field) == (422, "location_id")
    with pytest.raises(PlanError) as error:
        create_plan(scene.keten, PlanData("   ", "", None))
    assert error.value.field == "title"


def test_update_checks_revision_and_records_changes(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    revision = plan.revision
    assert update_plan(scene.keten, plan, PlanData("Nieuw", "", scene.location.id), revision)
    assert plan.revision == revision + 1
    assert not update_plan(scene.keten, plan, PlanData("Nieuw", "", scene.location.id))
    with pytest.raises(PlanError) as error:
        update_plan(scene.keten, plan, PlanData("Ouder", "", scene.location.id), revision)
    assert error.value.status == 409
    assert error.value.detail == {"revision": plan.revision}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.update")).one()
    assert event.changes == {"title": ["Herstelplan", "Nieuw"]}


def test_a_plan_answering_findings_keeps_its_location(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    with pytest.raises(PlanError) as error:
        update_plan(scene.keten, plan, PlanData("Plan", "", scene.location2.id))
    assert error.value.field == "location_id"
    assert update_plan(scene.keten, plan, PlanData("Plan", "", None))  # organisation-wide: fine


@pytest.mark.parametrize("role", ["beheerder", "coordinator", "inspecteur", "andere"])
def test_nobody_else_changes_a_plan(scene: Scene, make_plan: MakePlan, role: str) -> None:
    plan = make_plan()
    user = scene.users[role]
    goal = plan.goals[0]
    expected = 404 if role == "andere" else 403
    for attempt in (
        lambda: update_plan(user, plan, PlanData("X", "", None)),
        lambda: submit_plan(user, plan),
        lambda: add_goal(user, plan, GoalData("X")),
        lambda: update_goal(user, goal, GoalData("X")),
        lambda: link_finding(user, goal, scene.findings[1].id),
        lambda: add_action(user, goal, ActionData("X", "Y", date(2030, 1, 1))),
        lambda: update_action(user, goal.actions[0], action_data(goal.actions[0], progress=5)),
        lambda: add_update(user, plan, today(), "X"),
    ):
        with pytest.raises(PlanError) as error:
            attempt()
        assert error.value.status == expected
        db.session.rollback()


# --- the lifecycle ----------------------------------------------------------------------------


def test_submit_needs_goals_with_actions(scene: Scene, make_plan: MakePlan) -> None:
    empty = make_plan(goals=0)
    with pytest.raises(PlanError, match="minstens één doel") as error:
        submit_plan(scene.keten, empty)
    assert error.value.status == 422
    without_action = make_plan(actions=0)
    with pytest.raises(PlanError, match="Doel 1"):
        submit_plan(scene.keten, without_action)


def test_submit_assess_and_resubmit(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    submit_plan(scene.keten, plan, plan.revision)
    db.session.commit()
    assert plan.status == "ingediend" and plan.submitted_at is not None
    with pytest.raises(PlanError) as error:
        submit_plan(scene.keten, plan)
    assert error.value.status == 409
    # Submitted: what the plan says is fixed.
    with pytest.raises(PlanError, match="ligt vast"):
        add_goal(scene.keten, plan, GoalData("Later"))
    db.session.rollback()

    assess_plan(scene.users["inspecteur"], plan, False, "Doel 1 is niet meetbaar.")
    assert plan.status == "te_herzien"
    assert plan.assessment_reason == "Doel 1 is niet meetbaar."
    assert plan.assessed_by_id == scene.users["inspecteur"].id
    add_goal(scene.keten, plan, GoalData("Aanvulling"))  # editable again
    add_action(scene.keten, plan.goals[1], ActionData("Meten", "Teamleider", date(2030, 1, 1)))
    submit_plan(scene.keten, plan)
    assess_plan(scene.users["coordinator"], plan, True, "Nu volledig.")
    assert plan.status == "geaccepteerd"
    with pytest.raises(PlanError) as error:
        submit_plan(scene.keten, plan)
    assert error.value.status == 409
    assert actions_in_trail("improvement_plans") == [
        "plan.create",
        "plan.submit",
        "plan.assess",
        "plan.submit",
        "plan.assess",
    ]
    reasons = db.session.scalars(
        select(AuditEvent.reason).where(AuditEvent.action == "plan.assess").order_by(AuditEvent.id)
    ).all()
    assert reasons == ["Doel 1 is niet meetbaar.", "Nu volledig."]


@pytest.mark.parametrize("role", ROLES)
def test_who_assesses(scene: Scene, make_plan: MakePlan, role: str) -> None:
    plan = make_plan()
    submit_plan(scene.keten, plan)
    if role in ("coordinator", "inspecteur"):
        assess_plan(scene.users[role], plan, True, "Goed plan.")
        assert plan.status == "geaccepteerd"
    else:
        with pytest.raises(PlanError) as error:
            assess_plan(scene.users[role], plan, True, "Goed plan.")
        assert error.value.status == (404 if role == "andere" else 403)
        assert plan.status == "ingediend"


def test_assessment_needs_a_reason_and_a_submitted_plan(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    with pytest.raises(PlanError) as error:
        assess_plan(scene.users["coordinator"], plan, True, "Prima.")
    assert error.value.status == 409  # still concept
    submit_plan(scene.keten, plan)
    for accepted in (True, False):
        with pytest.raises(PlanError) as error:
            assess_plan(scene.users["coordinator"], plan, accepted, "  ")
        assert (error.value.status, error.value.field) == (422, "reason")
    with pytest.raises(PlanError) as error:
        assess_plan(scene.users["coordinator"], plan, True, "Prima.", revision=1)
    assert error.value.status == 409


def test_the_database_wants_a_reason_for_an_assessment(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    plan.status = "geaccepteerd"
    with pytest.raises(DBAPIError):
        db.session.flush()
    db.session.rollback()


# --- goals ------------------------------------------------------------------------------------


def test_goals_are_ordered_and_move(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan(goals=3, link=False)
    first, second, third = plan.goals
    move_goal(scene.keten, third, up=True)
    assert [g.title for g in plan.goals] == ["Doel 1", "Doel 3", "Doel 2"]
    assert [g.position for g in plan.goals] == [1, 2, 3]
    move_goal(scene.keten, first, up=False)
    assert [g.title for g in plan.goals] == ["Doel 3", "Doel 1", "Doel 2"]
    with pytest.raises(PlanError, match="bovenaan"):
        move_goal(scene.keten, third, up=True)
    with pytest.raises(PlanError, match="onderaan"):
        move_goal(scene.keten, second, up=False)
    assert actions_in_trail("plan_goals").count("plan_goal.move") == 2


def test_goals_group_by_aspect_in_order(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan(goals=0)
    for title, aspect in (("A", "Veiligheid"), ("B", "Veiligheid"), ("C", ""), ("D", "Zorg")):
        add_goal(scene.keten, plan, GoalData(title, "", aspect))
    groups = plan_overview(plan, today()).groups
    assert [(g.aspect, [e.goal.title for e in g.goals]) for g in groups] == [
        ("Veiligheid", ["A", "B"]),
        ("", ["C"]),
        ("Zorg", ["D"]),
    ]


def test_update_goal(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    goal = plan.goals[0]
    assert update_goal(scene.keten, goal, GoalData("Nieuwe titel", "Uitleg", "Aspect"))
    assert not update_goal(scene.keten, goal, GoalData("Nieuwe titel", "Uitleg", "Aspect"))
    with pytest.raises(PlanError) as error:
        update_goal(scene.keten, goal, GoalData(""))
    assert error.value.field == "title"


# --- findings ---------------------------------------------------------------------------------


def test_linking_refuses_another_organisations_finding(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan(location=None)  # even organisation-wide
    goal = plan.goals[0]
    foreign = scene.foreign_findings[0]
    with pytest.raises(PlanError, match="eigen organisatie") as error:
        link_finding(scene.keten, goal, foreign.id)
    assert (error.value.status, error.value.field) == (422, "finding_id")
    assert "azc Zuid" not in str(error.value)  # says nothing about the other organisation
    with pytest.raises(PlanError, match="eigen organisatie"):
        link_finding(scene.keten, goal, 999_999)


def test_a_location_plan_links_only_that_locations_findings(
    scene: Scene, make_plan: MakePlan
) -> None:
    plan = make_plan()
    with pytest.raises(PlanError, match="azc Tweede"):
        link_finding(scene.keten, plan.goals[0], scene.findings2[0].id)
    wide = make_plan(location=None)
    link_finding(scene.keten, wide.goals[0], scene.findings2[0].id)
    assert {f.id for f in wide.goals[0].findings} == {scene.findings[0].id, scene.findings2[0].id}


def test_link_twice_and_unlink(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    goal = plan.goals[0]
    with pytest.raises(PlanError, match="al aan dit doel"):
        link_finding(scene.keten, goal, scene.findings[0].id)
    unlink_finding(scene.keten, goal, scene.findings[0].id)
    assert goal.findings == []
    with pytest.raises(PlanError) as error:
        unlink_finding(scene.keten, goal, scene.findings[0].id)
    assert error.value.status == 404
    assert actions_in_trail("plan_goals").count("plan_goal.unlink_finding") == 1


def test_findings_move_with_the_plan(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    finding = scene.findings[0]
    action = plan.goals[0].actions[0]
    submit_plan(scene.keten, plan)
    db.session.commit()
    assert finding.status == "plan_ingediend"
    note = db.session.scalars(select(FindingNote).where(FindingNote.finding_id == finding.id)).one()
    assert note.text == "Verbeterplan 'Herstelplan' ingediend."
    assert note.author_id == scene.keten.id

    # Reporting solved before the repair has started is the finding's rule to refuse.
    with pytest.raises(PlanError) as error:
        report_finding_solved(scene.keten, plan.goals[0], finding.id, "Klaar.")
    assert error.value.status == 409
    db.session.rollback()

    update_action(scene.keten, action, action_data(action, status="in_uitvoering", progress=30))
    assert finding.status == "in_uitvoering"
    update_action(scene.keten, action, action_data(action, status="afgerond"))
    assert action.progress == 100
    report_finding_solved(scene.keten, plan.goals[0], finding.id, "Alle kamers hebben nu een slot.")
    assert finding.status == "gemeld_opgelost"
    moves = db.session.scalars(
        select(AuditEvent.changes)
        .where(AuditEvent.action == "finding.status", AuditEvent.object_id == finding.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [m["status"] for m in moves] == [
        ["open", "plan_ingediend"],
        ["plan_ingediend", "in_uitvoering"],
        ["in_uitvoering", "gemeld_opgelost"],
    ]


def test_report_solved_needs_text_and_a_linked_finding(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    goal = plan.goals[0]
    with pytest.raises(PlanError) as error:
        report_finding_solved(scene.keten, goal, scene.findings[1].id, "Klaar.")
    assert error.value.status == 404
    with pytest.raises(PlanError) as error:
        report_finding_solved(scene.keten, goal, scene.findings[0].id, " ")
    assert (error.value.status, error.value.field) == (422, "text")
    with pytest.raises(PlanError) as error:
        report_finding_solved(scene.users["inspecteur"], goal, scene.findings[0].id, "Klaar.")
    assert error.value.status == 403


def test_a_finding_still_open_is_not_started_by_an_action(
    scene: Scene, make_plan: MakePlan
) -> None:
    plan = make_plan()
    action = plan.goals[0].actions[0]
    update_action(scene.keten, action, action_data(action, status="in_uitvoering"))
    assert scene.findings[0].status == "open"  # the plan has not been submitted


def test_goals_for_finding(scene: Scene, make_plan: MakePlan) -> None:
    first = make_plan(title="Eerste")
    second = make_plan(location=None, title="Tweede")
    assert [g.plan.title for g in goals_for_finding(scene.findings[0])] == ["Eerste", "Tweede"]
    assert goals_for_finding(scene.findings[1]) == []
    assert goals_for_finding(scene.findings[0])[0].id == first.goals[0].id
    assert second.goals[0].actions[0].description == "Maatregel 1.1"


# --- actions, progress, overdue ---------------------------------------------------------------


def test_action_rules(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    action = plan.goals[0].actions[0]
    revision = action.revision
    assert update_action(scene.keten, action, action_data(action, progress=40), revision)
    assert action.revision == revision + 1
    with pytest.raises(PlanError) as error:
        update_action(scene.keten, action, action_data(action, progress=50), revision)
    assert error.value.status == 409
    with pytest.raises(PlanError) as error:
        update_action(scene.keten, action, action_data(action, progress=101))
    assert error.value.field == "progress"
    with pytest.raises(PlanError) as error:
        update_action(scene.keten, action, action_data(action, status="klaar"))
    assert error.value.field == "status"
    assert not update_action(scene.keten, action, action_data(action))


def test_a_submitted_plans_actions_progress_but_keep_their_content(
    scene: Scene, make_plan: MakePlan
) -> None:
    plan = make_plan()
    action = plan.goals[0].actions[0]
    submit_plan(scene.keten, plan)
    assess_plan(scene.users["coordinator"], plan, True, "Goed.")
    db.session.commit()
    assert update_action(
        scene.keten, action, action_data(action, progress=60, evidence_note="Foto's")
    )
    with pytest.raises(PlanError, match="ligt vast"):
        update_action(scene.keten, action, action_data(action, owner="Iemand anders"))
    db.session.rollback()
    add_update(scene.keten, plan, today(), "Loopt op schema.")


def test_progress_per_goal_and_plan(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan(goals=2, actions=2, link=False)
    (a, b), (c, _) = (g.actions for g in plan.goals)
    update_action(scene.keten, a, action_data(a, status="afgerond"))
    update_action(scene.keten, b, action_data(b, status="in_uitvoering", progress=50))
    update_action(scene.keten, c, action_data(c, status="in_uitvoering", progress=25))
    overview = plan_overview(plan, today())
    goals = [e for g in overview.groups for e in g.goals]
    assert [(e.progress.percent, e.progress.done, e.progress.total) for e in goals] == [
        (75, 1, 2),
        (12, 0, 2),  # 12.5 rounds to even
    ]
    assert (overview.progress.percent, overview.progress.done, overview.progress.total) == (
        44,
        1,
        4,
    )
    assert plan_progress(plan) == overview.progress
    assert progress_of([]).percent is None
    assert progress_of([]).label == "nog geen maatregelen"


def test_overdue_actions(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan(actions=3, link=False)
    late, done_late, on_time = plan.goals[0].actions
    yesterday = today() - timedelta(days=1)
    update_action(scene.keten, late, action_data(late, deadline=yesterday))
    update_action(
        scene.keten, done_late, action_data(done_late, deadline=yesterday, status="afgerond")
    )
    update_action(scene.keten, on_time, action_data(on_time, deadline=today()))
    assert overdue_actions(plan, today()) == [late]
    rows = plan_overview(plan, today()).groups[0].goals[0].actions
    assert [r.is_overdue for r in rows] == [True, False, False]


# --- progress updates -------------------------------------------------------------------------


def test_updates_are_dated_and_checked(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    other = make_plan()
    update = add_update(scene.keten, plan, today(), "Gestart.", plan.goals[0])
    assert update.goal_id == plan.goals[0].id
    with pytest.raises(PlanError) as error:
        add_update(scene.keten, plan, today() + timedelta(days=1), "Morgen.")
    assert error.value.field == "day"
    with pytest.raises(PlanError) as error:
        add_update(scene.keten, plan, today(), "Verkeerd doel.", other.goals[0])
    assert error.value.field == "goal_id"
    with pytest.raises(PlanError) as error:
        add_update(scene.keten, plan, today(), "  ")
    assert error.value.field == "text"


@pytest.mark.parametrize("change", ["update", "delete"])
def test_updates_are_append_only_in_the_database(
    scene: Scene, make_plan: MakePlan, change: str
) -> None:
    plan = make_plan()
    update = add_update(scene.keten, plan, today(), "Gestart.")
    db.session.commit()
    statement = (
        "UPDATE plan_updates SET text = 'herschreven' WHERE id = :id"
        if change == "update"
        else "DELETE FROM plan_updates WHERE id = :id"
    )
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement), {"id": update.id})
    db.session.rollback()
    assert db.session.get(PlanUpdate, update.id).text == "Gestart."  # type: ignore[union-attr]


# --- scope ------------------------------------------------------------------------------------


def test_another_organisation_sees_no_plan(scene: Scene, make_plan: MakePlan) -> None:
    plan = make_plan()
    other = scene.users["andere"]
    assert plan_for(other, plan.id) is None
    assert db.session.scalars(plans_query(other, PlanFilters())).all() == []
    assert (
        db.session.scalars(plans_query(other, PlanFilters(organisation_id=scene.operator.id))).all()
        == []
    )
    for role in ("beheerder", "coordinator", "inspecteur", "ketenpartner"):
        assert plan_for(scene.users[role], plan.id) is plan


def test_filters(scene: Scene, make_plan: MakePlan) -> None:
    located = make_plan()
    wide = make_plan(location=None)
    submit_plan(scene.keten, wide)
    user = scene.users["inspecteur"]

    def ids(**filters: object) -> list[int]:
        return [p.id for p in db.session.scalars(plans_query(user, PlanFilters(**filters)))]  # type: ignore[arg-type]

    assert ids() == [wide.id, located.id]
    assert ids(location_id=scene.location.id) == [located.id]
    assert ids(status="ingediend") == [wide.id]
    assert ids(organisation_id=scene.other.id) == []


@pytest.mark.parametrize("start", ["gepland", "in_uitvoering", "afgerond"])
@pytest.mark.parametrize("to", ["gepland", "in_uitvoering", "afgerond"])
def test_action_status_moves_freely_and_done_means_complete(
    scene: Scene, make_plan: MakePlan, start: str, to: str
) -> None:
    """An action may go back (work turned out unfinished); afgerond is always 100%."""
    plan = make_plan()
    action = plan.goals[0].actions[0]
    update_action(scene.keten, action, action_data(action, status=start, progress=20))
    update_action(scene.keten, action, action_data(action, status=to, progress=30))
    assert action.status == to
    assert action.progress == (100 if to == "afgerond" else 30)
