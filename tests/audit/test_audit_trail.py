"""The audit trail is append-only, whatever code runs against the database."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from inspectie.audit.models import AuditEvent
from inspectie.audit.services import diff, history, record
from inspectie.extensions import db


def test_record_and_history(make_location, make_user):
    actor = make_user("coordinator")
    location = make_location()
    record(actor, "location.note", location, {"x": [1, 2]}, reason="omdat")
    events = history(location)
    assert [e.action for e in events] == ["location.create", "location.note"]
    assert events[-1].actor_id == actor.id and events[-1].reason == "omdat"
    assert events[-1].at.tzinfo is not None


def test_diff_keeps_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}


@pytest.mark.parametrize("change", ["update", "delete"])
def test_database_refuses_to_change_the_trail(make_location, change):
    make_location()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "location.create"))
    if change == "update":
        event.action = "rewritten"
    else:
        db.session.delete(event)
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).action == "location.create"
