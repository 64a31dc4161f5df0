"""Who may move a finding, and where to: each transition has an owner.

The operator's staff (``ketenpartner`` of the organisation that runs the location) plan, start
and report the repair; the inspectorate (``inspecteur``, ``coordinator``) verifies it; only a
coordinator extends a deadline. The ``beheerder`` reads everything and moves nothing.
"""

from inspectie.auth.models import User
from inspectie.findings.models import REPAIR_STATUSES, Finding

OPERATOR = "operator"
INSPECTORATE = "inspectorate"

# (from, to) -> (who, the kind of note the transition writes)
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("open", "plan_ingediend"): (OPERATOR, "plan_ingediend"),
    ("plan_ingediend", "in_uitvoering"): (OPERATOR, "in_uitvoering"),
    ("in_uitvoering", "gemeld_opgelost"): (OPERATOR, "gemeld_opgelost"),
    ("gemeld_opgelost", "geverifieerd"): (INSPECTORATE, "effectief"),
    ("gemeld_opgelost", "open"): (INSPECTORATE, "niet_effectief"),
}


def is_operator_of(user: User, finding: Finding) -> bool:
    return user.role == "ketenpartner" and user.organisation_id == finding.location.operator_id


def may_view(user: User, finding: Finding) -> bool:
    """The inspectorate reads every finding; an operator only those of its own locations."""
    return user.is_inspectorate or is_operator_of(user, finding)


def may_transition(user: User, finding: Finding, to: str) -> bool:
    rule = TRANSITIONS.get((finding.status, to))
    if rule is None:
        return False
    owner, _ = rule
    if owner == OPERATOR:
        return is_operator_of(user, finding)
    return user.role in ("inspecteur", "coordinator")


def next_statuses(user: User, finding: Finding) -> list[str]:
    """The statuses ``user`` may move ``finding`` to now, in lifecycle order."""
    return [
        to
        for (frm, to) in TRANSITIONS
        if frm == finding.status and may_transition(user, finding, to)
    ]


def may_respond(user: User, finding: Finding) -> bool:
    """A note without a status change: the operator and the inspectorate's inspectors."""
    return is_operator_of(user, finding) or user.role in ("inspecteur", "coordinator")


def may_extend(user: User, finding: Finding) -> bool:
    return user.role == "coordinator" and finding.status in REPAIR_STATUSES
