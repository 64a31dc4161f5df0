"""The dashboard's charts as SVG markup: a tile map of the provinces, horizontal bars, and lines
over time.

Pure: plain data in, markup out (no Flask, no database). Every text and attribute value goes
through :func:`markupsafe.escape`: labels come from imported checklists and user input. Each
chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``; the numbers are always
written in the chart as text as well (colour is never the only carrier), and the page puts the
same numbers in a table beside it. Colours are presentation attributes, not ``style``: the
Content-Security-Policy allows no inline style.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from markupsafe import Markup, escape

EMPTY_TEXT: Final = "geen gegevens"
DASH: Final = "\N{EN DASH}"

INK: Final = "#1b1b1b"
MUTED: Final = "#535353"
GRID: Final = "#cad6e2"
EMPTY_FILL: Final = "#f1f5f9"
BAR_FILL: Final = "#154273"
PART_FILL: Final = "#b3001b"
# Five shades from few to many deficiencies (ColorBrewer "Reds"); the text on each tile is
# black or white, whichever contrasts most (at least 4.5:1 for every shade).
SHADES: Final = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")

# The twelve provinces on a grid of 4 columns and 5 rows, roughly where they lie:
# code -> (column, row).
TILE_GRID: Final = {
    "fryslan": (2, 0),
    "groningen": (3, 0),
    "noord-holland": (1, 1),
    "flevoland": (2, 1),
    "drenthe": (3, 1),
    "zuid-holland": (1, 2),
    "utrecht": (2, 2),
    "overijssel": (3, 2),
    "zeeland": (0, 3),
    "noord-brabant": (1, 3),
    "gelderland": (2, 3),
    "limburg": (2, 4),
}


# --- numbers as Dutch text --------------------------------------------------------------------


def percent(rate: float | None, digits: int = 1) -> str:
    """``0.1234`` as ``12,3 %``; a dash when there is no rate."""
    if rate is None:
        return DASH
    text = f"{rate * 100:.{digits}f}".replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def count(n: int) -> str:
    """``12345`` as ``12.345``."""
    return f"{n:,}".replace(",", ".")


def nice_ceiling(value: float, cap: float | None = None) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``value`` (> 0), at
    most ``cap``: the top of a scale. Zero or less gives 1 (or ``cap``)."""
    if value <= 0:
        return cap if cap is not None else 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * power
        if top >= value * (1 - 1e-9):
            break
    top = round(top, 10)
    return min(top, cap) if cap is not None else top


def ticks(top: float, n: int = 5) -> list[float]:
    """``n + 1`` evenly spaced values from 0 to ``top``."""
    return [round(top * i / n, 10) for i in range(n + 1)]


# --- the data the charts draw -----------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` on the chart's scale, ``text`` written beside it; ``part`` (at most
    ``value``) is drawn in a second colour from the start of the bar (e.g. overdue of open)."""

    label: str
    value: float
    text: str
    part: float = 0.0


@dataclass(frozen=True)
class Tile:
    """One province: its ``rate`` (None: nothing judged) and the numbers written in the tile."""

    code: str
    label: str
    rate: float | None
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Series:
    """One line: a value (a rate, or None for a gap) for each period of the chart; ``style``
    picks its look from :data:`STYLES` (default: its place among the lines), so that the same
    group can keep its look whichever other lines are drawn."""

    label: str
    values: Sequence[float | None]
    style: int | None = None


# --- SVG building blocks ----------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _el(tag: str, *content: str, **attrs: object) -> Markup:
    """An element; attribute names: a trailing ``_`` is dropped, other ``_`` become ``-``.
    Text content and every attribute value are escaped; Markup content is kept as it is.

    Built with :func:`escape` and plain strings rather than ``Markup.format``, which is several
    times slower, and a dashboard draws some 3,000 elements. Tags and attribute names are this
    module's own identifiers, never data."""
    names = "".join(
        f' {name.rstrip("_").replace("_", "-")}="'
        f'{escape(_number(value) if isinstance(value, float) else str(value))}"'
        for name, value in attrs.items()
        if value is not None
    )
    if not content:
        return Markup(f"<{tag}{names}/>")  # noqa: S704 - every value in it is escaped above
    inner = "".join(escape(c) for c in content)
    return Markup(f"<{tag}{names}>{inner}</{tag}>")  # noqa: S704 - as above


