"""Sample report data for the PDF builder: any size, final or concept, hostile or foreign text."""

import hashlib

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

# Markup, entities and CDATA junk that must print literally, never be interpreted.
HOSTILE = '<b>vet</b> & <font size="80">groot</font> ]]> <![CDATA[x]]> &amp; <br/> </para>'
# Names in scripts Helvetica cannot print; Vietnamese in precomposed (NFC) letters.
NAMES = {
    "cyrillic": "Ольга Смирнова",
    "greek": "Γιώργος Παπαδόπουλος",
    "arabic": "فاطمة الزهراء",
    "vietnamese": "Nguyễn Thị Hương",
}
LOCATION = "AZC Ter Apel-Zuid"
CONTENT_HASH = hashlib.sha256(b"inhoud").hexdigest()
LONG_WORD = "https://voorbeeld.nl/" + "a1b2c3d4e5" * 300  # 3020 characters without a space
GOAL_ONE = "Brandveiligheid op orde 1"
LONG_END = "slotwoord-een slotwoord-twee slotwoord-drie"

JUDGMENTS = (
    ("voldoet", "Voldoet"),
    ("voldoet_deels", "Voldoet deels"),
    ("voldoet_niet", "Voldoet niet"),
    ("niet_van_toepassing", "Niet van toepassing"),
    ("niet_beoordeeld", "Niet beoordeeld"),
    (None, "Nog niet beoordeeld"),
)


def long_text(chars: int = 20_000) -> str:
    """About ``chars`` characters in numbered paragraphs, ending in :data:`LONG_END`."""
    paragraphs = []
    size = 0
    number = 0
    while size < chars:
        number += 1
        words = " ".join(f"alinea{number}woord{i}" for i in range(1, 40))
        paragraphs.append(f"Alinea {number}. {words}.")
        size += len(paragraphs[-1]) + 2
    paragraphs.append(LONG_END)
    return "\n\n".join(paragraphs)


def item_code(theme: int, index: int) -> str:
    return f"T{theme}.{index:03d}"


def _observation(index: int, hostile: bool, long_observation: bool, long_word: bool) -> str:
    if index == 0 and long_observation:
        return long_text()
    if index == 1 and hostile:
        return f"Waarneming met opmaak: {HOSTILE}\nTweede regel."
    if index == 2 and long_word:
        return f"Zie {LONG_WORD} voor het verslag."
    return f"Waarneming {index + 1}: de locatie is bezocht en de stukken zijn ingezien."


def _item(theme: int, index: int, number: int, **text: bool) -> ItemResult:
    judgment, label = JUDGMENTS[number % len(JUDGMENTS)]
    needs_reason = judgment in ("niet_van_toepassing", "niet_beoordeeld")
    return ItemResult(
        code=item_code(theme, index + 1),
        title=f"Onderdeel {index + 1} van thema {theme}",
        judgment=judgment,
        judgment_label=label,
        observation="" if judgment is None else _observation(number, **text),
        reason="Geen minderjarigen op de locatie." if needs_reason else "",
        legal_bases=(
            LegalBasisRef(f"Rva 2005 art. {index + 1}", True),
            LegalBasisRef("Kamerbrief 3 juli 2026", False),
        ),
        evidence=(f"foto-{number + 1}.jpg",) if number % 3 == 0 else (),
    )


def _themes(items: int, per_theme: int, **text: bool) -> tuple[ThemeSection, ...]:
    themes = []
    for start in range(0, items, per_theme):
        theme = start // per_theme + 1
        count = min(per_theme, items - start)
        themed = tuple(_item(theme, i, start + i, **text) for i in range(count))
        themes.append(ThemeSection(f"thema{theme}", f"Thema {theme}: veiligheid en zorg", themed))
    return tuple(themes)


def _finding(number: int, items: tuple[ItemResult, ...], is_final: bool) -> FindingEntry:
    item = items[number % len(items)]
    return FindingEntry(
        number=number + 1 if is_final else None,
        item_code=item.code,
        item_title=item.title,
        judgment_label="Voldoet niet",
        severity_label=("Laag", "Gemiddeld", "Hoog", "Kritiek")[number % 4],
        repair_order=f"Herstelopdracht {number + 1}: zorg dat de voorziening op orde is.",
        deadline=f"{number % 28 + 1} september 2026",
    )


def _sources() -> tuple[SourceEntry, ...]:
    rva = SourceEntry(
        key="rva",
        title="Regeling verstrekkingen asielzoekers",
        citation="Rva 2005",
        link="https://wetten.overheid.nl/",
        is_verified=True,
        note="",
    )
    letter = SourceEntry(
        key="brief",
        title="Brief van de minister",
        citation="Kamerbrief 3 juli 2026",
        link="",
        is_verified=False,
        note="Alleen uit de brief bekend.",
    )
    return (rva, letter)


