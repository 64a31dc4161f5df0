"""Write a checklist back in the file format (``inspectie checklists export``)."""

from typing import Any

import yaml

from inspectie.checklists.spec import DEVIATIONS, Checklist, Item, LegalBasis, Source


def _source(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {"id": source.id, "title": source.title, "citation": source.citation}
    if source.link:
        data["link"] = source.link
    if not source.verified:
        data["verified"] = False
    if source.note:
        data["note"] = source.note
    return data


def _basis(basis: LegalBasis) -> dict[str, Any]:
    data: dict[str, Any] = {"source": basis.source, "article": basis.article}
    for key in ("lid", "onderdeel", "note"):
        if getattr(basis, key):
            data[key] = getattr(basis, key)
    if not basis.verified:
        data["verified"] = False
    return data


def _item(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": item.code,
        "title": item.title,
        "norm": item.norm,
        "guidance": item.guidance,
    }
    if item.methods:
        data["methods"] = list(item.methods)
    data["legal_basis"] = [_basis(b) for b in item.legal_basis]
    conditions = {key: list(value) for key, value in vars(item.applies_to).items() if value}
    if conditions:
        data["applies_to"] = conditions
    data["severity"] = item.severity
    extra = [j for j in item.observation_required_for if j not in DEVIATIONS]
    if extra:
        data["observation_required_for"] = list(item.observation_required_for)
    if item.evidence_required_for:
        data["evidence_required_for"] = list(item.evidence_required_for)
    if item.replaces:
        data["replaces"] = list(item.replaces)
    if not item.verified:
        data["verified"] = False
    if item.note:
        data["note"] = item.note
    return data


def to_yaml(checklist: Checklist) -> str:
    """The checklist as a file the loader reads back to an equal checklist."""
    data: dict[str, Any] = {
        "id": checklist.id,
        "version": checklist.version,
        "title": checklist.title,
        "valid_from": checklist.valid_from,
    }
    if checklist.valid_to:
        data["valid_to"] = checklist.valid_to
    if checklist.description:
        data["description"] = checklist.description
    data["sources"] = [_source(s) for s in checklist.sources]
    data["themes"] = [
        {
            "code": t.code,
            "title": t.title,
            **({"description": t.description} if t.description else {}),
            "items": [_item(i) for i in t.items],
        }
        for t in checklist.themes
    ]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
