"""``/api/v1/checklists``: the imported checklist versions and their full content."""

from typing import Any

from flask import Blueprint
from flask.typing import ResponseReturnValue

from inspectie.api import ApiError, api_roles, reject_unknown_args
from inspectie.auth.policy import EVERYONE
from inspectie.checklists.models import ChecklistVersion
from inspectie.checklists.services import (
    all_versions,
    export_version,
    find_version,
    item_counts,
)
from inspectie.checklists.spec import as_plain

bp = Blueprint("checklists_api", __name__, url_prefix="/api/v1/checklists")


def _summary(version: ChecklistVersion) -> dict[str, Any]:
    items, unverified = item_counts(version)
    return {
        "id": version.checklist.code,
        "version": version.version,
        "title": version.title,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "content_hash": version.content_hash,
        "items": items,
        "unverified_items": unverified,
    }


@bp.get("")
@api_roles(*EVERYONE)
def index() -> ResponseReturnValue:
    """Every imported version (a short list, so not paged)."""
    reject_unknown_args(set())
    return {"items": [_summary(v) for v in all_versions()]}


@bp.get("/<code>/<version>")
@api_roles(*EVERYONE)
def show(code: str, version: str) -> ResponseReturnValue:
    """One version with its sources, themes and items; each item says whether it is verified."""
    reject_unknown_args(set())
    found = find_version(code, version)
    if found is None:
        raise ApiError(404, "Normenkaderversie niet gevonden.", {"id": code, "version": version})
    checklist = export_version(found)
    content = as_plain(checklist)
    for theme_data, theme in zip(content["themes"], checklist.themes, strict=True):
        for item_data, item in zip(theme_data["items"], theme.items, strict=True):
            item_data["fully_verified"] = checklist.is_item_verified(item)
    return {**_summary(found), "content": content}
