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
  At the end the trend summary is rebuilt (``inspectie.trends.summary.rebuild``, if present).
"""

import hashlib
import importlib
import random
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import exists, func, select, update

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
from inspectie.findings.services import DEADLINE_DAYS
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.organisations.services import (
    OrganisationError,
    create_organisation,
    get_by_name,
)

BENCH_DOMAIN = "@bench.example"
MAX_LOCATIONS = 20_000
MAX_YEARS = 50  # 4x the 10 years of the national benchmark fits
FINDING_YEARS = 2  # findings for the deviations of the last two years only
CHUNK_INSPECTIONS = 1_500  # per transaction: about 150,000 answers, some 50 MB of tuples

# --- the country ------------------------------------------------------------------------------

# (weight, municipalities): weights roughly follow population and reception capacity.
PROVINCES: dict[str, tuple[int, tuple[str, ...]]] = {
    "groningen": (7, ("Groningen", "Westerwolde", "Midden-Groningen", "Eemsdelta")),
    "fryslan": (4, ("Leeuwarden", "Súdwest-Fryslân", "Smallingerland", "Heerenveen")),
    "drenthe": (5, ("Assen", "Emmen", "Hoogeveen", "Midden-Drenthe")),
    "overijssel": (7, ("Zwolle", "Enschede", "Almelo", "Deventer", "Hardenberg")),
    "flevoland": (4, ("Almere", "Lelystad", "Dronten", "Zeewolde")),
    "gelderland": (13, ("Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Zutphen", "Harderwijk")),
    "utrecht": (7, ("Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Veenendaal")),
    "noord-holland": (14, ("Amsterdam", "Haarlem", "Zaanstad", "Alkmaar", "Den Helder")),
    "zuid-holland": (15, ("Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Delft", "Gouda")),
    "zeeland": (3, ("Middelburg", "Vlissingen", "Goes", "Terneuzen")),
    "noord-brabant": (13, ("Eindhoven", "Tilburg", "Breda", "Oisterwijk", "Gilze en Rijen")),
    "limburg": (6, ("Maastricht", "Venlo", "Heerlen", "Sittard-Geleen", "Weert")),
}
# Each region has its own inspectors and a coordinator who reviews (never leads: four eyes).
REGIONS = {
    "noord": ("groningen", "fryslan", "drenthe", "overijssel", "flevoland"),
    "midden": ("gelderland", "utrecht", "noord-holland"),
    "zuid": ("zuid-holland", "zeeland", "noord-brabant", "limburg"),
}
INSPECTORS_PER_REGION = 4

OPERATOR_TYPES: dict[str, float] = {"coa": 80, "vge": 14, "nidos": 6}
MODALITY_MIX: dict[str, dict[str, float]] = {
    "coa": {
        "azc": 50, "kso": 6, "noodopvang": 9, "crisisnoodopvang": 4, "pol": 4, "col": 1,
        "pol-amv": 2, "amv-kwv": 10, "gezinslocatie": 3, "vbl": 1, "htl": 0.5, "ibo": 1,
        "time-out": 1,
    },
    "vge": {"kso": 35, "tgo": 25, "dgo": 30, "noodopvang": 10},
    "nidos": {"nidos-kleinschalig": 60, "nidos-opvanggezin": 40},
}  # fmt: skip
# modality -> (name prefix, capacity range, resident groups always, sometimes);
# groups: f = families, m = minors, a = amv, s = special needs.
MODALITY_SHAPES: dict[str, tuple[str, int, int, str, str]] = {
    "azc": ("azc", 250, 1200, "fms", "a"),
    "kso": ("KSO", 40, 150, "", "fms"),
    "col": ("col", 500, 2000, "fmas", ""),
    "pol": ("pol", 300, 800, "fms", "a"),
    "pol-amv": ("pol-amv", 50, 200, "ma", "s"),
    "amv-kwv": ("kwv", 12, 24, "ma", "s"),
    "nidos-opvanggezin": ("Nidos opvanggezinnen", 10, 80, "ma", ""),
    "nidos-kleinschalig": ("Nidos kleinschalig", 6, 24, "ma", "s"),
    "gezinslocatie": ("gezinslocatie", 150, 400, "fm", "s"),
    "vbl": ("vbl", 100, 250, "fm", ""),
    "htl": ("HTL", 20, 50, "", ""),
    "ibo": ("ibo", 20, 60, "s", ""),
    "time-out": ("time-out", 10, 30, "", "s"),
    "noodopvang": ("noodopvang", 80, 500, "", "fms"),
    "crisisnoodopvang": ("crisisnoodopvang", 50, 600, "", "fms"),
    "tgo": ("Opvang", 50, 300, "", "fms"),
    "dgo": ("Opvang", 100, 500, "fm", "s"),
}
GROUP_LETTERS = {"f": "families", "m": "minors", "a": "amv", "s": "special_needs"}

# --- how the judgments come out ---------------------------------------------------------------

BASE_DEVIATION = 0.075
MAX_DEVIATION = 0.75
YEARLY_IMPROVEMENT = 1.045  # a year further back is this much worse
REPEAT_FACTOR = 2.5  # an item that deviated last quarter deviates more often again
SHARE_NOT_MET = 0.35  # of the deviations: voldoet_niet, the rest voldoet_deels
NOT_APPLICABLE = 0.02
NOT_JUDGED = 0.005
THEME_FACTOR = {
    "huisvesting": 1.3, "hygiene": 1.2, "bijzondere-behoeften": 1.4, "amv": 1.2,
    "activiteiten": 1.3, "personeel": 1.4, "informatie": 0.8, "voeding": 0.7,
    "kleding-en-toelage": 0.6, "eigen-bijdrage": 0.5, "gezinseenheid": 0.7, "maatregelen": 0.8,
    "vge": 1.2,
}  # fmt: skip
# "*" applies to every theme. The north is short of doctors, the Randstad of space.
PROVINCE_THEME: dict[str, dict[str, float]] = {
    "groningen": {"gezondheidszorg": 2.2, "huisvesting": 1.3},
    "flevoland": {"gezondheidszorg": 2.0},
    "drenthe": {"gezondheidszorg": 1.6},
    "noord-holland": {"huisvesting": 1.6},
    "zuid-holland": {"huisvesting": 1.5, "personeel": 1.3},
    "limburg": {"veiligheid": 1.5},
    "zeeland": {"bijzondere-behoeften": 1.6},
    "fryslan": {"*": 0.8},
    "utrecht": {"*": 0.9},
}
MODALITY_THEME: dict[str, dict[str, float]] = {
    "crisisnoodopvang": {"*": 2.0},
    "noodopvang": {"*": 1.5},
    "col": {"*": 1.4, "huisvesting": 1.8},
    "tgo": {"*": 1.2},
    "dgo": {"*": 0.9},
    # Small-scale: good housing and safety, but no doctor or activities on site.
    "kso": {"*": 0.85, "huisvesting": 0.6, "veiligheid": 0.7, "gezondheidszorg": 1.7,
            "activiteiten": 1.6},
    "amv-kwv": {"amv": 1.4},
    "gezinslocatie": {"kinderen-onderwijs": 0.7},
    "nidos-kleinschalig": {"*": 0.7},
    "nidos-opvanggezin": {"*": 0.7},
}  # fmt: skip
OPERATOR_THEME: dict[str, dict[str, float]] = {"vge": {"vge": 1.4, "sturing": 1.3}}
SEVERITY_FACTOR = {"kritiek": 0.6, "hoog": 0.85, "gemiddeld": 1.0, "laag": 1.2}

OBSERVATIONS = {
    "huisvesting": (
        "Kamers overbezet; te weinig m² per bewoner.",
        "Vocht en schimmel in sanitair.",
    ),
    "gezondheidszorg": ("Geen spreekuur huisarts in de afgelopen weken.", "Medicatie onbeheerd."),
    "veiligheid": ("Ontruimingsplan niet actueel.", "Brandblussers niet gekeurd."),
    "hygiene": ("Gemeenschappelijke keuken vervuild.", "Schoonmaakrooster niet uitgevoerd."),
    "personeel": ("Structurele onderbezetting in de nachtdienst.", "Veel invalkrachten."),
    "activiteiten": ("Geen dagbesteding aangeboden.", "Activiteitenruimte gesloten."),
    "amv": ("Mentor niet bereikbaar voor jongeren.", "Geen individueel begeleidingsplan."),
    "bijzondere-behoeften": ("Kwetsbaarheid niet tijdig vastgesteld.", "Geen aangepaste kamer."),
}
GENERIC_OBSERVATIONS = (
    "Werkwijze niet vastgelegd.",
    "In gesprekken bleek de norm niet te worden nageleefd.",
    "Documentatie onvolledig.",
)
MET_OBSERVATIONS = ("", "", "", "Gezien tijdens de rondgang.", "Conform de documentatie.")
NOT_APPLICABLE_REASONS = (
    "Geen bewoners uit deze doelgroep aanwezig.",
    "Voorziening ontbreekt op deze locatie; elders belegd.",
)
NOT_JUDGED_REASONS = ("Geen gelegenheid tot gesprek met bewoners.", "Stukken niet ontvangen.")

# Finding status by the inspection's age in quarters (0 = the last quarter of the end year).
FINDING_STATUSES = ("open", "plan_ingediend", "in_uitvoering", "gemeld_opgelost", "geverifieerd")
STATUS_WEIGHTS_BY_AGE = (
    (1, (40, 30, 22, 8, 0)),
    (3, (10, 15, 25, 20, 30)),
    (99, (4, 3, 6, 7, 80)),
)


class BenchDataError(click.ClickException):
    """The database is not one to write bench data into; the message says why."""


@dataclass(frozen=True)
class BenchItem:
    id: int
    code: str
    theme: str
    severity: str
    repair_order: str
    conditions: spec.Applicability


@dataclass(frozen=True)
class BenchVersion:
    id: int
    valid_from: date
    items: tuple[BenchItem, ...]


@dataclass(frozen=True)
class Site:
    """A location to create, with what its judgments depend on."""

    name: str
    operator_type: str
    modality: str
    capacity: int
    municipality: str
    province: str
    groups: frozenset[str]
    opened_on: date


@dataclass(frozen=True)
class Team:
    leads: tuple[int, ...]
    coordinator: int


@dataclass
class Ids:
    """The next free id per table (ids are assigned here, not by the database)."""

    location: int
    inspection: int
    answer: int
    finding: int


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
        + (
            f" (waarvan trendsamenvatting {counts['summary_seconds']:.1f} s)."
            if counts["summary_seconds"] is not None
            else "."
        )
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
    any were made) and how long the trend summary took to rebuild (if there is one).

    :param seed: the same seed with the same sizes and end year gives the same rows.
    """
    versions = _versions()
    password = secrets.token_urlsafe(15)
    created = _ensure_users(password)
    teams = _teams()
    rng = random.Random(f"{seed}:sites")  # noqa: S311 (synthetic data, no secret)
    sites = _plan_sites(rng, n_locations, end_year - n_years + 1)
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
    rebuild, rebuilt = _summary_rebuild(), time.perf_counter()
    if rebuild is not None:
        rebuild()
    db.session.commit()
    summary = time.perf_counter() - rebuilt if rebuild is not None else None
    return counts | {"password": password if created else None, "summary_seconds": summary}


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


