"""The loader: every rule has a bad file, and each error says exactly where it is."""

from pathlib import Path

import pytest

from inspectie.checklists.loader import ChecklistFileError, load_bytes, load_paths
from inspectie.checklists.spec import Applicability, LocationProfile, applies
from tests.checklists.conftest import V1, V2


def _errors(text: str | bytes) -> list[str]:
    content = text.encode() if isinstance(text, str) else text
    with pytest.raises(ChecklistFileError) as caught:
        load_bytes(content, "f.yaml")
    return [str(e) for e in caught.value.errors]


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    return hits[occurrence - 1]


def test_a_valid_file_loads_into_frozen_objects():
    checklist = load_bytes(V1.encode(), "v1.yaml")
    assert checklist.key == "proef@1.0"
    assert [t.code for t in checklist.themes] == ["informatie", "amv"]
    inf2 = checklist.items[1]
    assert inf2.legal_basis[0].article == "2" and inf2.legal_basis[0].lid == "4"
    assert inf2.observation_required_for == ("voldoet_deels", "voldoet_niet")
    assert inf2.legal_basis[0].cite("Rva 2005") == "Rva 2005 art. 2 lid 4"
    with pytest.raises(AttributeError):
        checklist.title = "anders"  # type: ignore[misc]


def test_unverified_follows_sources_bases_and_the_item_itself():
    checklist = load_bytes(V1.encode(), "v1.yaml")
    verified = {item.code: checklist.is_item_verified(item) for item in checklist.items}
    assert verified == {"INF-01": True, "INF-02": True, "AMV-01": False, "AMV-02": True}


@pytest.mark.parametrize(
    ("old", "new", "line_of", "message"),
    [
        (
            "valid_to: 2026-06-11",
            "valid_to: 2026-06-11\nkleur: rood",
            "kleur:",
            "onbekende sleutel 'kleur' in het normenkader",
        ),
        (
            "        guidance: Vraag bewoners.",
            "        guidance: Vraag bewoners.\n        zwaarte: hoog",
            "zwaarte:",
            "onbekende sleutel 'zwaarte' in een toetspunt",
        ),
        (
            "      - code: INF-02",
            "      - code: INF-01",
            "- code: INF-01|2",
            "toetspunt 'INF-01' staat al op regel",
        ),
        (
            "  - code: amv",
            "  - code: informatie",
            "- code: informatie|2",
            "thema 'informatie' staat twee keer",
        ),
        (
            "          - source: rcd",
            "          - source: wet",
            "source: wet",
            "bron 'wet' is niet gedeclareerd",
        ),
        ("  - id: rcd\n", "  - id: rva\n", "- id: rva|2", "bron 'rva' is al eerder gedeclareerd"),
        (
            '        legal_basis:\n          - source: rcd\n            article: "24"',
            "        legal_basis: []",
            "legal_basis: []",
            "heeft geen wettelijke grondslag",
        ),
        (
            "          resident_groups: [amv]",
            "          modalities: [hotel]",
            "hotel",
            "onbekende waarde 'hotel' in applies_to.modalities",
        ),
        (
            "          resident_groups: [amv]",
            "          operator_types: [bank]",
            "bank",
            "onbekende waarde 'bank' in applies_to.operator_types",
        ),
        (
            "valid_from: 2024-02-01",
            "valid_from: 2024-02-30",
            "valid_from",
            "valid_from '2024-02-30' is geen geldige datum",
        ),
        (
            "valid_to: 2026-06-11",
            "valid_to: 2020-01-01",
            "valid_to",
            "valid_to ligt vóór valid_from",
        ),
        ('version: "1.0"', "version: 1.0", "version:", "version moet tekst zijn"),
        (
            "        severity: hoog",
            "        severity: ernstig",
            "severity: ernstig",
            "onbekende severity 'ernstig'",
        ),
        (
            "        methods: [documenten, gesprekken]",
            "        methods: [telepathie]",
            "telepathie",
            "onbekende waarde 'telepathie' in methods",
        ),
        (
            "        evidence_required_for: [voldoet_niet]",
            "        evidence_required_for: [slecht]",
            "slecht",
            "onbekende waarde 'slecht'",
        ),
        (
            "      - code: INF-02",
            "      - code: inf-02",
            "code: inf-02",
            "heeft een ongeldige vorm",
        ),
        (
            "        title: Schriftelijke informatie",
            "        title: ''",
            "title: ''",
            "mag niet leeg zijn",
        ),
    ],
)
def test_each_rule_is_reported_with_its_line(old, new, line_of, message):
    assert old in V1, old
    text = V1.replace(old, new, 1)
    needle, _, occurrence = line_of.partition("|")
    line = _line_of(text, needle, int(occurrence or 1))
    errors = _errors(text)
    matching = [e for e in errors if message in e]
    assert matching, errors
    assert matching[0].startswith(f"f.yaml:{line}:"), (matching, line)


