"""Fixtures for findings: a final inspection of one operator's location that raised findings of
every severity, the people around it, and helpers to put a finding in any state."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding, FindingNote
from inspectie.inspections.answers import find_answer, save_answer
from inspectie.inspections.evidence import store_evidence
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import submit_inspection
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from tests.conftest import PASSWORD
from tests.inspections.conftest import checklists, complete_all, make_inspection
from tests.policy.base import EVIDENCE_PDF

__all__ = ["checklists", "make_inspection"]  # fixtures used here, defined there

# item: (judgment, the severity the checklist gives it)
DEVIATIONS = {
    "INF-01": ("voldoet_niet", "hoog"),
    "INF-03": ("voldoet_deels", "gemiddeld"),
    "HUI-02": ("voldoet_deels", "kritiek"),
    "ACT-03": ("voldoet_niet", "laag"),
}
ROLES = ("beheerder", "coordinator", "inspecteur", "ketenpartner", "other")


@dataclass
class Scene:
    """One operator's location with a final inspection and its findings; the people around it
    by role (``other`` is a ketenpartner of another organisation)."""

    operator: Organisation
    other: Organisation
    location: Location
    inspection: Inspection
    users: dict[str, User]
    findings: dict[str, Finding] = field(default_factory=dict)  # by item code

    @property
    def finding(self) -> Finding:
        """The finding the tests move around (INF-01, with an evidence file)."""
        return self.findings["INF-01"]


def raise_findings(
    make_inspection: Callable[..., Inspection],
    location: Location,
    lead: User,
    reviewer: User,
    deviations: dict[str, tuple[str, str]] = DEVIATIONS,
    evidence_on: str | None = None,
) -> list[Finding]:
    """Carry out an inspection of ``location`` that deviates on ``deviations`` and finalise it."""
    inspection = make_inspection("in_uitvoering", location=location, lead=lead)
    complete_all(lead, inspection, "voldoet")
    for code, (judgment, _) in deviations.items():
        answer = find_answer(inspection, code)
        assert answer is not None
        save_answer(lead, inspection, answer, judgment, f"Gezien bij {code}.", "", answer.revision)
    if evidence_on:
        answer = find_answer(inspection, evidence_on)
        assert answer is not None
        store_evidence(lead, inspection, answer, "rapport.pdf", EVIDENCE_PDF)
    submit_inspection(lead, inspection)
    findings = finalise(reviewer, inspection)
    db.session.commit()
    return findings


@pytest.fixture
def scene(
    app: Flask,
    make_org: Callable[..., Organisation],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
    make_inspection: Callable[..., Inspection],
) -> Scene:
    operator = make_org("COA Noord", "coa")
    other = make_org("COA Zuid", "coa")
    location = make_location(operator, name="azc Vertrouwelijk", has_families=True)
    users = {
        "beheerder": make_user("beheerder"),
        "coordinator": make_user("coordinator"),
        "inspecteur": make_user("inspecteur"),
        "ketenpartner": make_user("ketenpartner", organisation=operator),
        "other": make_user("ketenpartner", organisation=other),
    }
    findings = raise_findings(
        make_inspection, location, users["inspecteur"], users["coordinator"], evidence_on="INF-01"
    )
    return Scene(
        operator,
        other,
        location,
        db.session.get(Inspection, findings[0].inspection_id),  # type: ignore[arg-type]
        users,
        {f.item.code: f for f in findings},
    )


@pytest.fixture
def foreign(
    scene: Scene,
    make_location: Callable[..., Location],
    make_inspection: Callable[..., Inspection],
) -> list[Finding]:
    """Findings of another organisation's location (in another province)."""
    location = make_location(scene.other, name="azc Zuiderlicht", province="limburg")
    return raise_findings(
        make_inspection,
        location,
        scene.users["inspecteur"],
        scene.users["coordinator"],
        {"INF-01": ("voldoet_niet", "hoog"), "HUI-02": ("voldoet_deels", "kritiek")},
    )


def put(finding: Finding, status: str | None = None, deadline: date | None = None) -> None:
    """Put ``finding`` in a state directly (committed), as if its history had led there."""
    if status is not None:
        finding.status = status
    if deadline is not None:
        finding.deadline = deadline
    db.session.commit()


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0


def notes_count(finding: Finding) -> int:
    query = select(func.count(FindingNote.id)).where(FindingNote.finding_id == finding.id)
    return db.session.scalar(query) or 0


@pytest.fixture
def login(client: FlaskClient, scene: Scene) -> Callable[[str], None]:
    """Log the client in as one of the scene's people, by role."""

    def log_in(role: str) -> None:
        response = client.post(
            "/inloggen", data={"email": scene.users[role].email, "password": PASSWORD}
        )
        assert response.status_code == 302

    return log_in
