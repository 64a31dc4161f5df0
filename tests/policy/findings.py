"""Policy lines of the findings routes.

The world's finding is open and belongs to ``world.operator``: its ketenpartner may move it on
(plan ingediend), the inspectorate may not yet (it verifies only what is reported solved). The
status line therefore posts a move that is nobody's to make now, so that every allowed role gets
the same answer: the refusal flashed on the finding's page, with nothing written.
"""

from datetime import timedelta
from typing import Any

from inspectie.db import today
from tests.policy.base import COORDINATOR, EVERYONE, NOBODY, Route, World

ACTORS = frozenset({"coordinator", "inspecteur", "ketenpartner"})
DETAIL = r"/bevindingen/\d+"


def refused_move(world: World) -> dict[str, Any]:
    return {"to": "geverifieerd", "text": "Volgens ons opgelost."}


def response(world: World) -> dict[str, Any]:
    return {"text": "We pakken dit deze week op."}


def extension(world: World) -> dict[str, Any]:
    # Later than any default deadline (at most 182 days from finalising).
    later = today() + timedelta(days=400)
    return {"deadline": later.isoformat(), "reason": "Verbouwing loopt uit."}


ROUTES: list[Route] = [
    Route("GET", "/bevindingen/", EVERYONE),
    Route("POST", "/bevindingen/", NOBODY, 405),
    Route("GET", "/bevindingen/<int:finding_id>", EVERYONE, scoped=True),
    Route("POST", "/bevindingen/<int:finding_id>", NOBODY, 405),
    Route("GET", "/bevindingen/<int:finding_id>/status", NOBODY, 405),
    Route("POST", "/bevindingen/<int:finding_id>/status", ACTORS, 302, DETAIL, scoped=True,
          data=refused_move),
    Route("GET", "/bevindingen/<int:finding_id>/reactie", NOBODY, 405),
    Route("POST", "/bevindingen/<int:finding_id>/reactie", ACTORS, 302, DETAIL, scoped=True,
          writes=True, data=response),
    Route("GET", "/bevindingen/<int:finding_id>/termijn", NOBODY, 405),
    Route("POST", "/bevindingen/<int:finding_id>/termijn", COORDINATOR, 302, DETAIL,
          scoped=True, writes=True, data=extension),
    Route("GET", "/api/v1/findings", EVERYONE),
    Route("POST", "/api/v1/findings", NOBODY, 405),
    Route("GET", "/api/v1/findings/<int:finding_id>", EVERYONE, scoped=True),
    Route("POST", "/api/v1/findings/<int:finding_id>", NOBODY, 405),
]  # fmt: skip


def populate(world: World) -> None:
    """Nothing to add: the world's final inspection raised ``finding_id`` already."""
