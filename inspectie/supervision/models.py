"""A coordinator's decision on the supervision level of a location or an organisation.

The current level is the latest decision; with none, the level is ``regulier``. Decisions are
append-only, so the table is the history.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspectie.auth.models import User
from inspectie.db import Base, UTCDateTime, immutable, utcnow
from inspectie.vocab import sql_in

LEVELS = {"regulier": "Regulier", "verdiepend": "Verdiepend", "intensief": "Intensief"}


class SupervisionDecision(Base):
    __tablename__ = "supervision_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    level: Mapped[str] = mapped_column(String(20))
    # The level the rule proposed at the time, kept to show where a coordinator departed from it.
    proposed_level: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("level", LEVELS), name="level"),
        CheckConstraint(sql_in("proposed_level", LEVELS), name="proposed_level"),
        CheckConstraint("(location_id IS NULL) != (organisation_id IS NULL)", name="one_subject"),
        CheckConstraint("length(trim(reason)) > 0", name="reason"),
        Index("ix_supervision_decisions_location", "location_id", "id"),
        Index("ix_supervision_decisions_organisation", "organisation_id", "id"),
    )

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


immutable(SupervisionDecision.__table__, "supervision decisions are append-only")  # type: ignore[arg-type]
