"""Demo follow-through of the findings (all fictional): findings in every state, a deadline
extension, a location improvement plan, Nidos's organisation-wide plan, supervision levels."""

from datetime import date, timedelta

from sqlalchemy import func, select

from inspectie.auth.models import User
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding, FindingNote
from inspectie.findings.services import change_status, extend_deadline, respond
from inspectie.inspections.models import Inspection
from inspectie.locations.models import Location


def _user(key: str) -> User:
    user = db.session.scalar(select(User).where(User.email == f"{key}@demo.example"))
    assert user is not None
    return user


def _findings(location: str, planned_on: date) -> list[Finding]:
    query = (
        select(Finding)
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .join(Location, Location.id == Inspection.location_id)
        .where(Location.name == location, Inspection.planned_on == planned_on)
        .order_by(Finding.id)
    )
    return list(db.session.scalars(query))


def _walk(actor: User, finding: Finding, steps: list[tuple[str, str]]) -> None:
    for to, text in steps:
        change_status(actor, finding, to, text)


PLANNED = "Maatregelen zijn opgenomen in het verbeterplan van de locatie."
STARTED = "De uitvoering is gestart; de locatiemanager is eigenaar."
REPORTED = "Hersteld; zie de bijgevoegde werkinstructie en de aftekenlijst van de teamleider."


def load_demo_followthrough() -> bool:
    """Move the demo findings through their lifecycle, unless a note exists already."""
    if db.session.scalar(select(func.count(FindingNote.id))):
        return False
    coa, inspector, coordinator = _user("coa"), _user("inspecteur"), _user("coordinator")
    old = _findings("azc Veluwezoom", date(2025, 10, 14))
    if len(old) >= 6:
        # verified: the whole path
        _walk(coa, old[0], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED),
                            ("gemeld_opgelost", REPORTED)])  # fmt: skip
        change_status(inspector, old[0], "geverifieerd", "Bij het locatiebezoek gecontroleerd: "
                      "de werkinstructie wordt toegepast.")  # fmt: skip
        # reported solved, found not effective, open again
        _walk(coa, old[1], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED),
                            ("gemeld_opgelost", REPORTED)])  # fmt: skip
        change_status(inspector, old[1], "open", "Niet effectief: in twee van de drie units is "
                      "de situatie ongewijzigd.")  # fmt: skip
        # reported solved, waiting for verification
        _walk(coa, old[2], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED),
                            ("gemeld_opgelost", REPORTED)])  # fmt: skip
        # being repaired
        _walk(coa, old[3], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED)])
        # plan submitted, with more time granted
        _walk(coa, old[4], [("plan_ingediend", PLANNED)])
        extend_deadline(
            coordinator,
            old[4],
            max(old[4].deadline, today()) + timedelta(days=60),
            "De verbouwing van de sanitaire units is pas in het voorjaar gepland.",
        )
        # open and overdue, with a response
        respond(coa, old[5], "Wij nemen dit mee in het nieuwe verbeterplan.")
    return True
