"""The CSV import of locations: the whole file is checked first; one bad row imports nothing."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, tuple_

from inspectie.auth.models import User
from inspectie.extensions import db
from inspectie.locations.models import Location
from inspectie.locations.services import LocationData, create_location, location_problems
from inspectie.organisations.models import Organisation
from inspectie.vocab import LOCATION_STATUSES, MODALITIES, OPERATOR_TYPES, PROVINCES

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# CSV column -> LocationData field. The headers are Dutch because the file is made by people.
COLUMNS = {
    "naam": "name",
    "exploitant": "operator_id",
    "type_exploitant": "operator_type",
    "modaliteit": "modality",
    "capaciteit": "capacity",
    "gemeente": "municipality",
    "provincie": "province",
    "gezinnen": "has_families",
    "minderjarigen": "has_minors",
    "amv": "has_amv",
    "bijzondere_behoeften": "has_special_needs",
    "status": "status",
    "geopend_op": "opened_on",
    "gesloten_op": "closed_on",
}
REQUIRED = (
    "naam",
    "exploitant",
    "type_exploitant",
    "modaliteit",
    "capaciteit",
    "gemeente",
    "provincie",
)
FIELD_TO_COLUMN = {value: key for key, value in COLUMNS.items()}
YES = {"ja", "j", "1", "true", "x", "yes"}
NO = {"nee", "n", "0", "false", "", "no"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"regel {self.line}" if self.line else "bestand"
        column = f", kolom {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: list[Location] = field(default_factory=list)


def _code(raw: str, vocabulary: dict[str, str]) -> str | None:
    """Accept a code or its label, in any case."""
    wanted = raw.strip().lower()
    for code, label in vocabulary.items():
        if wanted in (code, label.lower()):
            return code
    return None


def _yes_no(raw: str) -> bool | None:
    value = raw.strip().lower()
    return True if value in YES else False if value in NO else None


def _date(raw: str) -> date | None:
    return date.fromisoformat(raw.strip()) if raw.strip() else None


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise ValueError(f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"Het bestand is geen UTF-8 (fout bij byte {exc.start}). Sla het op als 'CSV UTF-8'."
        ) from exc


class _RowParser:
    def __init__(self, line: int, row: dict[str, str], operators: dict[str, Organisation]) -> None:
        self.line, self.row, self.operators = line, row, operators
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def text(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def code(self, column: str, vocabulary: dict[str, str], default: str | None = None) -> str:
        raw = self.text(column)
        if not raw and default is not None:
            return default
        code = _code(raw, vocabulary)
        if code is None:
            allowed = ", ".join(vocabulary)
            self.fail(column, f"onbekende waarde {raw!r}; toegestaan: {allowed}.")
            return ""
        return code

    def flag(self, column: str) -> bool:
        value = _yes_no(self.text(column))
        if value is None:
            self.fail(column, f"{self.text(column)!r} is geen ja of nee.")
            return False
        return value

    def day(self, column: str) -> date | None:
        try:
            return _date(self.text(column))
        except ValueError:
            self.fail(column, f"{self.text(column)!r} is geen datum (JJJJ-MM-DD).")
            return None

    def parse(self) -> tuple[LocationData | None, Organisation | None]:
        for column in REQUIRED:
            if not self.text(column):
                self.fail(column, "is verplicht.")
        operator = self.operators.get(self.text("exploitant").lower())
        if self.text("exploitant") and operator is None:
            self.fail("exploitant", f"onbekende organisatie {self.text('exploitant')!r}.")
        capacity = 0
        if self.text("capaciteit"):
            try:
                capacity = int(self.text("capaciteit"))
            except ValueError:
                self.fail("capaciteit", f"{self.text('capaciteit')!r} is geen geheel getal.")
        data = LocationData(
            name=self.text("naam"),
            operator_id=operator.id if operator else 0,
            operator_type=self.code("type_exploitant", OPERATOR_TYPES),
            modality=self.code("modaliteit", MODALITIES),
            capacity=capacity,
            municipality=self.text("gemeente"),
            province=self.code("provincie", PROVINCES),
            has_families=self.flag("gezinnen"),
            has_minors=self.flag("minderjarigen"),
            has_amv=self.flag("amv"),
            has_special_needs=self.flag("bijzondere_behoeften"),
            status=self.code("status", LOCATION_STATUSES, default="open"),
            opened_on=self.day("geopend_op"),
            closed_on=self.day("gesloten_op"),
        )
        if self.errors:
            return None, operator
        for field_name, message in location_problems(data, operator).items():
            self.fail(FIELD_TO_COLUMN[field_name], message)
        return (None if self.errors else data), operator


def check_csv(content: bytes) -> tuple[list[tuple[int, LocationData]], list[RowError]]:
    """Parse and check every row; returns the rows (line, data) and every error found."""
    try:
        text = _decode(content)
    except ValueError as exc:
        return [], [RowError(0, "", str(exc))]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    errors: list[RowError] = []
    missing = [c for c in REQUIRED if c not in headers]
    unknown = [h for h in headers if h not in COLUMNS]
    if missing:
        errors.append(RowError(1, "", f"ontbrekende kolommen: {', '.join(missing)}."))
    if unknown:
        errors.append(RowError(1, "", f"onbekende kolommen: {', '.join(unknown)}."))
    if errors:
        return [], errors

    operators = {o.name.lower(): o for o in db.session.scalars(select(Organisation))}
    rows: list[tuple[int, LocationData]] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(RowError(line, "", f"meer dan {MAX_ROWS} rijen; splits het bestand."))
                break
            if None in row:
                errors.append(RowError(line, "", "meer velden dan kolommen."))
                continue
            if not any((value or "").strip() for value in row.values()):
                continue
            parser = _RowParser(line, row, operators)
            data, _ = parser.parse()
            errors.extend(parser.errors)
            if data is None:
                continue
            key = (data.name.lower(), data.municipality.lower())
            if key in seen:
                errors.append(RowError(line, "naam", f"staat al op regel {seen[key]}."))
                continue
            seen[key] = line
            rows.append((line, data))
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "", f"onleesbare CSV: {exc}."))
    errors.extend(_existing(rows))
    if not rows and not errors:
        errors.append(RowError(0, "", "het bestand bevat geen locaties."))
    return rows, errors


def _existing(rows: list[tuple[int, LocationData]]) -> list[RowError]:
    """Rows naming a location that is already registered (same name in the same municipality)."""
    if not rows:
        return []
    keys = {(d.name.lower(), d.municipality.lower()): line for line, d in rows}
    query = select(Location.name, Location.municipality).where(
        tuple_(func.lower(Location.name), func.lower(Location.municipality)).in_(list(keys))
    )
    found = db.session.execute(query).all()
    return sorted(
        (
            RowError(
                keys[(name.lower(), municipality.lower())],
                "naam",
                f"locatie {name!r} in {municipality} bestaat al.",
            )
            for name, municipality in found
            if (name.lower(), municipality.lower()) in keys
        ),
        key=lambda e: e.line,
    )


def import_csv(actor: User | None, content: bytes) -> ImportResult:
    """Check the whole file and, only if every row is right, create every location in it.

    Nothing is written when any row is wrong; the caller commits.
    """
    rows, errors = check_csv(content)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: e.line))
    return ImportResult(created=[create_location(actor, data) for _, data in rows])
