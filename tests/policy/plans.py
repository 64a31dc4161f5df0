"""Policy lines of the plans routes (none yet)."""

from tests.policy.base import Route, World

ROUTES: list[Route] = []


def populate(world: World) -> None:
    """Add the objects these routes act on to ``world.ids``."""
