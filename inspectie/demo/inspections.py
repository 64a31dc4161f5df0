"""Demo inspections in every state, with answers and findings (all fictional)."""

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from inspectie.audit.services import record
from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.findings.services import default_deadline
from inspectie.inspections.answers import save_answer
from inspectie.inspections.models import Answer, Inspection
from inspectie.inspections.review import finalise, set_finding_draft
from inspectie.inspections.services import (
    Plan,
    answers_of,
    plan_inspection,
    send_back,
    start_inspection,
    submit_inspection,
)
from inspectie.locations.models import Location

OBSERVATIONS = [
    "Bij de rondgang bleek dit niet op orde; de locatiemanager bevestigde dit in het gesprek.",
    "In de steekproef van vijf dossiers ontbrak dit bij twee bewoners.",
    "Bewoners gaven in het groepsgesprek aan dat dit niet structureel gebeurt.",
    "Het document is aanwezig maar verouderd (laatste versie van vorig jaar).",
    "Tijdens de waarneming werd dit in één van de drie units niet aangetroffen.",
]
OK_NOTES = ["Gezien tijdens de rondgang.", "Besproken met de teamleider.", ""]

# (location, type, planned_on, target status, lead, members, themes, deviation rate)
SCENARIOS = [
    ("azc Veluwezoom", "regulier", date(2025, 10, 14), "vastgesteld", "inspecteur", (), (), 0.15),
    (
        "azc Veluwezoom",
        "regulier",
        date(2026, 9, 15),
        "vastgesteld",
        "inspecteur",
        ("inspecteur2",),
        (),
        0.08,
    ),
    (
        "Opvang Croeselaan",
        "onaangekondigd",
        date(2026, 8, 20),
        "vastgesteld",
        "inspecteur2",
        (),
        (),
        0.12,
    ),
    (
        "Nidos kleinschalig Apeldoorn-Zuid",
        "thematisch",
        date(2026, 10, 6),
        "vastgesteld",
        "inspecteur",
        (),
        ("amv", "kinderen-onderwijs"),
        0.25,
    ),
    (
        "KSO Kanaleneiland",
        "regulier",
        date(2026, 11, 10),
        "ter_review",
        "inspecteur",
        ("inspecteur2",),
        (),
        0.1,
    ),
    ("azc Hunzedal", "regulier", date(2026, 11, 24), "in_uitvoering", "inspecteur", (), (), 0.1),
    (
        "Opvang Sassenpoort",
        "regulier",
        date(2026, 11, 18),
        "teruggestuurd",
        "inspecteur2",
        (),
        (),
        0.1,
    ),
    (
        "kwv Noorderhaven",
        "regulier",
        date(2026, 12, 8),
        "gepland",
        "inspecteur",
        ("inspecteur2",),
        (),
        0,
    ),
]


def _user(key: str) -> User:
    user = db.session.scalar(select(User).where(User.email == f"{key}@demo.example"))
    assert user is not None
    return user


def _judge(
    rng: random.Random, lead: User, inspection: Inspection, rate: float, share: float = 1.0
) -> None:
    for answer in answers_of(inspection):
        if rng.random() > share:
            continue
        item = answer.item
        roll = rng.random()
        if roll < rate:
            # Deviations that demand evidence are "deels" here: the demo ships no photos.
            judgment = (
                "voldoet_deels"
                if "voldoet_niet" in item.evidence_required_for or roll < rate / 2
                else "voldoet_niet"
            )
            observation, reason = rng.choice(OBSERVATIONS), ""
        elif roll < rate + 0.03:
            judgment, observation, reason = (
                "niet_van_toepassing",
                "",
                "Deze voorziening ontbreekt op deze locatie; bewoners gebruiken die elders.",
            )
        else:
            judgment, observation, reason = "voldoet", rng.choice(OK_NOTES), ""
        if judgment in item.observation_required_for and not observation:
            observation = "Gezien tijdens de rondgang."
        save_answer(lead, inspection, answer, judgment, observation, reason, answer.revision)


def load_demo_inspections() -> int:
    """Create the demo inspections unless any inspection exists; returns how many were made."""
    if db.session.scalar(select(func.count(Inspection.id))):
        return 0
    rng = random.Random(2026)  # noqa: S311 (reproducible demo data, not security)
    coordinator = _user("coordinator")
    made = 0
    for name, kind, planned_on, target, lead_key, member_keys, themes, rate in SCENARIOS:
        location = db.session.scalar(select(Location).where(Location.name == name))
        if location is None:
            continue
        lead = _user(lead_key)
        inspection = plan_inspection(
            coordinator,
            Plan(
                location=location,
                type=kind,
                planned_on=planned_on,
                lead=lead,
                members=[_user(k) for k in member_keys],
                theme_codes=themes,
            ),
        )
        made += 1
        if target == "gepland":
            continue
        start_inspection(lead, inspection)
        _judge(rng, lead, inspection, rate, share=0.4 if target == "in_uitvoering" else 1.0)
        if target == "in_uitvoering":
            continue
        submit_inspection(lead, inspection)
        if target == "teruggestuurd":
            send_back(
                coordinator,
                inspection,
                "Onderbouw de oordelen over huisvesting met waarnemingen per unit.",
            )
            continue
        if target == "vastgesteld":
            deviations = [
                a for a in answers_of(inspection) if a.judgment in ("voldoet_niet", "voldoet_deels")
            ]
            if deviations:
                first = deviations[0]
                set_finding_draft(
                    coordinator,
                    inspection,
                    first,
                    "hoog",
                    "Stel binnen de termijn een plan van aanpak op en voer het uit.",
                    None,
                )
            _count_from_the_visit(inspection, deviations)
            finalise(coordinator, inspection)
    return made


# The demo's reports were finalised about two weeks after the visit.
REPORTED_AFTER = timedelta(days=14)
DEMO_DEADLINE = "Demogegevens: termijn geteld vanaf twee weken na het bezoek."


def _count_from_the_visit(inspection: Inspection, deviations: list[Answer]) -> None:
    """The demo finalises its past inspections today, so every default deadline would lie ahead
    and the demo would never show an overdue finding. Before finalising, set each deviation's
    deadline as the fiction's report date would have (the reviewer's deadline, which the review
    screen only accepts in the future), so that the findings, the kept report and the content
    hash agree; the audit trail says it was the demo."""
    report_date = inspection.planned_on + REPORTED_AFTER
    for answer in deviations:
        if answer.deadline is not None:
            continue
        answer.deadline = default_deadline(answer.severity or answer.item.severity, report_date)
        changes = {"deadline": [None, answer.deadline.isoformat()]}
        record(None, "answer.demo_deadline", answer, changes, DEMO_DEADLINE)
    db.session.flush()
