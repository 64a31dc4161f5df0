"""What a report prints, as plain frozen data: the PDF builder reads only this.

Everything is already in words (Dutch labels, dates written out), so the builder needs no
database, no vocabulary and no clock. A final inspection's report data is stored once, when it is
finalised (:mod:`inspectie.reports.snapshot`), so later changes to a location's name or a
finding's deadline never change the report that was established. :func:`to_json` and
:func:`from_json` turn the data into canonical JSON and back.
"""

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar, Union

# --- the inspection report ------------------------------------------------------------------


@dataclass(frozen=True)
class LegalBasisRef:
    citation: str  # e.g. "Rva 2005 art. 9 lid 1 onder a"
    is_verified: bool


@dataclass(frozen=True)
class ItemResult:
    """One applicable item with its judgment (``judgment`` None: not judged yet)."""

    code: str
    title: str
    judgment: str | None  # voldoet, voldoet_deels, voldoet_niet, niet_van_toepassing, ...
    judgment_label: str  # "Voldoet niet"; "Nog niet beoordeeld" when judgment is None
    observation: str
    reason: str  # why not applicable / not judged
    legal_bases: tuple[LegalBasisRef, ...]
    evidence: tuple[str, ...]  # file names


@dataclass(frozen=True)
class ThemeSection:
    code: str
    title: str
    items: tuple[ItemResult, ...]


@dataclass(frozen=True)
class FindingEntry:
    """A finding the inspection raised (final) or will raise (concept: ``number`` is None)."""

    number: int | None
    item_code: str
    item_title: str
    judgment_label: str
    severity_label: str
    repair_order: str
    deadline: str  # "1 september 2026"; "—" when review has not set one yet


@dataclass(frozen=True)
class FollowUpEntry:
    """What a follow-up inspection did with a finding it followed."""

    number: int
    item_code: str
    outcome_label: str  # "Geverifieerd: effectief", "Heropend", ...


@dataclass(frozen=True)
class ComparisonEntry:
    code: str
    title: str
    previous_label: str
    current_label: str
    outcome_label: str


@dataclass(frozen=True)
class ComparisonSection:
    previous_reference: str  # "inspectie 12 van 3 maart 2026"
    counts: tuple[tuple[str, int], ...]  # (outcome label, number), in the outcomes' order
    rows: tuple[ComparisonEntry, ...]


@dataclass(frozen=True)
class SourceEntry:
    key: str
    title: str
    citation: str
    link: str
    is_verified: bool
    note: str


@dataclass(frozen=True)
class InspectionReport:
    inspection_id: int
    is_final: bool
    status_label: str  # "Concept" or "Definitief (vastgesteld)"
    location_name: str
    operator_name: str
    operator_type_label: str
    modality_label: str
    capacity: int
    municipality: str
    province_label: str
    inspection_type_label: str
    planned_on: str
    finalised_on: str  # "—" for a concept
    lead: str
    team: tuple[str, ...]  # every member, lead first
    reviewer: str  # "—" when not reviewed yet
    checklist_title: str
    checklist_version: str
    checklist_hash: str
    content_hash: str  # "" for a concept
    themes: tuple[ThemeSection, ...]
    findings: tuple[FindingEntry, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    comparison: ComparisonSection | None
    sources: tuple[SourceEntry, ...]


# --- the improvement-plan progress report -----------------------------------------------------


@dataclass(frozen=True)
class ActionEntry:
    description: str
    owner: str
    deadline: str
    status_label: str
    progress: int  # percent
    is_overdue: bool
    evidence_note: str
    evidence: tuple[str, ...]  # file names


@dataclass(frozen=True)
class LinkedFinding:
    number: int
    item_code: str
    item_title: str
    location_name: str
    severity_label: str
    status_label: str  # the verification state, e.g. "Geverifieerd"
    deadline: str
    is_overdue: bool


@dataclass(frozen=True)
class GoalEntry:
    position: int
    aspect: str
    title: str
    description: str
    progress_label: str
    actions: tuple[ActionEntry, ...]
    findings: tuple[LinkedFinding, ...]


@dataclass(frozen=True)
class UpdateEntry:
    day: str
    author: str
    goal: str  # the goal's title, "" for the plan as a whole
    text: str


@dataclass(frozen=True)
class LevelEntry:
    subject: str  # a location or the organisation
    level_label: str  # "Regulier", "Verdiepend", "Intensief"
    decided_on: str  # "—" when never decided (regulier by default)


@dataclass(frozen=True)
class PlanReport:
    plan_id: int
    title: str
    organisation_name: str
    scope: str  # a location's name, or "Hele organisatie"
    status_label: str
    submitted_on: str
    assessment: str  # "Geaccepteerd door … op …: reden", "" when not assessed
    description: str
    as_of: str  # the day the report shows the state of
    progress_label: str
    overdue_actions: int
    overdue_findings: int
    goals: tuple[GoalEntry, ...]
    updates: tuple[UpdateEntry, ...]
    levels: tuple[LevelEntry, ...]


# --- canonical JSON -------------------------------------------------------------------------

T = TypeVar("T")


def to_json(report: Any) -> str:
    """Canonical JSON of a report (sorted keys, no whitespace): the same data, the same text."""
    return json.dumps(
        dataclasses.asdict(report), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def from_json(kind: type[T], text: str) -> T:
    """The report of type ``kind`` that :func:`to_json` wrote."""
    return typing.cast(T, _build(kind, json.loads(text)))


def _build(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        return _build(inner, value)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(
            **{f.name: _build(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)}
        )
    return value
