"""From the database to the plain data a report prints (:mod:`inspectie.reports.data`).

Every label is resolved and every date written out here, so the PDF builder needs nothing but
the data. A few queries per report, whatever its size: answers with their items and legal bases,
the evidence names, the findings, the follow-ups and the previous inspection.
"""

from datetime import date

from sqlalchemy import select

from inspectie.checklists.spec import DEVIATIONS, JUDGMENTS, SEVERITIES
from inspectie.extensions import db
from inspectie.findings.followup import DONE, OUTCOMES, followed_answer_ids, outcomes
from inspectie.findings.models import Finding
from inspectie.findings.services import default_repair_order
from inspectie.inspections.comparison import OUTCOMES as COMPARISON_OUTCOMES
from inspectie.inspections.comparison import comparison_for
from inspectie.inspections.models import Answer, Evidence, Inspection
from inspectie.inspections.services import answers_of
from inspectie.plans.evidence import evidence_by_action
from inspectie.plans.models import ImprovementPlan, PlanUpdate
from inspectie.plans.overview import goal_progress, plan_progress
from inspectie.reports.data import (
    ActionEntry,
    ComparisonEntry,
    ComparisonSection,
    FindingEntry,
    FollowUpEntry,
    GoalEntry,
    InspectionReport,
    ItemResult,
    LegalBasisRef,
    LevelEntry,
    LinkedFinding,
    PlanReport,
    SourceEntry,
    ThemeSection,
    UpdateEntry,
)
from inspectie.supervision.services import current_level
from inspectie.templating import nl_date
from inspectie.vocab import MODALITIES, OPERATOR_TYPES, PROVINCES

NOT_JUDGED_YET = "Nog niet beoordeeld"
DEFAULT_DEADLINE = "standaardtermijn vanaf de vaststelling"


def _judgment_label(judgment: str | None) -> str:
    return JUDGMENTS[judgment] if judgment else NOT_JUDGED_YET


def _evidence_names(inspection: Inspection) -> dict[int, list[str]]:
    query = (
        select(Evidence.answer_id, Evidence.original_name)
        .where(Evidence.inspection_id == inspection.id)
        .order_by(Evidence.id)
    )
    names: dict[int, list[str]] = {}
    for answer_id, name in db.session.execute(query):
        names.setdefault(answer_id, []).append(name)
    return names


def _item_result(answer: Answer, evidence: list[str]) -> ItemResult:
    item = answer.item
    return ItemResult(
        code=item.code,
        title=item.title,
        judgment=answer.judgment,
        judgment_label=_judgment_label(answer.judgment),
        observation=answer.observation,
        reason=answer.reason,
        legal_bases=tuple(
            LegalBasisRef(basis.citation, basis.is_verified and basis.source.is_verified)
            for basis in item.legal_bases
        ),
        evidence=tuple(evidence),
    )


def _themes(inspection: Inspection, answers: list[Answer]) -> tuple[ThemeSection, ...]:
    evidence = _evidence_names(inspection)
    sections: dict[int, tuple[str, str, list[ItemResult]]] = {}
    for answer in answers:
        theme = answer.item.theme
        entry = sections.setdefault(theme.id, (theme.code, theme.title, []))
        entry[2].append(_item_result(answer, evidence.get(answer.id, [])))
    # Answers come in checklist order, so themes keep the order of their first item.
    return tuple(
        ThemeSection(code, title, tuple(items)) for code, title, items in sections.values()
    )


def _final_findings(inspection: Inspection) -> tuple[FindingEntry, ...]:
    query = (
        select(Finding, Answer.position)
        .join(Answer, Answer.id == Finding.answer_id)
        .where(Finding.inspection_id == inspection.id)
        .order_by(Answer.position, Finding.id)
    )
    return tuple(
        FindingEntry(
            number=finding.id,
            item_code=finding.item.code,
            item_title=finding.item.title,
            judgment_label=JUDGMENTS[finding.judgment],
            severity_label=SEVERITIES[finding.severity],
            repair_order=finding.repair_order,
            deadline=nl_date(finding.deadline),
        )
        for finding, _ in db.session.execute(query)
    )


