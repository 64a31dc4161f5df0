"""The SVG charts: well-formed, named images whose texts are escaped, whose scales are right,
and that say so when there is nothing to draw."""

import xml.etree.ElementTree as ET

import pytest

from inspectie.trends.charts import (
    BAR_FILL,
    BAR_LEFT,
    BAR_TEXT_ROOM,
    BAR_WIDTH,
    DASH,
    EMPTY_FILL,
    EMPTY_TEXT,
    PART_FILL,
    SHADES,
    STYLES,
    TILE_GRID,
    Bar,
    Series,
    Tile,
    bar_chart,
    contrast,
    line_chart,
    nice_ceiling,
    percent,
    shade,
    text_colour,
    tile_map,
)
from inspectie.vocab import PROVINCES

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "quotes"'


def parse(markup: str) -> ET.Element:
    # Our own markup, not untrusted input; raises on anything that is not well-formed XML.
    root = ET.fromstring(str(markup))  # noqa: S314
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    key = root.get("aria-labelledby")
    assert key is not None and key.endswith("-title")
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == key and title.text
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.get("id") == root.get("aria-describedby")
    assert "style" not in str(markup)  # the CSP allows no inline style
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") == name]


# --- numbers and scales ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cap", "top"),
    [
        (0.123, 1.0, 0.2),
        (0.2, 1.0, 0.2),
        (0.21, 1.0, 0.25),
        (0.3, None, 0.5),
        (0.95, 1.0, 1.0),
        (1.0, 1.0, 1.0),
        (7, None, 10),
        (16, None, 20),
        (0.004, 1.0, 0.005),
        (0, 1.0, 1.0),
    ],
)
def test_a_scale_ends_on_a_round_number(value: float, cap: float | None, top: float) -> None:
    assert nice_ceiling(value, cap) == pytest.approx(top)


@pytest.mark.parametrize(
    ("rate", "text"),
    [(0.1234, "12,3 %"), (0.1, "10 %"), (0.0, "0 %"), (1.0, "100 %"), (None, DASH)],
)
def test_percentages_are_written_the_dutch_way(rate: float | None, text: str) -> None:
    assert percent(rate) == text


def test_every_shade_has_readable_text() -> None:
    for fill in (*SHADES, EMPTY_FILL):
        assert contrast(text_colour(fill), fill) >= 4.5, fill


def test_shades_split_the_scale_in_five() -> None:
    assert [shade(r, 0.5) for r in (0.0, 0.09, 0.1, 0.25, 0.49, 0.5, 0.7)] == [0, 0, 1, 2, 4, 4, 4]


# --- bars -----------------------------------------------------------------------------------


def test_bars_are_drawn_to_scale() -> None:
    bars = [Bar("Drenthe", 0.1, "10 %"), Bar("Limburg", 0.2, "20 %"), Bar("Zeeland", 0.0, "0 %")]
    root = parse(bar_chart("b", "Per provincie", bars))
    room = BAR_WIDTH - BAR_LEFT - BAR_TEXT_ROOM
    widths = [float(r.get("width", "")) for r in by_class(root, "chart-bar")]
    assert widths == pytest.approx([room / 2, room, 0], abs=0.1)  # the scale runs to 20 %
    assert all(r.get("fill") == BAR_FILL for r in by_class(root, "chart-bar"))
    ticks = [t.text for t in by_class(root, "chart-tick")]
    assert ticks == ["0 %", "4 %", "8 %", "12 %", "16 %", "20 %"]
    assert [t.text for t in by_class(root, "chart-value")] == ["10 %", "20 %", "0 %"]
    assert [t.text for t in by_class(root, "chart-label")] == ["Drenthe", "Limburg", "Zeeland"]


