"""Policy lines of the improvement plan routes.

The world's plan is the operator's, for the world's location, still ``concept``: one goal that
answers ``finding_id``, one action with one PDF. So the operator's staff can change and submit
it, while an assessment is refused (not submitted yet: a flash and a redirect, nothing written)
and so is moving the only goal, or reporting its still-open finding as solved.
"""

import io
from datetime import date
from typing import Any

from sqlalchemy import select

from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.plans.actions import ActionData, add_action
from inspectie.plans.evidence import store_action_evidence
from inspectie.plans.goals import GoalData, add_goal, link_finding
from inspectie.plans.models import ImprovementPlan, PlanAction
from inspectie.plans.services import PlanData, create_plan
from tests.policy.base import EVERYONE, NOBODY, TEAM, Route, World

OPERATOR = frozenset({"ketenpartner"})
PLAN = r"/verbeterplannen/\d+"
GOAL = r"/verbeterplannen/\d+/doelen/\d+"
ACTION = r"/verbeterplannen/\d+/maatregelen/\d+/bewerken"
# The evidence download is a file, and the matrix looks for the location's name in what a
# scoped page shows: a PDF comment carries it (the file is still a valid PDF).
PLAN_PDF = b"%PDF-1.4\n% azc Vertrouwelijk\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def populate(world: World) -> None:
    """The operator's concept plan for the world's location, built through the services."""
    actor = world.users["ketenpartner"]
    plan = create_plan(
        actor, PlanData("Herstel na inspectie", "Plan van aanpak.", world.location.id)
    )
    goal = add_goal(actor, plan, GoalData("Doel A", "Wat we willen bereiken."))
    link_finding(actor, goal, world.ids["finding_id"])
    action = add_action(actor, goal, ActionData("Maatregel A", "Teamleider", date(2030, 1, 1)))
    evidence = store_action_evidence(actor, action, "verslag.pdf", PLAN_PDF)
    db.session.flush()
    world.ids["plan_id"] = plan.id
    world.ids["goal_id"] = goal.id
    world.ids["action_id"] = action.id
    world.ids["action_evidence_id"] = evidence.id


def _revision_of_plan(world: World) -> int:
    plan = db.session.get(ImprovementPlan, world.ids["plan_id"])
    assert plan is not None
    return plan.revision


def plan_change(world: World) -> dict[str, Any]:
    return {
        "title": "Herstel na inspectie (gewijzigd)",
        "description": "",
        "location_id": world.location.id,
        "revision": _revision_of_plan(world),
    }


def new_plan(world: World) -> dict[str, Any]:
    return {"title": "Nieuw plan", "description": "", "location_id": "0"}  # organisation-wide


def goal_form(world: World) -> dict[str, Any]:
    return {"title": "Doel B", "aspect": "", "description": ""}


def another_finding(world: World) -> dict[str, Any]:
    """A finding of the world's location that the goal does not answer yet."""
    finding_id = db.session.scalar(
        select(Finding.id)
        .where(Finding.location_id == world.location.id, Finding.id != world.ids["finding_id"])
        .order_by(Finding.id)
        .limit(1)
    )
    return {"finding_id": finding_id}


def action_form(world: World) -> dict[str, Any]:
    return {"description": "Maatregel B", "owner": "Locatiemanager", "deadline": "2030-06-01"}


def action_change(world: World) -> dict[str, Any]:
    action = db.session.get(PlanAction, world.ids["action_id"])
    assert action is not None
    return {
        "description": action.description,
        "owner": action.owner,
        "deadline": action.deadline.isoformat(),
        "status": "in_uitvoering",
        "progress": "40",
        "evidence_note": "",
        "revision": action.revision,
    }


def update_form(world: World) -> dict[str, Any]:
    return {"day": "2025-06-01", "goal_id": "0", "text": "Eerste stappen gezet."}


def assessment(world: World) -> dict[str, Any]:
    return {"decision": "geaccepteerd", "reason": "Het plan is volledig."}


def upload(world: World) -> dict[str, Any]:
    return {"file": (io.BytesIO(PLAN_PDF), "foto-verslag.pdf")}


P = "/verbeterplannen/<int:plan_id>"
G = f"{P}/doelen/<int:goal_id>"
A = f"{P}/maatregelen/<int:action_id>"

