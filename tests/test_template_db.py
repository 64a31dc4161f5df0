"""The per-test databases of tests/template_db.py: a test starts from a private copy of its
snapshot, whatever the tests before it did to theirs (rows, ids, files, even the schema)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask, current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from inspectie.audit.models import AuditEvent
from inspectie.extensions import db
from inspectie.organisations.models import Organisation
from inspectie.organisations.services import create_organisation
from tests.conftest import reset_schema, snapshot_app
from tests.template_db import Databases, Serials, Snapshot


@contextmanager
def copy_of(databases: Databases, snapshot: Snapshot, folder: Path) -> Iterator[Flask]:
    """An app on a fresh copy of ``snapshot``, as the ``app`` fixture makes one."""
    folder.mkdir()
    app = snapshot_app(folder, databases.restore(snapshot, folder))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def organisation_names() -> list[str]:
    return list(db.session.scalars(select(Organisation.name).order_by(Organisation.id)))


def add_organisation(name: str) -> int:
    organisation = create_organisation(None, name, "coa")
    db.session.commit()
    return organisation.id


def test_each_copy_of_the_empty_schema_is_empty_with_fresh_ids(
    databases: Databases, tmp_path: Path
) -> None:
    with copy_of(databases, databases.empty, tmp_path / "first"):
        assert add_organisation("Eerste") == 1
        assert add_organisation("Tweede") == 2
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 2
    with copy_of(databases, databases.empty, tmp_path / "second"):
        assert organisation_names() == []
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 0
        assert add_organisation("Derde") == 1


@pytest.fixture(scope="module")
def snapshot(databases: Databases) -> Snapshot:
    def build(serials: Serials) -> None:
        for _ in range(3):
            add_organisation(f"Organisatie {serials.next('org')}")
        uploads = Path(current_app.config["UPLOAD_DIR"])
        uploads.mkdir(exist_ok=True)
        (uploads / "bewijs.pdf").write_bytes(b"%PDF-1.4\n")

    made, _ = databases.capture("template_db_probe", build, start=databases.empty)
    return made


def test_each_copy_of_a_snapshot_is_the_snapshot(
    databases: Databases, snapshot: Snapshot, tmp_path: Path
) -> None:
    assert snapshot.serials.used == {"org": 3}
    with copy_of(databases, snapshot, tmp_path / "first") as app:
        uploads = Path(app.config["UPLOAD_DIR"])
        assert (uploads / "bewijs.pdf").read_bytes() == b"%PDF-1.4\n"
        (uploads / "bewijs.pdf").unlink()
        db.session.delete(db.session.get(Organisation, 2))
        db.session.commit()
        assert add_organisation("Vierde") == 4
    with copy_of(databases, snapshot, tmp_path / "second") as app:
        assert organisation_names() == ["Organisatie 1", "Organisatie 2", "Organisatie 3"]
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 3
        assert (Path(app.config["UPLOAD_DIR"]) / "bewijs.pdf").exists()
        assert add_organisation("Vierde") == 4  # the ids go on from the snapshot's


def test_a_schema_a_test_dropped_or_changed_comes_back(
    databases: Databases, snapshot: Snapshot, tmp_path: Path
) -> None:
    with copy_of(databases, snapshot, tmp_path / "dropped"):
        reset_schema()
    with copy_of(databases, snapshot, tmp_path / "unguarded"):
        assert organisation_names() == ["Organisatie 1", "Organisatie 2", "Organisatie 3"]
        db.session.rollback()  # let go of the table, for ALTER TABLE on another connection
        # Take away the guard of the audit trail (and add a column to a table).
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            else:
                connection.execute(text("DROP TRIGGER audit_events_no_update"))
            connection.execute(text("ALTER TABLE organisations ADD COLUMN extra INTEGER"))
            connection.execute(text("UPDATE audit_events SET action = 'herschreven'"))
    with copy_of(databases, snapshot, tmp_path / "restored"):
        assert organisation_names() == ["Organisatie 1", "Organisatie 2", "Organisatie 3"]
        columns = db.session.execute(text("SELECT * FROM organisations")).keys()
        assert "extra" not in columns
        assert "herschreven" not in db.session.scalars(select(AuditEvent.action)).all()
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("UPDATE audit_events SET action = 'herschreven'"))
