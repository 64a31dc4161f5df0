"""Fixtures for inspections: the shipped checklists imported, and an inspection factory; the
small checklist versions of the checklist tests, for follow-ups and comparisons."""

from collections.abc import Callable
from dataclasses import dataclass
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
from inspectie.inspections.answers import find_answer, save_answer
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
from tests.checklists.conftest import V1, V2

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


# --- the small checklist versions: findings, follow-ups and comparisons ----------------------


@pytest.fixture
def proef(app: Flask, tmp_path: Path) -> list[ChecklistVersion]:
    folder = tmp_path / "proef"
    folder.mkdir()
    for name, text in (("proef-1.yaml", V1), ("proef-2.yaml", V2)):
        (folder / name).write_text(text, encoding="utf-8")
    versions = [outcome.version for outcome in import_from_paths(None, [folder])]
    db.session.commit()
    return versions


@dataclass
class Setting:
    """People and a location (with amv) for inspections in the small versions 1.0 and 2.0."""

    coordinator: User
    reviewer: User
    lead: User
    location: Location
    v1: ChecklistVersion


@pytest.fixture
def setting(
    proef: list[ChecklistVersion],
    make_user: Callable[..., User],
    make_location: Callable[..., Location],
) -> Setting:
    return Setting(
        make_user("coordinator"),
        make_user("coordinator"),
        make_user("inspecteur"),
        make_location(has_amv=True),
        proef[0],
    )


def judge(lead: User, inspection: Inspection, judgments: dict[str, str]) -> None:
    complete_all(lead, inspection)
    for code, judgment in judgments.items():
        answer = find_answer(inspection, code)
        assert answer is not None, code
        reason = "Geen bewoners." if judgment in ("niet_beoordeeld", "niet_van_toepassing") else ""
        save_answer(lead, inspection, answer, judgment, f"{code} gezien.", reason, answer.revision)


def final_inspection(s: Setting, day: date, judgments: dict[str, str]) -> Inspection:
    """A regular inspection in version 1.0, judged and finalised."""
    inspection = plan_inspection(
        s.coordinator, Plan(s.location, "regulier", day, lead=s.lead, version=s.v1)
    )
    start_inspection(s.lead, inspection)
    judge(s.lead, inspection, judgments)
    submit_inspection(s.lead, inspection)
    finalise(s.reviewer, inspection)
    db.session.commit()
    return inspection
