"""Each test's database, made cheaply: states built once per session, copied for each test.

A :class:`Snapshot` is a database state built once: the empty schema, or a world of objects
that many tests start from (the permission matrix). Every test gets a private copy of one:

* SQLite: a snapshot is a database file; the test gets a copy of it in its ``tmp_path``.
* PostgreSQL: the tests share the database of ``INSPECTIE_TEST_DATABASE_URL``. Before each
  test, its ``public`` schema is emptied and refilled with the snapshot's rows (kept in a
  schema of their own) and every sequence is set back, so ids come out as in a database made
  for the test. Moving rows takes milliseconds; creating the schema per test took a quarter
  of a second, and so does ``CREATE DATABASE ... TEMPLATE`` (it copies the system catalogs).
  A test that changes the schema itself (the migration tests drop it) is caught by a
  fingerprint of the catalog, and the schema is then built anew.

A snapshot's upload folder goes along with its rows, since evidence files belong to them.
"""

import shutil
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from flask import Flask
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from inspectie.extensions import db

T = TypeVar("T")

DATABASE_FILE = "test.sqlite"


def reset_schema() -> None:
    """Drop everything, including Alembic's table, so each test starts from nothing."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@dataclass
class Serials:
    """The running numbers of the test factories (``Organisatie 3``, ``inspecteur4@...``).

    A snapshot keeps them, so that a test starting from it numbers on where its builder
    stopped, exactly as if the test had built the snapshot's objects itself.
    """

    used: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.used[kind] = self.used.get(kind, 0) + 1
        return self.used[kind]

    def copy(self) -> "Serials":
        return Serials(dict(self.used))


@dataclass(frozen=True)
class Snapshot:
    """A database state that tests start from (see :meth:`Databases.restore`)."""

    name: str
    serials: Serials  # copy before use: every test numbers on from the same point
    uploads: Path


class Databases(ABC):
    """Where each test's database comes from: snapshots taken once and restored per test.

    ``make_app(folder, url)`` builds the app that a snapshot is built with.
    """

    EMPTY = "empty"

    def __init__(self, root: Path, make_app: Callable[[Path, str], Flask]) -> None:
        self.root = root
        self._make_app = make_app
        self.empty, _ = self.capture(self.EMPTY, lambda serials: None)

    def capture(
        self, name: str, build: Callable[[Serials], T], start: Snapshot | None = None
    ) -> tuple[Snapshot, T]:
        """Run ``build`` (in an app context) on a copy of ``start``, or on a schema created just
        now, and keep the outcome as the snapshot ``name``; return it with what ``build`` gave."""
        folder = self.root / name
        folder.mkdir()
        if start is None:
            url, serials = self._new_url(folder), Serials()
        else:
            url, serials = self.restore(start, folder), start.serials.copy()
        app = self._make_app(folder, url)
        with app.app_context():
            if start is None:
                reset_schema()
                db.create_all()
            result = build(serials)
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        (folder / "uploads").mkdir(exist_ok=True)
        self._save(name, folder)
        return Snapshot(name, serials, folder / "uploads"), result

    def restore(self, snapshot: Snapshot, folder: Path) -> str:
        """Give a test whose files are in ``folder`` a private copy of ``snapshot``, uploads in
        ``folder / "uploads"``; return the URL of its database."""
        shutil.copytree(snapshot.uploads, folder / "uploads")
        return self._restore(snapshot.name, folder)

    @abstractmethod
    def close(self) -> None:
        """Remove what the snapshots left outside the session's temporary folders."""

    @abstractmethod
    def _new_url(self, folder: Path) -> str:
        """The URL of a database that does not have the schema yet."""

    @abstractmethod
    def _save(self, name: str, folder: Path) -> None:
        """Keep the database just built (at ``_new_url(folder)``) as the snapshot ``name``."""

    @abstractmethod
    def _restore(self, name: str, folder: Path) -> str:
        """Copy the database of snapshot ``name`` for a test in ``folder``; return its URL."""


def open_databases(url: str, root: Path, make_app: Callable[[Path, str], Flask]) -> Databases:
    """The snapshot store for ``INSPECTIE_TEST_DATABASE_URL``: files under ``root`` for
    ``sqlite://``, schemas in the database itself for PostgreSQL."""
    if url == "sqlite://":
        return SqliteDatabases(root, make_app)
    if url.startswith("postgresql"):
        return PostgresDatabases(url, root, make_app)
    raise ValueError(f"INSPECTIE_TEST_DATABASE_URL must be sqlite:// or PostgreSQL, not {url!r}")


