"""A checklist version as frozen, typed data: what the loader yields and the database exports.

Nothing here knows about Flask or the database. ``line`` fields remember where something stood in
its file, for error messages; they are left out of equality and of the content hash.
"""

import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any, Final

from inspectie.vocab import MODALITIES, OPERATOR_TYPES, RESIDENT_GROUPS

SEVERITIES: Final = {
    "laag": "Laag",
    "gemiddeld": "Gemiddeld",
    "hoog": "Hoog",
    "kritiek": "Kritiek",
}
JUDGMENTS: Final = {
    "voldoet": "Voldoet",
    "voldoet_deels": "Voldoet deels",
    "voldoet_niet": "Voldoet niet",
    "niet_van_toepassing": "Niet van toepassing",
    "niet_beoordeeld": "Niet beoordeeld",
}
DEVIATIONS: Final = ("voldoet_deels", "voldoet_niet")
METHODS: Final = {
    "documenten": "Documenten",
    "waarneming": "Waarneming",
    "gesprekken": "Gesprekken",
}
VOCABULARIES: Final = {
    "operator_types": OPERATOR_TYPES,
    "modalities": MODALITIES,
    "except_modalities": MODALITIES,
    "resident_groups": RESIDENT_GROUPS,
}


def _no_line() -> Any:
    return field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    citation: str
    link: str | None = None
    verified: bool = True
    note: str | None = None
    line: int = _no_line()


@dataclass(frozen=True)
class LegalBasis:
    source: str
    article: str
    lid: str | None = None
    onderdeel: str | None = None
    verified: bool = True
    note: str | None = None
    line: int = _no_line()

    def cite(self, citation: str) -> str:
        return cite(citation, self.article, self.lid, self.onderdeel)


def cite(citation: str, article: str, lid: str | None, onderdeel: str | None) -> str:
    """``Rva 2005 art. 9 lid 1 onder a``, from the source's citation and the article's parts.

    Only an article number gets "art."; other parts of a source (a standard of a guidance,
    a ruling, a chapter of a report) follow after a comma: ``EASO-richtsnoer, std 5.1``.
    """
    if not article or article == "-":
        text = citation
    elif article[0].isdigit():
        text = f"{citation} art. {article}"
    else:
        text = f"{citation}, {article}"
    if lid:
        text += f" lid {lid}"
    if onderdeel:
        text += f" onder {onderdeel}"
    return text


@dataclass(frozen=True)
class Applicability:
    """Where an item applies; an empty tuple puts no condition on that dimension."""

    operator_types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    except_modalities: tuple[str, ...] = ()
    resident_groups: tuple[str, ...] = ()

    @property
    def is_everywhere(self) -> bool:
        return not (
            self.operator_types or self.modalities or self.except_modalities or self.resident_groups
        )


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    norm: str
    guidance: str
    legal_basis: tuple[LegalBasis, ...]
    methods: tuple[str, ...] = ()
    applies_to: Applicability = Applicability()
    severity: str = "gemiddeld"
    observation_required_for: tuple[str, ...] = DEVIATIONS
    evidence_required_for: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    verified: bool = True
    note: str | None = None
    line: int = _no_line()


@dataclass(frozen=True)
class Theme:
    code: str
    title: str
    items: tuple[Item, ...]
    description: str | None = None
    line: int = _no_line()


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    valid_from: date
    sources: tuple[Source, ...]
    themes: tuple[Theme, ...]
    valid_to: date | None = None
    description: str | None = None
    path: str = field(default="", compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for theme in self.themes for item in theme.items)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def is_item_verified(self, item: Item) -> bool:
        """False when the item, one of its legal bases, or the source of one is unverified."""
        return item.verified and all(
            basis.verified and self.source(basis.source).verified for basis in item.legal_basis
        )

    def content_hash(self) -> str:
        """SHA-256 of the content; layout, comments and key order in the file do not count."""
        canonical = json.dumps(as_plain(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def as_plain(value: Any) -> Any:
    """Dataclasses as dicts of their compared fields, recursively; dates as ISO strings."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_plain(getattr(value, f.name)) for f in fields(value) if f.compare}
    if isinstance(value, tuple | list):
        return [as_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class LocationProfile:
    """What applicability looks at in a location."""

    operator_type: str
    modality: str
    resident_groups: frozenset[str]


def applies(conditions: Applicability, profile: LocationProfile) -> bool:
    """Whether an item with these conditions applies to a location with this profile."""
    if conditions.operator_types and profile.operator_type not in conditions.operator_types:
        return False
    if conditions.modalities and profile.modality not in conditions.modalities:
        return False
    if profile.modality in conditions.except_modalities:
        return False
    return not conditions.resident_groups or bool(
        profile.resident_groups & set(conditions.resident_groups)
    )