def _draft_findings(inspection: Inspection, answers: list[Answer]) -> tuple[FindingEntry, ...]:
    """What finalising will raise, with the reviewer's choices or the defaults it will apply."""
    following = followed_answer_ids(inspection)
    return tuple(
        FindingEntry(
            number=None,
            item_code=a.item.code,
            item_title=a.item.title,
            judgment_label=JUDGMENTS[a.judgment or ""],
            severity_label=SEVERITIES[a.severity or a.item.severity],
            repair_order=a.repair_order or default_repair_order(a),
            deadline=nl_date(a.deadline) if a.deadline else DEFAULT_DEADLINE,
        )
        for a in answers
        if a.judgment in DEVIATIONS and a.id not in following
    )


def _follow_ups(inspection: Inspection, answers: list[Answer]) -> tuple[FollowUpEntry, ...]:
    labels = DONE if inspection.is_final else OUTCOMES
    return tuple(
        FollowUpEntry(number=finding_id, item_code=code, outcome_label=labels[outcome])
        for code, finding_id, outcome in outcomes(inspection, answers)
    )


def _comparison(inspection: Inspection, answers: list[Answer]) -> ComparisonSection | None:
    previous, result = comparison_for(inspection, answers)
    if previous is None:
        return None
    return ComparisonSection(
        previous_reference=(
            f"inspectie {previous.id} ({previous.type_label.lower()}) van "
            f"{nl_date(previous.planned_on)}"
        ),
        counts=tuple((COMPARISON_OUTCOMES[key], n) for key, n in result.counts.items()),
        rows=tuple(
            ComparisonEntry(
                code=row.code,
                title=row.title,
                previous_label=JUDGMENTS[row.previous] if row.previous else "—",
                current_label=_judgment_label(row.current),
                outcome_label=row.outcome_label,
            )
            for row in result.rows
        ),
    )


def _sources(inspection: Inspection) -> tuple[SourceEntry, ...]:
    return tuple(
        SourceEntry(
            key=source.key,
            title=source.title,
            citation=source.citation,
            link=source.link or "",
            is_verified=source.is_verified,
            note=source.note or "",
        )
        for source in inspection.checklist_version.sources
    )


def inspection_report(
    inspection: Inspection, answers: list[Answer] | None = None
) -> InspectionReport:
    """The report of ``inspection`` as it stands now (for a final one: as it was finalised,
    provided nothing it shows has changed since; :mod:`snapshot` keeps that copy).

    :param answers: the answers of ``inspection`` in checklist order, if the caller has them.
    """
    answers = answers_of(inspection) if answers is None else answers
    location, version = inspection.location, inspection.checklist_version
    members = sorted((m.user.name for m in inspection.members), key=str.casefold)
    return InspectionReport(
        inspection_id=inspection.id,
        is_final=inspection.is_final,
        status_label="Definitief (vastgesteld)" if inspection.is_final else "Concept",
        location_name=location.name,
        operator_name=location.operator.name,
        operator_type_label=OPERATOR_TYPES[location.operator_type],
        modality_label=MODALITIES[location.modality],
        capacity=location.capacity,
        municipality=location.municipality,
        province_label=PROVINCES[location.province],
        inspection_type_label=inspection.type_label,
        planned_on=nl_date(inspection.planned_on),
        finalised_on=nl_date(inspection.finalised_at.date()) if inspection.finalised_at else "—",
        lead=inspection.lead.name,
        team=(inspection.lead.name, *members),
        reviewer=inspection.reviewer.name if inspection.reviewer else "—",
        checklist_title=version.title,
        checklist_version=version.version,
        checklist_hash=version.content_hash,
        content_hash=inspection.content_hash or "",
        themes=_themes(inspection, answers),
        findings=(
            _final_findings(inspection)
            if inspection.is_final
            else _draft_findings(inspection, answers)
        ),
        follow_ups=_follow_ups(inspection, answers),
        comparison=_comparison(inspection, answers),
        sources=_sources(inspection),
    )