def _text(
    text: str, x: float, y: float, kind: str, fill: str = INK, anchor: str | None = None
) -> Markup:
    return _el("text", text, x=x, y=y, fill=fill, text_anchor=anchor, class_=f"chart-{kind}")


def _svg(key: str, title: str, summary: str, width: float, height: float, *body: str) -> Markup:
    """The chart's frame: an image named by its title and described by its summary."""
    return _el(
        "svg",
        _el("title", title, id=f"{key}-title"),
        _el("desc", summary, id=f"{key}-desc"),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        class_="chart",
        role="img",
        aria_labelledby=f"{key}-title",
        aria_describedby=f"{key}-desc",
        viewBox=f"0 0 {_number(width)} {_number(height)}",
        width="100%",
        preserveAspectRatio="xMinYMin meet",
    )


def _empty(key: str, title: str, width: float = 640, height: float = 120) -> Markup:
    """The chart of no data: a light panel that says so."""
    panel = _el("rect", x=0.5, y=0.5, width=width - 1, height=height - 1, fill=EMPTY_FILL)
    note = _text(EMPTY_TEXT, width / 2, height / 2 + 5, "empty", MUTED, "middle")
    return _svg(key, title, f"{title}: {EMPTY_TEXT}.", width, height, panel, note)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(fill: str) -> str:
    """Black or white text on ``fill``, whichever contrasts most."""
    return INK if contrast(INK, fill) >= contrast("#ffffff", fill) else "#ffffff"


# --- horizontal bars --------------------------------------------------------------------------

BAR_WIDTH: Final = 640
BAR_LEFT: Final = 14.0  # room for half the first tick's label
BAR_ROW: Final = 46  # a label line above a bar
BAR_LABEL_CHARS: Final = 80
BAR_TEXT_ROOM: Final = 170  # right of the longest bar, for its numbers


def bar_chart(
    key: str,
    title: str,
    bars: Sequence[Bar],
    *,
    top: float | None = None,
    as_percent: bool = True,
    legend: Sequence[tuple[str, str]] = (),
) -> Markup:
    """Horizontal bars with their label above and their numbers beside; a scale from 0 to
    ``top`` (default: a round number at or above the largest value; percentages at most 100 %).

    :param key: a prefix for the ids inside the chart, unique on the page.
    :param legend: (colour, text) pairs to explain the colours, written under the scale.
    """
    if not bars:
        return _empty(key, title)
    largest = max(bar.value for bar in bars)
    # Counts get a scale of at least 5, so that its five steps are whole numbers.
    top = top or (nice_ceiling(largest, 1.0) if as_percent else max(5.0, nice_ceiling(largest)))
    room = BAR_WIDTH - BAR_LEFT - BAR_TEXT_ROOM

    def x_of(value: float) -> float:
        return BAR_LEFT + max(0.0, min(value, top)) / top * room

    axis_y = len(bars) * BAR_ROW + 8
    body: list[str] = []
    for value in ticks(top):
        x, label = x_of(value), percent(value) if as_percent else _number(value)
        body.append(_el("line", x1=x, x2=x, y1=0.0, y2=axis_y, stroke=GRID))
        body.append(_text(label, x, axis_y + 16, "tick", MUTED, "middle"))
    for n, bar in enumerate(bars):
        y, end = n * BAR_ROW, x_of(bar.value)
        body.append(_text(_shorten(bar.label, BAR_LABEL_CHARS), BAR_LEFT, y + 15, "label"))
        body.append(_bar(BAR_LEFT, end, y + 21, BAR_FILL, "bar"))
        if bar.part > 0:
            body.append(_bar(BAR_LEFT, x_of(min(bar.part, bar.value)), y + 21, PART_FILL, "part"))
        body.append(_text(bar.text, end + 6, y + 34, "value"))
    for n, (colour, text) in enumerate(legend):
        x, y = BAR_LEFT + n * 206, axis_y + 30
        body.append(_el("rect", x=x, y=y, width=22.0, height=16.0, fill=colour))
        body.append(_text(text, x + 30, y + 13, "legend"))
    summary = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    height = axis_y + 24 + (30 if legend else 0)
    return _svg(key, title, summary, BAR_WIDTH, height, *body)


