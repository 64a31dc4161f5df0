"""What the permission matrix is made of: the visitors, the world of objects the routes act on,
and the policy line (:class:`Route`). Each feature's policy lines live in a module of this
package with ``ROUTES`` and a ``populate(world)`` that adds the objects its routes need."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation

# --- who visits -------------------------------------------------------------------------------

ANONYMOUS = "anoniem"
OTHER_KETENPARTNER = "ketenpartner-andere-org"
VISITORS = (ANONYMOUS, "beheerder", "coordinator", "inspecteur", "ketenpartner", OTHER_KETENPARTNER)
ROLE = {v: v for v in VISITORS if v != ANONYMOUS} | {OTHER_KETENPARTNER: "ketenpartner"}

ADMIN = frozenset({"beheerder"})
MANAGERS = frozenset({"beheerder", "coordinator"})
EVERYONE = frozenset({"beheerder", "coordinator", "inspecteur", "ketenpartner"})
COORDINATOR = frozenset({"coordinator"})
STAFF = frozenset({"beheerder", "coordinator", "inspecteur"})  # the inspectorate
TEAM = frozenset({"coordinator", "inspecteur"})  # the world's inspection has both on its team
GUESTS = "only who is not logged in"  # the log-in screen
NOBODY = "method not allowed"


@dataclass
class World:
    """The objects the routes act on: a location of one operator, and an admin subject; an
    inspection of the location being carried out, with one evidence file on one item."""

    inspectorate: Organisation
    operator: Organisation
    other: Organisation
    location: Location
    subject: User
    users: dict[str, User] = field(default_factory=dict)
    inspection_id: int = 0
    item_code: str = ""
    evidence_id: int = 0
    # Further objects of the features, by the name of their URL placeholder (``finding_id``).
    ids: dict[str, int] = field(default_factory=dict)

    def to_ids(self) -> "WorldIds":
        return WorldIds(
            inspectorate=self.inspectorate.id,
            operator=self.operator.id,
            other=self.other.id,
            location=self.location.id,
            subject=self.subject.id,
            users={visitor: user.id for visitor, user in self.users.items()},
            inspection_id=self.inspection_id,
            item_code=self.item_code,
            evidence_id=self.evidence_id,
            ids=dict(self.ids),
        )


Model = TypeVar("Model", Organisation, Location, User)


@dataclass(frozen=True)
class WorldIds:
    """A :class:`World` by its ids: what carries over from the database the world was built in
    to each copy of that database."""

    inspectorate: int
    operator: int
    other: int
    location: int
    subject: int
    users: dict[str, int]
    inspection_id: int
    item_code: str
    evidence_id: int
    ids: dict[str, int]

    def load(self) -> World:
        """The world, its objects as the current session finds them."""

        def get(model: type[Model], id: int) -> Model:
            found = db.session.get(model, id)
            assert found is not None, f"{model.__name__} {id} is not in the world"
            return found

        return World(
            get(Organisation, self.inspectorate),
            get(Organisation, self.operator),
            get(Organisation, self.other),
            get(Location, self.location),
            get(User, self.subject),
            {visitor: get(User, user_id) for visitor, user_id in self.users.items()},
            self.inspection_id,
            self.item_code,
            self.evidence_id,
            dict(self.ids),
        )


# A PDF in plain ASCII: the matrix reads every answer as text.
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass(frozen=True)
class Route:
    """One route and method; ``may`` is the set of roles that may use it."""

    method: str
    rule: str
    may: frozenset[str] | str
    ok: int = 200  # the status for a visitor who may
    goes_to: str | None = None  # regex of the redirect target when ``ok`` is 302
    scoped: bool = False  # the URL names the location of ``world.operator``
    # The URL names part of an inspection that is not final: no ketenpartner may see it yet.
    unfinished: bool = False
    writes: bool = False  # success leaves an audit event
    data: Callable[[World], dict[str, Any]] | None = None  # the POST body

    @property
    def is_api(self) -> bool:
        return self.rule.startswith("/api/")

    def path(self, world: World, location_id: int | None = None) -> str:
        location_id = world.location.id if location_id is None else location_id
        path = (
            self.rule.replace("<int:location_id>", str(location_id))
            .replace("<int:user_id>", str(world.subject.id))
            .replace("<code>", "proef")
            .replace("<version>", "1.0")
            .replace("<int:inspection_id>", str(world.inspection_id))
            .replace("<item_code>", world.item_code)
            .replace("<theme_code>", "informatie")
            .replace("<int:evidence_id>", str(world.evidence_id))
            .replace("<int:organisation_id>", str(world.operator.id))
        )
        for name, value in world.ids.items():
            path = path.replace(f"<int:{name}>", str(value))
        return path

    def __str__(self) -> str:
        return f"{self.method} {self.rule}"


def junk(world: World) -> dict[str, Any]:
    return {"x": "1"}