def test_missing_required_keys_are_named():
    text = V1.replace("title: Proefnormen\n", "", 1).replace(
        "        guidance: Bekijk de informatiemap.\n", "", 1
    )
    errors = _errors(text)
    assert any(
        "f.yaml:1:1: het normenkader mist de verplichte sleutel 'title'" in e for e in errors
    )
    assert any("een toetspunt mist de verplichte sleutel 'guidance'" in e for e in errors)


def test_every_error_of_a_file_is_reported_in_one_run():
    text = (
        V1.replace("valid_from: 2024-02-01", "valid_from: gisteren")
        .replace("          - source: rcd", "          - source: wet")
        .replace("          resident_groups: [amv]", "          modalities: [hotel]")
    )
    errors = _errors(text)
    assert len(errors) == 3
    assert errors == sorted(errors, key=lambda e: int(e.split(":")[1]))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id: proef\ntitle: caf\xe9\n", "f.yaml:2:11: het bestand is geen geldige UTF-8"),
        (b"x: " + b"a" * 1_000_001, "f.yaml:1:1: het bestand is groter dan 1.000.000 bytes"),
        (b"id: proef\n  title: [x\n", "f.yaml:2:8: YAML-fout"),
        (b"", "f.yaml:1:1: het bestand is leeg"),
        (b"- een lijst\n", "f.yaml:1:1: het normenkader moet een mapping"),
        (b"id: &a proef\nversion: *a\n", "f.yaml:1:5: ankers en aliassen"),
        (b"id: proef\nid: proef\n", "f.yaml:2:1: sleutel 'id' staat twee keer"),
        (b"a: 1\n---\nb: 2\n", "YAML-fout"),
        (b"id: !!python/object:os.system x\n", "f.yaml:1:5: id moet tekst zijn"),
    ],
)
def test_broken_files_get_a_clear_positioned_message(content, expected):
    errors = _errors(content)
    assert any(expected in e for e in errors), errors


def test_set_rules_between_versions(checklist_dir: Path):
    checklists, errors = load_paths([checklist_dir])
    assert errors == [] and [c.key for c in checklists] == ["proef@1.0", "proef@2.0"]

    (checklist_dir / "proef-2.yaml").write_text(
        V2.replace("replaces: [INF-02]", "replaces: [INF-09]"), encoding="utf-8"
    )
    (checklist_dir / "proef-1b.yaml").write_text(
        V1.replace("valid_to: 2026-06-11\n", ""), encoding="utf-8"
    )
    _, errors = load_paths([checklist_dir])
    messages = [str(e) for e in errors]
    assert any(
        "proef-2.yaml" in m and "replaces 'INF-09' bestaat niet in proef@1.0" in m for m in messages
    ), messages
    assert any("versie proef@1.0 staat ook in" in m for m in messages), messages


def test_overlapping_validity_is_refused(checklist_dir: Path):
    (checklist_dir / "proef-1.yaml").write_text(
        V1.replace("valid_to: 2026-06-11\n", ""), encoding="utf-8"
    )
    _, errors = load_paths([checklist_dir])
    assert any("heeft geen einddatum daarvóór" in str(e) for e in errors)


@pytest.mark.parametrize(
    ("conditions", "profile", "expected"),
    [
        (Applicability(), ("coa", "azc", set()), True),
        (Applicability(operator_types=("vge",)), ("coa", "azc", set()), False),
        (Applicability(operator_types=("vge",)), ("vge", "kso", set()), True),
        (Applicability(modalities=("kso",)), ("vge", "kso", set()), True),
        (Applicability(except_modalities=("col",)), ("coa", "col", set()), False),
        (Applicability(resident_groups=("amv",)), ("coa", "azc", {"families"}), False),
        (
            Applicability(resident_groups=("amv", "minors")),
            ("nidos", "nidos-opvanggezin", {"minors"}),
            True,
        ),
    ],
)
def test_applies(conditions, profile, expected):
    operator_type, modality, groups = profile
    assert (
        applies(conditions, LocationProfile(operator_type, modality, frozenset(groups))) is expected
    )
