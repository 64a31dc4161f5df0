"""The page layout every report shares: fonts, styles, escaping, tables and page furniture.

Only plain values come in. The same input gives the same bytes, in any process: reportlab runs in
invariant mode (fixed dates, a document id derived from the content), the fonts are the vendored
DejaVu files, and reportlab names font subsets by the order in which characters are first used.
"""

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors, fonts
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

# --- fonts ----------------------------------------------------------------------------------

FONT_DIR: Final = Path(__file__).parent / "fonts"
REGULAR: Final = "DejaVuSans"
BOLD: Final = "DejaVuSans-Bold"
_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the vendored DejaVu fonts with reportlab, once per process."""
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        for name in (REGULAR, BOLD):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
        # <b> must find the bold face. The reports use no italics, so no oblique face is
        # vendored and <i> stays upright. The italic mappings go first because reportlab's
        # reverse lookup keeps a font name's last mapping, and the upright ones must win.
        fonts.addMapping(REGULAR, 0, 1, REGULAR)
        fonts.addMapping(REGULAR, 1, 1, BOLD)
        fonts.addMapping(REGULAR, 0, 0, REGULAR)
        fonts.addMapping(REGULAR, 1, 0, BOLD)
        _fonts_registered = True


# --- styles and colours ---------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X: Final = 20 * mm
MARGIN_TOP: Final = 24 * mm
MARGIN_BOTTOM: Final = 24 * mm
FRAME_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN_X

INK: Final = colors.HexColor("#1a1a1a")
MUTED: Final = colors.HexColor("#555555")
RULE: Final = colors.HexColor("#b0b7bf")
HEAD_FILL: Final = colors.HexColor("#e6ecf2")
ACCENT: Final = colors.HexColor("#1f4e79")
OVERDUE: Final = "#b3261e"

# The judgment columns of the summary, in order: key, heading, colour. Labels always travel with
# the colour, so the report reads the same in black and white.
JUDGMENT_COLUMNS: Final[tuple[tuple[str | None, str, str], ...]] = (
    ("voldoet", "Voldoet", "#2e7d32"),
    ("voldoet_deels", "Voldoet deels", "#9a5b00"),
    ("voldoet_niet", "Voldoet niet", "#c62828"),
    ("niet_van_toepassing", "N.v.t.", "#546e7a"),
    ("niet_beoordeeld", "Niet beoordeeld", "#6a4c93"),
    (None, "Open", "#757575"),
)
COLUMN_OF: Final = {key: index for index, (key, _, _) in enumerate(JUDGMENT_COLUMNS)}
OPEN_COLUMN: Final = len(JUDGMENT_COLUMNS) - 1


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": REGULAR,
        "fontSize": 9.5,
        "leading": 13,
        "textColor": INK,
        # Break words longer than a line (URLs, pasted hashes) instead of running off the page.
        "splitLongWords": 1,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


BODY: Final = _style("body", spaceAfter=3)
SMALL: Final = _style("small", fontSize=8, leading=10.5, textColor=MUTED)
CELL: Final = _style("cell", fontSize=8.5, leading=11)
CELL_HEAD: Final = _style("cell_head", fontName=BOLD, fontSize=8, leading=10)
NUMBER_HEAD: Final = _style(
    "number_head", fontName=BOLD, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
)
TITLE: Final = _style("title", fontName=BOLD, fontSize=22, leading=27, textColor=ACCENT)
SUBTITLE: Final = _style("subtitle", fontName=BOLD, fontSize=14, leading=18, spaceAfter=4)
_HEADING: Final = {"fontName": BOLD, "textColor": ACCENT, "keepWithNext": 1}
H1: Final = _style("h1", fontSize=14, leading=18, spaceBefore=10, spaceAfter=6, **_HEADING)
H2: Final = _style("h2", fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4, **_HEADING)
H3: Final = _style("h3", fontName=BOLD, fontSize=10, leading=13.5, spaceBefore=7, keepWithNext=1)
ITEM_HEADING: Final = _style("item_heading", fontName=BOLD, fontSize=10, leading=14, spaceBefore=7)
LABEL: Final = _style("label", fontName=BOLD, fontSize=9, leading=12, spaceBefore=2, keepWithNext=1)
INDENTED: Final = _style("indented", leftIndent=4 * mm, spaceAfter=3)
INDENTED_SMALL: Final = _style(
    "indented_small", fontSize=8, leading=10.5, textColor=MUTED, leftIndent=4 * mm, spaceAfter=2
)
NUMBER: Final = _style("number", fontSize=8.5, leading=11, alignment=TA_RIGHT)

ITEM_MIN_SPACE: Final = 30 * mm  # heading, judgment and the first lines of the observation
SEP: Final = "\u2002·\u2002"  # between facts on one line

# --- escaping -------------------------------------------------------------------------------

# Control characters and lone surrogates cannot be encoded or printed; they only come from bad
# input, so they are dropped rather than allowed to break the build.
_UNPRINTABLE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")


# Strong right-to-left letters (Hebrew, Arabic and its presentation forms; not Arabic-Indic
# digits, which run left to right), and runs of them with the spaces between them.
_RTL: Final = "\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN: Final = re.compile(f"[{_RTL}](?:[{_RTL} ]*[{_RTL}])?")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNPRINTABLE.sub("", text)


def _visual(text: str) -> str:
    """``text`` with each right-to-left run in visual order, as a PDF must store it.

    reportlab lays text out left to right and, without its optional bidi and shaping add-ons,
    would print "فاطمة" backwards. Reversing each run puts a name's letters in reading order
    (unjoined: there is no shaping), and PDF readers and text extraction read it back as
    written. It is not the full Unicode bidi algorithm: a right-to-left text that wraps over
    several lines reads its lines in left-to-right order.
    """
    return _RTL_RUN.sub(lambda run: run.group()[::-1], text)


def esc(text: str) -> str:
    """``text`` as Paragraph markup that prints literally: ``<b>`` stays ``<b>``."""
    return escape(_visual(_clean(text))).replace("\n", "<br/>")


def one_line(text: str) -> str:
    """``text`` on one line, for the page furniture that the canvas draws directly."""
    return " ".join(_visual(_clean(text)).split())


def text_blocks(text: str, style: ParagraphStyle = BODY, label: str = "") -> list[Flowable]:
    """Free text as one Paragraph per blank-line-separated block, the first after ``label``.

    Many small paragraphs split across pages far cheaper than one huge one.
    """
    blocks = [block.strip() for block in _BLANK_LINE.split(_clean(text)) if block.strip()]
    markup = [esc(block) for block in blocks] or ["—"]
    if label:
        markup[0] = f"<b>{escape(label)}:</b> {markup[0]}"
    elif not blocks:
        return []
    return [Paragraph(block, style) for block in markup]


def para(markup: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(markup, style)


def labelled(label: str, value: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A "Label: value" line; ``value`` is user text and is escaped here."""
    return Paragraph(f"<b>{escape(label)}:</b> {esc(value)}", style)


