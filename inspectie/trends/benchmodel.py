"""The synthetic country of `inspectie bench-data`: where locations are, who runs them, and how
likely each item deviates (by theme, province, modality, operator type, severity and year).

Pure: no database. The figures are made up to look plausible, with regional and thematic
differences for the trend dashboards to show; they are not findings about real locations.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from inspectie.checklists import spec

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


def plan_sites(rng: random.Random, n: int, first_year: int) -> list[Site]:
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


def weekday_in_quarter(rng: random.Random, year: int, quarter: int) -> date:
    first = date(year, 3 * quarter + 1, 1)
    following = date(year + 1, 1, 1) if quarter == 3 else date(year, 3 * quarter + 4, 1)
    while True:
        day = first + timedelta(days=rng.randrange((following - first).days))
        if day.weekday() < 5:
            return day
