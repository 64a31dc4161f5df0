"""The finding: a deviation found in a final inspection, with its repair order and deadline."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspectie.checklists.models import ChecklistItem
from inspectie.checklists.spec import SEVERITIES
from inspectie.db import Base, UTCDateTime, utcnow
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
    revision: Mapped[int] = mapped_column(Integer, default=1)

    inspection: Mapped[Inspection] = relationship()
    answer: Mapped[Answer] = relationship()
    location: Mapped[Location] = relationship(lazy="joined")
    item: Mapped[ChecklistItem] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("severity", SEVERITIES), name="severity"),
        CheckConstraint(sql_in("status", FINDING_STATUSES), name="status"),
        CheckConstraint("judgment IN ('voldoet_deels', 'voldoet_niet')", name="deviation"),
        CheckConstraint("length(trim(repair_order)) > 0", name="repair_order"),
        Index("ix_findings_status_deadline", "status", "deadline"),
    )

    @property
    def status_label(self) -> str:
        return FINDING_STATUSES[self.status]
