"""Who may do what with an inspection: role, status and team membership."""

from inspectie.auth.models import User
from inspectie.inspections.models import Inspection


def may_view(user: User, inspection: Inspection) -> bool:
    """The inspectorate reads every inspection; an operator only the final ones of its own."""
    if user.is_inspectorate:
        return True
    return inspection.is_final and inspection.location.operator_id == user.organisation_id


def may_plan(user: User) -> bool:
    return user.role == "coordinator"


def in_team(user: User, inspection: Inspection) -> bool:
    return user.id in inspection.team_ids


def may_start(user: User, inspection: Inspection) -> bool:
    return inspection.status == "gepland" and in_team(user, inspection)


def may_answer(user: User, inspection: Inspection) -> bool:
    """Team members judge items while the inspection is being carried out."""
    return inspection.status == "in_uitvoering" and in_team(user, inspection)


def may_submit(user: User, inspection: Inspection) -> bool:
    return inspection.status == "in_uitvoering" and user.id == inspection.lead_id


def may_review(user: User, inspection: Inspection) -> bool:
    """Four eyes: a coordinator who was not on the team."""
    return (
        inspection.status == "ter_review"
        and user.role == "coordinator"
        and not in_team(user, inspection)
    )
