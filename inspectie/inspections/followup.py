"""Follow-up inspections (``vervolgonderzoek``): planned from a location's open findings.

A follow-up judges again only the items of the findings it follows, in the checklist version
valid on its planned date. A finding's item is found in that version by the same code or by an
item that continues it (``replaces``, followed across versions: see :mod:`lineage`). Several
findings on one item share one answer; each gets its own :class:`FollowUp` row, which finalising
uses to verify or reopen the finding (:mod:`inspectie.findings.followup`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem, ChecklistVersion
from inspectie.checklists.services import version_items, version_valid_on
from inspectie.extensions import db
from inspectie.findings.models import Finding, FollowUp
from inspectie.inspections import policy
from inspectie.inspections.lineage import origins
from inspectie.inspections.models import Answer, Inspection, InspectionMember
from inspectie.inspections.services import InspectionError, check_team
from inspectie.locations.models import Location


@dataclass
class FollowUpPlan:
    """What a coordinator fills in to plan a follow-up."""

    location: Location
    findings: Sequence[Finding]
    planned_on: date
    lead: User
    members: Sequence[User] = ()


def open_findings(location: Location) -> list[Finding]:
    """The findings of ``location`` that are not verified yet, by item code, oldest first."""
    query = (
        select(Finding)
        .join(ChecklistItem, ChecklistItem.id == Finding.item_id)
        .where(Finding.location_id == location.id, Finding.status != "geverifieerd")
        .order_by(ChecklistItem.code, Finding.id)
    )
    return list(db.session.scalars(query))


def locations_with_open_findings() -> list[Location]:
    """The locations that have findings not verified yet, by name."""
    open_ = select(Finding.location_id).where(Finding.status != "geverifieerd")
    query = select(Location).where(Location.id.in_(open_)).order_by(Location.name)
    return list(db.session.scalars(query))


def pending_follow_ups(location: Location) -> dict[int, Inspection]:
    """Finding id -> the follow-up of ``location``, not final yet, that already follows it."""
    rows = db.session.execute(
        select(FollowUp.finding_id, Inspection)
        .join(Inspection, Inspection.id == FollowUp.inspection_id)
        .where(Inspection.location_id == location.id, Inspection.status != "vastgesteld")
    )
    return {finding_id: inspection for finding_id, inspection in rows}


def _check_findings(plan: FollowUpPlan) -> list[Finding]:
    findings = list({f.id: f for f in plan.findings}.values())
    if not findings:
        raise InspectionError("Kies minstens één open bevinding om te volgen.", 422)
    for finding in findings:
        if finding.location_id != plan.location.id:
            raise InspectionError(
                f"Bevinding {finding.id} hoort niet bij {plan.location.name}.", 422
            )
        if finding.status == "geverifieerd":
            raise InspectionError(
                f"Bevinding {finding.id} ({finding.item.code}) is al geverifieerd.", 422
            )
    pending = pending_follow_ups(plan.location)
    busy = sorted(f.item.code for f in findings if f.id in pending)
    if busy:
        raise InspectionError(
            f"Een ander vervolgonderzoek dat nog niet is vastgesteld volgt al de bevinding(en) "
            f"bij {', '.join(busy)}.",
            409,
        )
    return findings


def _version_for(findings: list[Finding], planned_on: date) -> ChecklistVersion:
    """The version of the findings' checklist valid on ``planned_on``."""
    sources = {db.session.get(ChecklistVersion, f.item.version_id) for f in findings}
    codes = {v.checklist.code for v in sources if v is not None}
    if len(codes) != 1:
        raise InspectionError("De bevindingen komen uit verschillende normenkaders.", 422)
    version = version_valid_on(codes.pop(), planned_on)
    if version is None:
        raise InspectionError(
            f"Er is geen normenkader dat geldt op {planned_on:%d-%m-%Y}; kies een andere datum.",
            422,
        )
    return version


def counterparts(findings: list[Finding], version: ChecklistVersion) -> dict[int, ChecklistItem]:
    """Finding id -> the item of ``version`` that judges it again.

    The item of the same code if it continues the finding's item, else the first item (in
    checklist order) that continues it; a split norm is followed in that one item.

    :raises InspectionError: 422 naming the item codes that have no counterpart in ``version``.
    """
    items = version_items(version)
    by_code = {item.code: item for item in items}
    links: dict[int, dict[str, set[str]]] = {}
    found: dict[int, ChecklistItem] = {}
    missing: list[str] = []
    for finding in findings:
        source_id, code = finding.item.version_id, finding.item.code
        if source_id not in links:
            source = db.session.get(ChecklistVersion, source_id)
            assert source is not None
            links[source_id] = origins(source, version)
        continues = links[source_id]
        if code in by_code and code in continues.get(code, ()):
            found[finding.id] = by_code[code]
            continue
        match = next((item for item in items if code in continues.get(item.code, ())), None)
        if match is None:
            missing.append(code)
        else:
            found[finding.id] = match
    if missing:
        codes = ", ".join(sorted(set(missing)))
        raise InspectionError(
            f"Toetspunt {codes} heeft geen tegenhanger in normenkader {version.title} "
            f"{version.version}; volg die bevinding(en) niet in dit vervolgonderzoek of "
            f"verifieer ze op een andere manier.",
            422,
            {"missing": sorted(set(missing))},
        )
    return found


def plan_follow_up(actor: User, plan: FollowUpPlan) -> Inspection:
    """Plan a follow-up of some of a location's open findings: one answer per item judged again,
    one :class:`FollowUp` per finding.

    :raises InspectionError: 403 for anyone but a coordinator; 422 for no findings, findings of
        another location or already verified, a team that cannot inspect, no checklist version
        on ``planned_on``, or an item without counterpart; 409 when another follow-up that is
        not final yet follows one of the findings.
    """
    if not policy.may_plan(actor):
        raise InspectionError("Alleen een coördinator plant inspecties.", 403)
    check_team(plan.lead, plan.members)
    findings = _check_findings(plan)
    version = _version_for(findings, plan.planned_on)
    items = counterparts(findings, version)
    order = {item.id: n for n, item in enumerate(version_items(version))}
    judged = sorted({item.id: item for item in items.values()}.values(), key=lambda i: order[i.id])
    inspection = Inspection(
        location=plan.location,
        checklist_version=version,
        type="vervolgonderzoek",
        planned_on=plan.planned_on,
        theme_codes=[],
        lead=plan.lead,
        created_by_id=actor.id,
        status="gepland",
    )
    db.session.add(inspection)
    db.session.flush()
    db.session.add_all(
        InspectionMember(inspection_id=inspection.id, user_id=m.id) for m in plan.members
    )
    answers = {
        item.id: Answer(inspection_id=inspection.id, item_id=item.id, position=n, revision=0)
        for n, item in enumerate(judged)
    }
    db.session.add_all(answers.values())
    db.session.flush()
    db.session.add_all(
        FollowUp(
            inspection_id=inspection.id,
            finding_id=finding.id,
            answer_id=answers[items[finding.id].id].id,
        )
        for finding in findings
    )
    db.session.flush()
    db.session.refresh(inspection)
    record(
        actor,
        "inspection.plan",
        inspection,
        {
            "location": [None, plan.location.name],
            "type": [None, "vervolgonderzoek"],
            "planned_on": [None, plan.planned_on.isoformat()],
            "version": [None, version.key],
            "lead": [None, plan.lead.email],
            "members": [None, [m.email for m in plan.members]],
            "items": [None, len(judged)],
            "findings": [None, sorted(f.id for f in findings)],
        },
    )
    return inspection
