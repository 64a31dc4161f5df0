"""`inspectie bench-data`: a small national dataset, checked row by row in the database."""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask, current_app
from sqlalchemy import case, func, select, text

from inspectie import create_app
from inspectie.audit.models import AuditEvent
from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem, ChecklistTheme, ChecklistVersion
from inspectie.checklists.services import applicable_items, profile_of
from inspectie.checklists.spec import DEVIATIONS
from inspectie.db import today
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.trends.benchdata import bench_data_command
from inspectie.trends.benchmodel import Site, deviation_chance
from inspectie.trends.benchwriter import FINDING_YEARS
from inspectie.vocab import PROVINCES
from tests.conftest import make_test_config, snapshot_when
from tests.template_db import Databases, Snapshot

LOCATIONS, YEARS = 12, 3
ARGS = ["--locations", str(LOCATIONS), "--years", str(YEARS), "--seed", "7"]


def run(*args: str):
    result = current_app.test_cli_runner().invoke(bench_data_command, list(args))
    return result


def digest() -> str:
    """A hash of every bench row (locations, inspections, answers, findings) in id order."""
    content = hashlib.sha256()
    for model in (Location, Inspection, Answer, Finding):
        table = model.__table__
        for row in db.session.execute(select(table).order_by(table.c.id)):
            content.update(repr(tuple(row)).encode())
    return content.hexdigest()


