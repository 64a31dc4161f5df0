"""Policy lines of the trends dashboard (under /trends).

The inspectorate reads the dashboard and the list of inspections behind a figure; an operator
sees neither (the figures are about every organisation). Both are read-only. The list asked for
without its figure (no ``by`` and ``group``, as the matrix asks it) answers 400 with the message
at the filters, to every role that may use it.
"""

from tests.policy.base import NOBODY, STAFF, Route, World

ROUTES: list[Route] = [
    Route("GET", "/trends/", STAFF),
    Route("POST", "/trends/", NOBODY, 405),
    Route("GET", "/trends/inspecties", STAFF, 400),
    Route("POST", "/trends/inspecties", NOBODY, 405),
]  # fmt: skip


def populate(world: World) -> None:
    """Nothing to add: the world's final inspection is counted in the trends already."""
