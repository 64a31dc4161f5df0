"""Demo follow-through of the findings (all fictional): findings in every state, a deadline
extension, a location improvement plan, Nidos's organisation-wide plan, supervision levels."""

from datetime import date, timedelta

from sqlalchemy import func, select

from inspectie.auth.models import User
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding, FindingNote
from inspectie.findings.services import change_status, extend_deadline, respond
from inspectie.inspections.answers import save_answer
from inspectie.inspections.followup import FollowUpPlan, open_findings, plan_follow_up
from inspectie.inspections.models import Inspection
from inspectie.inspections.review import finalise
from inspectie.inspections.services import answers_of, start_inspection, submit_inspection
from inspectie.locations.models import Location
from inspectie.plans.actions import ActionData, add_action, add_update, update_action
from inspectie.plans.goals import GoalData, add_goal, link_finding, report_finding_solved
from inspectie.plans.models import PlanGoal
from inspectie.plans.services import PlanData, assess_plan, create_plan, submit_plan
from inspectie.supervision.services import set_level


def _user(key: str) -> User:
    user = db.session.scalar(select(User).where(User.email == f"{key}@demo.example"))
    assert user is not None
    return user


def _findings(location: str, planned_on: date) -> list[Finding]:
    query = (
        select(Finding)
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .join(Location, Location.id == Inspection.location_id)
        .where(Location.name == location, Inspection.planned_on == planned_on)
        .order_by(Finding.id)
    )
    return list(db.session.scalars(query))


def _walk(actor: User, finding: Finding, steps: list[tuple[str, str]]) -> None:
    for to, text in steps:
        change_status(actor, finding, to, text)


PLANNED = "Maatregelen zijn opgenomen in het verbeterplan van de locatie."
STARTED = "De uitvoering is gestart; de locatiemanager is eigenaar."
REPORTED = "Hersteld; zie de bijgevoegde werkinstructie en de aftekenlijst van de teamleider."


def load_demo_followthrough() -> bool:
    """Move the demo findings through their lifecycle, unless a note exists already."""
    if db.session.scalar(select(func.count(FindingNote.id))):
        return False
    coa, inspector, coordinator = _user("coa"), _user("inspecteur"), _user("coordinator")
    old = _findings("azc Veluwezoom", date(2025, 10, 14))
    if len(old) >= 6:
        # verified: the whole path
        _walk(coa, old[0], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED),
                            ("gemeld_opgelost", REPORTED)])  # fmt: skip
        change_status(inspector, old[0], "geverifieerd", "Bij het locatiebezoek gecontroleerd: "
                      "de werkinstructie wordt toegepast.")  # fmt: skip
        # reported solved, found not effective, open again
        _walk(coa, old[1], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED),
                            ("gemeld_opgelost", REPORTED)])  # fmt: skip
        change_status(inspector, old[1], "open", "Niet effectief: in twee van de drie units is "
                      "de situatie ongewijzigd.")  # fmt: skip
        # reported solved, waiting for verification
        _walk(coa, old[2], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED),
                            ("gemeld_opgelost", REPORTED)])  # fmt: skip
        # being repaired
        _walk(coa, old[3], [("plan_ingediend", PLANNED), ("in_uitvoering", STARTED)])
        # plan submitted, with more time granted
        _walk(coa, old[4], [("plan_ingediend", PLANNED)])
        extend_deadline(
            coordinator,
            old[4],
            max(old[4].deadline, today()) + timedelta(days=60),
            "De verbouwing van de sanitaire units is pas in het voorjaar gepland.",
        )
        # open and overdue, with a response
        respond(coa, old[5], "Wij nemen dit mee in het nieuwe verbeterplan.")
    _location_plan(coa, inspector)
    _nidos_plan(_user("nidos"), coordinator)
    _follow_up(_user("inspecteur2"), coordinator)
    location = db.session.scalar(select(Location).where(Location.name == "azc Veluwezoom"))
    if location is not None:
        set_level(
            coordinator,
            location=location,
            level="verdiepend",
            reason="Herhaalde tekortkomingen in huisvesting en veiligheid; een bevinding bleek "
            "na herstel niet effectief. Extra locatiebezoek in het eerste kwartaal.",
        )
    return True