def settled() -> bool:
    """On PostgreSQL: the bulk-loaded tables were vacuumed and analyzed by the command
    (``last_vacuum``; autovacuum would set ``last_autovacuum``). SQLite: nothing to do."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    done = db.session.execute(
        text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL "
            "AND last_analyze IS NOT NULL AND relname IN ('answers', 'inspections')"
        )
    ).scalars()
    return sorted(done) == ["answers", "inspections"]


@dataclass(frozen=True)
class BenchTemplate:
    snapshot: Snapshot
    output: str
    digest: str


@pytest.fixture(scope="session")
def bench_template(databases: Databases) -> BenchTemplate:
    """The command run once on an empty database; tests that ask for ``bench`` get a copy."""

    def build(serials: object) -> tuple[str, str]:
        result = run(*ARGS)
        assert result.exit_code == 0, (result.output, result.exception)
        assert settled(), "bench-data ends with VACUUM (ANALYZE) on PostgreSQL"
        return result.output, digest()

    snapshot, (output, rows) = databases.capture("bench", build, start=databases.empty)
    return BenchTemplate(snapshot, output, rows)


database_snapshot = snapshot_when("bench", template="bench_template")


@pytest.fixture
def bench(app: Flask, bench_template: BenchTemplate) -> BenchTemplate:
    return bench_template


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_every_location_is_inspected_once_a_quarter_by_two_people_and_all_are_final(bench):
    assert f"{LOCATIONS} locaties, {LOCATIONS * YEARS * 4} inspecties" in bench.output
    assert "wachtwoord" in bench.output  # the bench users were new
    locations = list(db.session.scalars(select(Location)))
    assert len(locations) == LOCATIONS
    assert {location.province for location in locations} == set(PROVINCES)
    assert all(location.modality != "kso" or location.capacity <= 150 for location in locations)
    first_year = today().year - YEARS + 1
    inspections = list(db.session.scalars(select(Inspection)))
    assert len(inspections) == LOCATIONS * YEARS * 4
    quarters = Counter(
        (i.location_id, i.planned_on.year, (i.planned_on.month - 1) // 3) for i in inspections
    )
    assert set(quarters) == {
        (location.id, year, quarter)
        for location in locations
        for year in range(first_year, first_year + YEARS)
        for quarter in range(4)
    }
    assert set(quarters.values()) == {1}
    for inspection in inspections:
        assert inspection.status == "vastgesteld" and inspection.finalised_at is not None
        assert len(inspection.content_hash) == 64 and int(inspection.content_hash, 16) >= 0
        assert inspection.planned_on.weekday() < 5
        assert inspection.finalised_at.date() > inspection.planned_on
    assert len({i.content_hash for i in inspections}) == len(inspections)
    users = {user.id: user for user in db.session.scalars(select(User))}
    for inspection in inspections:
        assert inspection.reviewer_id != inspection.lead_id
        assert users[inspection.lead_id].role == "inspecteur"
        assert users[inspection.reviewer_id].role == "coordinator"
        assert users[inspection.lead_id].email.endswith("@bench.example")


def test_each_inspection_judges_the_items_that_apply_in_the_version_valid_then(bench):
    versions = list(db.session.scalars(select(ChecklistVersion).order_by("valid_from")))
    assert len(versions) >= 2
    answers: dict[int, list] = {}
    columns = [c for c in Answer.__table__.c if c.name != "id"]
    for answer in db.session.execute(select(*columns).order_by(Answer.position)):
        answers.setdefault(answer.inspection_id, []).append(answer)
    used, applicable = set(), {}
    for inspection in db.session.scalars(select(Inspection)):
        # The latest version that started on or before the date; before the first: the first.
        started = [v for v in versions if v.valid_from <= inspection.planned_on]
        assert inspection.checklist_version_id == (started or versions)[-1 if started else 0].id
        used.add(inspection.checklist_version_id)
        key = (inspection.checklist_version_id, profile_of(inspection.location))
        if key not in applicable:
            applicable[key] = applicable_items(inspection.checklist_version, key[1])
        items = applicable[key]
        rows = answers[inspection.id]
        assert [a.item_id for a in rows] == [item.id for item in items]
        assert [a.position for a in rows] == list(range(len(items)))
        for answer in rows:
            if answer.judgment in ("niet_van_toepassing", "niet_beoordeeld"):
                assert answer.reason.strip()
            if answer.judgment in DEVIATIONS:
                assert answer.observation.strip()
            assert answer.updated_by_id == inspection.lead_id
    assert used == {v.id for v in versions}
    judgments = Counter(db.session.scalars(select(Answer.judgment)))
    assert set(judgments) == {
        "voldoet",
        "voldoet_deels",
        "voldoet_niet",
        "niet_van_toepassing",
        "niet_beoordeeld",
    }
    assert 0.04 < (judgments["voldoet_deels"] + judgments["voldoet_niet"]) / judgments.total() < 0.2


def test_a_finding_for_every_deviation_of_the_last_years_only(bench):
    since = today().year - FINDING_YEARS + 1
    recent = (
        select(Answer.id)
        .join(Inspection, Answer.inspection_id == Inspection.id)
        .where(Answer.judgment.in_(DEVIATIONS), Inspection.planned_on >= date(since, 1, 1))
    )
    findings = list(db.session.scalars(select(Finding)))
    assert {f.answer_id for f in findings} == set(db.session.scalars(recent))
    answers = {
        a.id: a for a in db.session.scalars(select(Answer).where(Answer.severity.is_not(None)))
    }
    for finding in findings:
        answer = answers[finding.answer_id]
        assert finding.judgment == answer.judgment and finding.observation == answer.observation
        assert finding.deadline == answer.deadline and finding.repair_order.strip()
    statuses = Counter(f.status for f in findings)
    assert len(statuses) >= 4
    assert sum(f.is_overdue(today()) for f in findings) > 0
    # Bulk rows bypass the services, and so the audit trail.
    bulk = ("locations", "inspections", "answers", "findings")
    assert count(AuditEvent, AuditEvent.object_type.in_(bulk)) == 0


def test_health_care_is_worse_in_the_north_than_elsewhere(bench):
    query = (
        select(
            Location.province,
            func.count(),
            func.sum(case((Answer.judgment.in_(DEVIATIONS), 1), else_=0)),
        )
        .select_from(Answer)
        .join(ChecklistItem, Answer.item_id == ChecklistItem.id)
        .join(ChecklistTheme, ChecklistItem.theme_id == ChecklistTheme.id)
        .join(Inspection, Answer.inspection_id == Inspection.id)
        .join(Location, Inspection.location_id == Location.id)
        .where(ChecklistTheme.code == "gezondheidszorg")
        .group_by(Location.province)
    )
    answers, deviations = Counter(), Counter()
    for province, total, deviating in db.session.execute(query):
        north = province in ("groningen", "flevoland", "drenthe")
        answers[north] += total
        deviations[north] += deviating
    rates = {north: deviations[north] / answers[north] for north in (True, False)}
    # The model makes it about twice as likely; a dozen locations show it less sharply.
    assert rates[True] > 1.25 * rates[False]


def test_the_model_has_kso_differ_from_azc_and_years_improve():
    azc = Site("a", "coa", "azc", 400, "Assen", "drenthe", frozenset(), today())
    kso = Site("k", "vge", "kso", 100, "Assen", "drenthe", frozenset(), today())
    assert deviation_chance(kso, "gezondheidszorg", "gemiddeld", 0) > deviation_chance(
        azc, "gezondheidszorg", "gemiddeld", 0
    )
    assert deviation_chance(kso, "huisvesting", "gemiddeld", 0) < deviation_chance(
        azc, "huisvesting", "gemiddeld", 0
    )
    assert deviation_chance(azc, "voeding", "laag", 5) > deviation_chance(azc, "voeding", "laag", 0)


def test_the_same_seed_gives_the_same_rows(app, bench_template, databases, tmp_path):
    result = run(*ARGS)  # on a fresh, empty database of its own
    assert result.exit_code == 0, (result.output, result.exception)
    assert digest() == bench_template.digest
    db.session.remove()
    db.engine.dispose()
    # Another seed on another fresh database: other rows.
    folder = tmp_path / "other"
    url = databases.restore(databases.empty, folder)
    other = create_app(make_test_config(folder, SQLALCHEMY_DATABASE_URI=url))
    with other.app_context():
        assert run(*ARGS[:-1], "8").exit_code == 0
        assert digest() != bench_template.digest
        db.session.remove()
        db.engine.dispose()


def test_refuses_a_database_with_real_data_unless_forced(app, make_location):
    make_location()
    refused = run("--locations", "1", "--years", "1")
    assert refused.exit_code == 1 and "echte gegevens" in refused.output
    assert count(Inspection) == 0 and count(Location) == 1
    forced = run("--locations", "1", "--years", "1", "--force")
    assert forced.exit_code == 0, (forced.output, forced.exception)
    assert count(Inspection) == 4 and count(Location) == 2


def test_refuses_to_run_twice_and_ids_go_on_after_the_bulk_rows(bench, make_location):
    again = run("--locations", "1", "--years", "1")
    assert again.exit_code == 1 and "al benchgegevens" in again.output
    assert count(Location) == LOCATIONS
    # On PostgreSQL the sequences were set past the ids the command assigned itself.
    highest = db.session.scalar(select(func.max(Location.id)))
    assert make_location().id == highest + 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--locations", "0"], "--locations"),
        (["--locations", "100000"], "--locations"),
        (["--years", "0"], "--years"),
        (["--years", "500"], "--years"),
        (["--end-year", "1850"], "--end-year"),
    ],
)
def test_refuses_bad_sizes_clearly(app, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.output
    assert count(Location) == 0


def test_says_so_when_there_is_no_checklist_to_import(app, tmp_path):
    app.config["CHECKLISTS_DIR"] = str(tmp_path)
    result = run("--locations", "1", "--years", "1")
    assert result.exit_code == 1 and "geen normenkaders gevonden" in result.output
    assert count(Location) == 0
