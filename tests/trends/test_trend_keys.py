"""Trend keys across checklist versions: renames, splits, merges, codes used again."""

from inspectie.checklists.models import ChecklistVersion
from inspectie.trends import catalogue
from inspectie.trends.catalogue import assign_keys
from tests.inspections.conftest import checklists

__all__ = ["checklists"]  # the fixture, defined there


def test_the_first_version_is_keyed_by_code() -> None:
    assert assign_keys([("1", [("A", ()), ("B", ())])]) == [{"A": "A", "B": "B"}]


def test_a_renamed_item_keeps_its_key_across_versions() -> None:
    keys = assign_keys(
        [
            ("1", [("INF-01", ()), ("INF-02", ())]),
            ("2", [("INF-01", ("INF-01",)), ("INF-03", ("INF-02",))]),
            ("3", [("INF-01", ()), ("INF-04", ("INF-03",))]),  # renamed twice
        ]
    )
    assert keys[1] == {"INF-01": "INF-01", "INF-03": "INF-02"}
    assert keys[2] == {"INF-01": "INF-01", "INF-04": "INF-02"}


def test_the_parts_of_a_split_continue_the_trend() -> None:
    keys = assign_keys([("1", [("BIJ-01", ())]), ("2", [("BIJ-01", ()), ("BIJ-11", ("BIJ-01",))])])
    assert keys[1] == {"BIJ-01": "BIJ-01", "BIJ-11": "BIJ-01"}


def test_a_merge_continues_the_smallest_key_unless_a_code_stays() -> None:
    keys = assign_keys(
        [
            ("1", [("B", ()), ("A", ()), ("C", ()), ("D", ())]),
            ("2", [("X", ("C", "B")), ("D", ("D", "A"))]),
        ]
    )
    assert keys[1] == {"X": "B", "D": "D"}


def test_a_code_used_again_for_a_new_norm_gets_a_key_of_its_own() -> None:
    keys = assign_keys(
        [
            ("1", [("INF-02", ())]),
            ("2", [("INF-03", ("INF-02",))]),
            ("3", [("INF-03", ()), ("INF-02", ())]),  # INF-02 is new here
        ]
    )
    assert keys[2] == {"INF-03": "INF-02", "INF-02": "INF-02@3"}


def test_a_new_item_and_replaces_naming_nothing_known() -> None:
    keys = assign_keys([("1", [("A", ())]), ("2", [("A", ()), ("N", ("ZZ",))])])
    assert keys[1] == {"A": "A", "N": "N"}


def test_the_keys_of_the_shipped_checklists(checklists: list[ChecklistVersion]) -> None:
    """2026.1 continues 2024.1: renamed items and a split keep their trend."""
    found = catalogue.load()
    keys = {(i.code, found.order[i.version_id]): i.group for i in found.items.values()}
    newest = max(found.order.values())
    prefix = "kwaliteit-asielopvang:"
    assert keys["KIN-10", newest] == prefix + "KLT-06"
    assert keys["KIN-11", newest] == prefix + "KIN-01"
    assert keys["BIJ-10", newest] == keys["BIJ-11", newest] == prefix + "BIJ-01"
    titles = found.item_titles()
    assert titles[prefix + "BIJ-01"] == next(
        i.title for i in found.items.values() if i.code == "BIJ-10"
    )
    # Every other item keeps its own code.
    assert all(
        group == prefix + code
        for (code, _), group in keys.items()
        if code not in ("KIN-10", "KIN-11", "BIJ-10", "BIJ-11")
    )
