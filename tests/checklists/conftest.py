"""Small, valid checklist files to build tests on."""

import textwrap
from pathlib import Path

import pytest

V1 = textwrap.dedent("""\
    id: proef
    version: "1.0"
    title: Proefnormen
    valid_from: 2024-02-01
    valid_to: 2026-06-11
    sources:
      - id: rva
        title: Regeling verstrekkingen asielzoekers
        citation: Rva 2005
        link: https://wetten.overheid.nl/
      - id: rcd
        title: Richtlijn 2013/33/EU
        citation: Richtlijn 2013/33/EU
      - id: brief
        title: Brief van de minister
        citation: Kamerbrief 3 juli 2026
        verified: false
        note: Alleen uit de brief bekend.
    themes:
      - code: informatie
        title: Informatie bij aankomst
        items:
          - code: INF-01
            title: Schriftelijke informatie
            norm: De bewoner krijgt binnen tien dagen schriftelijk informatie.
            guidance: Bekijk de informatiemap.
            methods: [documenten, gesprekken]
            legal_basis:
              - source: rva
                article: "2"
                lid: "3"
          - code: INF-02
            title: Begrijpelijke taal
            norm: De informatie is in een taal die de bewoner begrijpt.
            guidance: Vraag bewoners.
            legal_basis:
              - source: rva
                article: 2
                lid: 4
      - code: amv
        title: Amv en voogdij
        items:
          - code: AMV-01
            title: Veiligheidstaxatie
            norm: Van elke jeugdige is een veiligheidstaxatie vastgelegd.
            guidance: Dossiers.
            severity: hoog
            evidence_required_for: [voldoet_niet]
            applies_to:
              resident_groups: [amv]
            legal_basis:
              - source: brief
                article: "-"
          - code: AMV-02
            title: Oud toetspunt
            norm: Dit toetspunt vervalt.
            guidance: Geen.
            legal_basis:
              - source: rcd
                article: "24"
    """)

V2 = textwrap.dedent("""\
    id: proef
    version: "2.0"
    title: Proefnormen
    valid_from: 2026-06-12
    sources:
      - id: rva
        title: Regeling verstrekkingen asielzoekers
        citation: Rva 2005
      - id: rcd2024
        title: Richtlijn (EU) 2024/1346
        citation: Richtlijn (EU) 2024/1346
    themes:
      - code: informatie
        title: Informatie bij aankomst
        items:
          - code: INF-01
            title: Schriftelijke informatie
            norm: De bewoner krijgt binnen tien dagen schriftelijk informatie.
            guidance: Bekijk de informatiemap.
            methods: [documenten, gesprekken]
            replaces: [INF-01]
            legal_basis:
              - source: rva
                article: "2"
                lid: "3"
          - code: INF-03
            title: Begrijpelijke en tijdige taal
            norm: De informatie is in een taal die de bewoner begrijpt, ook mondeling.
            guidance: Vraag bewoners.
            replaces: [INF-02]
            legal_basis:
              - source: rva
                article: "2"
                lid: "4"
      - code: amv
        title: Amv en voogdij
        items:
          - code: AMV-01
            title: Veiligheidstaxatie
            norm: Van elke jeugdige is een veiligheidstaxatie vastgelegd.
            guidance: Dossiers.
            severity: kritiek
            replaces: [AMV-01]
            applies_to:
              resident_groups: [amv, minors]
            legal_basis:
              - source: rcd2024
                article: "27"
                verified: false
                note: Nummering niet gecontroleerd.
          - code: AMV-03
            title: Vertegenwoordiger
            norm: Elke amv heeft zo snel mogelijk een vertegenwoordiger.
            guidance: Dossiers.
            legal_basis:
              - source: rcd2024
                article: "27"
                lid: "1"
                onderdeel: b
    """)


@pytest.fixture
def checklist_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "proef-1.yaml").write_text(V1, encoding="utf-8")
    (folder / "proef-2.yaml").write_text(V2, encoding="utf-8")
    return folder
