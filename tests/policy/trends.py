"""Policy lines of the trends API.

The inspectorate reads the trends; an operator (ketenpartner) does not, not even of its own
locations: they compare operators. The matrix calls the route without ``by``, so whoever may
use it gets the 400 that asks for it, and everyone else gets no further than 401 or 403.
"""

from tests.policy.base import NOBODY, STAFF, Route, World

ROUTES: list[Route] = [
    Route("GET", "/api/v1/trends", STAFF, 400),
    Route("POST", "/api/v1/trends", NOBODY, 405),
]  # fmt: skip


def populate(world: World) -> None:
    """Nothing to add: the world's final inspection is counted in the trends already."""
