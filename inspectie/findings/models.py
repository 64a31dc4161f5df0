"""The finding: a deviation found in a final inspection, with its repair order and deadline."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem
from inspectie.checklists.spec import SEVERITIES
from inspectie.db import Base, UTCDateTime, immutable, utcnow
from inspectie.inspections.models import Answer, Inspection
from inspectie.locations.models import Location
from inspectie.vocab import sql_in

FINDING_STATUSES = {
    "open": "Open",
    "plan_ingediend": "Plan ingediend",
    "in_uitvoering": "In uitvoering",
    "gemeld_opgelost": "Gemeld als opgelost",
    "geverifieerd": "Geverifieerd",
}
# The statuses in which the repair is still the operator's job: only these can be overdue.
REPAIR_STATUSES = ("open", "plan_ingediend", "in_uitvoering")

# What a note on a finding records; transitions carry one, a plain response too.
NOTE_KINDS = {
    "reactie": "Reactie",
    "plan_ingediend": "Plan ingediend",
    "in_uitvoering": "Herstel gestart",
    "gemeld_opgelost": "Gemeld als opgelost",
    "effectief": "Geverifieerd: effectief",
    "niet_effectief": "Geverifieerd: niet effectief",
    "termijn_verlengd": "Termijn verlengd",
}


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT"), index=True
    )
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="RESTRICT"), unique=True
    )
    # Copied from the inspection so that lists and dashboards filter without joins.
    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="RESTRICT"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_items.id", ondelete="RESTRICT"))
    judgment: Mapped[str] = mapped_column(String(30))
    severity: Mapped[str] = mapped_column(String(20))
    observation: Mapped[str] = mapped_column(Text)
    repair_order: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the status last changed: "stalled" is measured from here.
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The follow-up inspection whose judgment verified or reopened it last, if any.
    followed_up_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT")
    )
    revision: Mapped[int] = mapped_column(Integer, default=1)

    inspection: Mapped[Inspection] = relationship(foreign_keys=[inspection_id])
    answer: Mapped[Answer] = relationship()
    location: Mapped[Location] = relationship(lazy="joined")
    item: Mapped[ChecklistItem] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("severity", SEVERITIES), name="severity"),
        CheckConstraint(sql_in("status", FINDING_STATUSES), name="status"),
        CheckConstraint("judgment IN ('voldoet_deels', 'voldoet_niet')", name="deviation"),
        CheckConstraint("length(trim(repair_order)) > 0", name="repair_order"),
        Index("ix_findings_status_deadline", "status", "deadline"),
        # The inspectorate's unfiltered list is sorted by deadline.
        Index("ix_findings_deadline", "deadline", "id"),
    )

    @property
    def status_label(self) -> str:
        return FINDING_STATUSES[self.status]

    def is_overdue(self, today: date) -> bool:
        """Past its deadline while the repair is still the operator's job (computed, not
        stored, so it is never stale)."""
        return self.status in REPAIR_STATUSES and self.deadline < today


class FindingNote(Base):
    """One message in a finding's history: the operator's response or progress, a transition's
    explanation, the inspectorate's verification or a deadline extension. Append-only."""

    __tablename__ = "finding_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("kind", NOTE_KINDS), name="kind"),
        CheckConstraint("length(trim(text)) > 0", name="text"),
        CheckConstraint(
            "kind != 'termijn_verlengd' OR (old_deadline IS NOT NULL AND new_deadline IS NOT NULL)",
            name="extension_dates",
        ),
    )

    @property
    def kind_label(self) -> str:
        return NOTE_KINDS[self.kind]


immutable(FindingNote.__table__, "finding notes are append-only")  # type: ignore[arg-type]


class FollowUp(Base):
    """A finding that a follow-up inspection (``vervolgonderzoek``) looks at again, with the
    answer in that inspection that judges it; finalising it verifies or reopens the finding."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT"), index=True
    )
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="RESTRICT"), index=True
    )
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="RESTRICT"))

    finding: Mapped[Finding] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("inspection_id", "finding_id", name="uq_follow_ups_finding"),
    )