# --- SQLite: a file per test ------------------------------------------------------------------


class SqliteDatabases(Databases):
    """Each test's database is a copy of the snapshot's file, in the test's own folder (a
    file, not ``:memory:``, so that every connection and a live server thread sees it)."""

    def close(self) -> None:
        """Nothing to do: the files are in the session's temporary folder."""

    def _new_url(self, folder: Path) -> str:
        return f"sqlite:///{folder / DATABASE_FILE}"

    def _save(self, name: str, folder: Path) -> None:
        # The app runs SQLite in WAL mode, where committed pages can still sit in the -wal file
        # next to the database; back in rollback-journal mode it is all in the one file to copy.
        # (Each connection of a test's app switches its copy to WAL again.)
        path = folder / DATABASE_FILE
        connection = sqlite3.connect(path)
        try:
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            connection.close()
        assert mode == "delete", f"{path} is still in use"
        assert not path.with_name(f"{DATABASE_FILE}-wal").exists()

    def _restore(self, name: str, folder: Path) -> str:
        shutil.copyfile(self.root / name / DATABASE_FILE, folder / DATABASE_FILE)
        return self._new_url(folder)


# --- PostgreSQL: one database, its rows replaced per test ---------------------------------------

# What the schema is made of, as text: relations, their columns in order, defaults, constraints,
# indexes, triggers (and whether they are enabled), functions, types and sequences. OIDs are
# left out, so that a schema built anew the same way has the same fingerprint.
FINGERPRINT = """
SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
  SELECT concat_ws(' ', 'relation', c.relname, c.relkind::text)
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'column', a.attrelid::regclass, a.attnum, a.attname,
                   format_type(a.atttypid, a.atttypmod), a.attnotnull)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT concat_ws(' ', 'default', d.adrelid::regclass, d.adnum, pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
   WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'constraint', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'index', pg_get_indexdef(i.indexrelid))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
   WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'trigger', pg_get_triggerdef(t.oid), t.tgenabled::text)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT concat_ws(' ', 'function', p.oid::regprocedure, md5(p.prosrc))
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'type', t.typname)
    FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
  UNION ALL
  SELECT concat_ws(' ', 'sequence', s.seqrelid::regclass, s.seqtypid, s.seqstart,
                   s.seqincrement, s.seqmin, s.seqmax, s.seqcycle)
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
   WHERE c.relnamespace = 'public'::regnamespace
) AS schema_lines(line)
"""

TABLES = (
    "SELECT relname FROM pg_class "
    "WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace"
)
SEQUENCES = (
    "SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace "
    "ORDER BY relname"
)
TRIGGERED_TABLES = (
    "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal ORDER BY c.relname"
)