def _bar(start: float, end: float, y: float, fill: str, kind: str) -> Markup:
    return _el(
        "rect", x=start, y=y, width=end - start, height=16.0, fill=fill, class_=f"chart-{kind}"
    )


# --- the tile map of the provinces ------------------------------------------------------------

TILE_W: Final = 150
TILE_H: Final = 84
TILE_GAP: Final = 6


def shade(rate: float, top: float) -> int:
    """The index in :data:`SHADES` of ``rate`` on a scale from 0 to ``top``."""
    if top <= 0:
        return 0
    return max(0, min(len(SHADES) - 1, int(rate / top * len(SHADES))))


def _tile(tile: Tile, top: float) -> Markup:
    column, row = TILE_GRID[tile.code]
    x, y = column * (TILE_W + TILE_GAP), row * (TILE_H + TILE_GAP)
    fill = EMPTY_FILL if tile.rate is None else SHADES[shade(tile.rate, top)]
    ink, middle = text_colour(fill), x + TILE_W / 2
    edge = GRID if tile.rate is None else MUTED
    return _el(
        "g",
        _el(
            "rect",
            x=x + 0.5,
            y=y + 0.5,
            width=TILE_W - 1,
            height=TILE_H - 1,
            fill=fill,
            stroke=edge,
            rx=3,
        ),
        _text(tile.label, middle, y + 22, "tile-name", ink, "middle"),
        _text(tile.text, middle, y + 50, "tile-value", ink, "middle"),
        _text(tile.detail, middle, y + 72, "tile-detail", ink, "middle"),
        class_="chart-tile",
    )


def tile_map(key: str, title: str, tiles: Sequence[Tile]) -> Markup:
    """The twelve provinces as tiles in roughly their place, shaded by rate on a scale from 0
    to a round number at or above the highest rate, with a legend; a province without judged
    answers is left light and says so."""
    known = [tile for tile in tiles if tile.code in TILE_GRID]
    rates = [tile.rate for tile in known if tile.rate is not None]
    if not rates:
        return _empty(key, title)
    top = nice_ceiling(max(rates), 1.0)
    legend_y = 5 * (TILE_H + TILE_GAP) + 8
    legend = [_text("Percentage tekortkomingen:", 0.0, legend_y + 14, "legend-title")]
    step = top / len(SHADES)
    for n, colour in enumerate((*SHADES, EMPTY_FILL)):
        x, y = (n % 3) * 206.0, legend_y + 24 + (n // 3) * 26
        low, high = percent(n * step).removesuffix(" %"), percent((n + 1) * step)
        text = f"{low}{DASH}{high}" if n < len(SHADES) else EMPTY_TEXT
        legend.append(
            _el("rect", x=x + 0.5, y=y + 0.5, width=22.0, height=16.0, fill=colour, stroke=MUTED)
        )
        legend.append(_text(text, x + 30, y + 13, "legend"))
    summary = "; ".join(
        f"{tile.label}: {tile.text}{f' ({tile.detail})' if tile.detail else ''}" for tile in known
    )
    width, height = 4 * (TILE_W + TILE_GAP) - TILE_GAP, legend_y + 24 + 2 * 26
    tiles_svg = [_tile(tile, top) for tile in known]
    return _svg(key, title, summary, width, height, *legend, *tiles_svg)


# --- lines over time --------------------------------------------------------------------------

LINE_W: Final = 640
LINE_H: Final = 300
PLOT_LEFT: Final = 52.0
PLOT_TOP: Final = 16.0
PLOT_RIGHT: Final = 16.0
PLOT_BOTTOM: Final = 44.0
LEGEND_ROW: Final = 24
# Each line differs in colour, dash and marker, so that no line is told apart by colour alone.
STYLES: Final = (
    ("#154273", "", "circle", 3.0),
    ("#7a4a00", "8 4", "square", 2.0),
    ("#2b6a1f", "2 3", "triangle", 2.0),
    ("#6b3fa0", "10 3 2 3", "diamond", 2.0),
)
MARKERS: Final = {  # the corners of each marker around (0, 0)
    "square": ((-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5)),
    "triangle": ((0.0, -5.0), (4.5, 3.5), (-4.5, 3.5)),
    "diamond": ((0.0, -5.0), (5.0, 0.0), (0.0, 5.0), (-5.0, 0.0)),
}


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in points)


