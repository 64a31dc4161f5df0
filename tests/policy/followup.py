"""Policy lines of the follow-up routes: planning a follow-up from a location's open findings
(coordinator), and the comparison with the previous inspection (whoever may see the
inspection; the world's inspection is not final, so no ketenpartner sees its comparison)."""

from typing import Any

from tests.policy.base import COORDINATOR, EVERYONE, NOBODY, Route, World


def follow_up_form(world: World) -> dict[str, Any]:
    """Follow one finding of the world's final inspection."""
    return {
        "location": world.location.id,
        "finding_ids": [world.ids["finding_id"]],
        "planned_on": "2026-12-01",
        "lead_id": world.users["inspecteur"].id,
    }


ROUTES: list[Route] = [
    Route("GET", "/inspecties/vervolgonderzoek", COORDINATOR),
    Route("POST", "/inspecties/vervolgonderzoek", COORDINATOR, 302, r"/inspecties/\d+",
          writes=True, data=follow_up_form),
    Route("GET", "/inspecties/<int:inspection_id>/vergelijking", EVERYONE, unfinished=True),
    Route("POST", "/inspecties/<int:inspection_id>/vergelijking", NOBODY, 405),
    Route("GET", "/api/v1/inspections/<int:inspection_id>/comparison", EVERYONE,
          unfinished=True),
    Route("POST", "/api/v1/inspections/<int:inspection_id>/comparison", NOBODY, 405),
]  # fmt: skip


def populate(world: World) -> None:
    """The routes act on the world's inspection, location and finding: nothing to add."""
