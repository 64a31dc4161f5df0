"""Fixtures for inspections: the shipped checklists imported, and an inspection factory."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistVersion
from inspectie.checklists.services import import_from_paths
from inspectie.config import PROJECT_ROOT
from inspectie.extensions import db
from inspectie.inspections.answers import save_answer
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import (
    Plan,
    answers_of,
    plan_inspection,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location

PLANNED_ON = date(2026, 7, 1)  # version 2026.1 applies


@pytest.fixture
def checklists(app: Flask) -> list[ChecklistVersion]:
    outcomes = import_from_paths(None, [Path(PROJECT_ROOT / "checklists")])
    db.session.commit()
    return [o.version for o in outcomes]


def complete_all(actor: User, inspection: Inspection, judgment: str = "voldoet") -> None:
    """Judge every item so that the inspection can be submitted."""
    for answer in answers_of(inspection):
        needs_evidence = judgment in answer.item.evidence_required_for
        chosen = "voldoet" if needs_evidence else judgment
        save_answer(
            actor,
            inspection,
            answer,
            chosen,
            "Gezien ter plaatse.",
            "Reden." if chosen in ("niet_van_toepassing", "niet_beoordeeld") else "",
            answer.revision,
        )


@pytest.fixture
def make_inspection(
    checklists: list[ChecklistVersion],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
) -> Callable[..., Inspection]:
    """Plan an inspection and bring it to ``status`` the way people would."""

    def make(
        status: str = "gepland",
        location: Location | None = None,
        lead: User | None = None,
        members: tuple[User, ...] = (),
        coordinator: User | None = None,
        reviewer: User | None = None,
        **plan: Any,
    ) -> Inspection:
        coordinator = coordinator or make_user("coordinator")
        lead = lead or make_user("inspecteur")
        location = location or make_location(has_families=True)
        inspection = plan_inspection(
            coordinator,
            Plan(
                location=location,
                type=plan.pop("type", "regulier"),
                planned_on=plan.pop("planned_on", PLANNED_ON),
                lead=lead,
                members=members,
                **plan,
            ),
        )
        if status != "gepland":
            start_inspection(lead, inspection)
        if status in ("ter_review", "vastgesteld"):
            complete_all(lead, inspection)
            submit_inspection(lead, inspection)
        if status == "vastgesteld":
            finalise(reviewer or coordinator, inspection)
        db.session.commit()
        return inspection

    return make
