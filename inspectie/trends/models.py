"""The trend summary: a read model of the answers of final inspections, kept by ``summary``.

Counts are kept per month and per *segment*. A segment is a combination of location
attributes in which an attribute may be left open ('' = every value): ``(drenthe, coa, azc)``,
``(drenthe, '', '')`` (all of Drenthe), ``('', '', '')`` (the whole country). Every answer is
counted once in each of the segment grains of :data:`GRAINS`, so that a question is answered
from the coarsest grain that still holds its dimensions: the whole country over ten years is a
few thousand rows, not millions of answers. See docs/trends.md.
"""

from datetime import date
from typing import Final

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspectie.db import Base

# The location attributes a segment is made of, in the order of the segment's columns.
DIMENSIONS: Final = ("province", "operator_type", "modality")

# The segment grains kept, as the dimensions a grain holds; the coarsest first, which is the
# order in which a query tries them. (province, modality) is left out on purpose: at the finest
# grain those two values leave at most one segment per operator type, so it adds nothing.
GRAINS: Final[tuple[frozenset[str], ...]] = (
    frozenset(),
    frozenset({"operator_type"}),
    frozenset({"province"}),
    frozenset({"modality"}),
    frozenset({"province", "operator_type"}),
    frozenset({"operator_type", "modality"}),
    frozenset(DIMENSIONS),
)
FINEST: Final = frozenset(DIMENSIONS)

# Count rows are clustered on their primary key in SQLite (no separate rowid table): a
# query reads one contiguous range per segment and month window.
_CLUSTERED = {"sqlite_with_rowid": False}


class TrendSegment(Base):
    __tablename__ = "trend_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(20))
    operator_type: Mapped[str] = mapped_column(String(10))
    modality: Mapped[str] = mapped_column(String(30))

    __table_args__ = (
        UniqueConstraint("province", "operator_type", "modality", name="uq_trend_segments_values"),
    )


class TrendInspection(Base):
    """A final inspection as the summary counted it: its period and the attributes its location
    had when it was finalised (a location that moves province later keeps its history)."""

    __tablename__ = "trend_inspections"

    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT"), primary_key=True
    )
    planned_on: Mapped[date] = mapped_column(Date)
    month: Mapped[int] = mapped_column(Integer)  # year * 100 + month: 202607
    province: Mapped[str] = mapped_column(String(20))
    operator_type: Mapped[str] = mapped_column(String(10))
    modality: Mapped[str] = mapped_column(String(30))
    checklist_version_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_versions.id", ondelete="RESTRICT")
    )
    # The finest segment: (province, operator_type, modality).
    segment_id: Mapped[int] = mapped_column(ForeignKey("trend_segments.id", ondelete="RESTRICT"))

    __table_args__ = (
        CheckConstraint("month % 100 BETWEEN 1 AND 12", name="month"),
        Index("ix_trend_inspections_planned_on", "planned_on"),
    )


class TrendItemCount(Base):
    """Judged and deficient answers of one checklist item, in a segment and a month."""

    __tablename__ = "trend_item_counts"

    segment_id: Mapped[int] = mapped_column(
        ForeignKey("trend_segments.id", ondelete="RESTRICT"), primary_key=True
    )
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="RESTRICT"), primary_key=True
    )
    judged: Mapped[int] = mapped_column(Integer)
    deficient: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("deficient >= 0 AND deficient <= judged", name="counts"),
        _CLUSTERED,
    )


class TrendThemeCount(Base):
    """Judged and deficient answers in one theme (of one checklist version), in a segment and a
    month: the item counts added up, for the questions that do not ask for items."""

    __tablename__ = "trend_theme_counts"

    segment_id: Mapped[int] = mapped_column(
        ForeignKey("trend_segments.id", ondelete="RESTRICT"), primary_key=True
    )
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_themes.id", ondelete="RESTRICT"), primary_key=True
    )
    judged: Mapped[int] = mapped_column(Integer)
    deficient: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("deficient >= 0 AND deficient <= judged", name="counts"),
        _CLUSTERED,
    )
