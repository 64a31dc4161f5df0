"""The reception location."""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspectie.db import Base, UTCDateTime, utcnow
from inspectie.organisations.models import Organisation
from inspectie.vocab import (
    KSO_MAX_CAPACITY,
    LOCATION_STATUSES,
    MODALITIES,
    OPERATOR_TYPES,
    PROVINCES,
    RESIDENT_GROUPS,
    sql_in,
)


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    operator_type: Mapped[str] = mapped_column(String(10))
    modality: Mapped[str] = mapped_column(String(30))
    capacity: Mapped[int] = mapped_column(Integer)
    municipality: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(20))
    has_families: Mapped[bool] = mapped_column(Boolean, default=False)
    has_minors: Mapped[bool] = mapped_column(Boolean, default=False)
    has_amv: Mapped[bool] = mapped_column(Boolean, default=False)
    has_special_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Raised on every change; API writes carry it so that a stale edit gets 409, not a overwrite.
    revision: Mapped[int] = mapped_column(Integer, default=1)

    operator: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(sql_in("operator_type", OPERATOR_TYPES), name="operator_type"),
        CheckConstraint(sql_in("modality", MODALITIES), name="modality"),
        CheckConstraint(sql_in("province", PROVINCES), name="province"),
        CheckConstraint(sql_in("status", LOCATION_STATUSES), name="status"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint(
            f"modality != 'kso' OR capacity <= {KSO_MAX_CAPACITY}", name="kso_capacity"
        ),
        CheckConstraint(
            "closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on",
            name="closed_after_opened",
        ),
        CheckConstraint("status = 'open' OR closed_on IS NOT NULL", name="closed_has_date"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        Index("ix_locations_province_name", "province", "name"),
        Index("ix_locations_name", "name"),
    )

    @property
    def resident_groups(self) -> list[str]:
        """The codes of the resident groups this location houses."""
        return [code for code in RESIDENT_GROUPS if getattr(self, f"has_{code}")]

    @property
    def modality_label(self) -> str:
        return MODALITIES[self.modality]

    @property
    def province_label(self) -> str:
        return PROVINCES[self.province]

    @property
    def operator_type_label(self) -> str:
        return OPERATOR_TYPES[self.operator_type]

    @property
    def status_label(self) -> str:
        return LOCATION_STATUSES[self.status]

    def __repr__(self) -> str:
        return f"<Location {self.name!r}>"