class PostgresDatabases(Databases):
    """Each test's rows are those of its snapshot, in the one schema built at the start."""

    def __init__(self, url: str, root: Path, make_app: Callable[[Path, str], Flask]) -> None:
        self._url = url
        # A connection that an earlier test left in a transaction would make the next one wait
        # for its locks forever: fail that test instead.
        self._engine = create_engine(make_url(url), connect_args={"options": "-c lock_timeout=60s"})
        self._tables: list[str] = []  # the models' tables, parents first
        self._fingerprint = ""  # of the schema as built for the empty snapshot
        self._triggered: list[str] = []  # the tables with triggers of their own
        self._fill: dict[str, list[str]] = {}  # per snapshot: what puts its rows back
        super().__init__(root, make_app)

    def close(self) -> None:
        with self._engine.begin() as connection:
            for name in self._fill:
                connection.exec_driver_sql(self._sql("DROP SCHEMA {s} CASCADE", s=_schema(name)))
            # Leave the database as empty as the tests found it.
            db.metadata.drop_all(connection)
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        self._engine.dispose()

    def _new_url(self, folder: Path) -> str:
        return self._url

    def _save(self, name: str, folder: Path) -> None:
        schema = _schema(name)
        with self._engine.begin() as connection:
            fingerprint = connection.execute(text(FINGERPRINT)).scalar_one()
            if name == self.EMPTY:
                # (Known once the app has imported every model.)
                self._tables = [table.name for table in db.metadata.sorted_tables]
                # Emptying the models' tables must empty the schema: there are no others.
                present = set(connection.execute(text(TABLES)).scalars())
                assert present == set(self._tables), present ^ set(self._tables)
                self._fingerprint = fingerprint
                self._triggered = list(connection.execute(text(TRIGGERED_TABLES)).scalars())
            assert fingerprint == self._fingerprint, f"building {name!r} changed the schema"
            connection.exec_driver_sql(self._sql("DROP SCHEMA IF EXISTS {s} CASCADE", s=schema))
            connection.exec_driver_sql(self._sql("CREATE SCHEMA {s}", s=schema))
            filled = []
            for table in self._tables:
                connection.exec_driver_sql(
                    self._sql("CREATE TABLE {s}.{t} AS TABLE public.{t}", s=schema, t=table)
                )
                if connection.exec_driver_sql(
                    self._sql("SELECT 1 FROM {s}.{t}", s=schema, t=table)
                ).first():
                    filled.append(table)
            copies = [
                self._sql(
                    "INSERT INTO public.{t} ({c}) SELECT {c} FROM {s}.{t}",
                    s=schema,
                    t=table,
                    c=[column.name for column in db.metadata.tables[table].columns],
                )
                for table in filled
            ]
            statements = self._while_triggers_off(self._triggered, copies) if copies else []
            # Sequences as the snapshot left them (an unused one: at its start, not yet called).
            for sequence in connection.execute(text(SEQUENCES)).scalars():
                value, called = connection.exec_driver_sql(
                    self._sql("SELECT last_value, is_called FROM public.{q}", q=sequence)
                ).one()
                statements.append(
                    self._sql(
                        "SELECT setval('public.{q}', {v}, {c})", q=sequence, v=value, c=called
                    )
                )
        self._fill[name] = statements

    def _restore(self, name: str, folder: Path) -> str:
        with self._engine.begin() as connection:
            if connection.execute(text(FINGERPRINT)).scalar_one() != self._fingerprint:
                self._rebuild(connection)
            deletes = [self._sql("DELETE FROM public.{t}", t=t) for t in reversed(self._tables)]
            connection.exec_driver_sql(
                ";\n".join(self._while_triggers_off(self._triggered, deletes))
            )
        # Reclaim the deleted rows now: the test then finds its tables as good as new, with no
        # dead rows for autovacuum to clear in the middle of it (letting later rows take the
        # place of earlier ones in the heap), and a long session's tables do not bloat.
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as vacuum:
            vacuum.exec_driver_sql(self._sql("VACUUM {t}", t=[f"public.{t}" for t in self._tables]))
        with self._engine.begin() as connection:
            connection.exec_driver_sql(";\n".join(self._fill[name]))
        return self._url

    def _rebuild(self, connection: Connection) -> None:
        """Build the schema anew (as for the empty snapshot) after a test changed it."""
        db.metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.metadata.create_all(connection)
        assert connection.execute(text(FINGERPRINT)).scalar_one() == self._fingerprint, (
            "a test left objects in the schema that dropping the models' tables does not remove"
        )

    def _while_triggers_off(self, tables: list[str], statements: list[str]) -> list[str]:
        """``statements`` with the user triggers of ``tables`` disabled around them.

        Those triggers guard rows that must never change (the audit trail, final inspections):
        they refuse the DELETE that empties a table and the INSERT of a final inspection's
        answers. Foreign keys (internal triggers) stay on. ``ALTER TABLE`` is transactional, so
        a failure half-way leaves the triggers on; and unlike ``session_replication_role`` it
        needs no superuser, only the tables' owner.
        """
        return (
            [self._sql("ALTER TABLE public.{t} DISABLE TRIGGER USER", t=t) for t in tables]
            + statements
            + [self._sql("ALTER TABLE public.{t} ENABLE TRIGGER USER", t=t) for t in tables]
        )

    def _sql(self, template: str, **values: str | Sequence[str] | int) -> str:
        """``template`` with its ``{placeholders}`` filled in: names as quoted identifiers
        (``schema.table`` part by part; a list of names comma-separated), numbers and truth
        values as literals."""
        quote = self._engine.dialect.identifier_preparer.quote

        def quoted(name: str) -> str:
            return ".".join(quote(part) for part in name.split("."))

        def literal(value: str | Sequence[str] | int) -> str:
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, int):
                return str(value)
            if isinstance(value, str):
                return quoted(value)
            return ", ".join(map(quoted, value))

        return template.format(**{key: literal(value) for key, value in values.items()})


def _schema(snapshot: str) -> str:
    """The schema holding the rows of ``snapshot``."""
    return f"test_snapshot_{snapshot}"