def _location_plan(coa: User, inspector: User) -> None:
    """COA's plan for azc Veluwezoom, answering the findings of the 2026 inspection: submitted,
    accepted, one action under way and one finding reported solved through its goal."""
    findings = _findings("azc Veluwezoom", date(2026, 9, 15))
    if len(findings) < 3:
        return
    day = today()
    plan = create_plan(
        coa,
        PlanData(
            "Verbeterplan azc Veluwezoom 2026",
            "Herstel van de tekortkomingen uit de inspectie van september 2026.",
            findings[0].location_id,
        ),
    )
    safety = add_goal(coa, plan, GoalData("Veilige en schone huisvesting in alle units"))
    info = add_goal(coa, plan, GoalData("Bewoners weten waar zij terechtkunnen"))
    for finding in findings[:2]:
        link_finding(coa, safety, finding.id)
    link_finding(coa, info, findings[2].id)
    repair = add_action(
        coa,
        safety,
        ActionData("Sanitaire units renoveren en schoonmaakrooster aanscherpen",
                   "Locatiemanager", day + timedelta(days=12)),
    )  # fmt: skip
    add_action(
        coa,
        safety,
        ActionData("Brandoefening met alle bewoners", "Teamleider veiligheid",
                   day + timedelta(days=40)),
    )  # fmt: skip
    board = add_action(
        coa,
        info,
        ActionData("Informatiebord en folder in zes talen", "Teamleider bewonerszaken",
                   day - timedelta(days=5)),
    )  # fmt: skip
    submit_plan(coa, plan)
    assess_plan(inspector, plan, True, "Het plan dekt alle bevindingen met concrete maatregelen.")
    update_action(
        coa,
        repair,
        ActionData(repair.description, repair.owner, repair.deadline, "in_uitvoering", 60,
                   "Units A en B zijn gereed; C volgt."),
    )  # fmt: skip
    update_action(
        coa,
        board,
        ActionData(board.description, board.owner, board.deadline, "afgerond", 100,
                   "Foto van het bord en de folders bij de receptie."),
    )  # fmt: skip
    add_update(coa, plan, day - timedelta(days=2), "Twee van de drie units zijn gerenoveerd.")
    report_finding_solved(
        coa, info, findings[2].id, "Informatiebord hangt; folders liggen bij de receptie."
    )


# The letter of 3 July 2026 names the three aspects of Nidos's national plan, not its eight
# goals; the goals below are fictional demo goals under those aspects.
NIDOS_ASPECTS = [
    ("Verankeren van de pedagogische visie en de methodiek",
     ["Demodoel: alle (nieuwe) medewerkers opnieuw geschoold in visie en methodiek"]),
    ("Ondersteuning, instrumenten, tools en deskundigheidsbevordering",
     ["Demodoel: deskundigheid veiligheid", "Demodoel: deskundigheid seksualiteit",
      "Demodoel: deskundigheid netwerk", "Demodoel: opvang en wonen in gezinsverband"]),
    ("Geactualiseerd beleid en werkinstructies",
     ["Demodoel: werkinstructies veiligheid en netwerk geactualiseerd"]),
]  # fmt: skip


def _nidos_plan(nidos: User, coordinator: User) -> None:
    """Nidos's organisation-wide plan (fictional goals under the letter's three aspects)."""
    day = today()
    plan = create_plan(
        nidos,
        PlanData(
            "Landelijk ontwikkelplan (demo)",
            "Demogegevens. De brief van 3 juli 2026 noemt de drie aspecten van het Landelijk "
            "Ontwikkelplan van Nidos, niet de acht doelstellingen; de doelen hieronder zijn "
            "fictief.",
        ),
    )
    findings = _findings("Nidos kleinschalig Apeldoorn-Zuid", date(2026, 10, 6))
    goals: list[PlanGoal] = []
    for aspect, titles in NIDOS_ASPECTS:
        for title in titles:
            goal = add_goal(nidos, plan, GoalData(title, aspect=aspect))
            add_action(
                nidos,
                goal,
                ActionData("Uitwerken en invoeren in alle regio's", "Regiomanagers",
                           day + timedelta(days=30 * (len(goals) + 1))),
            )  # fmt: skip
            goals.append(goal)
    for goal, finding in zip(goals, findings, strict=False):
        link_finding(nidos, goal, finding.id)
    submit_plan(nidos, plan)
    assess_plan(
        coordinator,
        plan,
        False,
        "Maak per doel concreet wat de verbetering voor jongeren en opvangouders betekent, en "
        "onderbouw de haalbaarheid van de planning.",
    )
    add_update(nidos, plan, day - timedelta(days=7), "Scholing visie en methodiek gestart.",
               goals[0])  # fmt: skip


def _follow_up(lead: User, coordinator: User) -> None:
    """A final follow-up of the Nidos location: the first finding verified, the others found
    still deviating and reopened."""
    location = db.session.scalar(
        select(Location).where(Location.name == "Nidos kleinschalig Apeldoorn-Zuid")
    )
    if location is None or not open_findings(location):
        return
    inspection = plan_follow_up(
        coordinator,
        FollowUpPlan(location, open_findings(location), date(2026, 11, 20), lead),
    )
    start_inspection(lead, inspection)
    for n, answer in enumerate(answers_of(inspection)):
        judgment, observation = (
            ("voldoet", "Bij het vervolgbezoek op orde bevonden.")
            if n == 0
            else ("voldoet_deels", "Verbeterd, maar nog niet in alle dossiers vastgelegd.")
        )
        save_answer(lead, inspection, answer, judgment, observation, "", answer.revision)
    submit_inspection(lead, inspection)
    finalise(coordinator, inspection)