def _comparison(items: tuple[ItemResult, ...]) -> ComparisonSection:
    rows = tuple(
        ComparisonEntry(item.code, item.title, "Voldoet niet", item.judgment_label, "Verbeterd")
        for item in items[:10]
    )
    counts = (("Verbeterd", len(rows)), ("Gelijk gebleven", 0), ("Verslechterd", 0))
    return ComparisonSection("inspectie 12 van 3 maart 2026", counts, rows)


def inspection_report(
    *,
    items: int = 12,
    findings: int = 3,
    is_final: bool = True,
    per_theme: int = 6,
    hostile: bool = False,
    non_latin: bool = False,
    long_observation: bool = False,
    long_word: bool = False,
) -> InspectionReport:
    """An inspection report with ``items`` items in themes of ``per_theme`` and ``findings``."""
    themes = _themes(
        items, per_theme, hostile=hostile, long_observation=long_observation, long_word=long_word
    )
    all_items = tuple(item for theme in themes for item in theme.items)
    team = tuple(NAMES.values()) if non_latin else ("Anna de Vries", "Bram Jansen")
    return InspectionReport(
        inspection_id=42,
        is_final=is_final,
        status_label="Definitief (vastgesteld)" if is_final else "Concept",
        location_name=LOCATION,
        operator_name="COA",
        operator_type_label="Publiek",
        modality_label="Azc",
        capacity=2000,
        municipality="Westerwolde",
        province_label="Groningen",
        inspection_type_label="Regulier",
        planned_on="14 april 2026",
        finalised_on="2 mei 2026" if is_final else "—",
        lead=team[0],
        team=team,
        reviewer="Chris Bakker" if is_final else "—",
        checklist_title="Proefnormen",
        checklist_version="1.0",
        checklist_hash=hashlib.sha256(b"normenkader").hexdigest(),
        content_hash=CONTENT_HASH if is_final else "",
        themes=themes,
        findings=tuple(_finding(n, all_items, is_final) for n in range(findings)),
        follow_ups=(FollowUpEntry(7, item_code(1, 1), "Geverifieerd: effectief"),),
        comparison=_comparison(all_items),
        sources=_sources(),
    )


def _action(goal: int, index: int) -> ActionEntry:
    overdue = index == 0
    return ActionEntry(
        description=f"Actie {goal}.{index + 1}: trainingen voor medewerkers organiseren.",
        owner="Locatiemanager",
        deadline="1 maart 2026" if overdue else "1 december 2026",
        status_label="Loopt" if overdue else "Gepland",
        progress=40 if overdue else 0,
        is_overdue=overdue,
        evidence_note="Presentielijsten liggen ter inzage." if overdue else "",
        evidence=("presentielijst.pdf",) if overdue else (),
    )


def _goal(position: int, actions: int) -> GoalEntry:
    linked = LinkedFinding(
        number=position,
        item_code=item_code(1, position),
        item_title=f"Onderdeel {position}",
        location_name=LOCATION,
        severity_label="Hoog",
        status_label="Open",
        deadline="1 februari 2026",
        is_overdue=position == 1,
    )
    return GoalEntry(
        position=position,
        aspect="Veiligheid" if position <= 2 else "Zorg",
        title=f"Brandveiligheid op orde {position}",
        description=f"Beschrijving van doel {position}.",
        progress_label=f"{position} van {actions} acties afgerond",
        actions=tuple(_action(position, i) for i in range(actions)),
        findings=(linked,),
    )


def plan_report(*, goals: int = 3, actions: int = 2, hostile: bool = False) -> PlanReport:
    """A plan report with ``goals`` goals of ``actions`` actions; the first action is overdue."""
    return PlanReport(
        plan_id=9,
        title="Verbeterplan veiligheid",
        organisation_name="COA",
        scope=LOCATION,
        status_label="Ingediend",
        submitted_on="3 januari 2026",
        assessment="Geaccepteerd door Chris Bakker op 10 januari 2026: voldoende concreet",
        description=HOSTILE if hostile else "Het plan pakt de bevindingen van april aan.",
        as_of="15 maart 2026",
        progress_label="35%",
        overdue_actions=goals,
        overdue_findings=1,
        goals=tuple(_goal(position, actions) for position in range(1, goals + 1)),
        updates=(
            UpdateEntry("1 februari 2026", NAMES["cyrillic"], "", "Eerste training gegeven."),
            UpdateEntry("1 maart 2026", "Anna de Vries", GOAL_ONE, "Tweede training uitgesteld."),
        ),
        levels=(
            LevelEntry("COA", "Regulier", "—"),
            LevelEntry(LOCATION, "Verdiepend", "12 december 2025"),
        ),
    )
