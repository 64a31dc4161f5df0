"""What a plan's pages show, computed: progress per goal and for the plan, overdue actions and
findings, goals grouped by aspect. Templates only format what arrives here."""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from inspectie.findings.models import Finding
from inspectie.plans.evidence import evidence_by_action
from inspectie.plans.models import ActionEvidence, ImprovementPlan, PlanAction, PlanGoal


@dataclass(frozen=True)
class Progress:
    """How far a set of actions is: the average of their progress, and done of total."""

    percent: int | None  # None: no actions yet
    done: int
    total: int

    @property
    def label(self) -> str:
        if self.percent is None:
            return "nog geen maatregelen"
        return f"{self.percent}% ({self.done} van {self.total} maatregelen afgerond)"


def progress_of(actions: list[PlanAction]) -> Progress:
    """The average progress of ``actions`` (rounded), and how many are done."""
    if not actions:
        return Progress(None, 0, 0)
    total = len(actions)
    done = sum(1 for a in actions if a.status == "afgerond")
    return Progress(round(sum(a.progress for a in actions) / total), done, total)


def goal_progress(goal: PlanGoal) -> Progress:
    return progress_of(list(goal.actions))


def plan_progress(plan: ImprovementPlan) -> Progress:
    """Over all actions of the plan: each action counts once, whatever its goal."""
    return progress_of([a for goal in plan.goals for a in goal.actions])


def overdue_actions(plan: ImprovementPlan, today: date) -> list[PlanAction]:
    """Actions past their deadline and not finished, earliest deadline first."""
    late = [a for goal in plan.goals for a in goal.actions if a.is_overdue(today)]
    return sorted(late, key=lambda a: (a.deadline, a.id))


@dataclass(frozen=True)
class ActionRow:
    action: PlanAction
    is_overdue: bool
    evidence: list[ActionEvidence]


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    is_overdue: bool


@dataclass(frozen=True)
class GoalOverview:
    goal: PlanGoal
    progress: Progress
    findings: list[FindingRow]
    actions: list[ActionRow]


@dataclass(frozen=True)
class AspectGroup:
    aspect: str  # "" for goals without an aspect
    goals: list[GoalOverview]


@dataclass(frozen=True)
class PlanOverview:
    plan: ImprovementPlan
    progress: Progress
    overdue: list[PlanAction]
    groups: list[AspectGroup] = field(default_factory=list)


def goal_overview(
    goal: PlanGoal, today: date, evidence: dict[int, list[ActionEvidence]]
) -> GoalOverview:
    return GoalOverview(
        goal=goal,
        progress=goal_progress(goal),
        findings=[FindingRow(f, f.is_overdue(today)) for f in goal.findings],
        actions=[ActionRow(a, a.is_overdue(today), evidence.get(a.id, [])) for a in goal.actions],
    )


def plan_overview(plan: ImprovementPlan, today: date) -> PlanOverview:
    """The plan's goals in their order, consecutive goals with the same aspect in one group."""
    evidence = evidence_by_action(plan)
    goals = [goal_overview(goal, today, evidence) for goal in plan.goals]
    groups = [
        AspectGroup(aspect, list(members))
        for aspect, members in groupby(goals, key=lambda g: g.goal.aspect)
    ]
    return PlanOverview(plan, plan_progress(plan), overdue_actions(plan, today), groups)
