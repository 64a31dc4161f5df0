"""The closed vocabularies of the domain: code -> Dutch label.

Codes are stored in the database (guarded by CHECK constraints) and used in checklists and the
API; labels are what the UI shows. Sources: ../shared/design.md §3 and ../shared/domain.md §6.
"""

from collections.abc import Iterable
from typing import Final

ROLES: Final = {
    "beheerder": "Beheerder",
    "coordinator": "Coördinator",
    "inspecteur": "Inspecteur",
    "ketenpartner": "Ketenpartner",
}
INSPECTORATE_ROLES: Final = ("beheerder", "coordinator", "inspecteur")

ORGANISATION_KINDS: Final = {
    "coa": "COA",
    "gemeente": "Gemeente",
    "nidos": "Nidos",
    "inspectie": "Inspectie",
    "overig": "Overig",
}

OPERATOR_TYPES: Final = {
    "coa": "COA",
    "vge": "Gemeente (volledige exploitatie, VGE)",
    "nidos": "Nidos",
}

# The twelve provinces, in the official spelling.
PROVINCES: Final = {
    "groningen": "Groningen",
    "fryslan": "Fryslân",
    "drenthe": "Drenthe",
    "overijssel": "Overijssel",
    "flevoland": "Flevoland",
    "gelderland": "Gelderland",
    "utrecht": "Utrecht",
    "noord-holland": "Noord-Holland",
    "zuid-holland": "Zuid-Holland",
    "zeeland": "Zeeland",
    "noord-brabant": "Noord-Brabant",
    "limburg": "Limburg",
}

# Reception modalities (domain.md §6 and §2.2). COA's internal regions are not modelled.
MODALITIES: Final = {
    "azc": "Asielzoekerscentrum (azc)",
    "kso": "Kleinschalige opvang (KSO, ≤ 150 plaatsen)",
    "col": "Centrale ontvangstlocatie (col)",
    "pol": "Procesopvanglocatie (pol)",
    "pol-amv": "Procesopvanglocatie amv",
    "amv-kwv": "Kleine woonvoorziening amv (kwv)",
    "nidos-opvanggezin": "Nidos opvanggezin",
    "nidos-kleinschalig": "Nidos kleinschalige opvang",
    "gezinslocatie": "Gezinslocatie (GL)",
    "vbl": "Vrijheidsbeperkende locatie (vbl)",
    "htl": "Handhaving- en toezichtlocatie (HTL)",
    "ibo": "Intensieve begeleidende opvang (ibo)",
    "time-out": "Time-outvoorziening",
    "noodopvang": "Noodopvang",
    "crisisnoodopvang": "Crisisnoodopvang",
    "tgo": "Tijdelijke gemeentelijke opvang (TGO)",
    "dgo": "Duurzame gemeentelijke opvang (DGO)",
}
KSO_MAX_CAPACITY: Final = 150

RESIDENT_GROUPS: Final = {
    "families": "Gezinnen",
    "minors": "Minderjarigen",
    "amv": "Alleenstaande minderjarige vreemdelingen (amv)",
    "special_needs": "Bijzondere opvangbehoeften",
}

LOCATION_STATUSES: Final = {"open": "Open", "gesloten": "Gesloten"}


def sql_in(column: str, codes: Iterable[str]) -> str:
    """SQL text for a CHECK constraint that keeps ``column`` within a vocabulary."""
    quoted = ", ".join(f"'{code}'" for code in codes)
    return f"{column} IN ({quoted})"
