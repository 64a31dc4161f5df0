"""What changed between two versions of a checklist, item by item, followed through
``replaces`` so that a renamed or split item is recognised as a continuation."""

from collections.abc import Callable
from dataclasses import dataclass, field

from inspectie.checklists.spec import Checklist, Item

CHANGE_LABELS = {
    "reworded": "tekst gewijzigd",
    "guidance": "toelichting gewijzigd",
    "legal_basis": "wettelijke grondslag gewijzigd",
    "applicability": "toepasselijkheid gewijzigd",
    "severity": "zwaarte gewijzigd",
    "evidence": "eisen aan onderbouwing gewijzigd",
    "verification": "verificatiestatus gewijzigd",
    "theme": "ander thema",
}


@dataclass(frozen=True)
class ItemChange:
    new: Item
    old: tuple[Item, ...]  # the items it continues; empty for an added item
    changes: tuple[str, ...]  # keys of CHANGE_LABELS
    new_theme: str = ""

    @property
    def is_renamed(self) -> bool:
        return any(old.code != self.new.code for old in self.old)

    @property
    def labels(self) -> list[str]:
        return [CHANGE_LABELS[change] for change in self.changes]


@dataclass
class ChecklistDiff:
    old: Checklist
    new: Checklist
    added: list[ItemChange] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: list[ItemChange] = field(default_factory=list)

    @property
    def renamed(self) -> list[ItemChange]:
        return [change for change in self.changed + self.unchanged if change.is_renamed]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changed if kind in change.changes)


def _citations(checklist: Checklist, item: Item) -> tuple[str, ...]:
    # Compared by citation text, since source ids may be renamed between versions.
    return tuple(
        sorted(basis.cite(checklist.source(basis.source).citation) for basis in item.legal_basis)
    )


def _theme_of(checklist: Checklist) -> dict[str, str]:
    return {item.code: theme.title for theme in checklist.themes for item in theme.items}


def diff(old: Checklist, new: Checklist) -> ChecklistDiff:
    """Compare two versions: added, removed, continued (possibly under a new code) and how."""
    result = ChecklistDiff(old=old, new=new)
    old_items = {item.code: item for item in old.items}
    old_themes, new_themes = _theme_of(old), _theme_of(new)
    continued: set[str] = set()
    for item in new.items:
        codes = list(
            dict.fromkeys([*item.replaces, *([item.code] if item.code in old_items else [])])
        )
        predecessors = tuple(old_items[code] for code in codes if code in old_items)
        continued.update(code for code in codes if code in old_items)
        if not predecessors:
            result.added.append(ItemChange(item, (), (), new_themes[item.code]))
            continue
        changes = _changes(old, new, predecessors, item, old_themes, new_themes)
        change = ItemChange(item, predecessors, changes, new_themes[item.code])
        (result.changed if changes else result.unchanged).append(change)
    result.removed = [item for code, item in old_items.items() if code not in continued]
    return result


def _changes(
    old: Checklist,
    new: Checklist,
    predecessors: tuple[Item, ...],
    item: Item,
    old_themes: dict[str, str],
    new_themes: dict[str, str],
) -> tuple[str, ...]:
    found: list[str] = []

    def differs(check: Callable[[Item], bool]) -> bool:
        return any(check(p) for p in predecessors)

    if differs(lambda p: (p.title, p.norm) != (item.title, item.norm)):
        found.append("reworded")
    if differs(lambda p: p.guidance != item.guidance):
        found.append("guidance")
    if differs(lambda p: _citations(old, p) != _citations(new, item)):
        found.append("legal_basis")
    if differs(lambda p: p.applies_to != item.applies_to):
        found.append("applicability")
    if differs(lambda p: p.severity != item.severity):
        found.append("severity")
    if differs(
        lambda p: (
            (p.observation_required_for, p.evidence_required_for)
            != (item.observation_required_for, item.evidence_required_for)
        )
    ):
        found.append("evidence")
    if differs(lambda p: old.is_item_verified(p) != new.is_item_verified(item)):
        found.append("verification")
    if differs(lambda p: old_themes[p.code] != new_themes[item.code]):
        found.append("theme")
    return tuple(found)


def as_text(result: ChecklistDiff) -> str:
    """The diff as plain text for the command line."""
    lines = [f"Verschil {result.old.key} → {result.new.key}", ""]
    summary = (
        f"{len(result.added)} toegevoegd, {len(result.removed)} vervallen, "
        f"{len(result.changed)} gewijzigd, {len(result.renamed)} onder een nieuwe code "
        f"voortgezet, {len(result.unchanged)} ongewijzigd"
    )
    lines += [summary, ""]
    if result.added:
        lines.append("Toegevoegd:")
        lines += [f"  + {c.new.code}  {c.new.title}" for c in result.added]
        lines.append("")
    if result.removed:
        lines.append("Vervallen:")
        lines += [f"  - {item.code}  {item.title}" for item in result.removed]
        lines.append("")
    if result.renamed:
        lines.append("Voortgezet onder een nieuwe code:")
        lines += [
            f"  {', '.join(o.code for o in c.old)} → {c.new.code}  {c.new.title}"
            for c in result.renamed
        ]
        lines.append("")
    if result.changed:
        lines.append("Gewijzigd:")
        for change in result.changed:
            lines.append(f"  ~ {change.new.code}  {change.new.title}: {', '.join(change.labels)}")
    return "\n".join(lines).rstrip() + "\n"