def _marker(shape: str, x: float, y: float, colour: str) -> Markup:
    if shape == "circle":
        return _el("circle", cx=x, cy=y, r=4.0, fill=colour)
    corners = [(x + dx, y + dy) for dx, dy in MARKERS[shape]]
    return _el("polygon", points=_points(corners), fill=colour)


def _runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The stretches of consecutive points between gaps."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def line_chart(key: str, title: str, periods: Sequence[str], series: Sequence[Series]) -> Markup:
    """Rates over ``periods`` (oldest first), one line per series (at most four), with a legend
    above; a period without a value leaves a gap. The scale runs from 0 to a round number at or
    above the highest rate. Labels under the axis are thinned out when there are many."""
    series = list(series)[: len(STYLES)]
    values = [v for s in series for v in s.values if v is not None]
    if not periods or not values:
        return _empty(key, title)
    top = nice_ceiling(max(values), 1.0)
    plot_top = PLOT_TOP + LEGEND_ROW * math.ceil(len(series) / 2)
    plot_h = LINE_H - plot_top - PLOT_BOTTOM
    step = (LINE_W - PLOT_LEFT - PLOT_RIGHT) / len(periods)

    def x_of(i: int) -> float:
        return PLOT_LEFT + step * (i + 0.5)

    def y_of(value: float) -> float:
        return plot_top + plot_h * (1 - min(value, top) / top)

    body: list[str] = []
    for value in ticks(top):
        y = y_of(value)
        body.append(_el("line", x1=PLOT_LEFT, x2=LINE_W - PLOT_RIGHT, y1=y, y2=y, stroke=GRID))
        body.append(_text(percent(value), PLOT_LEFT - 6, y + 4, "tick", MUTED, "end"))
    every = max(1, math.ceil(len(periods) / 8))
    for i, period in enumerate(periods):
        if i % every == 0:
            body.append(_text(period, x_of(i), LINE_H - PLOT_BOTTOM + 20, "tick", MUTED, "middle"))
    for n, line in enumerate(series):
        colour, dash, shape, width = STYLES[(n if line.style is None else line.style) % len(STYLES)]
        pen = {"stroke": colour, "stroke_width": width, "stroke_dasharray": dash or None}
        lx, ly = (n % 2) * 300.0, PLOT_TOP + (n // 2) * LEGEND_ROW
        body.append(_el("line", x1=lx, x2=lx + 36, y1=ly, y2=ly, **pen))
        body.append(_marker(shape, lx + 18, ly, colour))
        body.append(_text(line.label, lx + 44, ly + 5, "legend"))
        points = [
            None if v is None else (x_of(i), y_of(v))
            for i, v in enumerate(line.values[: len(periods)])
        ]
        for run in _runs(points):
            if len(run) > 1:
                body.append(
                    _el("polyline", points=_points(run), fill="none", class_="chart-line", **pen)
                )
            body.extend(_marker(shape, x, y, colour) for x, y in run)
    summary = "; ".join(
        f"{line.label}: "
        + ", ".join(
            f"{period} {percent(v)}"
            for period, v in zip(periods, line.values, strict=False)
            if v is not None
        )
        for line in series
    )
    return _svg(key, title, summary, LINE_W, LINE_H, *body)
