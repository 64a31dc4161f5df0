"""What the start page of each role shows."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from inspectie.auth.models import User
from inspectie.auth.policy import organisation_scope
from inspectie.extensions import db
from inspectie.inspections.models import Inspection, InspectionMember
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation


@dataclass(frozen=True)
class Overview:
    my_inspections: int
    to_review: int
    open_locations: int
    places: int
    vge_locations: int
    kso_locations: int
    users: int | None
    organisations: int | None


def overview(user: User) -> Overview:
    """Counts for the start page, limited to what ``user`` may see."""
    scope = organisation_scope(user)
    query = select(
        func.count(Location.id),
        func.coalesce(func.sum(Location.capacity), 0),
        func.count(Location.id).filter(Location.operator_type == "vge"),
        func.count(Location.id).filter(Location.modality == "kso"),
    ).where(Location.status == "open")
    if scope is not None:
        query = query.where(Location.operator_id == scope)
    open_locations, places, vge, kso = db.session.execute(query).one()
    users = organisations = None
    if user.role == "beheerder":
        users = db.session.scalar(select(func.count(User.id)))
        organisations = db.session.scalar(select(func.count(Organisation.id)))
    member = select(InspectionMember.inspection_id).where(InspectionMember.user_id == user.id)
    my_inspections = (
        db.session.scalar(
            select(func.count(Inspection.id)).where(
                Inspection.status.in_(("gepland", "in_uitvoering")),
                or_(Inspection.lead_id == user.id, Inspection.id.in_(member)),
            )
        )
        or 0
    )
    to_review = 0
    if user.role == "coordinator":
        to_review = (
            db.session.scalar(
                select(func.count(Inspection.id)).where(
                    Inspection.status == "ter_review",
                    Inspection.lead_id != user.id,
                    Inspection.id.not_in(member),
                )
            )
            or 0
        )
    return Overview(
        my_inspections, to_review, open_locations, places, vge, kso, users, organisations
    )
