"""Importing checklist versions (once, immutably), exporting them back, and finding them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists import spec
from inspectie.checklists.loader import load_paths
from inspectie.checklists.models import (
    Checklist,
    ChecklistItem,
    ChecklistTheme,
    ChecklistVersion,
    ItemLegalBasis,
    LegalSource,
)
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.vocab import RESIDENT_GROUPS

# The norm set inspections use unless told otherwise.
CHECKLIST_CODE = "kwaliteit-asielopvang"


class ChecklistImportError(ValueError):
    """A version cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class ImportOutcome:
    version: ChecklistVersion
    created: bool  # False: the same content was already there, nothing changed


def find_version(code: str, version: str) -> ChecklistVersion | None:
    """The imported version ``code@version``, if any."""
    return db.session.scalar(
        select(ChecklistVersion)
        .join(ChecklistVersion.checklist)
        .where(Checklist.code == code, ChecklistVersion.version == version)
    )


def import_checklist(actor: User | None, checklist: spec.Checklist) -> ImportOutcome:
    """Store one loaded checklist version, unless the same content is already stored.

    :param actor: who imports (``None`` for the CLI and the demo loader).
    :raises ChecklistImportError: when the version exists with other content.
    """
    content_hash = checklist.content_hash()
    existing = find_version(checklist.id, checklist.version)
    if existing is not None:
        if existing.content_hash == content_hash:
            return ImportOutcome(existing, created=False)
        raise ChecklistImportError(
            f"{checklist.key} is al geïmporteerd met andere inhoud. Een geïmporteerde versie "
            f"verandert nooit meer: geef de gewijzigde inhoud een nieuwe versie "
            f"(een hogere 'version' en een eigen 'valid_from')."
        )
    parent = db.session.scalar(select(Checklist).where(Checklist.code == checklist.id))
    if parent is None:
        parent = Checklist(code=checklist.id)
        db.session.add(parent)
    version = ChecklistVersion(
        checklist=parent,
        version=checklist.version,
        title=checklist.title,
        description=checklist.description,
        valid_from=checklist.valid_from,
        valid_to=checklist.valid_to,
        content_hash=content_hash,
        imported_by_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    _store_content(version, checklist)
    record(
        actor,
        "checklist.import",
        version,
        {"version": [None, checklist.key], "content_hash": [None, content_hash]},
    )
    return ImportOutcome(version, created=True)


def _store_content(version: ChecklistVersion, checklist: spec.Checklist) -> None:
    sources = {}
    for position, source in enumerate(checklist.sources):
        sources[source.id] = LegalSource(
            version_id=version.id,
            key=source.id,
            title=source.title,
            citation=source.citation,
            link=source.link,
            is_verified=source.verified,
            note=source.note,
            position=position,
        )
    db.session.add_all(sources.values())
    position = 0
    for theme_position, theme in enumerate(checklist.themes):
        theme_row = ChecklistTheme(
            version_id=version.id,
            code=theme.code,
            title=theme.title,
            description=theme.description,
            position=theme_position,
        )
        db.session.add(theme_row)
        db.session.flush()
        for item in theme.items:
            conditions = item.applies_to
            item_row = ChecklistItem(
                version_id=version.id,
                theme_id=theme_row.id,
                code=item.code,
                title=item.title,
                norm=item.norm,
                guidance=item.guidance,
                methods=list(item.methods),
                operator_types=list(conditions.operator_types),
                modalities=list(conditions.modalities),
                except_modalities=list(conditions.except_modalities),
                resident_groups=list(conditions.resident_groups),
                severity=item.severity,
                observation_required_for=list(item.observation_required_for),
                evidence_required_for=list(item.evidence_required_for),
                replaces=list(item.replaces),
                is_verified=item.verified,
                is_fully_verified=checklist.is_item_verified(item),
                note=item.note,
                position=position,
            )
            position += 1
            db.session.add(item_row)
            db.session.flush()
            db.session.add_all(
                ItemLegalBasis(
                    item_id=item_row.id,
                    source_id=sources[basis.source].id,
                    article=basis.article,
                    lid=basis.lid,
                    onderdeel=basis.onderdeel,
                    citation=basis.cite(sources[basis.source].citation),
                    is_verified=basis.verified,
                    note=basis.note,
                    position=n,
                )
                for n, basis in enumerate(item.legal_basis)
            )
    db.session.flush()


def import_all(actor: User | None, checklists: Sequence[spec.Checklist]) -> list[ImportOutcome]:
    """Import several versions; the caller validated them all first and commits only if this
    returns. A refusal of any one raises before anything is committed."""
    ordered = sorted(checklists, key=lambda c: (c.id, c.valid_from))
    return [import_checklist(actor, checklist) for checklist in ordered]


# --- reading back ---------------------------------------------------------------------------


def export_version(version: ChecklistVersion) -> spec.Checklist:
    """The stored version as the same frozen objects the loader makes (import -> export)."""
    sources = {source.id: source for source in version.sources}
    themes = []
    for theme in version.themes:
        items = []
        for row in theme.items:
            items.append(
                spec.Item(
                    code=row.code,
                    title=row.title,
                    norm=row.norm,
                    guidance=row.guidance,
                    legal_basis=tuple(
                        spec.LegalBasis(
                            source=sources[basis.source_id].key,
                            article=basis.article,
                            lid=basis.lid,
                            onderdeel=basis.onderdeel,
                            verified=basis.is_verified,
                            note=basis.note,
                        )
                        for basis in row.legal_bases
                    ),
                    methods=tuple(row.methods),
                    applies_to=item_applicability(row),
                    severity=row.severity,
                    observation_required_for=tuple(row.observation_required_for),
                    evidence_required_for=tuple(row.evidence_required_for),
                    replaces=tuple(row.replaces),
                    verified=row.is_verified,
                    note=row.note,
                )
            )
        themes.append(
            spec.Theme(
                code=theme.code,
                title=theme.title,
                items=tuple(items),
                description=theme.description,
            )
        )
    return spec.Checklist(
        id=version.checklist.code,
        version=version.version,
        title=version.title,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        description=version.description,
        sources=tuple(
            spec.Source(
                id=s.key,
                title=s.title,
                citation=s.citation,
                link=s.link,
                verified=s.is_verified,
                note=s.note,
            )
            for s in version.sources
        ),
        themes=tuple(themes),
    )


def item_applicability(item: ChecklistItem) -> spec.Applicability:
    return spec.Applicability(
        operator_types=tuple(item.operator_types),
        modalities=tuple(item.modalities),
        except_modalities=tuple(item.except_modalities),
        resident_groups=tuple(item.resident_groups),
    )


def all_versions() -> list[ChecklistVersion]:
    """Every imported version, by checklist and validity."""
    query = (
        select(ChecklistVersion)
        .join(ChecklistVersion.checklist)
        .order_by(Checklist.code, ChecklistVersion.valid_from.desc())
    )
    return list(db.session.scalars(query))


def version_valid_on(code: str, day: date) -> ChecklistVersion | None:
    """The version of checklist ``code`` that applies on ``day`` (the default to pin)."""
    return db.session.scalar(
        select(ChecklistVersion)
        .join(ChecklistVersion.checklist)
        .where(
            Checklist.code == code,
            ChecklistVersion.valid_from <= day,
            or_(ChecklistVersion.valid_to.is_(None), ChecklistVersion.valid_to >= day),
        )
        .order_by(ChecklistVersion.valid_from.desc())
        .limit(1)
    )


def version_items(version: ChecklistVersion) -> list[ChecklistItem]:
    """Every item of a version in checklist order, legal bases loaded in one go."""
    query = (
        select(ChecklistItem)
        .where(ChecklistItem.version_id == version.id)
        .options(selectinload(ChecklistItem.legal_bases))
        .order_by(ChecklistItem.position)
    )
    return list(db.session.scalars(query))


def applicable_items(
    version: ChecklistVersion, profile: spec.LocationProfile
) -> list[ChecklistItem]:
    """The items of ``version`` that apply to a location with ``profile``, in order."""
    return [
        item for item in version_items(version) if spec.applies(item_applicability(item), profile)
    ]


def item_counts(version: ChecklistVersion) -> tuple[int, int]:
    """(items, unverified items) of a version."""
    total, unverified = db.session.execute(
        select(
            func.count(ChecklistItem.id),
            func.count(ChecklistItem.id).filter(ChecklistItem.is_fully_verified.is_(False)),
        ).where(ChecklistItem.version_id == version.id)
    ).one()
    return total, unverified


def profile_of(location: Location) -> spec.LocationProfile:
    """What applicability looks at in a location."""
    return spec.LocationProfile(
        operator_type=location.operator_type,
        modality=location.modality,
        resident_groups=frozenset(location.resident_groups),
    )


class ChecklistValidationError(ValueError):
    """One or more files are invalid; the message lists every error as path:line:column."""

    def __init__(self, errors: Sequence[object]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


def import_from_paths(actor: User | None, paths: Sequence[Path]) -> list[ImportOutcome]:
    """Load and check every file; import all of them only when none has an error.

    :raises ChecklistValidationError: when any file is invalid (nothing is imported).
    :raises ChecklistImportError: when a version exists with other content; the caller rolls
        back, so nothing of this call is kept.
    """
    checklists, errors = load_paths(paths)
    if errors:
        raise ChecklistValidationError(errors)
    if not checklists:
        raise ChecklistValidationError(
            [f"geen normenkaders gevonden in {', '.join(map(str, paths))}"]
        )
    return import_all(actor, checklists)


# --- presenting and searching ---------------------------------------------------------------

SEARCH_LIMIT = 200


def describe_applicability(conditions: spec.Applicability) -> str:
    """Where an item applies, in Dutch, e.g. "Alleen VGE · alleen waar amv verblijven"."""
    if conditions.is_everywhere:
        return "Alle locaties"
    parts = []
    if conditions.operator_types:
        parts.append(
            "exploitant "
            + ", ".join(
                {"coa": "COA", "vge": "VGE", "nidos": "Nidos"}[t] for t in conditions.operator_types
            )
        )
    if conditions.modalities:
        parts.append("modaliteit " + ", ".join(conditions.modalities))
    if conditions.except_modalities:
        parts.append("niet bij " + ", ".join(conditions.except_modalities))
    if conditions.resident_groups:
        parts.append(
            "waar "
            + " of ".join(RESIDENT_GROUPS[g].lower() for g in conditions.resident_groups)
            + " verblijven"
        )
    return "Alleen: " + "; ".join(parts)


def search_items(text: str, version: ChecklistVersion | None = None) -> list[ChecklistItem]:
    """Items whose code, title, norm, guidance or legal basis contains ``text`` (any case)."""
    needle = text.strip().lower()
    by_basis = select(ItemLegalBasis.item_id).where(
        func.lower(ItemLegalBasis.citation).contains(needle, autoescape=True)
    )
    query = (
        select(ChecklistItem)
        .join(ChecklistVersion, ChecklistVersion.id == ChecklistItem.version_id)
        .where(
            or_(
                func.lower(ChecklistItem.code).contains(needle, autoescape=True),
                func.lower(ChecklistItem.title).contains(needle, autoescape=True),
                func.lower(ChecklistItem.norm).contains(needle, autoescape=True),
                func.lower(ChecklistItem.guidance).contains(needle, autoescape=True),
                ChecklistItem.id.in_(by_basis),
            )
        )
        .order_by(ChecklistVersion.valid_from.desc(), ChecklistItem.position)
        .limit(SEARCH_LIMIT)
    )
    if version is not None:
        query = query.where(ChecklistItem.version_id == version.id)
    return list(db.session.scalars(query))
