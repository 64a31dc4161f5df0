"""Import into the database: once per version, immutable, same content changes nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from inspectie.checklists.diff import as_text, diff
from inspectie.checklists.loader import load_bytes, load_paths
from inspectie.checklists.models import ChecklistItem, ChecklistVersion
from inspectie.checklists.services import (
    ChecklistImportError,
    ChecklistValidationError,
    applicable_items,
    export_version,
    import_checklist,
    import_from_paths,
    profile_of,
    search_items,
    version_valid_on,
)
from inspectie.extensions import db
from tests.checklists.conftest import V1


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_then_export_gives_back_the_same_checklist(app):
    loaded = load_bytes(V1.encode(), "v1.yaml")
    outcome = import_checklist(None, loaded)
    assert outcome.created
    assert export_version(outcome.version) == loaded
    assert outcome.version.content_hash == loaded.content_hash()


def test_importing_the_same_content_again_changes_nothing(app):
    loaded = load_bytes(V1.encode(), "v1.yaml")
    first = import_checklist(None, loaded)
    db.session.commit()
    reformatted = load_bytes(("# a comment\n" + V1).encode(), "elders.yaml")
    second = import_checklist(None, reformatted)
    assert not second.created and second.version.id == first.version.id
    assert _count(ChecklistVersion) == 1 and _count(ChecklistItem) == 4


def test_other_content_under_an_existing_version_is_refused(app):
    import_checklist(None, load_bytes(V1.encode(), "v1.yaml"))
    db.session.commit()
    changed = load_bytes(V1.replace("binnen tien dagen", "binnen vijf dagen").encode(), "x")
    with pytest.raises(ChecklistImportError, match="nieuwe versie"):
        import_checklist(None, changed)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE checklist_items SET norm = 'stiekem anders'",
        "DELETE FROM item_legal_bases",
        "UPDATE checklist_versions SET valid_to = NULL",
        "DELETE FROM legal_sources",
    ],
)
def test_the_database_refuses_to_change_an_imported_version(app, statement):
    import_checklist(None, load_bytes(V1.encode(), "v1.yaml"))
    db.session.commit()
    with pytest.raises(DBAPIError, match="immutable"):
        db.session.execute(db.text(statement))
    db.session.rollback()
    assert db.session.scalar(
        select(ChecklistItem.norm).where(ChecklistItem.code == "INF-01")
    ).startswith("De bewoner krijgt binnen tien dagen")


def test_import_from_paths_is_all_or_nothing(app, checklist_dir):
    (checklist_dir / "kapot.yaml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(ChecklistValidationError) as caught:
        import_from_paths(None, [checklist_dir])
    assert "kapot.yaml:" in str(caught.value)
    assert _count(ChecklistVersion) == 0


def test_both_versions_live_side_by_side_and_the_date_picks_one(app, checklist_dir):
    import_from_paths(None, [checklist_dir])
    assert version_valid_on("proef", date(2025, 1, 1)).version == "1.0"
    assert version_valid_on("proef", date(2026, 6, 11)).version == "1.0"
    assert version_valid_on("proef", date(2026, 6, 12)).version == "2.0"
    assert version_valid_on("proef", date(2023, 1, 1)) is None
    assert version_valid_on("onbekend", date(2025, 1, 1)) is None


def test_applicability_for_location_profiles(app, checklist_dir, make_location, make_org):
    (v1, _v2) = (o.version for o in import_from_paths(None, [checklist_dir]))
    coa = make_location(operator_type="coa", modality="azc", has_families=True)
    amv = make_location(operator_type="coa", modality="amv-kwv", has_amv=True, has_minors=True)

    def codes(location):
        return [i.code for i in applicable_items(v1, profile_of(location))]

    assert codes(coa) == ["INF-01", "INF-02", "AMV-02"]
    assert codes(amv) == ["INF-01", "INF-02", "AMV-01", "AMV-02"]


def test_search_finds_text_and_legal_bases_case_insensitively(app, checklist_dir):
    import_from_paths(None, [checklist_dir])
    assert {i.code for i in search_items("TIEN DAGEN")} == {"INF-01"}
    assert {i.code for i in search_items("rva 2005 art. 2 lid 4")} == {"INF-02", "INF-03"}
    assert {i.code for i in search_items("2024/1346 art. 27 lid 1 onder b")} == {"AMV-03"}
    assert search_items("%") == []


def test_diff_between_the_two_versions(app, checklist_dir):
    checklists, errors = load_paths([checklist_dir])
    assert errors == []
    result = diff(*checklists)
    assert [c.new.code for c in result.added] == ["AMV-03"]
    assert [i.code for i in result.removed] == ["AMV-02"]
    assert [c.new.code for c in result.unchanged] == ["INF-01"]
    changed = {c.new.code: c.changes for c in result.changed}
    assert changed["INF-03"] == ("reworded",)
    # Unverified in both versions (a letter; an unchecked article number), so not "verification".
    assert set(changed["AMV-01"]) == {"legal_basis", "applicability", "severity", "evidence"}
    assert [(tuple(o.code for o in c.old), c.new.code) for c in result.renamed] == [
        (("INF-02",), "INF-03")
    ]
    text = as_text(result)
    assert "+ AMV-03" in text and "- AMV-02" in text and "INF-02 → INF-03" in text
