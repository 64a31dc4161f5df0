"""Checklists in the database: each imported version and everything in it is immutable.

A version is stored once, with the hash of its content; database triggers refuse every UPDATE
and DELETE on these tables, so an inspection that pinned a version can always show the exact
text it was judged against.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
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

from inspectie.checklists.spec import SEVERITIES
from inspectie.db import Base, UTCDateTime, immutable, utcnow
from inspectie.vocab import sql_in


class Checklist(Base):
    __tablename__ = "checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)

    versions: Mapped[list["ChecklistVersion"]] = relationship(
        back_populates="checklist", order_by="ChecklistVersion.valid_from"
    )


class ChecklistVersion(Base):
    __tablename__ = "checklist_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklists.id", ondelete="RESTRICT"))
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    checklist: Mapped[Checklist] = relationship(back_populates="versions", lazy="joined")
    sources: Mapped[list["LegalSource"]] = relationship(order_by="LegalSource.position")
    themes: Mapped[list["ChecklistTheme"]] = relationship(order_by="ChecklistTheme.position")

    __table_args__ = (
        UniqueConstraint("checklist_id", "version", name="uq_checklist_versions_version"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
    )

    @property
    def key(self) -> str:
        return f"{self.checklist.code}@{self.version}"


class LegalSource(Base):
    __tablename__ = "legal_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_versions.id", ondelete="RESTRICT")
    )
    key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    citation: Mapped[str] = mapped_column(String(120))
    link: Mapped[str | None] = mapped_column(String(500))
    is_verified: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("version_id", "key", name="uq_legal_sources_key"),)


class ChecklistTheme(Base):
    __tablename__ = "checklist_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_versions.id", ondelete="RESTRICT")
    )
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    items: Mapped[list["ChecklistItem"]] = relationship(order_by="ChecklistItem.position")

    __table_args__ = (UniqueConstraint("version_id", "code", name="uq_checklist_themes_code"),)


class ChecklistItem(Base):
    __tablename__ = "checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_versions.id", ondelete="RESTRICT")
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("checklist_themes.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    norm: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text)
    methods: Mapped[list[str]] = mapped_column(JSON)
    operator_types: Mapped[list[str]] = mapped_column(JSON)
    modalities: Mapped[list[str]] = mapped_column(JSON)
    except_modalities: Mapped[list[str]] = mapped_column(JSON)
    resident_groups: Mapped[list[str]] = mapped_column(JSON)
    severity: Mapped[str] = mapped_column(String(20))
    observation_required_for: Mapped[list[str]] = mapped_column(JSON)
    evidence_required_for: Mapped[list[str]] = mapped_column(JSON)
    replaces: Mapped[list[str]] = mapped_column(JSON)
    is_verified: Mapped[bool] = mapped_column(Boolean)
    # Derived at import: false when the item, a legal basis or its source is unverified.
    is_fully_verified: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    theme: Mapped[ChecklistTheme] = relationship(back_populates="items", lazy="joined")
    legal_bases: Mapped[list["ItemLegalBasis"]] = relationship(
        order_by="ItemLegalBasis.position", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("version_id", "code", name="uq_checklist_items_code"),
        CheckConstraint(sql_in("severity", SEVERITIES), name="severity"),
        Index("ix_checklist_items_version_position", "version_id", "position"),
    )


class ItemLegalBasis(Base):
    __tablename__ = "item_legal_bases"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_items.id", ondelete="RESTRICT"), index=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("legal_sources.id", ondelete="RESTRICT"))
    article: Mapped[str] = mapped_column(String(40))
    lid: Mapped[str | None] = mapped_column(String(20))
    onderdeel: Mapped[str | None] = mapped_column(String(20))
    # The full citation as people read and search it, rendered once at import by spec.cite.
    citation: Mapped[str] = mapped_column(String(400))
    is_verified: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    source: Mapped[LegalSource] = relationship(lazy="joined")


IMMUTABLE_TABLES: tuple[Any, ...] = (
    Checklist,
    ChecklistVersion,
    LegalSource,
    ChecklistTheme,
    ChecklistItem,
    ItemLegalBasis,
)
for _model in IMMUTABLE_TABLES:
    immutable(_model.__table__)
