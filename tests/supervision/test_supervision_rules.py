"""The proposal rule, case by case at each threshold (a pure function: no database)."""

import pytest

from inspectie.supervision.rules import LEVEL_ORDER, FindingCounts, Proposal, is_higher, propose

NONE_OPEN = "Geen bevindingen open"
CALM = "Geen kritieke bevinding open en hoogstens 1 bevinding over de termijn"

CASES = [
    # nothing, or little: regulier
    (FindingCounts(), "regulier", [NONE_OPEN]),
    (FindingCounts(open=7), "regulier", [CALM]),
    (FindingCounts(open=1, overdue=1), "regulier", [CALM]),
    # verdiepend, each threshold on its own
    (FindingCounts(open=1, open_critical=1), "verdiepend", ["1 kritieke bevinding open"]),
    (
        FindingCounts(open=1, overdue_high=1, overdue=1),
        "verdiepend",
        ["1 bevinding met ernst hoog over de termijn"],
    ),
    (FindingCounts(open=2, overdue=2), "verdiepend", ["2 bevindingen over de termijn"]),
    (FindingCounts(open=4, overdue=4), "verdiepend", ["4 bevindingen over de termijn"]),
    # verdiepend, every threshold at once: every reason is named
    (
        FindingCounts(open=5, open_critical=1, overdue_high=3, overdue=3),
        "verdiepend",
        [
            "1 kritieke bevinding open",
            "3 bevindingen met ernst hoog over de termijn",
            "3 bevindingen over de termijn",
        ],
    ),
    # intensief, each threshold on its own
    (
        FindingCounts(open=1, open_critical=1, overdue_critical=1, overdue=1),
        "intensief",
        ["1 kritieke bevinding over de termijn"],
    ),
    (FindingCounts(open=2, open_critical=2), "intensief", ["2 kritieke bevindingen open"]),
    (FindingCounts(open=5, overdue=5), "intensief", ["5 bevindingen over de termijn"]),
    # intensief reasons only: the lesser thresholds are not repeated
    (
        FindingCounts(open=9, open_critical=3, overdue_critical=2, overdue_high=1, overdue=6),
        "intensief",
        [
            "2 kritieke bevindingen over de termijn",
            "3 kritieke bevindingen open",
            "6 bevindingen over de termijn",
        ],
    ),
]


@pytest.mark.parametrize(("counts", "level", "reasons"), CASES)
def test_proposal(counts: FindingCounts, level: str, reasons: list[str]) -> None:
    assert propose(counts) == Proposal(level, reasons)


def test_every_proposal_has_a_reason_and_a_label() -> None:
    for counts, _, _ in CASES:
        proposal = propose(counts)
        assert proposal.reasons
        assert proposal.label == proposal.level.capitalize()


def test_one_below_each_threshold_stays_a_level_lower() -> None:
    assert propose(FindingCounts(open=4, overdue=4)).level == "verdiepend"
    assert propose(FindingCounts(open=1, open_critical=1)).level == "verdiepend"
    assert propose(FindingCounts(open=1, overdue=1)).level == "regulier"
    assert propose(FindingCounts(open=1, overdue_high=0, overdue=1)).level == "regulier"


def test_levels_are_ordered() -> None:
    assert LEVEL_ORDER == ("regulier", "verdiepend", "intensief")
    assert is_higher("intensief", "verdiepend") and is_higher("verdiepend", "regulier")
    assert not is_higher("regulier", "regulier") and not is_higher("verdiepend", "intensief")
