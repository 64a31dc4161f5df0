"""Which items of one checklist version continue which items of another.

An item continues the item of the same code in the previous version of its checklist, and the
items its ``replaces`` names there (a renamed, merged or split norm). Across several versions the
links are followed version by version, so a norm renamed twice is still recognised. Follow-up
inspections use this to find a finding's item in a newer version; the comparison with the
previous inspection uses it to pair items.
"""

from collections.abc import Iterable, Sequence

from sqlalchemy import select

from inspectie.checklists.models import ChecklistItem, ChecklistVersion
from inspectie.extensions import db

# One version's items as (code, the codes of the previous version it names in ``replaces``).
Step = Sequence[tuple[str, Sequence[str]]]


def carry_codes(start: Iterable[str], steps: Sequence[Step]) -> dict[str, set[str]]:
    """Follow item codes through later versions: code in the last version -> codes in the first.

    Pure. ``start`` are the codes of the first version, ``steps`` the items of each later version
    in order; a code of the last version that continues nothing is left out.
    """
    origins = {code: {code} for code in start}
    for items in steps:
        before, origins = origins, {}
        for code, replaces in items:
            found: set[str] = set()
            for previous in (*replaces, code):
                found |= before.get(previous, set())
            if found:
                origins[code] = found
    return origins


def _items(version: ChecklistVersion) -> list[tuple[str, Sequence[str]]]:
    rows = db.session.execute(
        select(ChecklistItem.code, ChecklistItem.replaces)
        .where(ChecklistItem.version_id == version.id)
        .order_by(ChecklistItem.position)
    )
    return [(code, tuple(replaces or ())) for code, replaces in rows]


def origins(source: ChecklistVersion, target: ChecklistVersion) -> dict[str, set[str]]:
    """Code of an item in ``target`` -> the codes of the items of ``source`` it continues.

    Works in both directions (``source`` may be the newer version). Versions of different
    checklists are paired by equal codes only.
    """
    if source.id == target.id or source.checklist_id != target.checklist_id:
        source_codes = {code for code, _ in _items(source)}
        return {code: {code} for code, _ in _items(target) if code in source_codes}
    chain = list(
        db.session.scalars(
            select(ChecklistVersion)
            .where(ChecklistVersion.checklist_id == source.checklist_id)
            .order_by(ChecklistVersion.valid_from, ChecklistVersion.id)
        )
    )
    ids = [v.id for v in chain]
    first, last = ids.index(source.id), ids.index(target.id)
    if first > last:  # backwards: invert the forward links
        inverted: dict[str, set[str]] = {}
        for newer, older in origins(target, source).items():
            for code in older:
                inverted.setdefault(code, set()).add(newer)
        return inverted
    steps = [_items(version) for version in chain[first + 1 : last + 1]]
    return carry_codes((code for code, _ in _items(source)), steps)
