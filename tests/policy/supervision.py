"""Policy lines of the supervision routes (under /toezicht).

The inspectorate reads the overview; everyone reads the level page of a location or an
organisation they may see (a ketenpartner only their own: another's answers 404, like one that
does not exist); only a coordinator sets a level.
"""

from typing import Any

from inspectie.supervision.services import set_level
from tests.policy.base import COORDINATOR, EVERYONE, NOBODY, STAFF, Route, World


def decision(world: World) -> dict[str, Any]:
    return {"level": "intensief", "reason": "Herhaalde kritieke tekortkomingen."}


ROUTES: list[Route] = [
    Route("GET", "/toezicht/", STAFF),
    Route("POST", "/toezicht/", NOBODY, 405),
    Route("GET", "/toezicht/locaties/<int:location_id>", EVERYONE, scoped=True),
    Route("POST", "/toezicht/locaties/<int:location_id>", NOBODY, 405),
    Route("GET", "/toezicht/locaties/<int:location_id>/instellen", NOBODY, 405),
    Route("POST", "/toezicht/locaties/<int:location_id>/instellen", COORDINATOR, 302,
          r"/toezicht/locaties/\d+", scoped=True, writes=True, data=decision),
    Route("GET", "/toezicht/organisaties/<int:organisation_id>", EVERYONE, scoped=True),
    Route("POST", "/toezicht/organisaties/<int:organisation_id>", NOBODY, 405),
    Route("GET", "/toezicht/organisaties/<int:organisation_id>/instellen", NOBODY, 405),
    Route("POST", "/toezicht/organisaties/<int:organisation_id>/instellen", COORDINATOR, 302,
          r"/toezicht/organisaties/\d+", scoped=True, writes=True, data=decision),
]  # fmt: skip


def populate(world: World) -> None:
    """Give the world's location an earlier decision, so that its page shows a history."""
    set_level(
        world.users["coordinator"],
        location=world.location,
        level="verdiepend",
        reason="Kritieke bevinding open na de inspectie.",
    )
