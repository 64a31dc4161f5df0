"""Fixtures for plans: an operator with two locations and findings at both, another operator
with findings of its own, the people of every role, and a plan factory."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistVersion
from inspectie.checklists.services import import_from_paths
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.review import finalise
from inspectie.inspections.services import (
    Plan,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.plans.actions import ActionData, add_action
from inspectie.plans.goals import GoalData, add_goal, link_finding
from inspectie.plans.models import ImprovementPlan
from inspectie.plans.services import PlanData, create_plan
from tests.checklists.conftest import V1
from tests.inspections.conftest import complete_all

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Scene:
    operator: Organisation
    other: Organisation
    location: Location
    location2: Location  # the operator's second location
    foreign_location: Location  # the other operator's
    users: dict[str, User]
    findings: list[Finding] = field(default_factory=list)  # at location
    findings2: list[Finding] = field(default_factory=list)  # at location2
    foreign_findings: list[Finding] = field(default_factory=list)

    @property
    def keten(self) -> User:
        return self.users["ketenpartner"]


def _findings_at(
    version: ChecklistVersion, location: Location, users: dict[str, User]
) -> list[Finding]:
    """A final inspection of ``location`` judged voldoet_niet wherever it may be."""
    inspection = plan_inspection(
        users["coordinator"],
        Plan(location, "regulier", date(2025, 2, 1), lead=users["inspecteur"], version=version),
    )
    start_inspection(users["inspecteur"], inspection)
    complete_all(users["inspecteur"], inspection, "voldoet_niet")
    submit_inspection(users["inspecteur"], inspection)
    findings = finalise(users["coordinator"], inspection)
    db.session.commit()
    assert len(findings) >= 2
    return findings


@pytest.fixture
def scene(
    app: Flask,
    tmp_path: Path,
    make_org: Callable[..., Organisation],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
) -> Scene:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "proef-1.yaml").write_text(V1, encoding="utf-8")
    version = next(o.version for o in import_from_paths(None, [folder]))
    db.session.commit()
    operator, other = make_org("COA Noord", "coa"), make_org("COA Zuid", "coa")
    users = {
        "beheerder": make_user("beheerder"),
        "coordinator": make_user("coordinator"),
        "inspecteur": make_user("inspecteur"),
        "ketenpartner": make_user("ketenpartner", organisation=operator),
        "andere": make_user("ketenpartner", organisation=other),
    }
    scene = Scene(
        operator,
        other,
        make_location(operator, name="azc Vertrouwelijk"),
        make_location(operator, name="azc Tweede"),
        make_location(other, name="azc Zuid"),
        users,
    )
    scene.findings = _findings_at(version, scene.location, users)
    scene.findings2 = _findings_at(version, scene.location2, users)
    scene.foreign_findings = _findings_at(version, scene.foreign_location, users)
    return scene


@pytest.fixture
def make_plan(scene: Scene) -> Callable[..., ImprovementPlan]:
    """A concept plan of the scene's operator; by default for its first location, with one goal
    that answers the first finding and has one action."""

    def make(
        location: Location | str | None = "default",
        goals: int = 1,
        actions: int = 1,
        link: bool = True,
        title: str = "Herstelplan",
    ) -> ImprovementPlan:
        where = scene.location if location == "default" else location
        assert not isinstance(where, str)
        plan = create_plan(scene.keten, PlanData(title, "", where.id if where else None))
        for n in range(goals):
            goal = add_goal(scene.keten, plan, GoalData(f"Doel {n + 1}"))
            if link and n == 0:
                link_finding(scene.keten, goal, scene.findings[0].id)
            for m in range(actions):
                add_action(
                    scene.keten,
                    goal,
                    ActionData(f"Maatregel {n + 1}.{m + 1}", "Teamleider", date(2030, 1, 1)),
                )
        db.session.commit()
        return plan

    return make
