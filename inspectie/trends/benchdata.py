"""`inspectie bench-data`: a synthetic but plausible national dataset, written in bulk.

For benchmarks and the trend dashboards: N locations over the twelve provinces, four final
inspections a year per location for Y years, an answer per applicable item, and findings for
the deviations of the last two years. The same arguments give the same data (one seeded RNG
per location, ids counted on from the table's highest id, timestamps derived from the dates).

How it is written, and what it leaves out on purpose:

* Rows go in with one ``executemany`` per table and chunk (SQLite) or ``COPY`` (PostgreSQL),
  with ids assigned here so that answers and findings can point at their parents without
  reading anything back; PostgreSQL's sequences are set past them after every chunk. So the
  database must not be written by anyone else while this runs.
* The final-inspection triggers refuse answers of a ``vastgesteld`` inspection, so an
  inspection goes in as ``ter_review`` (already carrying its reviewer, hash and finalisation
  time), then its answers, then one UPDATE per chunk flips the whole chunk to ``vastgesteld``.
* No audit events for the bulk rows (locations, inspections, answers, findings), no finding
  notes, team members, evidence or stored report data (reports are then built live). The few
  organisations and users are made by the ordinary services, audit trail included.
* Applicability is applied (as planning does): an inspection has one answer per item of its
  checklist version that applies to the location. The version is the one with the latest
  ``valid_from`` on or before the planned date; dates before the first version use the first.
* The dates fill whole quarters, so with the current year as end year some final inspections
  lie a few weeks in the future. Every bench inspection is led by a ``@bench.example`` user:
  that is how a later run tells bench data from real data.
* Each chunk of locations is committed whole; a run that breaks off keeps the chunks before.
  At the end the trend summary is rebuilt (``inspectie.trends.summary.rebuild``).
"""

import random
import secrets
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import exists, func, select

from inspectie.auth.models import User
from inspectie.auth.services import UserError, create_user, get_user_by_email
from inspectie.checklists import spec
from inspectie.checklists.models import Checklist, ChecklistItem, ChecklistTheme, ChecklistVersion
from inspectie.checklists.services import (
    CHECKLIST_CODE,
    ChecklistImportError,
    ChecklistValidationError,
    import_from_paths,
)
from inspectie.db import today
from inspectie.demo.data import INSPECTORATE
from inspectie.extensions import db
from inspectie.findings.models import Finding
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.organisations.services import (
    OrganisationError,
    create_organisation,
    get_by_name,
)
from inspectie.trends.benchmodel import (
    INSPECTORS_PER_REGION,
    REGIONS,
    BenchItem,
    BenchVersion,
    Site,
    Team,
    plan_sites,
)
from inspectie.trends.benchwriter import BulkWriter, Chunk, Ids
from inspectie.trends.summary import rebuild

BENCH_DOMAIN = "@bench.example"
MAX_LOCATIONS = 20_000
MAX_YEARS = 50  # 4x the 10 years of the national benchmark fits
CHUNK_INSPECTIONS = 1_500  # per transaction: about 150,000 answers, some 50 MB of tuples


class BenchDataError(click.ClickException):
    """The database is not one to write bench data into; the message says why."""


@click.command("bench-data", help="Synthetische benchmarkgegevens laden (landelijk, in bulk).")
@click.option("--locations", type=click.IntRange(1, MAX_LOCATIONS), default=1000, show_default=True)
@click.option("--years", type=click.IntRange(1, MAX_YEARS), default=10, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--end-year", type=click.IntRange(2000, 2100), default=None, help="standaard: dit jaar"
)
@click.option("--force", is_flag=True, help="ook schrijven als er al andere gegevens zijn")
@with_appcontext
def bench_data_command(
    locations: int, years: int, seed: int, end_year: int | None, force: bool
) -> None:
    started = time.perf_counter()
    if not force:
        _refuse_other_data()
    last = end_year or today().year
    try:
        counts = generate(locations, years, last, seed)
    except (ChecklistValidationError, ChecklistImportError, OrganisationError, UserError) as error:
        db.session.rollback()
        raise BenchDataError(str(error)) from error
    click.echo(
        f"Benchgegevens ({last - years + 1}-{last}, seed {seed}): {counts['locations']} locaties, "
        f"{counts['inspections']} inspecties, {counts['answers']} oordelen, "
        f"{counts['findings']} bevindingen in {time.perf_counter() - started:.1f} s"
        f" (waarvan trendsamenvatting {counts['summary_seconds']:.1f} s)."
    )
    if counts["password"]:
        click.echo(f"Bench-gebruikers (*{BENCH_DOMAIN}), wachtwoord: {counts['password']}")


def _refuse_other_data() -> None:
    bench_leads = select(User.id).where(User.email.like(f"%{BENCH_DOMAIN}"))
    real_inspections = db.session.scalar(
        select(func.count(Inspection.id)).where(Inspection.lead_id.not_in(bench_leads))
    )
    bench_inspected = exists().where(
        Inspection.location_id == Location.id, Inspection.lead_id.in_(bench_leads)
    )
    real_locations = db.session.scalar(select(func.count(Location.id)).where(~bench_inspected))
    if real_inspections or real_locations:
        raise BenchDataError(
            f"Deze database bevat echte gegevens ({real_inspections} inspectie(s), "
            f"{real_locations} locatie(s) zonder benchinspecties). Benchgegevens horen in een "
            "lege database; gebruik --force alleen als u zeker weet dat u ze wilt mengen."
        )
    if db.session.scalar(select(func.count(Location.id))):
        raise BenchDataError(
            "Deze database bevat al benchgegevens. Begin met een lege database "
            "(of voeg er met --force nog een set aan toe)."
        )


