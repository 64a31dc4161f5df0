"""What the browser tests of inspections share: the demo team, planning an inspection of a
test's own through the services, and finding one's way on a theme page."""

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from flask import Flask
from playwright.sync_api import Locator, Page, Response, ViewportSize
from sqlalchemy import select

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.inspections.services import Plan, plan_inspection, start_inspection
from inspectie.locations.models import Location

if TYPE_CHECKING:
    from playwright._impl._sync_base import EventContextManager

TABLET: ViewportSize = {"width": 1024, "height": 768}
SAVED = re.compile(r"^Opgeslagen om \d\d:\d\d$")
COORDINATOR = "coordinator@demo.example"
LEAD = "inspecteur@demo.example"
MEMBER = "inspecteur2@demo.example"

NewInspection = Callable[..., int]


def plan_thematic(
    live_app: Flask,
    location_name: str,
    planned_on: date,
    themes: tuple[str, ...],
    *,
    start: bool = True,
) -> int:
    """Plan (and by default start) a thematic inspection at ``location_name``, led by the demo
    inspecteur with inspecteur2 in the team; returns its id."""
    with live_app.app_context():
        people = {u.email: u for u in db.session.scalars(select(User))}
        location = db.session.scalar(select(Location).where(Location.name == location_name))
        assert location is not None, location_name
        inspection = plan_inspection(
            people[COORDINATOR],
            Plan(
                location=location,
                type="thematisch",
                planned_on=planned_on,
                lead=people[LEAD],
                members=[people[MEMBER]],
                theme_codes=themes,
            ),
        )
        if start:
            start_inspection(people[LEAD], inspection)
        db.session.commit()
        made = inspection.id
        db.session.remove()
    return made


def inspection_planner(
    live_app: Flask, location_name: str, planned_on: date, themes: tuple[str, ...]
) -> NewInspection:
    """:func:`plan_thematic` for one location and date, as a file's ``new_inspection``."""

    def make(*, themes: tuple[str, ...] = themes, start: bool = True) -> int:
        return plan_thematic(live_app, location_name, planned_on, themes, start=start)

    return make


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def theme_link(page: Page, title: str) -> Locator:
    nav = page.get_by_role("navigation", name="Thema's van deze inspectie")
    return nav.get_by_role("link", name=re.compile(rf"^{re.escape(title)}\b"))


def item(page: Page, code: str) -> Locator:
    """The fieldset of one item on a theme page."""
    return page.locator(f"#item-{code}")


def save_state(page: Page, code: str) -> Locator:
    return item(page, code).locator("[data-save-state]")


def problems(page: Page, code: str) -> Locator:
    return item(page, code).locator("[data-problems] li")


def saving(page: Page, code: str) -> "EventContextManager[Response]":
    """Wait for the autosave of one item (use as ``with saving(page, code) as saved:``)."""
    return page.expect_response(
        lambda r: r.request.method == "PUT" and r.url.endswith(f"/answers/{code}")
    )
