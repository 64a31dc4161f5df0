"""Fixtures for reports: inspections of the small checklist versions in every state, and the
plans scene (an operator's findings at two locations, another operator's findings)."""

from tests.inspections.conftest import proef, setting
from tests.plans.conftest import make_plan, scene

__all__ = ["make_plan", "proef", "scene", "setting"]  # fixtures used here, defined there
