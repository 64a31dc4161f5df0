"""The checklists as the trends see them: every item's trend key, theme and legal bases.

An item is followed across the versions of its checklist by its *trend key*, so that a trend
survives a new version (see docs/trends.md for the rules and :func:`assign_keys`). Keys are
derived each time from the imported versions, never stored: importing a version (even an older
one, later) can never leave a stale key behind. The checklist tables are small (hundreds of
items), so this costs a few milliseconds.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from inspectie.checklists.models import (
    Checklist,
    ChecklistItem,
    ChecklistTheme,
    ChecklistVersion,
    ItemLegalBasis,
)
from inspectie.extensions import db

# One version: its label and its items as (code, the codes its ``replaces`` names).
VersionItems = tuple[str, Sequence[tuple[str, Sequence[str]]]]


def assign_keys(versions: Sequence[VersionItems]) -> list[dict[str, str]]:
    """The trend key of every item of one checklist: per version (oldest first), code -> key.

    Pure. An item of the first version is keyed by its code. An item of a later version
    continues an item of the previous version:

    - the item with the same code, if there is one (a code is the stable name of a norm);
    - else the items its ``replaces`` names there: it takes their key, the smallest if they
      have several (a merge: the other lineages end here);
    - else it is new: keyed by its own code, or by ``CODE@VERSION`` when an earlier item of the
      checklist already has that key (a code used again for another norm).

    So a renamed item keeps its trend; the parts of a split item all continue the trend of the
    item they split from.
    """
    used: set[str] = set()
    previous: dict[str, str] = {}
    keyed: list[dict[str, str]] = []
    for version, items in versions:
        keys: dict[str, str] = {}
        for code, replaces in items:
            if code in previous:
                key = previous[code]
            else:
                continued = sorted({previous[c] for c in replaces if c in previous})
                if continued:
                    key = continued[0]
                elif code not in used:
                    key = code
                else:
                    key = f"{code}@{version}"
            keys[code] = key
        used.update(keys.values())
        keyed.append(keys)
        previous = keys
    return keyed


def item_group(checklist: str, key: str) -> str:
    """The group value of a trend key in ``by=item``: ``kwaliteit-asielopvang:INF-02``."""
    return f"{checklist}:{key}"


@dataclass(frozen=True)
class CatalogueItem:
    id: int
    checklist: str  # the checklist's code
    version_id: int
    code: str
    key: str
    title: str
    theme_id: int
    position: int

    @property
    def group(self) -> str:
        return item_group(self.checklist, self.key)


@dataclass(frozen=True)
class CatalogueTheme:
    id: int
    checklist: str
    version_id: int
    code: str
    title: str


@dataclass(frozen=True)
class Catalogue:
    """Every imported item and theme, with versions in order (``order``: oldest first)."""

    items: dict[int, CatalogueItem]
    themes: dict[int, CatalogueTheme]
    order: dict[int, int]  # version id -> position among all versions, by (valid_from, id)

    def item_titles(self) -> dict[str, str]:
        """Trend key group -> the title of its item in the newest version that has it (of a
        split, the part that kept the key's code, else the first)."""
        best: dict[str, tuple[int, bool, int, str]] = {}
        for item in self.items.values():
            base = item.key.split("@", 1)[0]
            rank = (-self.order[item.version_id], item.code != base, item.position, item.title)
            if item.group not in best or rank < best[item.group]:
                best[item.group] = rank
        return {group: rank[3] for group, rank in best.items()}

    def theme_ids(self, theme: str | None, checklist: str | None) -> set[int] | None:
        """The themes a theme and checklist filter leave; None: no filter."""
        if theme is None and checklist is None:
            return None
        return {
            t.id
            for t in self.themes.values()
            if theme in (None, t.code) and checklist in (None, t.checklist)
        }

    def item_ids(self, theme: str | None, checklist: str | None) -> set[int] | None:
        """The items a theme and checklist filter leave; None: no filter."""
        themes = self.theme_ids(theme, checklist)
        if themes is None:
            return None
        return {i.id for i in self.items.values() if i.theme_id in themes}


def load() -> Catalogue:
    """Every checklist version's items and themes, with their trend keys (three small queries)."""
    versions = db.session.execute(
        select(ChecklistVersion.id, ChecklistVersion.version, ChecklistVersion.valid_from)
        .add_columns(Checklist.code)
        .join(Checklist, Checklist.id == ChecklistVersion.checklist_id)
        .order_by(ChecklistVersion.valid_from, ChecklistVersion.id)
    ).all()
    order = {row.id: rank for rank, row in enumerate(versions)}
    checklist_of = {row.id: row.code for row in versions}
    items_of: dict[int, list[tuple[int, str, list[str], str, int, int]]] = {}
    for row in db.session.execute(
        select(
            ChecklistItem.id,
            ChecklistItem.version_id,
            ChecklistItem.code,
            ChecklistItem.replaces,
            ChecklistItem.title,
            ChecklistItem.theme_id,
            ChecklistItem.position,
        )
    ):
        items_of.setdefault(row.version_id, []).append(
            (row.id, row.code, list(row.replaces or ()), row.title, row.theme_id, row.position)
        )
    items: dict[int, CatalogueItem] = {}
    for checklist in {row.code for row in versions}:
        chain = [row for row in versions if row.code == checklist]
        steps: list[VersionItems] = [
            (v.version, [(code, replaces) for _, code, replaces, *_ in items_of.get(v.id, [])])
            for v in chain
        ]
        for v, keys in zip(chain, assign_keys(steps), strict=True):
            for item_id, code, _, title, theme_id, position in items_of.get(v.id, []):
                items[item_id] = CatalogueItem(
                    item_id, checklist, v.id, code, keys[code], title, theme_id, position
                )
    themes = {
        row.id: CatalogueTheme(
            row.id, checklist_of[row.version_id], row.version_id, row.code, row.title
        )
        for row in db.session.execute(
            select(
                ChecklistTheme.id,
                ChecklistTheme.version_id,
                ChecklistTheme.code,
                ChecklistTheme.title,
            )
        )
    }
    return Catalogue(items, themes, order)


def citations(item_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    """Item id -> the citations of its legal bases (an item with two counts toward both)."""
    query = select(ItemLegalBasis.item_id, ItemLegalBasis.citation)
    if item_ids is not None:
        query = query.where(ItemLegalBasis.item_id.in_(list(item_ids)))
    found: dict[int, set[str]] = {}
    for item_id, citation in db.session.execute(query):
        found.setdefault(item_id, set()).add(citation)
    return found
