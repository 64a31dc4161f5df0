"""`inspectie demo`: load fictional demo data, idempotently, never over real data."""

from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from inspectie.auth.models import User
from inspectie.auth.services import create_user
from inspectie.checklists.services import import_from_paths
from inspectie.demo import data
from inspectie.demo.followthrough import load_demo_followthrough
from inspectie.demo.inspections import load_demo_inspections
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.locations.services import LocationData, create_location
from inspectie.organisations.models import Organisation
from inspectie.organisations.services import create_organisation, get_by_name


class DemoError(RuntimeError):
    """The database holds data that is not demo data; loading the demo could mix with it."""


def _refuse_real_data() -> None:
    demo_names = {name for name, _ in data.ORGANISATIONS}
    real_users = db.session.scalar(
        select(func.count(User.id)).where(User.email.not_like(f"%{data.DEMO_DOMAIN}"))
    )
    real_orgs = db.session.scalar(
        select(func.count(Organisation.id)).where(Organisation.name.not_in(demo_names))
    )
    if real_users or real_orgs:
        raise DemoError(
            "Deze database bevat gegevens die geen demogegevens zijn "
            f"({real_users} gebruiker(s), {real_orgs} organisatie(s)). "
            "Demogegevens worden alleen in een lege of demodatabase geladen."
        )


def load_demo() -> str:
    """Create whatever demo data is missing; returns a summary with the demo logins.

    :raises DemoError: when the database holds real data.
    :raises ValueError: when a shipped checklist file is invalid (nothing is written then).
    """
    _refuse_real_data()
    import_from_paths(None, [Path(current_app.config["CHECKLISTS_DIR"])])
    organisations = {}
    for name, kind in data.ORGANISATIONS:
        organisations[name] = get_by_name(name) or create_organisation(None, name, kind)
    for email, name, role, org_name in data.USERS:
        if db.session.scalar(select(User).where(User.email == email)) is None:
            create_user(None, email, name, role, organisations[org_name], data.DEMO_PASSWORD)
    existing = set(db.session.scalars(select(Location.name)))
    for (
        name,
        operator,
        op_type,
        modality,
        capacity,
        municipality,
        province,
        groups,
    ) in data.LOCATIONS:
        if name in existing:
            continue
        create_location(
            None,
            LocationData(
                name=name,
                operator_id=organisations[operator].id,
                operator_type=op_type,
                modality=modality,
                capacity=capacity,
                municipality=municipality,
                province=province,
                has_families="f" in groups,
                has_minors="m" in groups,
                has_amv="a" in groups,
                has_special_needs="s" in groups,
            ),
        )
    load_demo_inspections()
    load_demo_followthrough()
    return logins_text()


def logins_text() -> str:
    lines = ["Demo-logins (wachtwoord voor allemaal: " + data.DEMO_PASSWORD + "):"]
    lines += [f"  {email:<28} {role:<13} {org}" for email, _, role, org in data.USERS]
    return "\n".join(lines)
