"""The shipped norm set: valid, complete enough, and applying to the right locations."""

from pathlib import Path

import pytest

from inspectie.checklists.loader import load_paths
from inspectie.checklists.spec import LocationProfile, applies
from inspectie.config import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "checklists"


@pytest.fixture(scope="module")
def versions():
    checklists, errors = load_paths([Path(FOLDER)])
    assert errors == []
    return {c.version: c for c in checklists}


def test_two_versions_with_enough_themes_and_items(versions):
    assert set(versions) == {"2024.1", "2026.1"}
    for checklist in versions.values():
        assert len(checklist.themes) >= 15 and len(checklist.items) >= 90
        assert all(item.legal_basis for item in checklist.items)


def test_the_versions_cite_their_own_directive(versions):
    def citations(checklist):
        return {s.citation for s in checklist.sources}

    assert any("2013/33" in c for c in citations(versions["2024.1"]))
    assert any("2024/1346" in c for c in citations(versions["2026.1"]))
    assert not any("2013/33" in c for c in citations(versions["2026.1"]))


def test_every_continued_item_says_what_it_replaces(versions):
    old_codes = {item.code for item in versions["2024.1"].items}
    new = versions["2026.1"]
    continuing = [item for item in new.items if item.replaces]
    assert len(continuing) >= len(new.items) - 5
    assert all(set(item.replaces) <= old_codes for item in continuing)


def test_art_22a_and_the_igj_points_are_marked_unverified(versions):
    for checklist in versions.values():
        for item in checklist.items:
            citations = [b.cite(checklist.source(b.source).citation) for b in item.legal_basis]
            if any("22a" in c for c in citations):
                assert not checklist.is_item_verified(item), item.code


def _codes(checklist, operator_type, modality, groups=()):
    profile = LocationProfile(operator_type, modality, frozenset(groups))
    return {item.code for item in checklist.items if applies(item.applies_to, profile)}


def test_vge_items_apply_only_to_municipal_locations(versions):
    checklist = versions["2026.1"]
    coa = _codes(checklist, "coa", "azc", {"families"})
    vge = _codes(checklist, "vge", "azc", {"families"})
    vge_only = {i.code for i in checklist.items if i.applies_to.operator_types == ("vge",)}
    assert vge_only and vge_only <= vge and not vge_only & coa
    # The rest of the norms hold whoever runs the location (art. 22a Rva).
    coa_only = {i.code for i in checklist.items if i.applies_to.operator_types == ("coa",)}
    assert coa - coa_only == vge - vge_only


def test_kso_gets_its_own_items_and_a_large_azc_does_not(versions):
    checklist = versions["2026.1"]
    kso_only = {i.code for i in checklist.items if i.applies_to.modalities == ("kso",)}
    assert kso_only
    assert kso_only <= _codes(checklist, "vge", "kso")
    assert not kso_only & _codes(checklist, "coa", "azc")


def test_amv_and_family_items_follow_the_resident_groups(versions):
    checklist = versions["2026.1"]
    amv_items = {i.code for i in checklist.items if i.applies_to.resident_groups == ("amv",)}
    family_items = {
        i.code for i in checklist.items if i.applies_to.resident_groups == ("families",)
    }
    amv_site = _codes(checklist, "coa", "amv-kwv", {"amv", "minors"})
    family_site = _codes(checklist, "coa", "gezinslocatie", {"families", "minors"})
    adults_only = _codes(checklist, "coa", "azc")
    assert amv_items <= amv_site and not amv_items & family_site
    assert family_items <= family_site and not family_items & amv_site
    assert not (amv_items | family_items) & adults_only


def test_allowance_items_do_not_apply_in_the_registration_phase(versions):
    checklist = versions["2026.1"]
    not_at_col = {i.code for i in checklist.items if "col" in i.applies_to.except_modalities}
    assert not_at_col
    assert not not_at_col & _codes(checklist, "coa", "col")
    assert not_at_col <= _codes(checklist, "coa", "azc")