def generate(n_locations: int, n_years: int, end_year: int, seed: int) -> dict[str, Any]:
    """Write the dataset, committing per chunk; returns counts, the new users' password (if
    any were made) and how long the trend summary took to rebuild.

    :param seed: the same seed with the same sizes and end year gives the same rows.
    """
    versions = _versions()
    password = secrets.token_urlsafe(15)
    created = _ensure_users(password)
    teams = _teams()
    rng = random.Random(f"{seed}:sites")  # noqa: S311 (synthetic data, no secret)
    sites = plan_sites(rng, n_locations, end_year - n_years + 1)
    operators = _ensure_operators(sites)
    writer = BulkWriter(db.session.get_bind().dialect.name)
    ids = Ids(*(_max_id(m) + 1 for m in (Location, Inspection, Answer, Finding)))
    counts = {"locations": 0, "inspections": 0, "answers": 0, "findings": 0}
    per_chunk = max(1, CHUNK_INSPECTIONS // (n_years * 4))
    for start in range(0, len(sites), per_chunk):
        chunk = Chunk(writer, ids, versions, end_year, n_years)
        for number in range(start, min(start + per_chunk, len(sites))):
            site = sites[number]
            region = next(r for r, provinces in REGIONS.items() if site.province in provinces)
            rng = random.Random(f"{seed}:location:{number}")  # noqa: S311
            chunk.add_location(rng, site, operators[_operator_name(site)], teams[region])
        chunk.write()
        for key in counts:
            counts[key] += len(getattr(chunk, key))
        db.session.commit()
    rebuilt = time.perf_counter()
    rebuild()
    db.session.commit()
    summary = time.perf_counter() - rebuilt
    _settle()
    return counts | {"password": password if created else None, "summary_seconds": summary}


def _settle() -> None:
    """On PostgreSQL, what any bulk load should end with: VACUUM (ANALYZE) of the tables
    written. The planner gets statistics (without them it may read every answer for a few
    days' worth), and the visibility map allows index-only scans. Autovacuum would do the
    same on its own a few minutes later, in the middle of whatever runs then (a benchmark)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return  # SQLite plans these queries well without statistics
    tables = [m.__tablename__ for m in (Location, Inspection, Answer, Finding)]
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(tables)}")


def _versions() -> list[BenchVersion]:
    """The versions of the shipped checklist, imported first if there are none."""

    def stored() -> list[ChecklistVersion]:
        query = (
            select(ChecklistVersion)
            .join(ChecklistVersion.checklist)
            .where(Checklist.code == CHECKLIST_CODE)
            .order_by(ChecklistVersion.valid_from)
        )
        return list(db.session.scalars(query))

    if not stored():
        import_from_paths(None, [Path(current_app.config["CHECKLISTS_DIR"])])
        db.session.commit()
    versions = []
    for version in stored():
        rows = db.session.execute(
            select(ChecklistItem, ChecklistTheme.code)
            .join(ChecklistTheme, ChecklistItem.theme_id == ChecklistTheme.id)
            .where(ChecklistItem.version_id == version.id)
            .order_by(ChecklistItem.position)
        )
        items = tuple(
            BenchItem(
                item.id,
                item.code,
                theme,
                item.severity,
                f"Zorg dat de locatie weer voldoet aan de norm: {item.norm}",
                spec.Applicability(
                    tuple(item.operator_types),
                    tuple(item.modalities),
                    tuple(item.except_modalities),
                    tuple(item.resident_groups),
                ),
            )
            for item, theme in rows
        )
        versions.append(BenchVersion(version.id, version.valid_from, items))
    if not versions:
        raise BenchDataError(f"Normenkader {CHECKLIST_CODE!r} niet gevonden.")
    return versions


def _ensure_users(password: str) -> bool:
    """The bench inspectors and coordinators; whether any was created (with ``password``)."""
    inspectorate = get_by_name(INSPECTORATE) or create_organisation(None, INSPECTORATE, "inspectie")
    created = False
    for region in REGIONS:
        people = [(f"coordinator-{region}", f"Coördinator {region.title()}", "coordinator")]
        people += [
            (f"inspecteur-{region}-{n}", f"Inspecteur {region.title()} {n}", "inspecteur")
            for n in range(1, INSPECTORS_PER_REGION + 1)
        ]
        for local, name, role in people:
            if get_user_by_email(local + BENCH_DOMAIN) is None:
                create_user(None, local + BENCH_DOMAIN, name, role, inspectorate, password)
                created = True
    db.session.commit()
    return created


def _teams() -> dict[str, Team]:
    ids = {email: id_ for email, id_ in db.session.execute(select(User.email, User.id))}
    return {
        region: Team(
            tuple(
                ids[f"inspecteur-{region}-{n}{BENCH_DOMAIN}"]
                for n in range(1, INSPECTORS_PER_REGION + 1)
            ),
            ids[f"coordinator-{region}{BENCH_DOMAIN}"],
        )
        for region in REGIONS
    }


def _operator_name(site: Site) -> str:
    if site.operator_type == "vge":
        return f"Gemeente {site.municipality}"
    return "Nidos" if site.operator_type == "nidos" else "COA"


def _ensure_operators(sites: Sequence[Site]) -> dict[str, int]:
    """The ids of the operating organisations (COA, Nidos, municipalities) by name."""
    kinds = {"coa": "coa", "nidos": "nidos", "vge": "gemeente"}
    ids = {}
    for site in sites:
        name = _operator_name(site)
        if name not in ids:
            existing = get_by_name(name)
            ids[name] = (existing or create_organisation(None, name, kinds[site.operator_type])).id
    db.session.commit()
    return ids


def _max_id(model: Any) -> int:
    return db.session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0
