"""Who may do what with an improvement plan.

The operator's staff (``ketenpartner`` of the plan's organisation) write and carry out the plan;
the inspectorate's inspectors (``inspecteur``, ``coordinator``) assess a submitted plan; the
``beheerder`` reads everything and changes nothing. Nobody outside the inspectorate sees another
organisation's plan.
"""

from inspectie.auth.models import User
from inspectie.plans.models import ImprovementPlan

OPERATOR = ("ketenpartner",)
ASSESSORS = ("coordinator", "inspecteur")
# While the plan is being written (or rewritten after assessment) its goals and links may change.
EDITABLE = ("concept", "te_herzien")

# (from, to) of the plan's lifecycle; te_herzien goes back to ingediend after rewriting.
TRANSITIONS = {
    ("concept", "ingediend"),
    ("te_herzien", "ingediend"),
    ("ingediend", "geaccepteerd"),
    ("ingediend", "te_herzien"),
}


def may_view(user: User, plan: ImprovementPlan) -> bool:
    return user.is_inspectorate or (
        user.role == "ketenpartner" and user.organisation_id == plan.organisation_id
    )


def may_maintain(user: User, plan: ImprovementPlan) -> bool:
    """Carry the plan out: action progress, evidence, progress updates (in any status)."""
    return user.role == "ketenpartner" and user.organisation_id == plan.organisation_id


def may_edit(user: User, plan: ImprovementPlan) -> bool:
    """Change what the plan says: its text, goals, actions and linked findings."""
    return may_maintain(user, plan) and plan.status in EDITABLE


def may_submit(user: User, plan: ImprovementPlan) -> bool:
    return may_edit(user, plan)


def may_assess(user: User, plan: ImprovementPlan) -> bool:
    return user.role in ASSESSORS and plan.status == "ingediend"
