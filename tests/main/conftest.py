"""The start page's tests plan inspections like the inspections tests do."""

from tests.inspections.conftest import checklists, make_inspection

__all__ = ["checklists", "make_inspection"]