def _badge(text: str, colour: str) -> str:
    """A coloured label (white on ``colour``) that still says what it means."""
    return f'<font backColor="{colour}" color="#ffffff">\u00a0{esc(text)}\u00a0</font>'


def judgment_badge(judgment: str | None, label: str) -> str:
    colour = JUDGMENT_COLUMNS[COLUMN_OF.get(judgment, OPEN_COLUMN)][2]
    return _badge(label, colour)


def overdue_badge(is_overdue: bool) -> str:
    return f" {_badge('te laat', OVERDUE)}" if is_overdue else ""


TABLE_BASE: Final = TableStyle(
    [
        # A table sets a cell font even when every cell is a Paragraph; left alone it is
        # Helvetica, which the PDF would then reference without embedding it.
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
)


def facts_table(rows: Sequence[tuple[str, str]]) -> Table:
    """A two-column label/value table; values are escaped and wrap, rows may split."""
    data = [
        [para(f"<b>{escape(label)}</b>", CELL), para(esc(value), CELL)] for label, value in rows
    ]
    table = Table(data, colWidths=[48 * mm, FRAME_WIDTH - 48 * mm], splitInRow=1, hAlign="LEFT")
    table.setStyle(TABLE_BASE)
    table.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
    )
    return table


Cell = str | Flowable  # a string is user text, escaped on the way in


