"""Every figure of :func:`trend_rows`, for every dimension, period and many filters, equals the
count made straight from the answers table (tests/trends/conftest.py: ``expected``)."""

from datetime import date

import pytest

from inspectie.trends.queries import BY, TrendFilters, TrendSource, trend_rows
from tests.trends.conftest import FILTERS, Landscape, expected


def figures(by: str, period: str | None, filters: TrendFilters) -> dict[object, tuple[int, int]]:
    return {(r.group, r.period): (r.judged, r.deficient) for r in trend_rows(by, period, filters)}


@pytest.mark.parametrize("period", [None, "quarter", "year"])
@pytest.mark.parametrize("by", list(BY))
def test_figures_equal_the_count_from_the_answers(
    landscape: Landscape, by: str, period: str | None
) -> None:
    for filters in FILTERS:
        want = expected(by, period, filters)
        assert figures(by, period, filters) == want, filters
    assert expected(by, period, TrendFilters()), "the landscape has figures"


def test_one_source_answers_every_question_of_a_page(landscape: Landscape) -> None:
    """A page reads the edge days of its window once and asks every split of them."""
    for filters in FILTERS:
        source = TrendSource()
        for by in BY:
            for period in (None, "quarter", "year"):
                rows = trend_rows(by, period, filters, source)
                got = {(r.group, r.period): (r.judged, r.deficient) for r in rows}
                assert got == expected(by, period, filters), (by, period, filters)


def test_the_item_that_changed_code_keeps_its_trend(landscape: Landscape) -> None:
    """INF-02 (version 1.0) continues as INF-03 (2.0): one trend, labelled with the new title."""
    rows = [r for r in trend_rows("item", "year", TrendFilters()) if r.group == "proef:INF-02"]
    assert [(r.period, r.label) for r in rows] == [
        ("2025", "Begrijpelijke en tijdige taal"),
        ("2026", "Begrijpelijke en tijdige taal"),
    ]
    # 2026: as INF-02 in 1.0 c (voldoet_niet) and b (voldoet_deels); as INF-03 in 2.0 c and a
    # (voldoet_niet), d (voldoet) and b (voldoet_deels).
    assert (rows[1].judged, rows[1].deficient) == (6, 5)
    groups = {r.group for r in trend_rows("item", None, TrendFilters())}
    assert "proef:INF-03" not in groups
    # The same code in another checklist is another norm.
    assert {"proef:INF-01", "signalen:INF-01"} <= groups


def test_rows_carry_labels_and_rates(landscape: Landscape) -> None:
    rows = trend_rows("province", None, TrendFilters())
    assert [(r.group, r.label) for r in rows] == [
        ("groningen", "Groningen"),
        ("drenthe", "Drenthe"),
        ("limburg", "Limburg"),
    ]  # in the usual order of the provinces
    for row in rows:
        assert row.rate == round(row.deficient / row.judged, 4)
    themes = {r.group: r.label for r in trend_rows("theme", None, TrendFilters())}
    # A theme is labelled with its title in the newest version that has it.
    assert themes == {
        "informatie": "Informatie bij aankomst",
        "amv": "Amv en voogdij",
        "veiligheid": "+Veiligheid",
    }


def test_an_item_with_two_legal_bases_counts_toward_both(landscape: Landscape) -> None:
    rows = {
        r.group: (r.judged, r.deficient)
        for r in trend_rows("legal_basis", None, TrendFilters(checklist="signalen"))
    }
    # signalen INF-01 (Rva 2005 art. 2 lid 3 and @Bron 2025 art. 1): judged twice, deficient
    # once; VEI-01 (@Bron 2025 art. 2) judged twice, deficient twice.
    assert rows == {
        "Rva 2005 art. 2 lid 3": (2, 1),
        "@Bron 2025 art. 1": (2, 1),
        "@Bron 2025 art. 2": (2, 2),
    }


def test_no_judged_answers_no_rows(landscape: Landscape) -> None:
    nothing = TrendFilters(start=date(2030, 1, 1))
    assert all(trend_rows(by, "quarter", nothing) == [] for by in BY)
    assert trend_rows("item", None, TrendFilters(province="zeeland")) == []


def test_unknown_dimension_or_period_is_refused(landscape: Landscape) -> None:
    with pytest.raises(ValueError, match="dimension"):
        trend_rows("gemeente", None, TrendFilters())
    with pytest.raises(ValueError, match="period"):
        trend_rows("province", "month", TrendFilters())