def test_a_part_of_a_bar_and_the_legend() -> None:
    bars = [Bar("Utrecht", 8, "8 open, 2 verstreken", part=2), Bar("Zeeland", 4, "4 open")]
    legend = [(BAR_FILL, "binnen termijn"), (PART_FILL, "termijn verstreken")]
    root = parse(bar_chart("f", "Bevindingen", bars, as_percent=False, legend=legend))
    full, part = by_class(root, "chart-bar")[0], by_class(root, "chart-part")
    assert len(part) == 1 and part[0].get("fill") == PART_FILL
    assert float(part[0].get("width", "")) == pytest.approx(float(full.get("width", "")) / 4)
    assert [t.text for t in by_class(root, "chart-tick")] == ["0", "2", "4", "6", "8", "10"]
    assert "termijn verstreken" in texts(root)


def test_a_scale_of_counts_has_whole_steps() -> None:
    root = parse(
        bar_chart("c", "Aantallen", [Bar("Rva 2005 art. 9", 2, "2 van 3")], as_percent=False)
    )
    assert [t.text for t in by_class(root, "chart-tick")] == ["0", "1", "2", "3", "4", "5"]


def test_bar_labels_are_escaped() -> None:
    markup = bar_chart("b", f"Titel {EVIL}", [Bar(EVIL, 0.5, f"50 % {EVIL}")])
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    root = parse(markup)
    assert EVIL in texts(root)
    assert f"50 % {EVIL}" in texts(root)
    assert root.find(f"{SVG}title").text == f"Titel {EVIL}"  # type: ignore[union-attr]


def test_a_key_that_would_break_out_of_its_attribute_is_escaped() -> None:
    markup = bar_chart('x" onload="alert(1)', "Titel", [Bar("a", 0.1, "10 %")])
    root = parse(markup)
    assert root.get("onload") is None
    assert root.get("aria-labelledby") == 'x" onload="alert(1)-title'


def test_a_long_label_is_shortened_in_the_chart_only() -> None:
    label = "Rva 2005 " + "zeer lang " * 20
    root = parse(bar_chart("b", "Titel", [Bar(label, 0.5, "50 %")]))
    [shown] = [t.text or "" for t in by_class(root, "chart-label")]
    assert len(shown) <= 80 and shown.endswith("…")
    assert label in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_no_bars_say_there_is_no_data() -> None:
    root = parse(bar_chart("b", "Per thema", []))
    assert texts(root) == [EMPTY_TEXT]
    assert by_class(root, "chart-bar") == []


# --- the tile map ---------------------------------------------------------------------------


def test_the_map_has_a_tile_for_each_province_with_its_numbers() -> None:
    tiles = [
        Tile(code, label, 0.4 if code == "drenthe" else None, "40 %" if code == "drenthe" else DASH)
        for code, label in PROVINCES.items()
    ]
    tiles[0] = Tile("groningen", "Groningen", 0.1, "10 %", "1 van 10")
    root = parse(tile_map("m", "Per provincie", tiles))
    groups = by_class(root, "chart-tile")
    assert len(groups) == 12 == len(TILE_GRID)
    names = [t.text for t in by_class(root, "chart-tile-name")]
    assert sorted(names) == sorted(PROVINCES.values())
    values = dict(zip(names, (t.text for t in by_class(root, "chart-tile-value")), strict=True))
    assert values["Drenthe"] == "40 %" and values["Groningen"] == "10 %"
    assert values["Limburg"] == DASH
    fills = {
        name: group.find(f"{SVG}rect").get("fill")  # type: ignore[union-attr]
        for name, group in zip(names, groups, strict=True)
    }
    # The scale runs to 50 %: 40 % is in the top shade, 10 % in the second.
    assert fills["Drenthe"] == SHADES[4]
    assert fills["Groningen"] == SHADES[1]
    assert fills["Limburg"] == EMPTY_FILL
    legend = [t.text for t in by_class(root, "chart-legend")]
    assert legend == [f"0{DASH}10 %", f"10{DASH}20 %", f"20{DASH}30 %", f"30{DASH}40 %",
                      f"40{DASH}50 %", EMPTY_TEXT]  # fmt: skip


def test_tiles_do_not_overlap() -> None:
    assert len(set(TILE_GRID.values())) == len(TILE_GRID) == 12
    assert set(TILE_GRID) == set(PROVINCES)


