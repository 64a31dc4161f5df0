"""The progress report of an improvement plan as an A4 PDF: goals, actions, linked findings,
supervision levels and updates, as they stood on one day."""

from collections.abc import Sequence
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from inspectie.reports.data import ActionEntry, GoalEntry, LinkedFinding, PlanReport
from inspectie.reports.layout import (
    FRAME_WIDTH,
    H1,
    H2,
    H3,
    INDENTED,
    INDENTED_SMALL,
    ITEM_MIN_SPACE,
    LABEL,
    SEP,
    SUBTITLE,
    TITLE,
    PageFurniture,
    esc,
    facts_table,
    grid,
    labelled,
    one_line,
    overdue_badge,
    para,
    register_fonts,
    render,
    text_blocks,
)

# --- the improvement-plan progress report ---------------------------------------------------


def plan_pdf(report: PlanReport) -> bytes:
    """The progress report of an improvement plan, as it stood on ``report.as_of``."""
    register_fonts()
    story: list[Flowable] = [*_plan_cover(report), *_levels(report)]
    story += _goals(report.goals)
    story += _updates(report)
    furniture = PageFurniture(
        header=one_line(f"Voortgangsrapportage verbeterplan — {report.organisation_name}"),
        header_note=one_line(f"Stand per {report.as_of}"),
        footer=one_line(f"{report.title} · Stand per {report.as_of}"),
    )
    return render(
        story,
        furniture,
        title=f"Voortgangsrapportage verbeterplan {report.title}",
        author=report.organisation_name,
        subject=f"Verbeterplan {report.plan_id}, {report.scope}",
    )


def _plan_cover(report: PlanReport) -> list[Flowable]:
    facts = [
        ("Organisatie", report.organisation_name),
        ("Reikwijdte", report.scope),
        ("Status", report.status_label),
        ("Ingediend", report.submitted_on),
        ("Beoordeling", report.assessment or "Nog niet beoordeeld"),
        ("Stand per", report.as_of),
        ("Voortgang", report.progress_label),
        ("Acties te laat", str(report.overdue_actions)),
        ("Bevindingen over termijn", str(report.overdue_findings)),
        ("Kenmerk", f"Verbeterplan {report.plan_id}"),
    ]
    return [
        para("Voortgangsrapportage verbeterplan", TITLE),
        para(esc(report.title), SUBTITLE),
        facts_table(facts),
        Spacer(1, 4 * mm),
        *text_blocks(report.description),
    ]


def _levels(report: PlanReport) -> list[Flowable]:
    if not report.levels:
        return []
    rows = [(level.subject, level.level_label, level.decided_on) for level in report.levels]
    widths = [FRAME_WIDTH - 80 * mm, 40 * mm, 40 * mm]
    return [
        para("Toezichtsniveaus", H1),
        grid(["Onderwerp", "Niveau", "Besloten op"], rows, widths),
    ]


ACTION_MIN_SPACE: Final = 20 * mm


def _goals(goals: Sequence[GoalEntry]) -> list[Flowable]:
    flowables: list[Flowable] = [CondPageBreak(60 * mm), para("Doelen en acties", H1)]
    if not goals:
        return [*flowables, para("Het plan heeft nog geen doelen.")]
    aspect = None
    for goal in goals:
        # Consecutive goals on the same aspect share one aspect heading.
        if goal.aspect != aspect and goal.aspect:
            flowables += [CondPageBreak(40 * mm), para(esc(goal.aspect), H2)]
        aspect = goal.aspect
        flowables += _goal(goal)
    return flowables


def _goal(goal: GoalEntry) -> list[Flowable]:
    flowables: list[Flowable] = [
        CondPageBreak(ITEM_MIN_SPACE),
        para(f"Doel {goal.position}. {esc(goal.title)}", H3),
        *text_blocks(goal.description),
        labelled("Voortgang", goal.progress_label),
        CondPageBreak(ACTION_MIN_SPACE),
        para("Acties", LABEL),  # keeps with the first action's description
    ]
    for index, action in enumerate(goal.actions):
        if index:
            flowables.append(CondPageBreak(ACTION_MIN_SPACE))
        flowables += _action(action)
    if not goal.actions:
        flowables.append(para("Nog geen acties.", INDENTED))
    if goal.findings:
        flowables.append(CondPageBreak(ACTION_MIN_SPACE))
        flowables.append(para("Gekoppelde bevindingen", LABEL))
        flowables += [_linked_finding(finding) for finding in goal.findings]
    return flowables


def _action(action: ActionEntry) -> list[Flowable]:
    blocks = text_blocks(action.description, INDENTED, label="Actie")
    facts = (
        f"<b>Eigenaar:</b> {esc(action.owner)}{SEP}<b>Termijn:</b> {esc(action.deadline)}"
        f"{overdue_badge(action.is_overdue)}{SEP}<b>Status:</b> {esc(action.status_label)}"
        f"{SEP}<b>Voortgang:</b> {action.progress}%"
    )
    flowables: list[Flowable] = [*blocks, para(facts, INDENTED_SMALL)]
    if action.evidence_note.strip():
        flowables += text_blocks(action.evidence_note, INDENTED_SMALL, label="Toelichting bewijs")
    if action.evidence:
        names = ", ".join(esc(name) for name in action.evidence)
        flowables.append(para(f"<b>Bewijsstukken:</b> {names}", INDENTED_SMALL))
    flowables.append(Spacer(1, 2 * mm))
    return flowables


def _linked_finding(finding: LinkedFinding) -> Paragraph:
    return para(
        f"<b>Bevinding {finding.number}</b> — {esc(finding.item_code)} {esc(finding.item_title)}"
        f" ({esc(finding.location_name)})<br/>"
        f"<b>Ernst:</b> {esc(finding.severity_label)}{SEP}<b>Status:</b> "
        f"{esc(finding.status_label)}{SEP}<b>Termijn:</b> {esc(finding.deadline)}"
        f"{overdue_badge(finding.is_overdue)}",
        INDENTED,
    )


def _updates(report: PlanReport) -> list[Flowable]:
    flowables: list[Flowable] = [CondPageBreak(50 * mm), para("Voortgangsmeldingen", H1)]
    if not report.updates:
        return [*flowables, para("Nog geen voortgangsmeldingen.")]
    for update in report.updates:
        about = f" · doel: {esc(update.goal)}" if update.goal else " · het plan als geheel"
        heading = para(f"{esc(update.day)} — {esc(update.author)}{about}", H3)
        flowables += [heading, *text_blocks(update.text, INDENTED)]
    return flowables
