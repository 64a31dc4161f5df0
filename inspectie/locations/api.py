"""``/api/v1/locations``: the locations a caller may see."""

from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from inspectie.api import ApiError, api_roles, choice_arg, paged, reject_unknown_args
from inspectie.auth.policy import EVERYONE
from inspectie.locations.models import Location
from inspectie.locations.services import LocationFilters, location_for, locations_query
from inspectie.vocab import LOCATION_STATUSES, MODALITIES, OPERATOR_TYPES, PROVINCES

bp = Blueprint("locations_api", __name__, url_prefix="/api/v1/locations")

FILTERS = {"province", "operator_type", "modality", "status", "q"}


def serialise(location: Location) -> dict[str, Any]:
    return {
        "id": location.id,
        "name": location.name,
        "operator": {"id": location.operator.id, "name": location.operator.name},
        "operator_type": location.operator_type,
        "modality": location.modality,
        "capacity": location.capacity,
        "municipality": location.municipality,
        "province": location.province,
        "resident_groups": location.resident_groups,
        "status": location.status,
        "opened_on": location.opened_on.isoformat() if location.opened_on else None,
        "closed_on": location.closed_on.isoformat() if location.closed_on else None,
        "revision": location.revision,
        "updated_at": location.updated_at.isoformat(),
    }


@bp.get("")
@api_roles(*EVERYONE)
def index() -> ResponseReturnValue:
    """The locations the caller may see, with the filters of the list screen, paged."""
    reject_unknown_args(FILTERS | {"page", "per_page"})
    q = request.args.get("q") or None
    if q is not None and len(q) > 100:
        raise ApiError(400, "'q' is hoogstens 100 tekens lang.")
    if q is not None and any(ord(c) < 32 or ord(c) == 127 for c in q):
        # PostgreSQL refuses a NUL in a text parameter (a 500); no name holds control characters.
        raise ApiError(400, "'q' bevat ongeldige tekens (stuurtekens).")
    filters = LocationFilters(
        province=choice_arg("province", PROVINCES),
        operator_type=choice_arg("operator_type", OPERATOR_TYPES),
        modality=choice_arg("modality", MODALITIES),
        status=choice_arg("status", LOCATION_STATUSES),
        q=q,
    )
    return paged(locations_query(current_user, filters), serialise)


@bp.get("/<int:location_id>")
@api_roles(*EVERYONE)
def show(location_id: int) -> ResponseReturnValue:
    """One location, if the caller may see it (404 otherwise, so ids reveal nothing)."""
    location = location_for(current_user, location_id)
    if location is None:
        raise ApiError(404, "Locatie niet gevonden.", {"id": location_id})
    return serialise(location)