def _plan_sites(rng: random.Random, n: int, first_year: int) -> list[Site]:
    # The first twelve cover every province once, so that even a small set shows them all.
    provinces = list(PROVINCES)
    rng.shuffle(provinces)
    weights = [weight for weight, _ in PROVINCES.values()]
    seen: dict[str, int] = {}
    sites = []
    for number in range(n):
        if number < len(provinces):
            province = provinces[number]
        else:
            province = rng.choices(list(PROVINCES), weights)[0]
        municipality = rng.choice(PROVINCES[province][1])
        operator_type = _pick(rng, OPERATOR_TYPES)
        modality = _pick(rng, MODALITY_MIX[operator_type])
        prefix, low, high, always, sometimes = MODALITY_SHAPES[modality]
        capacity = rng.randint(low, high)
        if high > 200:
            capacity = max(low, capacity // 10 * 10)
        letters = always + "".join(letter for letter in sometimes if rng.random() < 0.5)
        base = f"{prefix} {municipality}"
        seen[base] = seen.get(base, 0) + 1
        sites.append(
            Site(
                name=base if seen[base] == 1 else f"{base} {seen[base]}",
                operator_type=operator_type,
                modality=modality,
                capacity=capacity,
                municipality=municipality,
                province=province,
                groups=frozenset(GROUP_LETTERS[letter] for letter in letters),
                opened_on=date(first_year - rng.randint(0, 8), rng.randint(1, 12), 1),
            )
        )
    return sites


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _max_id(model: Any) -> int:
    return db.session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0


def _summary_rebuild() -> Callable[[], int] | None:
    """``inspectie.trends.summary.rebuild``, when that module exists."""
    name = "inspectie.trends.summary"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None
    rebuild: Callable[[], int] = module.rebuild
    return rebuild


def version_on(versions: Sequence[BenchVersion], day: date) -> BenchVersion:
    """The version with the latest ``valid_from`` on or before ``day``; else the first."""
    chosen = versions[0]
    for version in versions:
        if version.valid_from <= day:
            chosen = version
    return chosen


def deviation_chance(site: Site, theme: str, severity: str, years_back: int) -> float:
    """How likely an item deviates, before a location's own effect and a repeat.

    :param years_back: how many years before the end year (older years are a little worse).
    """
    chance = BASE_DEVIATION * THEME_FACTOR.get(theme, 1.0) * SEVERITY_FACTOR[severity]
    chance *= YEARLY_IMPROVEMENT**years_back
    for table, key in (
        (PROVINCE_THEME, site.province),
        (MODALITY_THEME, site.modality),
        (OPERATOR_THEME, site.operator_type),
    ):
        factors = table.get(key, {})
        chance *= factors.get("*", 1.0) * factors.get(theme, 1.0)
    return chance


def _moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _weekday_in_quarter(rng: random.Random, year: int, quarter: int) -> date:
    first = date(year, 3 * quarter + 1, 1)
    following = date(year + 1, 1, 1) if quarter == 3 else date(year, 3 * quarter + 4, 1)
    while True:
        day = first + timedelta(days=rng.randrange((following - first).days))
        if day.weekday() < 5:
            return day


class BulkWriter:
    """Rows as tuples into a table: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""

    def __init__(self, dialect: str) -> None:
        self.is_postgres = dialect == "postgresql"

    def day(self, value: date | None) -> object:
        # SQLite stores dates and times as text, in the format SQLAlchemy writes and reads.
        if value is None or self.is_postgres:
            return value
        return value.isoformat()

    def moment(self, value: datetime) -> object:
        if self.is_postgres:
            return value
        return (
            value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        )

    def flag(self, value: bool) -> object:
        return value if self.is_postgres else int(value)

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        connection = db.session.connection()
        if self.is_postgres:
            # The table and column names are this module's constants, never input.
            cursor: Any = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

    def advance_sequences(self, tables: Sequence[str]) -> None:
        """Set PostgreSQL's id sequences past the ids assigned here."""
        if not self.is_postgres:
            return  # SQLite takes max(rowid) + 1 by itself
        for table in tables:
            db.session.connection().exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


LOCATION_COLUMNS = (
    "id", "name", "operator_id", "operator_type", "modality", "capacity", "municipality",
    "province", "has_families", "has_minors", "has_amv", "has_special_needs", "status",
    "opened_on", "closed_on", "created_at", "updated_at", "revision",
)  # fmt: skip
INSPECTION_COLUMNS = (
    "id", "location_id", "checklist_version_id", "type", "status", "planned_on", "theme_codes",
    "lead_id", "created_by_id", "created_at", "started_at", "submitted_at", "reviewer_id",
    "finalised_at", "content_hash", "revision",
)  # fmt: skip
ANSWER_COLUMNS = (
    "id", "inspection_id", "item_id", "position", "judgment", "observation", "reason",
    "revision", "updated_at", "updated_by_id", "severity", "repair_order", "deadline",
)  # fmt: skip
FINDING_COLUMNS = (
    "id", "inspection_id", "answer_id", "location_id", "item_id", "judgment", "severity",
    "observation", "repair_order", "deadline", "status", "created_at", "status_changed_at",
    "followed_up_in_id", "revision",
)  # fmt: skip


class Chunk:
    """The rows of a few locations, written in one transaction."""

    def __init__(
        self,
        writer: BulkWriter,
        ids: Ids,
        versions: Sequence[BenchVersion],
        end_year: int,
        n_years: int,
    ) -> None:
        self.w, self.ids, self.versions = writer, ids, versions
        self.end_year, self.n_years = end_year, n_years
        self.locations: list[tuple[object, ...]] = []
        self.inspections: list[tuple[object, ...]] = []
        self.answers: list[tuple[object, ...]] = []
        self.findings: list[tuple[object, ...]] = []
        self.first_inspection = ids.inspection

    def add_location(self, rng: random.Random, site: Site, operator_id: int, team: Team) -> None:
        w, location_id = self.w, self.ids.location
        self.ids.location += 1
        created = w.moment(_moment(site.opened_on, 9))
        groups = [w.flag(group in site.groups) for group in GROUP_LETTERS.values()]
        self.locations.append(
            (location_id, site.name, operator_id, site.operator_type, site.modality,
             site.capacity, site.municipality, site.province, *groups, "open",
             w.day(site.opened_on), None, created, created, 1)
        )  # fmt: skip
        effect = rng.lognormvariate(0, 0.35)  # some locations are persistently worse
        profile = spec.LocationProfile(site.operator_type, site.modality, site.groups)
        chances: dict[tuple[int, int], list[float]] = {}
        applicable: dict[int, list[BenchItem]] = {}
        previous: set[str] = set()
        for year in range(self.end_year - self.n_years + 1, self.end_year + 1):
            for quarter in range(4):
                planned = _weekday_in_quarter(rng, year, quarter)
                version = version_on(self.versions, planned)
                if version.id not in applicable:
                    applicable[version.id] = [
                        item for item in version.items if spec.applies(item.conditions, profile)
                    ]
                items = applicable[version.id]
                back = self.end_year - year
                if (version.id, year) not in chances:
                    chances[version.id, year] = [
                        min(
                            MAX_DEVIATION,
                            effect * deviation_chance(site, i.theme, i.severity, back),
                        )
                        for i in items
                    ]
                age = (self.end_year - year) * 4 + 3 - quarter
                previous = self._inspection(
                    rng, location_id, planned, version, items, chances[version.id, year],
                    previous, team, age,
                )  # fmt: skip

    def _inspection(
        self,
        rng: random.Random,
        location_id: int,
        planned: date,
        version: BenchVersion,
        items: list[BenchItem],
        chances: list[float],
        previous: set[str],
        team: Team,
        age: int,
    ) -> set[str]:
        w, inspection_id = self.w, self.ids.inspection
        self.ids.inspection += 1
        lead = rng.choice(team.leads)
        submitted = planned + timedelta(days=rng.randint(1, 7))
        finalised_day = submitted + timedelta(days=rng.randint(2, 12))
        finalised = _moment(finalised_day, 14)
        saved = w.moment(_moment(planned, 15))
        with_findings = age < FINDING_YEARS * 4
        judgments, deviated = [], set()
        rand = rng.random
        for position, (item, chance) in enumerate(zip(items, chances, strict=True)):
            if item.code in previous:
                chance = min(MAX_DEVIATION, chance * REPEAT_FACTOR)
            roll = rand()
            observation = reason = ""
            severity = repair_order = deadline = None
            if roll < chance:
                judgment = "voldoet_niet" if rand() < SHARE_NOT_MET else "voldoet_deels"
                observation = rng.choice(OBSERVATIONS.get(item.theme, GENERIC_OBSERVATIONS))
                deviated.add(item.code)
                if with_findings:
                    severity, repair_order = item.severity, item.repair_order
                    deadline = finalised_day + timedelta(days=DEADLINE_DAYS[item.severity])
                    self._finding(rng, inspection_id, location_id, item, judgment, observation,
                                  deadline, finalised, age)  # fmt: skip
            elif roll < chance + NOT_APPLICABLE:
                judgment, reason = "niet_van_toepassing", rng.choice(NOT_APPLICABLE_REASONS)
            elif roll < chance + NOT_APPLICABLE + NOT_JUDGED:
                judgment, reason = "niet_beoordeeld", rng.choice(NOT_JUDGED_REASONS)
            else:
                judgment, observation = "voldoet", rng.choice(MET_OBSERVATIONS)
            judgments.append(judgment)
            self.answers.append(
                (self.ids.answer, inspection_id, item.id, position, judgment, observation,
                 reason, 1 if judgment == "voldoet" else 2, saved, lead, severity, repair_order,
                 w.day(deadline))
            )  # fmt: skip
            self.ids.answer += 1
        content = f"{location_id}|{planned}|{version.id}|{','.join(judgments)}"
        self.inspections.append(
            (inspection_id, location_id, version.id,
             "onaangekondigd" if rng.random() < 0.15 else "regulier",
             "ter_review",  # the chunk's UPDATE makes it final once its answers are in
             w.day(planned), "[]", lead, team.coordinator,
             w.moment(_moment(planned - timedelta(days=rng.randint(21, 60)), 9)),
             w.moment(_moment(planned, 7)), w.moment(_moment(submitted, 15)), team.coordinator,
             w.moment(finalised), hashlib.sha256(content.encode()).hexdigest(), 6)
        )  # fmt: skip
        return deviated

    def _finding(
        self,
        rng: random.Random,
        inspection_id: int,
        location_id: int,
        item: BenchItem,
        judgment: str,
        observation: str,
        deadline: date,
        finalised: datetime,
        age: int,
    ) -> None:
        weights = next(weights for limit, weights in STATUS_WEIGHTS_BY_AGE if age <= limit)
        status = rng.choices(FINDING_STATUSES, weights)[0]
        steps = FINDING_STATUSES.index(status)
        changed = finalised + timedelta(days=steps * rng.randint(7, 30))
        w = self.w
        self.findings.append(
            (self.ids.finding, inspection_id, self.ids.answer, location_id, item.id, judgment,
             item.severity, observation, item.repair_order, w.day(deadline), status,
             w.moment(finalised), w.moment(changed), None, 1 + steps)
        )  # fmt: skip
        self.ids.finding += 1

    def write(self) -> None:
        """Locations, inspections under review, answers; then final; then findings."""
        w = self.w
        w.insert(Location.__tablename__, LOCATION_COLUMNS, self.locations)
        w.insert(Inspection.__tablename__, INSPECTION_COLUMNS, self.inspections)
        w.insert(Answer.__tablename__, ANSWER_COLUMNS, self.answers)
        db.session.execute(
            update(Inspection)
            .where(Inspection.id.between(self.first_inspection, self.ids.inspection - 1))
            .values(status="vastgesteld")
            .execution_options(synchronize_session=False)
        )
        w.insert(Finding.__tablename__, FINDING_COLUMNS, self.findings)
        w.advance_sequences([m.__tablename__ for m in (Location, Inspection, Answer, Finding)])