def test_map_labels_are_escaped() -> None:
    markup = tile_map("m", "Kaart", [Tile("utrecht", EVIL, 0.2, EVIL, EVIL)])
    assert "<script>" not in markup
    assert texts(parse(markup)).count(EVIL) == 3


def test_a_map_without_rates_says_there_is_no_data() -> None:
    root = parse(tile_map("m", "Per provincie", [Tile("utrecht", "Utrecht", None, DASH)]))
    assert texts(root) == [EMPTY_TEXT]


# --- lines over time ------------------------------------------------------------------------


def polylines(root: ET.Element) -> list[list[tuple[float, float]]]:
    def point(text: str) -> tuple[float, float]:
        x, y = text.split(",")
        return float(x), float(y)

    return [
        [point(p) for p in (line.get("points") or "").split()]
        for line in by_class(root, "chart-line")
    ]


def test_lines_are_drawn_to_scale_with_gaps() -> None:
    periods = ["2025-K1", "2025-K2", "2025-K3", "2025-K4"]
    series = [
        Series("Totaal", [0.1, 0.2, None, 0.4]),
        Series("COA", [0.0, 0.4, 0.2, None]),
    ]
    root = parse(line_chart("t", "Verloop", periods, series))
    total, coa = polylines(root)[0], polylines(root)[1]
    # Totaal: a line over the first two periods; the last one stands alone after the gap.
    assert len(total) == 2 and len(coa) == 3
    # The scale runs from 0 % to 50 %: COA's 40 % is at four fifths of its height.
    bottom, height = coa[0][1], (coa[0][1] - coa[1][1]) / 0.8
    assert total[0][1] == pytest.approx(bottom - 0.2 * height, abs=0.1)  # 10 %
    assert total[1][1] == pytest.approx(bottom - 0.4 * height, abs=0.1)  # 20 %
    assert coa[2][1] == pytest.approx(bottom - 0.4 * height, abs=0.1)  # 20 %
    xs = [x for x, _ in coa]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1])  # periods evenly spaced
    ticks = [t.text for t in by_class(root, "chart-tick")]
    assert ticks[:6] == ["0 %", "10 %", "20 %", "30 %", "40 %", "50 %"]
    assert ticks[6:] == periods
    assert {"Totaal", "COA"} <= set(texts(root))
    # Every line differs in more than colour: its dash and its markers.
    dashes = [line.get("stroke-dasharray") for line in by_class(root, "chart-line")]
    assert dashes[0] is None and dashes[-1] is not None
    assert root.findall(f".//{SVG}circle") and root.findall(f".//{SVG}polygon")


def test_a_line_keeps_its_style_whatever_else_is_drawn() -> None:
    alone = parse(line_chart("t", "Verloop", ["2025", "2026"], [Series("Nidos", [0.1, 0.2], 3)]))
    [line] = by_class(alone, "chart-line")
    assert line.get("stroke") == STYLES[3][0]
    assert line.get("stroke-dasharray") == STYLES[3][1]


def test_many_periods_thin_out_their_labels() -> None:
    periods = [f"{year}-K{q}" for year in range(2020, 2030) for q in (1, 2, 3, 4)]
    root = parse(line_chart("t", "Verloop", periods, [Series("Totaal", [0.1] * 40)]))
    shown = [t.text for t in by_class(root, "chart-tick") if "-K" in (t.text or "")]
    assert shown == periods[::5]


def test_line_labels_are_escaped() -> None:
    markup = line_chart("t", EVIL, [EVIL], [Series(EVIL, [0.5])])
    assert "<script>" not in markup
    assert texts(parse(markup)).count(EVIL) == 2  # the legend and the period


@pytest.mark.parametrize(
    ("periods", "series"),
    [([], []), (["2025"], []), (["2025", "2026"], [Series("Totaal", [None, None])])],
)
def test_lines_without_values_say_there_is_no_data(
    periods: list[str], series: list[Series]
) -> None:
    root = parse(line_chart("t", "Verloop", periods, series))
    assert texts(root) == [EMPTY_TEXT]
