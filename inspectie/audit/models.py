"""The audit event: one row per state change, never updated or deleted."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspectie.db import Base, UTCDateTime, immutable, utcnow

if TYPE_CHECKING:
    from inspectie.auth.models import User


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column()
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)

    actor: Mapped["User | None"] = relationship(lazy="joined")

    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id", "id"),)


# The database itself refuses to rewrite history, whatever code runs against it.
immutable(AuditEvent.__table__, "audit_events is append-only")  # type: ignore[arg-type]
