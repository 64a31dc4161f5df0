"""The declarative base shared by every model, and small database helpers."""

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DDL, DateTime, MetaData, Table, event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints make Alembic migrations deterministic and SQLite batch mode workable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The largest id a row can have (PostgreSQL's integer): a larger one in a URL is simply unknown,
# rather than an out-of-range value sent to the database (a 500).
MAX_ID = 2**31 - 1


def today() -> date:
    """Today's date in the Netherlands (the server clock runs in UTC)."""
    return datetime.now(AMSTERDAM).date()


def utcnow() -> datetime:
    """The current time, timezone-aware, for column defaults (pass the callable, not a value)."""
    return datetime.now(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLite leaves foreign keys off unless every connection asks for them.
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Many inspectors autosave at once: readers must not block the writer (WAL), and a
        # writer waits for the lock instead of failing at once with "database is locked".
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() folds only ASCII; PostgreSQL's folds "É" too. Python's lower makes
        # case-insensitive search and ordering agree on both databases.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware, on SQLite too.

    SQLite has no time zones, so a plain ``DateTime(timezone=True)`` reads back naive there and
    aware on PostgreSQL; comparing the two raises. This type makes both databases agree.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# --- rows that must never change --------------------------------------------------------------

REFUSE_CHANGE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
)


def immutable_ddl(table: str, message: str, dialect: str) -> list[str]:
    """Statements that make the database refuse UPDATE, DELETE and TRUNCATE on ``table``.

    The migrations carry the same statements as literal SQL.
    """
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            for verb in ("UPDATE", "DELETE")
        ]
    if dialect == "postgresql":
        # TRUNCATE fires no DELETE trigger: it needs one of its own. (SQLite has no TRUNCATE,
        # and runs the DELETE trigger for a DELETE without WHERE.)
        return [
            REFUSE_CHANGE_FUNCTION,
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{message}')",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{message}')",
        ]
    return []


def immutable(table: Table, message: str | None = None) -> None:
    """Have ``create_all`` add the triggers of :func:`immutable_ddl` to ``table``."""
    text = message or f"{table.name} is immutable"
    for dialect in ("sqlite", "postgresql"):
        for statement in immutable_ddl(table.name, text, dialect):
            # DDL() %-formats its text, so the % of RAISE EXCEPTION '%' must be doubled.
            ddl = DDL(statement.replace("%", "%%"))  # type: ignore[no-untyped-call]
            event.listen(table, "after_create", ddl.execute_if(dialect=dialect))


event.listen(
    Base.metadata,
    "after_drop",
    DDL("DROP FUNCTION IF EXISTS refuse_change()").execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
)
