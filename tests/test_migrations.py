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
    for statement in ("UPDATE audit_events SET action = 'rewritten'", "DELETE FROM audit_events"):
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
