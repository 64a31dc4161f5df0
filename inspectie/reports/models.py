"""The report of a final inspection, stored as it was when the inspection was finalised."""

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from inspectie.db import Base, immutable


class InspectionReportData(Base):
    """Canonical JSON of :class:`inspectie.reports.data.InspectionReport`, written once.

    The inspection itself is frozen, but what its report shows also comes from rows that live on
    (the location's name and capacity, a finding's deadline once extended, the inspection planned
    before it). Keeping the data of the moment of finalisation makes every later download of the
    report byte-identical, and the database refuses any change to it.
    """

    __tablename__ = "inspection_reports"

    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT"), primary_key=True
    )
    data: Mapped[str] = mapped_column(Text)


immutable(
    InspectionReportData.__table__,  # type: ignore[arg-type]
    "the report of a final inspection is immutable",
)
