"""Fixtures for supervision levels: an operator with two locations and another operator with
one, each with a final inspection whose findings the tests shape at will."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import submit_inspection
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from tests.conftest import PASSWORD
from tests.inspections.conftest import checklists, complete_all, make_inspection

__all__ = ["checklists", "make_inspection"]  # fixtures used here, defined there

DAY = date(2026, 11, 10)  # "today" in these tests; deadlines are set around it
BEFORE, AFTER = DAY - timedelta(days=1), DAY + timedelta(days=1)


@dataclass
class Scene:
    """``operator`` runs ``location`` and ``second``; ``other`` runs ``foreign``. Each location
    has a final inspection with many findings (see :func:`shape`). People by role; ``other`` is
    a ketenpartner of the other organisation."""

    inspectorate: Organisation
    operator: Organisation
    other: Organisation
    location: Location
    second: Location
    foreign: Location
    users: dict[str, User]
    findings: dict[int, list[Finding]]  # by location id


def _final_findings(
    make_inspection: Callable[..., Inspection], location: Location, lead: User, reviewer: User
) -> list[Finding]:
    # A thematic inspection keeps the scene quick: two themes raise enough findings.
    inspection = make_inspection(
        "in_uitvoering",
        location=location,
        lead=lead,
        type="thematisch",
        theme_codes=("informatie", "personeel"),
    )
    complete_all(lead, inspection, "voldoet_niet")
    submit_inspection(lead, inspection)
    findings = finalise(reviewer, inspection)
    db.session.commit()
    return findings


@pytest.fixture
def scene(
    app: Flask,
    inspectorate: Organisation,
    make_org: Callable[..., Organisation],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
    make_inspection: Callable[..., Inspection],
) -> Scene:
    operator, other = make_org("COA Noord", "coa"), make_org("COA Zuid", "coa")
    location = make_location(operator, name="azc Vertrouwelijk", has_families=True)
    second = make_location(operator, name="azc Tweede", has_families=True)
    foreign = make_location(other, name="azc Zuiderlicht", has_families=True)
    users = {
        "beheerder": make_user("beheerder"),
        "coordinator": make_user("coordinator"),
        "inspecteur": make_user("inspecteur"),
        "ketenpartner": make_user("ketenpartner", organisation=operator),
        "other": make_user("ketenpartner", organisation=other),
    }
    findings = {
        place.id: _final_findings(make_inspection, place, users["inspecteur"], users["coordinator"])
        for place in (location, second, foreign)
    }
    scene = Scene(inspectorate, operator, other, location, second, foreign, users, findings)
    for place in (location, second, foreign):
        shape(scene, place, [])
    return scene


def shape(scene: Scene, location: Location, spec: list[tuple[str, str, date]]) -> None:
    """Give the location's first findings the (severity, status, deadline) of ``spec`` and
    mark the rest verified, so that exactly ``spec`` is left to count (committed)."""
    findings = scene.findings[location.id]
    assert len(spec) <= len(findings), "the inspection raised too few findings"
    for finding, (severity, status, deadline) in zip(findings, spec, strict=False):
        finding.severity, finding.status, finding.deadline = severity, status, deadline
    for finding in findings[len(spec) :]:
        finding.status = "geverifieerd"
    db.session.commit()


@pytest.fixture
def login(client: FlaskClient, scene: Scene) -> Callable[[str], None]:
    """Log the client in as one of the scene's people, by role."""

    def log_in(role: str) -> None:
        response = client.post(
            "/inloggen", data={"email": scene.users[role].email, "password": PASSWORD}
        )
        assert response.status_code == 302

    return log_in
