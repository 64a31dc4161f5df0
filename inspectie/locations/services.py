"""Locations: the rules a location must meet, scoped queries, creating and changing them."""

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select

from inspectie.audit.services import diff, history, record
from inspectie.auth.models import User
from inspectie.auth.policy import organisation_scope
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.templating import nl_date
from inspectie.vocab import (
    KSO_MAX_CAPACITY,
    LOCATION_STATUSES,
    MODALITIES,
    OPERATOR_TYPES,
    PROVINCES,
)

# Which kind of organisation may run a location of each operator type.
OPERATOR_KIND_FOR_TYPE = {"coa": "coa", "vge": "gemeente", "nidos": "nidos"}


@dataclass
class LocationData:
    """The editable fields of a location, as plain values (from a form, a CSV row or the API)."""

    name: str
    operator_id: int
    operator_type: str
    modality: str
    capacity: int
    municipality: str
    province: str
    has_families: bool = False
    has_minors: bool = False
    has_amv: bool = False
    has_special_needs: bool = False
    status: str = "open"
    opened_on: date | None = None
    closed_on: date | None = None

    @classmethod
    def of(cls, location: Location) -> "LocationData":
        return cls(**{f.name: getattr(location, f.name) for f in fields(cls)})


class LocationError(ValueError):
    """A location that breaks the rules; ``problems`` maps each field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))
        self.problems = problems


def location_problems(data: LocationData, operator: Organisation | None) -> dict[str, str]:
    """Every rule the data breaks, as field -> Dutch message (empty when all is well).

    The same rules stand as CHECK constraints in the database; checking them here first lets
    every form, import and API call say exactly what is wrong instead of failing on commit.
    """
    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = "Naam is verplicht."
    elif len(data.name) > 200:
        problems["name"] = "Naam mag hoogstens 200 tekens lang zijn."
    if operator is None:
        problems["operator_id"] = "Kies een bestaande organisatie als exploitant."
    if data.operator_type not in OPERATOR_TYPES:
        problems["operator_type"] = f"Onbekend type exploitant: {data.operator_type!r}."
    elif operator is not None and operator.kind != OPERATOR_KIND_FOR_TYPE[data.operator_type]:
        problems["operator_type"] = (
            f"Type exploitant {OPERATOR_TYPES[data.operator_type]} past niet bij "
            f"{operator.name} ({operator.kind_label})."
        )
    if data.modality not in MODALITIES:
        problems["modality"] = f"Onbekende modaliteit: {data.modality!r}."
    if data.capacity < 1:
        problems["capacity"] = "Capaciteit moet minstens 1 zijn."
    elif data.capacity > 100_000:
        problems["capacity"] = "Capaciteit is onwaarschijnlijk groot (meer dan 100.000)."
    elif data.modality == "kso" and data.capacity > KSO_MAX_CAPACITY:
        problems["capacity"] = (
            f"Een kleinschalige opvanglocatie (KSO) heeft hoogstens {KSO_MAX_CAPACITY} plaatsen, "
            f"niet {data.capacity}."
        )
    if not data.municipality.strip():
        problems["municipality"] = "Gemeente is verplicht."
    elif len(data.municipality) > 100:
        problems["municipality"] = "Gemeente mag hoogstens 100 tekens lang zijn."
    if data.province not in PROVINCES:
        problems["province"] = f"Onbekende provincie: {data.province!r}."
    if data.status not in LOCATION_STATUSES:
        problems["status"] = f"Onbekende status: {data.status!r}."
    elif data.status == "gesloten" and data.closed_on is None:
        problems["closed_on"] = "Een gesloten locatie heeft een sluitingsdatum."
    if data.opened_on and data.closed_on and data.closed_on < data.opened_on:
        problems["closed_on"] = "De sluitingsdatum ligt vóór de openingsdatum."
    return problems


def _validated(data: LocationData) -> Organisation | None:
    data.name = data.name.strip()
    data.municipality = data.municipality.strip()
    operator = db.session.get(Organisation, data.operator_id)
    problems = location_problems(data, operator)
    if problems:
        raise LocationError(problems)
    return operator


def _snapshot(data: LocationData) -> dict[str, Any]:
    values = asdict(data)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def create_location(actor: User | None, data: LocationData) -> Location:
    """Create a location after checking every rule.

    :param actor: who creates it (``None`` for the CLI and demo loader).
    :raises LocationError: with a message per field that breaks a rule.
    """
    _validated(data)
    location = Location(**asdict(data))
    db.session.add(location)
    db.session.flush()
    record(actor, "location.create", location, diff({}, _snapshot(data)))
    return location


def update_location(actor: User, location: Location, data: LocationData) -> bool:
    """Apply new values to a location; returns whether anything changed.

    :raises LocationError: with a message per field that breaks a rule; nothing is changed then.
    """
    _validated(data)
    changes = diff(_snapshot(LocationData.of(location)), _snapshot(data))
    if not changes:
        return False
    for key, value in asdict(data).items():
        setattr(location, key, value)
    location.revision += 1
    db.session.flush()
    record(actor, "location.update", location, changes)
    return True


# --- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocationFilters:
    province: str | None = None
    operator_type: str | None = None
    modality: str | None = None
    status: str | None = None
    q: str | None = None


def locations_query(user: User, filters: LocationFilters) -> Select[Location]:
    """The locations ``user`` may see that match ``filters``, by name (paginate the result)."""
    query = select(Location)
    scope = organisation_scope(user)
    if scope is not None:
        query = query.where(Location.operator_id == scope)
    for column, value in (
        (Location.province, filters.province),
        (Location.operator_type, filters.operator_type),
        (Location.modality, filters.modality),
        (Location.status, filters.status),
    ):
        if value:
            query = query.where(column == value)
    if filters.q:
        needle = filters.q.strip().lower()
        query = query.where(
            or_(
                func.lower(Location.name).contains(needle, autoescape=True),
                func.lower(Location.municipality).contains(needle, autoescape=True),
            )
        )
    return query.order_by(func.lower(Location.name), Location.id)


def location_for(user: User, location_id: int) -> Location | None:
    """The location with this id if ``user`` may see it; ``None`` hides whether it exists."""
    location = db.session.get(Location, location_id)
    if location is None:
        return None
    scope = organisation_scope(user)
    if scope is not None and location.operator_id != scope:
        return None
    return location


def operators() -> list[Organisation]:
    """The organisations that can run a location, by name."""
    query = (
        select(Organisation)
        .where(Organisation.kind.in_(OPERATOR_KIND_FOR_TYPE.values()))
        .order_by(Organisation.name)
    )
    return list(db.session.scalars(query))


# --- history --------------------------------------------------------------------------------

FIELD_LABELS = {
    "name": "Naam",
    "operator_id": "Exploitant",
    "operator_type": "Type exploitant",
    "modality": "Modaliteit",
    "capacity": "Capaciteit",
    "municipality": "Gemeente",
    "province": "Provincie",
    "has_families": "Gezinnen",
    "has_minors": "Minderjarigen",
    "has_amv": "Amv",
    "has_special_needs": "Bijzondere opvangbehoeften",
    "status": "Status",
    "opened_on": "Geopend op",
    "closed_on": "Gesloten op",
}
_VOCABULARY_OF = {
    "operator_type": OPERATOR_TYPES,
    "modality": MODALITIES,
    "province": PROVINCES,
    "status": LOCATION_STATUSES,
}
ACTION_LABELS = {"location.create": "Aangemaakt", "location.update": "Gewijzigd"}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    changes: list[tuple[str, str, str]]  # (field label, old, new), ready to show


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if field == "operator_id":
        organisation = db.session.get(Organisation, value)
        return organisation.name if organisation else f"organisatie {value}"
    if field in _VOCABULARY_OF:
        return _VOCABULARY_OF[field].get(value, str(value))
    if field in ("opened_on", "closed_on"):
        return nl_date(date.fromisoformat(value))
    return str(value)


def location_history(location: Location) -> list[HistoryEntry]:
    """The location's audit trail in Dutch, newest first, with values as people read them."""
    entries = []
    for event in reversed(history(location)):
        changes = (
            [
                (FIELD_LABELS.get(field, field), _shown(field, old), _shown(field, new))
                for field, (old, new) in event.changes.items()
            ]
            if event.action == "location.update"
            else []
        )
        entries.append(
            HistoryEntry(
                at=event.at,
                actor=event.actor.name if event.actor else "systeem",
                action=ACTION_LABELS.get(event.action, event.action),
                changes=changes,
            )
        )
    return entries
