"""Goals of a plan: their order, and the findings each answers (linking, and reporting one
solved through the goal). Functions flush, never commit, and write the audit trail."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from inspectie.audit.services import diff, record
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.findings.services import FindingError, change_status
from inspectie.plans.models import GoalFinding, ImprovementPlan, PlanGoal
from inspectie.plans.services import (
    ASPECT_LENGTH,
    GOAL_TITLE_LENGTH,
    TEXT_LENGTH,
    PlanError,
    check_editable,
    check_maintainer,
    clean_text,
    lock_row,
    plan_error_from,
)

# --- order ------------------------------------------------------------------------------------


@dataclass
class GoalData:
    title: str
    description: str = ""
    aspect: str = ""  # optional: goals with the same aspect are shown together


def _validated_goal(data: GoalData) -> GoalData:
    return GoalData(
        title=clean_text(data.title, "Titel van het doel", "title", GOAL_TITLE_LENGTH),
        description=clean_text(data.description, "Toelichting", "description", TEXT_LENGTH, False),
        aspect=clean_text(data.aspect, "Aspect", "aspect", ASPECT_LENGTH, False),
    )


def add_goal(actor: User, plan: ImprovementPlan, data: GoalData) -> PlanGoal:
    """Add a goal at the end of the plan's order.

    :raises PlanError: when the plan may not be changed now, or 422 for invalid data.
    """
    lock_row(plan)  # two goals added at once must not take the same position
    check_editable(actor, plan)
    clean = _validated_goal(data)
    last = db.session.scalar(select(func.max(PlanGoal.position)).where(PlanGoal.plan_id == plan.id))
    goal = PlanGoal(
        plan_id=plan.id,
        position=(last or 0) + 1,
        title=clean.title,
        description=clean.description,
        aspect=clean.aspect,
    )
    db.session.add(goal)
    db.session.flush()
    db.session.refresh(plan, ["goals"])
    record(
        actor,
        "plan_goal.create",
        goal,
        diff({}, {"plan_id": plan.id, "position": goal.position, "title": goal.title}),
    )
    return goal


def update_goal(actor: User, goal: PlanGoal, data: GoalData) -> bool:
    """Change a goal's title, description or aspect; returns whether anything changed."""
    check_editable(actor, goal.plan)
    clean = _validated_goal(data)
    before = {"title": goal.title, "description": goal.description, "aspect": goal.aspect}
    after = {"title": clean.title, "description": clean.description, "aspect": clean.aspect}
    changes = diff(before, after)
    if not changes:
        return False
    goal.title, goal.description, goal.aspect = clean.title, clean.description, clean.aspect
    db.session.flush()
    record(actor, "plan_goal.update", goal, changes)
    return True


def move_goal(actor: User, goal: PlanGoal, up: bool) -> None:
    """Swap a goal with its neighbour above (``up``) or below.

    :raises PlanError: 409 when the goal is already first or last.
    """
    plan = goal.plan
    lock_row(plan)
    check_editable(actor, plan)
    goals = sorted(plan.goals, key=lambda g: g.position)
    index = goals.index(goal)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(goals):
        where = "bovenaan" if up else "onderaan"
        raise PlanError(f"Dit doel staat al {where}.", 409)
    other = goals[other_index]
    mine, theirs = goal.position, other.position
    # One flush per step: the positions are unique at every moment, and never 0.
    goal.position = max(g.position for g in goals) + 1
    db.session.flush()
    other.position = mine
    db.session.flush()
    goal.position = theirs
    db.session.flush()
    db.session.refresh(plan, ["goals"])
    record(actor, "plan_goal.move", goal, {"position": [mine, theirs]})


# --- findings answered by a goal ------------------------------------------------------------


def link_finding(actor: User, goal: PlanGoal, finding_id: int) -> GoalFinding:
    """Let ``goal`` answer a finding of the plan's organisation (and location, for a location
    plan).

    :raises PlanError: 422 with a clear message for a finding of another organisation or
        location (or one that does not exist: the two are not told apart), or already linked.
    """
    plan = goal.plan
    check_editable(actor, plan)
    finding = db.session.get(Finding, finding_id)
    if finding is None or finding.location.operator_id != plan.organisation_id:
        raise PlanError(
            f"Bevinding {finding_id} hoort niet bij een locatie van {plan.organisation.name}; "
            f"een verbeterplan beantwoordt alleen bevindingen van de eigen organisatie.",
            422,
            "finding_id",
        )
    if plan.location is not None and finding.location_id != plan.location_id:
        raise PlanError(
            f"Bevinding {finding_id} hoort bij {finding.location.name}, niet bij "
            f"{plan.location.name}; dit plan gaat alleen over {plan.location.name}.",
            422,
            "finding_id",
        )
    if finding.status == "geverifieerd":
        raise PlanError(
            f"Bevinding {finding_id} is al geverifieerd als opgelost.", 422, "finding_id"
        )
    if any(f.id == finding.id for f in goal.findings):
        raise PlanError(f"Bevinding {finding_id} is al aan dit doel gekoppeld.", 422, "finding_id")
    link = GoalFinding(goal_id=goal.id, finding_id=finding.id)
    db.session.add(link)
    db.session.flush()
    db.session.refresh(goal, ["findings"])
    record(actor, "plan_goal.link_finding", goal, {"finding_id": [None, finding.id]})
    return link


def unlink_finding(actor: User, goal: PlanGoal, finding_id: int) -> None:
    """Stop ``goal`` answering a finding.

    :raises PlanError: 404 when the finding is not linked to the goal.
    """
    check_editable(actor, goal.plan)
    if not any(f.id == finding_id for f in goal.findings):
        raise PlanError("Deze bevinding is niet aan dit doel gekoppeld.", 404)
    db.session.execute(
        delete(GoalFinding).where(
            GoalFinding.goal_id == goal.id, GoalFinding.finding_id == finding_id
        )
    )
    db.session.flush()
    db.session.refresh(goal, ["findings"])
    record(actor, "plan_goal.unlink_finding", goal, {"finding_id": [finding_id, None]})


def report_finding_solved(actor: User, goal: PlanGoal, finding_id: int, text: str) -> None:
    """Report a finding that ``goal`` answers as solved (``gemeld_opgelost``), with what was
    done; the finding's own rules apply (it must be ``in_uitvoering``).

    :raises PlanError: 404 when the finding is not linked to the goal, otherwise the finding's
        refusal (403, 409, 422) with its message.
    """
    check_maintainer(actor, goal.plan)
    finding = next((f for f in goal.findings if f.id == finding_id), None)
    if finding is None:
        raise PlanError("Deze bevinding is niet aan dit doel gekoppeld.", 404)
    if not text.strip():
        raise PlanError("Beschrijf wat er is gedaan om de bevinding op te lossen.", 422, "text")
    try:
        change_status(actor, finding, "gemeld_opgelost", text)
    except FindingError as error:
        raise plan_error_from(error) from error
