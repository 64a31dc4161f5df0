"""Policy lines of the report downloads.

The inspection report follows the inspection: the world's inspection is still being carried out,
so the inspectorate gets its concept and an operator nothing (404). The plan report follows the
plan, which belongs to the world's operator. A PDF's page text is compressed, so the matrix's
check that a scoped answer names the location reads it in the document's (uncompressed) title.
"""

from tests.policy.base import EVERYONE, NOBODY, Route, World

ROUTES: list[Route] = [
    Route("GET", "/rapporten/inspecties/<int:inspection_id>.pdf", EVERYONE, unfinished=True),
    Route("POST", "/rapporten/inspecties/<int:inspection_id>.pdf", NOBODY, 405),
    Route("GET", "/rapporten/verbeterplannen/<int:plan_id>.pdf", EVERYONE, scoped=True),
    Route("POST", "/rapporten/verbeterplannen/<int:plan_id>.pdf", NOBODY, 405),
]  # fmt: skip


def populate(world: World) -> None:
    """Nothing to add: the inspection and the plan (tests.policy.plans) are there already."""