ROUTES: list[Route] = [
    Route("GET", "/verbeterplannen/", EVERYONE),
    Route("POST", "/verbeterplannen/", NOBODY, 405),
    Route("GET", "/verbeterplannen/nieuw", OPERATOR),
    Route("POST", "/verbeterplannen/nieuw", OPERATOR, 302, PLAN, writes=True, data=new_plan),
    Route("GET", P, EVERYONE, scoped=True),
    Route("POST", P, NOBODY, 405),
    Route("GET", f"{P}/bewerken", OPERATOR, scoped=True),
    Route("POST", f"{P}/bewerken", OPERATOR, 302, PLAN, scoped=True, writes=True,
          data=plan_change),
    Route("GET", f"{P}/indienen", NOBODY, 405),
    Route("POST", f"{P}/indienen", OPERATOR, 302, PLAN, scoped=True, writes=True,
          data=lambda world: {}),
    # Refused: the plan is not submitted yet (a flash and back to the plan).
    Route("GET", f"{P}/beoordelen", NOBODY, 405),
    Route("POST", f"{P}/beoordelen", TEAM, 302, PLAN, scoped=True, data=assessment),
    Route("GET", f"{P}/voortgang", OPERATOR, scoped=True),
    Route("POST", f"{P}/voortgang", OPERATOR, 302, PLAN, scoped=True, writes=True,
          data=update_form),
    Route("GET", f"{P}/doelen/nieuw", OPERATOR, scoped=True),
    Route("POST", f"{P}/doelen/nieuw", OPERATOR, 302, GOAL, scoped=True, writes=True,
          data=goal_form),
    Route("GET", G, EVERYONE, scoped=True),
    Route("POST", G, NOBODY, 405),
    Route("GET", f"{G}/bewerken", OPERATOR, scoped=True),
    Route("POST", f"{G}/bewerken", OPERATOR, 302, GOAL, scoped=True, writes=True,
          data=lambda world: {"title": "Doel A2", "aspect": "", "description": ""}),
    # Refused: the only goal is first and last.
    Route("GET", f"{G}/verplaatsen", NOBODY, 405),
    Route("POST", f"{G}/verplaatsen", OPERATOR, 302, PLAN, scoped=True,
          data=lambda world: {"direction": "omlaag"}),
    Route("GET", f"{G}/bevindingen", NOBODY, 405),
    Route("POST", f"{G}/bevindingen", OPERATOR, 302, GOAL, scoped=True, writes=True,
          data=another_finding),
    Route("GET", f"{G}/bevindingen/<int:finding_id>/ontkoppelen", NOBODY, 405),
    Route("POST", f"{G}/bevindingen/<int:finding_id>/ontkoppelen", OPERATOR, 302, GOAL,
          scoped=True, writes=True),
    # Refused: the finding is still open (it has to be in repair before it is reported solved).
    Route("GET", f"{G}/bevindingen/<int:finding_id>/opgelost", NOBODY, 405),
    Route("POST", f"{G}/bevindingen/<int:finding_id>/opgelost", OPERATOR, 302, GOAL,
          scoped=True,
          data=lambda world: {f"f{world.ids['finding_id']}-text": "Opgelost."}),
    Route("GET", f"{G}/maatregelen/nieuw", OPERATOR, scoped=True),
    Route("POST", f"{G}/maatregelen/nieuw", OPERATOR, 302, GOAL, scoped=True, writes=True,
          data=action_form),
    Route("GET", f"{A}/bewerken", OPERATOR, scoped=True),
    Route("POST", f"{A}/bewerken", OPERATOR, 302, GOAL, scoped=True, writes=True,
          data=action_change),
    Route("GET", f"{A}/bewijs", NOBODY, 405),
    Route("POST", f"{A}/bewijs", OPERATOR, 302, ACTION, scoped=True, writes=True, data=upload),
    Route("GET", f"{P}/bewijs/<int:action_evidence_id>", EVERYONE, scoped=True),
    Route("POST", f"{P}/bewijs/<int:action_evidence_id>", NOBODY, 405),
    # API
    Route("GET", "/api/v1/plans", EVERYONE),
    Route("POST", "/api/v1/plans", NOBODY, 405),
    Route("GET", "/api/v1/plans/<int:plan_id>", EVERYONE, scoped=True),
    Route("POST", "/api/v1/plans/<int:plan_id>", NOBODY, 405),
]  # fmt: skip
