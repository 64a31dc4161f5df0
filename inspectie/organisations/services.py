"""Creating and finding organisations."""

from sqlalchemy import select

from inspectie.audit.services import record
from inspectie.extensions import db
from inspectie.organisations.models import Organisation
from inspectie.vocab import ORGANISATION_KINDS


class OrganisationError(ValueError):
    """Input that cannot become an organisation; the message is for the user."""


def get_by_name(name: str) -> Organisation | None:
    """The organisation with exactly this name, if any."""
    return db.session.scalar(select(Organisation).where(Organisation.name == name.strip()))


def create_organisation(actor: object, name: str, kind: str) -> Organisation:
    """Create an organisation.

    :param actor: who creates it (a user, or ``None`` for the CLI and demo loader).
    :param name: its unique name.
    :param kind: one of :data:`inspectie.vocab.ORGANISATION_KINDS`.
    """
    name = name.strip()
    if not name:
        raise OrganisationError("Naam is verplicht.")
    if kind not in ORGANISATION_KINDS:
        raise OrganisationError(f"Onbekend soort organisatie: {kind!r}.")
    if get_by_name(name) is not None:
        raise OrganisationError(f"Er bestaat al een organisatie met de naam {name!r}.")
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    record(actor, "organisation.create", organisation, {"name": [None, name], "kind": [None, kind]})
    return organisation


def all_organisations() -> list[Organisation]:
    """Every organisation, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
