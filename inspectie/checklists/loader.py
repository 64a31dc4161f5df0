"""The checklist loader: YAML files -> frozen :mod:`spec` objects, or every error found.

Pure: no Flask, no database. Errors read ``path:line:column: message`` (1-based), and a file is
read to the end so that one run reports all of its problems. The YAML is composed into nodes,
never turned into Python objects by PyYAML, so every value keeps its position and no tag can
construct anything.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from inspectie.checklists.spec import (
    DEVIATIONS,
    JUDGMENTS,
    METHODS,
    SEVERITIES,
    VOCABULARIES,
    Applicability,
    Checklist,
    Item,
    LegalBasis,
    Source,
    Theme,
)

MAX_BYTES = 1_000_000
# libyaml's C scanner is about ten times faster than PyYAML's Python one; both keep positions.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
LOWER_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
UPPER_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")


@dataclass(frozen=True, order=True)
class LoadError:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ChecklistFileError(Exception):
    """One or more files are not valid checklists; ``errors`` holds every problem found."""

    def __init__(self, errors: list[LoadError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# key -> required?
TOP_KEYS = {
    "id": True,
    "version": True,
    "title": True,
    "valid_from": True,
    "valid_to": False,
    "description": False,
    "sources": True,
    "themes": True,
}
SOURCE_KEYS = {
    "id": True,
    "title": True,
    "citation": True,
    "link": False,
    "verified": False,
    "note": False,
}
THEME_KEYS = {"code": True, "title": True, "description": False, "items": True}
ITEM_KEYS = {
    "code": True,
    "title": True,
    "norm": True,
    "guidance": True,
    "methods": False,
    "legal_basis": True,
    "applies_to": False,
    "severity": False,
    "observation_required_for": False,
    "evidence_required_for": False,
    "replaces": False,
    "verified": False,
    "note": False,
}
BASIS_KEYS = {
    "source": True,
    "article": True,
    "lid": False,
    "onderdeel": False,
    "verified": False,
    "note": False,
}
APPLIES_KEYS = {key: False for key in VOCABULARIES}


class _Reader:
    """Walks the node tree of one file, collecting errors instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[LoadError] = []

    def fail(self, node: Node | None, message: str) -> None:
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.errors.append(LoadError(self.path, line, column, message))

    # --- structure --------------------------------------------------------------------------

    def mapping(self, node: Node, keys: dict[str, bool], what: str) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} moet een mapping (sleutel: waarde) zijn.")
            return None
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None or not isinstance(key, str):
                self.fail(key_node, f"ongeldige sleutel in {what}.")
            elif key in found:
                self.fail(key_node, f"sleutel '{key}' staat twee keer in {what}.")
            elif key not in keys:
                allowed = ", ".join(keys)
                self.fail(key_node, f"onbekende sleutel '{key}' in {what}; toegestaan: {allowed}.")
            else:
                found[key] = value_node
        for key, required in keys.items():
            if required and key not in found:
                self.fail(node, f"{what} mist de verplichte sleutel '{key}'.")
        return found

    def sequence(self, node: Node, what: str, allow_empty: bool = True) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} moet een lijst zijn.")
            return []
        if not node.value and not allow_empty:
            self.fail(node, f"{what} mag niet leeg zijn.")
        return list(node.value)

    # --- scalars ----------------------------------------------------------------------------

    def text(
        self,
        node: Node | None,
        what: str,
        max_length: int = 200,
        pattern: re.Pattern[str] | None = None,
        loose: bool = False,
    ) -> str | None:
        """A string; ``loose`` also takes an unquoted number (article 9, lid 1) as text."""
        if node is None:
            return None
        allowed = {STR, INT} if loose else {STR}
        if not isinstance(node, ScalarNode) or node.tag not in allowed:
            hint = (
                " (zet de waarde tussen aanhalingstekens)" if isinstance(node, ScalarNode) else ""
            )
            self.fail(node, f"{what} moet tekst zijn{hint}.")
            return None
        value = " ".join(node.value.split()) if max_length <= 200 else node.value.strip()
        if not value:
            self.fail(node, f"{what} mag niet leeg zijn.")
            return None
        if len(value) > max_length:
            self.fail(node, f"{what} is te lang ({len(value)} tekens; hoogstens {max_length}).")
            return None
        if pattern is not None and not pattern.match(value):
            self.fail(node, f"{what} {value!r} heeft een ongeldige vorm ({pattern.pattern}).")
            return None
        return value

    def optional_text(self, node: Node | None, what: str, max_length: int = 2000) -> str | None:
        if node is None or (isinstance(node, ScalarNode) and node.tag == NULL):
            return None
        return self.text(node, what, max_length)

    def boolean(self, node: Node | None, what: str) -> bool:
        if node is None:
            return True
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.fail(node, f"{what} moet true of false zijn.")
            return True
        return node.value.lower() in ("true", "yes", "on")

    def day(self, node: Node | None, what: str) -> date | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag not in (TIMESTAMP, STR):
            self.fail(node, f"{what} moet een datum zijn (JJJJ-MM-DD).")
            return None
        try:
            return date.fromisoformat(node.value)
        except ValueError:
            self.fail(node, f"{what} {node.value!r} is geen geldige datum (JJJJ-MM-DD).")
            return None

    def codes(self, node: Node | None, vocabulary: Iterable[str], what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        allowed = list(vocabulary)
        values: list[str] = []
        for element in self.sequence(node, what):
            value = self.text(element, f"een waarde in {what}")
            if value is None:
                continue
            if value not in allowed:
                self.fail(
                    element,
                    f"onbekende waarde '{value}' in {what}; toegestaan: {', '.join(allowed)}.",
                )
            elif value in values:
                self.fail(element, f"'{value}' staat twee keer in {what}.")
            else:
                values.append(value)
        return tuple(values)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _ChecklistReader(_Reader):
    def read(self, root: Node) -> Checklist | None:
        top = self.mapping(root, TOP_KEYS, "het normenkader")
        if top is None:
            return None
        checklist_id = self.text(top.get("id"), "id", pattern=LOWER_CODE)
        version = self.text(top.get("version"), "version", max_length=40, pattern=VERSION)
        title = self.text(top.get("title"), "title")
        description = self.optional_text(top.get("description"), "description")
        valid_from = self.day(top.get("valid_from"), "valid_from")
        valid_to = self.day(top.get("valid_to"), "valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.fail(top["valid_to"], "valid_to ligt vóór valid_from.")
        sources = self._sources(top["sources"]) if "sources" in top else ()
        themes = self._themes(top["themes"], {s.id for s in sources}) if "themes" in top else ()
        if self.errors or None in (checklist_id, version, title, valid_from):
            return None
        assert checklist_id and version and title and valid_from
        return Checklist(
            id=checklist_id,
            version=version,
            title=title,
            valid_from=valid_from,
            valid_to=valid_to,
            description=description,
            sources=sources,
            themes=themes,
            path=self.path,
        )

    def _sources(self, node: Node) -> tuple[Source, ...]:
        sources: list[Source] = []
        seen: set[str] = set()
        for element in self.sequence(node, "sources", allow_empty=False):
            fields = self.mapping(element, SOURCE_KEYS, "een bron")
            if fields is None:
                continue
            source_id = self.text(fields.get("id"), "id van de bron", pattern=LOWER_CODE)
            if source_id in seen:
                self.fail(fields["id"], f"bron '{source_id}' is al eerder gedeclareerd.")
                continue
            title = self.text(fields.get("title"), "title van de bron", 300)
            citation = self.text(fields.get("citation"), "citation van de bron", 120)
            link = self.optional_text(fields.get("link"), "link", 500)
            if link is not None and not link.startswith(("https://", "http://")):
                self.fail(fields["link"], "link moet met https:// of http:// beginnen.")
            if source_id and title and citation:
                seen.add(source_id)
                sources.append(
                    Source(
                        id=source_id,
                        title=title,
                        citation=citation,
                        link=link,
                        verified=self.boolean(fields.get("verified"), "verified"),
                        note=self.optional_text(fields.get("note"), "note"),
                        line=_line(element),
                    )
                )
        return tuple(sources)

    def _themes(self, node: Node, source_ids: set[str]) -> tuple[Theme, ...]:
        themes: list[Theme] = []
        theme_codes: set[str] = set()
        item_codes: dict[str, int] = {}
        for element in self.sequence(node, "themes", allow_empty=False):
            fields = self.mapping(element, THEME_KEYS, "een thema")
            if fields is None:
                continue
            code = self.text(fields.get("code"), "code van het thema", 40, LOWER_CODE)
            if code in theme_codes:
                self.fail(fields["code"], f"thema '{code}' staat twee keer in het bestand.")
            title = self.text(fields.get("title"), "title van het thema")
            description = self.optional_text(fields.get("description"), "description")
            items: list[Item] = []
            if "items" in fields:
                for item_node in self.sequence(fields["items"], "items", allow_empty=False):
                    item = self._item(item_node, source_ids, item_codes)
                    if item is not None:
                        items.append(item)
            if code and title:
                theme_codes.add(code)
                themes.append(
                    Theme(
                        code=code,
                        title=title,
                        items=tuple(items),
                        description=description,
                        line=_line(element),
                    )
                )
        return tuple(themes)

    def _item(self, node: Node, source_ids: set[str], seen: dict[str, int]) -> Item | None:
        fields = self.mapping(node, ITEM_KEYS, "een toetspunt")
        if fields is None:
            return None
        code = self.text(fields.get("code"), "code van het toetspunt", 40, UPPER_CODE)
        if code is not None and code in seen:
            self.fail(fields["code"], f"toetspunt '{code}' staat al op regel {seen[code]}.")
            code = None
        elif code is not None:
            seen[code] = _line(node)
        where = f"toetspunt {code}" if code else "het toetspunt"
        title = self.text(fields.get("title"), f"title van {where}")
        norm = self.text(fields.get("norm"), f"norm van {where}", 4000)
        guidance = self.text(fields.get("guidance"), f"guidance van {where}", 8000)
        bases = self._bases(fields.get("legal_basis"), source_ids, where)
        severity = "gemiddeld"
        if "severity" in fields:
            severity = self.text(fields["severity"], "severity") or severity
            if severity not in SEVERITIES:
                self.fail(
                    fields["severity"],
                    f"onbekende severity '{severity}'; toegestaan: {', '.join(SEVERITIES)}.",
                )
        observation = self.codes(
            fields.get("observation_required_for"), JUDGMENTS, "observation_required_for"
        )
        item = Item(
            code=code or "",
            title=title or "",
            norm=norm or "",
            guidance=guidance or "",
            legal_basis=bases,
            methods=self.codes(fields.get("methods"), METHODS, "methods"),
            applies_to=self._applicability(fields.get("applies_to")),
            severity=severity,
            # A deviation always needs an observation; the file can only add to that.
            observation_required_for=tuple(
                j for j in JUDGMENTS if j in DEVIATIONS or j in observation
            ),
            evidence_required_for=self.codes(
                fields.get("evidence_required_for"), JUDGMENTS, "evidence_required_for"
            ),
            replaces=self._replaces(fields.get("replaces")),
            verified=self.boolean(fields.get("verified"), "verified"),
            note=self.optional_text(fields.get("note"), "note"),
            line=_line(node),
        )
        return item if None not in (code, title, norm, guidance) and bases else None

    def _bases(self, node: Node | None, source_ids: set[str], where: str) -> tuple[LegalBasis, ...]:
        if node is None:
            return ()
        bases: list[LegalBasis] = []
        elements = self.sequence(node, "legal_basis")
        if not elements and isinstance(node, SequenceNode):
            self.fail(node, f"{where} heeft geen wettelijke grondslag (legal_basis is leeg).")
        for element in elements:
            fields = self.mapping(element, BASIS_KEYS, "een wettelijke grondslag")
            if fields is None:
                continue
            source = self.text(fields.get("source"), "source")
            if source is not None and source not in source_ids:
                self.fail(fields["source"], f"bron '{source}' is niet gedeclareerd onder sources.")
                source = None
            article = self.text(fields.get("article"), "article", 40, loose=True)
            lid = self.text(fields["lid"], "lid", 20, loose=True) if "lid" in fields else None
            onderdeel = (
                self.text(fields["onderdeel"], "onderdeel", 20, loose=True)
                if "onderdeel" in fields
                else None
            )
            if source and article:
                bases.append(
                    LegalBasis(
                        source=source,
                        article=article,
                        lid=lid,
                        onderdeel=onderdeel,
                        verified=self.boolean(fields.get("verified"), "verified"),
                        note=self.optional_text(fields.get("note"), "note"),
                        line=_line(element),
                    )
                )
        return tuple(bases)

    def _applicability(self, node: Node | None) -> Applicability:
        if node is None:
            return Applicability()
        fields = self.mapping(node, APPLIES_KEYS, "applies_to")
        if fields is None:
            return Applicability()
        return Applicability(
            **{
                key: self.codes(fields.get(key), vocabulary, f"applies_to.{key}")
                for key, vocabulary in VOCABULARIES.items()
            }
        )

    def _replaces(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        codes = [
            self.text(e, "een code in replaces", 40, UPPER_CODE)
            for e in self.sequence(node, "replaces")
        ]
        return tuple(code for code in codes if code)


def _decode(content: bytes, path: str) -> tuple[str | None, list[LoadError]]:
    if len(content) > MAX_BYTES:
        return None, [
            LoadError(
                path,
                1,
                1,
                f"het bestand is groter dan {MAX_BYTES:,} bytes ({len(content):,}).".replace(
                    ",", "."
                ),
            )
        ]
    try:
        return content.decode("utf-8"), []
    except UnicodeDecodeError as error:
        before = content[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            LoadError(
                path,
                line,
                column,
                f"het bestand is geen geldige UTF-8 (byte 0x{content[error.start]:02x}).",
            )
        ]


def _compose(text: str, path: str) -> tuple[Node | None, list[LoadError]]:
    try:
        tokens = yaml.scan(text, Loader=SafeLoader) if "&" in text or "*" in text else ()
        for token in tokens:
            # Anchors and aliases let a small file expand enormously; checklists need neither.
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                mark = token.start_mark
                return None, [
                    LoadError(
                        path,
                        mark.line + 1,
                        mark.column + 1,
                        "ankers en aliassen (& en *) zijn niet toegestaan.",
                    )
                ]
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "onleesbare YAML"
        return None, [LoadError(path, line, column, f"YAML-fout: {problem}.")]
    except yaml.YAMLError as error:
        return None, [LoadError(path, 1, 1, f"YAML-fout: {error}.")]
    if root is None:
        return None, [LoadError(path, 1, 1, "het bestand is leeg.")]
    return root, []


def load_bytes(content: bytes, path: str) -> Checklist:
    """Load one checklist from the bytes of a file.

    :raises ChecklistFileError: with every problem found, as ``path:line:column: message``.
    """
    text, errors = _decode(content, path)
    root = None
    if text is not None:
        root, errors = _compose(text, path)
    if root is None:
        raise ChecklistFileError(errors)
    reader = _ChecklistReader(path)
    checklist = reader.read(root)
    if checklist is None or reader.errors:
        raise ChecklistFileError(sorted(reader.errors))
    return checklist


def load_file(path: Path) -> Checklist:
    """Load one checklist file (see :func:`load_bytes`)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ChecklistFileError(
            [LoadError(str(path), 1, 1, f"niet te lezen: {error.strerror}.")]
        ) from error
    return load_bytes(content, str(path))


def checklist_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, with folders expanded to the *.yaml and *.yml files in them."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            )
        else:
            found.append(path)
    return found


def load_paths(paths: Iterable[Path]) -> tuple[list[Checklist], list[LoadError]]:
    """Load every file, then check the set: unique versions, no overlapping validity, and
    ``replaces`` naming items of the previous version. Returns the checklists and all errors."""
    checklists: list[Checklist] = []
    errors: list[LoadError] = []
    for path in checklist_files(paths):
        try:
            checklists.append(load_file(path))
        except ChecklistFileError as error:
            errors.extend(error.errors)
    errors.extend(check_set(checklists))
    return checklists, errors


def check_set(checklists: list[Checklist]) -> list[LoadError]:
    """Rules between versions of the same checklist."""
    errors: list[LoadError] = []
    by_id: dict[str, list[Checklist]] = {}
    for checklist in checklists:
        by_id.setdefault(checklist.id, []).append(checklist)
    for versions in by_id.values():
        versions.sort(key=lambda c: (c.valid_from, c.version))
        seen: dict[str, Checklist] = {}
        for checklist in versions:
            if checklist.version in seen:
                errors.append(
                    LoadError(
                        checklist.path,
                        1,
                        1,
                        f"versie {checklist.key} staat ook in {seen[checklist.version].path}.",
                    )
                )
            seen[checklist.version] = checklist
        for previous, current in pairwise(versions):
            errors.extend(_check_successor(previous, current))
    return sorted(errors)


def _check_successor(previous: Checklist, current: Checklist) -> list[LoadError]:
    errors = []
    if previous.valid_to is None or previous.valid_to >= current.valid_from:
        errors.append(
            LoadError(
                current.path,
                1,
                1,
                f"{current.key} geldt vanaf {current.valid_from}, maar {previous.key} "
                f"({previous.path}) heeft geen einddatum daarvóór (valid_to).",
            )
        )
    old_codes = {item.code for item in previous.items}
    for item in current.items:
        for code in item.replaces:
            if code not in old_codes:
                errors.append(
                    LoadError(
                        current.path,
                        item.line,
                        1,
                        f"toetspunt {item.code}: replaces '{code}' bestaat niet in {previous.key}.",
                    )
                )
    return errors
