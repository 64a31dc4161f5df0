"""Writing the audit trail. Services call :func:`record`; nothing edits what it wrote."""

from typing import Any

from sqlalchemy import select

from inspectie.audit.models import AuditEvent
from inspectie.extensions import db


def record(
    actor: Any,
    action: str,
    obj: Any,
    changes: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event to the trail (flushed, not committed).

    :param actor: the user who acted, or ``None`` for the system (CLI, demo loader).
    :param action: what happened, e.g. ``location.update``.
    :param obj: the changed object; it must have been flushed so that it has an id.
    :param changes: field -> ``[old, new]``, JSON-serialisable.
    :param reason: why, where the lifecycle asks for a reason.
    """
    if obj.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        changes=changes or {},
        reason=reason,
    )
    db.session.add(event)
    db.session.flush()
    return event


def history(obj: Any) -> list[AuditEvent]:
    """The trail of one object, oldest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.object_type == obj.__tablename__, AuditEvent.object_id == obj.id)
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(query))


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [old, new] for the fields whose value changed."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }
