"""Fictional demo data: the organisations, users and locations that `inspectie demo` loads.

The location names are made up; the municipalities and provinces are real so that the maps and
filters have something true to show. Nothing here describes a real reception site.
"""

from typing import Final

DEMO_PASSWORD: Final = "demo-wachtwoord-2026"  # noqa: S105 (printed for the demo)
DEMO_DOMAIN: Final = "@demo.example"

INSPECTORATE: Final = "Inspectie Justitie en Veiligheid"

# (name, kind)
ORGANISATIONS: Final = [
    (INSPECTORATE, "inspectie"),
    ("COA", "coa"),
    ("Nidos", "nidos"),
    ("Gemeente Utrecht", "gemeente"),
    ("Gemeente Zwolle", "gemeente"),
    ("Gemeente Eindhoven", "gemeente"),
    ("Gemeente Leeuwarden", "gemeente"),
    ("Gemeente Rotterdam", "gemeente"),
]

# (e-mail, name, role, organisation)
USERS: Final = [
    ("beheerder@demo.example", "Bram Beheer", "beheerder", INSPECTORATE),
    ("coordinator@demo.example", "Carla Coördinator", "coordinator", INSPECTORATE),
    ("inspecteur@demo.example", "Iris Inspecteur", "inspecteur", INSPECTORATE),
    ("inspecteur2@demo.example", "Ivo Inspecteur", "inspecteur", INSPECTORATE),
    ("coa@demo.example", "Kees van COA", "ketenpartner", "COA"),
    ("nidos@demo.example", "Nadia van Nidos", "ketenpartner", "Nidos"),
    ("gemeente@demo.example", "Gert van Gemeente Utrecht", "ketenpartner", "Gemeente Utrecht"),
]

# (name, operator, operator type, modality, capacity, municipality, province, groups)
# groups: f = families, m = minors, a = amv, s = special needs
LOCATIONS: Final = [
    ("azc Esdoornlaan", "COA", "coa", "azc", 600, "Groningen", "groningen", "fms"),
    ("col Veenkoloniën", "COA", "coa", "col", 2000, "Westerwolde", "groningen", "fmas"),
    ("kwv Noorderhaven", "COA", "coa", "amv-kwv", 18, "Groningen", "groningen", "ma"),
    ("azc Wâldrand", "COA", "coa", "azc", 400, "Leeuwarden", "fryslan", "fms"),
    ("Opvang Oldehove", "Gemeente Leeuwarden", "vge", "kso", 120, "Leeuwarden", "fryslan", "fm"),
    ("azc Hunzedal", "COA", "coa", "azc", 500, "Assen", "drenthe", "fms"),
    ("gezinslocatie Brink", "COA", "coa", "gezinslocatie", 250, "Assen", "drenthe", "fm"),
    ("Opvang Sassenpoort", "Gemeente Zwolle", "vge", "dgo", 300, "Zwolle", "overijssel", "fms"),
    ("KSO Vechtoever", "Gemeente Zwolle", "vge", "kso", 90, "Zwolle", "overijssel", "f"),
    ("azc Twentekanaal", "COA", "coa", "azc", 650, "Enschede", "overijssel", "fms"),
    ("azc Polderzicht", "COA", "coa", "azc", 700, "Lelystad", "flevoland", "fms"),
    ("noodopvang Havenhal", "COA", "coa", "noodopvang", 300, "Almere", "flevoland", "s"),
    ("pol Rijnwaard", "COA", "coa", "pol", 450, "Arnhem", "gelderland", "fms"),
    ("azc Veluwezoom", "COA", "coa", "azc", 550, "Apeldoorn", "gelderland", "fms"),
    (
        "Nidos kleinschalig Apeldoorn-Zuid",
        "Nidos",
        "nidos",
        "nidos-kleinschalig",
        12,
        "Apeldoorn",
        "gelderland",
        "ma",
    ),
    (
        "Nidos opvanggezinnen Gelderland",
        "Nidos",
        "nidos",
        "nidos-opvanggezin",
        40,
        "Nijmegen",
        "gelderland",
        "ma",
    ),
    ("Opvang Croeselaan", "Gemeente Utrecht", "vge", "dgo", 400, "Utrecht", "utrecht", "fms"),
    ("KSO Kanaleneiland", "Gemeente Utrecht", "vge", "kso", 150, "Utrecht", "utrecht", "fm"),
    ("Opvang Lombok", "Gemeente Utrecht", "vge", "tgo", 200, "Utrecht", "utrecht", "s"),
    ("azc Amstelveld", "COA", "coa", "azc", 800, "Amsterdam", "noord-holland", "fms"),
    (
        "crisisnoodopvang Sporthal Noord",
        "COA",
        "coa",
        "crisisnoodopvang",
        150,
        "Haarlem",
        "noord-holland",
        "",
    ),
    ("kwv Zaanoever", "COA", "coa", "amv-kwv", 20, "Zaanstad", "noord-holland", "ma"),
    ("pol Maasvlakte", "COA", "coa", "pol-amv", 300, "Rijswijk", "zuid-holland", "ma"),
    ("azc Kralingen", "COA", "coa", "azc", 650, "Rotterdam", "zuid-holland", "fms"),
    (
        "Opvang Katendrecht",
        "Gemeente Rotterdam",
        "vge",
        "kso",
        140,
        "Rotterdam",
        "zuid-holland",
        "fm",
    ),
    ("azc Scheldeweg", "COA", "coa", "azc", 350, "Middelburg", "zeeland", "fms"),
    ("KSO Walcheren", "COA", "coa", "kso", 100, "Vlissingen", "zeeland", "f"),
    ("Opvang Strijp", "Gemeente Eindhoven", "vge", "dgo", 350, "Eindhoven", "noord-brabant", "fms"),
    ("col Kempen", "COA", "coa", "col", 800, "Cranendonck", "noord-brabant", "fmas"),
    ("ibo Dommeldal", "COA", "coa", "ibo", 40, "Eindhoven", "noord-brabant", "s"),
    ("azc Maasboulevard", "COA", "coa", "azc", 500, "Venlo", "limburg", "fms"),
    ("azc Heuvelland", "COA", "coa", "azc", 450, "Maastricht", "limburg", "fms"),
    (
        "Nidos kleinschalig Sittard",
        "Nidos",
        "nidos",
        "nidos-kleinschalig",
        10,
        "Sittard-Geleen",
        "limburg",
        "ma",
    ),
]