def _cell(cell: Cell, style: ParagraphStyle) -> Flowable:
    return para(esc(cell), style) if isinstance(cell, str) else cell


def grid(head: Sequence[Cell], rows: Sequence[Sequence[Cell]], widths: Sequence[float]) -> Table:
    """A table whose header row repeats on every page; rows may split across pages."""
    data = [[_cell(cell, CELL_HEAD) for cell in head]]
    data += [[_cell(cell, CELL) for cell in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TABLE_BASE)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
    return table


def number_cell(value: int, bold: bool = False) -> Paragraph:
    return para(f"<b>{value}</b>" if bold else str(value), NUMBER)


# --- page furniture -------------------------------------------------------------------------


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[: len(text) - max(len(text) // 8, 1)]  # long texts shrink in big steps
    return text + "…"


@dataclass(frozen=True)
class PageFurniture:
    """What every page carries besides its content; "Pagina X van Y" comes from the canvas."""

    header: str
    header_note: str = ""  # right-aligned and bold, e.g. "CONCEPT — niet vastgesteld"
    footer: str = ""
    footer_small: str = ""  # a second footer line in a small font (the content hash)
    watermark: str = ""

    def draw(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        if self.watermark:
            self._draw_watermark(canvas)
        self._draw_header(canvas)
        self._draw_footer(canvas)
        canvas.restoreState()

    def _draw_watermark(self, canvas: Canvas) -> None:
        # Drawn before the page's content, in a light colour, so the text stays readable on top.
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#f2c4c4"))
        canvas.setFont(BOLD, 110)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -40, self.watermark)
        canvas.restoreState()

    def _draw_header(self, canvas: Canvas) -> None:
        y = PAGE_HEIGHT - 14 * mm
        note_width = 0.0
        if self.header_note:
            canvas.setFont(BOLD, 8.5)
            canvas.setFillColor(colors.HexColor(OVERDUE) if self.watermark else MUTED)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, self.header_note)
            note_width = pdfmetrics.stringWidth(self.header_note, BOLD, 8.5) + 6 * mm
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, y, fit(self.header, REGULAR, 8.5, FRAME_WIDTH - note_width))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, y - 2.5 * mm)

    def _draw_footer(self, canvas: Canvas) -> None:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, 17 * mm, PAGE_WIDTH - MARGIN_X, 17 * mm)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8)
        canvas.drawString(MARGIN_X, 12.5 * mm, fit(self.footer, REGULAR, 8, FRAME_WIDTH - 35 * mm))
        if self.footer_small:
            canvas.setFont(REGULAR, 6.5)
            canvas.drawString(MARGIN_X, 8.5 * mm, self.footer_small)


class NumberedCanvas(Canvas):
    """A canvas that writes "Pagina X van Y": it keeps every page until it knows Y at save()."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        # Start a fresh page without emitting this one; save() emits them all.
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, 12.5 * mm, f"Pagina {number} van {total}")
            super().showPage()
        super().save()


def _info(text: str) -> str:
    # Metadata is not drawn, so right-to-left text keeps its logical order here.
    return " ".join(_clean(text).split())


def render(
    story: list[Flowable],
    furniture: PageFurniture,
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str = "",
) -> bytes:
    """Lay out ``story`` on A4 pages with ``furniture`` and the document information given."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        creator="inspectie",
        lang="nl-NL",
        initialFontName=REGULAR,  # the canvas's starting font; reportlab's default is Helvetica
        invariant=True,
        title=_info(title),
        author=_info(author),
        subject=_info(subject),
        keywords=[_info(keywords)] if keywords else [],
    )
    doc.build(
        story, onFirstPage=furniture.draw, onLaterPages=furniture.draw, canvasmaker=NumberedCanvas
    )
    return buffer.getvalue()
