"""The trend figures as a CSV file for spreadsheets (Dutch Excel opens it as is).

Pure. Semicolons between fields, a decimal comma, UTF-8 with a byte order mark. Every text
cell that a spreadsheet could read as a formula (it starts with = + - @, a tab or a carriage
return) gets a leading apostrophe: item titles and citations come from imported files.
"""

import csv
import io
from collections.abc import Iterable

from inspectie.trends.queries import TrendRow

HEADER = ("groep", "omschrijving", "periode", "beoordeeld", "tekortkoming", "percentage")
# Also the full-width forms, which some spreadsheets fold to the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: str) -> str:
    """``value``, made inert for a spreadsheet: a formula-like start is quoted away."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def percentage(rate: float | None) -> str:
    """``0.1234`` as ``12,34``; empty when there is no rate."""
    return "" if rate is None else f"{rate * 100:.2f}".replace(".", ",")


def to_csv(rows: Iterable[TrendRow]) -> bytes:
    """The rows as the bytes of a CSV file, header first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            [
                safe_cell(row.group),
                safe_cell(row.label),
                safe_cell(row.period or ""),
                row.judged,
                row.deficient,
                percentage(row.rate),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