# --- the plan ---------------------------------------------------------------------------------


def _linked(finding: Finding, day: date) -> LinkedFinding:
    return LinkedFinding(
        number=finding.id,
        item_code=finding.item.code,
        item_title=finding.item.title,
        location_name=finding.location.name,
        severity_label=SEVERITIES[finding.severity],
        status_label=finding.status_label,
        deadline=nl_date(finding.deadline),
        is_overdue=finding.is_overdue(day),
    )


def _goals(plan: ImprovementPlan, day: date) -> tuple[GoalEntry, ...]:
    evidence = evidence_by_action(plan)
    return tuple(
        GoalEntry(
            position=goal.position,
            aspect=goal.aspect,
            title=goal.title,
            description=goal.description,
            progress_label=goal_progress(goal).label,
            actions=tuple(
                ActionEntry(
                    description=action.description,
                    owner=action.owner,
                    deadline=nl_date(action.deadline),
                    status_label=action.status_label,
                    progress=action.progress,
                    is_overdue=action.is_overdue(day),
                    evidence_note=action.evidence_note,
                    evidence=tuple(e.original_name for e in evidence.get(action.id, [])),
                )
                for action in goal.actions
            ),
            findings=tuple(_linked(f, day) for f in goal.findings),
        )
        for goal in plan.goals
    )


def _updates(plan: ImprovementPlan) -> tuple[UpdateEntry, ...]:
    query = (
        select(PlanUpdate)
        .where(PlanUpdate.plan_id == plan.id)
        .order_by(PlanUpdate.day, PlanUpdate.id)
    )
    return tuple(
        UpdateEntry(
            day=nl_date(update.day),
            author=update.author.name if update.author else "—",
            goal=update.goal.title if update.goal else "",
            text=update.text,
        )
        for update in db.session.scalars(query)
    )


def _levels(plan: ImprovementPlan) -> tuple[LevelEntry, ...]:
    """The organisation's level and that of each location the plan concerns."""
    locations = {plan.location.id: plan.location} if plan.location else {}
    for goal in plan.goals:
        for finding in goal.findings:
            locations.setdefault(finding.location_id, finding.location)
    subjects = [
        (f"{plan.organisation.name} (organisatie)", current_level(organisation=plan.organisation))
    ]
    for location in sorted(locations.values(), key=lambda loc: loc.name.casefold()):
        subjects.append((location.name, current_level(location=location)))
    return tuple(
        LevelEntry(subject, level.label, nl_date(level.since.date()) if level.since else "—")
        for subject, level in subjects
    )


def _assessment(plan: ImprovementPlan) -> str:
    if plan.assessed_at is None or plan.assessed_by is None:
        return ""
    return (
        f"{plan.status_label} — beoordeeld door {plan.assessed_by.name} op "
        f"{nl_date(plan.assessed_at.date())}: {plan.assessment_reason or ''}"
    )


def plan_report(plan: ImprovementPlan, day: date) -> PlanReport:
    """The state of ``plan`` on ``day``: progress, overdue actions and findings, levels."""
    goals = _goals(plan, day)
    return PlanReport(
        plan_id=plan.id,
        title=plan.title,
        organisation_name=plan.organisation.name,
        scope=plan.location.name if plan.location else "Hele organisatie",
        status_label=plan.status_label,
        submitted_on=nl_date(plan.submitted_at.date()) if plan.submitted_at else "—",
        assessment=_assessment(plan),
        description=plan.description,
        as_of=nl_date(day),
        progress_label=plan_progress(plan).label,
        overdue_actions=sum(a.is_overdue for g in goals for a in g.actions),
        overdue_findings=len({f.number for g in goals for f in g.findings if f.is_overdue}),
        goals=goals,
        updates=_updates(plan),
        levels=_levels(plan),
    )
