"""Migrations and models agree: upgrade an empty database to head, compare, downgrade to base."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from inspectie.extensions import db
from tests.conftest import reset_schema


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_matches_models_and_downgrade_removes_everything(app):
    reset_schema()
    assert _tables() == set()

    upgrade()
    assert set(db.metadata.tables) <= _tables()

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        drift = compare_metadata(context, db.metadata)
    assert drift == [], f"models and migrations differ: {drift}"

    downgrade(revision="base")
    assert _tables() <= {"alembic_version"}


def _triggers() -> set[str]:
    """The database's own triggers (not those PostgreSQL makes for foreign keys)."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    with db.engine.connect() as connection:
        return set(connection.execute(text(query)).scalars())


def test_migrations_make_the_same_triggers_as_the_models(app):
    """compare_metadata does not see triggers: the immutability of final inspections, the
    append-only tables and the frozen reports live in them."""
    reset_schema()
    db.create_all()
    made = _triggers()
    reset_schema()
    upgrade()
    migrated = _triggers()
    downgrade(revision="base")
    assert made, "the models make triggers"
    assert migrated == made


def test_migrated_audit_trail_is_append_only(app):
    reset_schema()
    upgrade()
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (at, action, object_type, object_id, changes) "
                "VALUES (CURRENT_TIMESTAMP, 'test', 'x', 1, '{}')"
            )
        )
    statements = ["UPDATE audit_events SET action = 'rewritten'", "DELETE FROM audit_events"]
    if db.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_events")  # SQLite has no TRUNCATE
    for statement in statements:
        try:
            with db.engine.begin() as connection:
                connection.execute(text(statement))
        except DBAPIError as error:
            assert "append-only" in str(error)
        else:
            raise AssertionError(f"{statement!r} was allowed")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_events")).scalar_one() == "test"
    downgrade(revision="base")
