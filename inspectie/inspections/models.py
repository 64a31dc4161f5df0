"""Inspections, their team, the answers per item and the evidence files.

A final (``vastgesteld``) inspection is frozen by database triggers as well as by the services:
its row, its answers and its evidence refuse every change, whatever code runs.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from inspectie.auth.models import User
from inspectie.checklists.models import ChecklistItem, ChecklistVersion
from inspectie.checklists.spec import JUDGMENTS, SEVERITIES
from inspectie.db import Base, UTCDateTime, utcnow
from inspectie.inspections.vocab import INSPECTION_TYPES, STATUSES
from inspectie.locations.models import Location
from inspectie.vocab import sql_in


class Inspection(Base):
    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="RESTRICT"), index=True
    )
    checklist_version_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_versions.id", ondelete="RESTRICT")
    )
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="gepland")
    planned_on: Mapped[date] = mapped_column(Date)
    # Thematic inspections judge only these themes; empty means every theme.
    theme_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)

    location: Mapped[Location] = relationship(lazy="joined")
    checklist_version: Mapped[ChecklistVersion] = relationship(lazy="joined")
    lead: Mapped[User] = relationship(foreign_keys=[lead_id], lazy="joined")
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    members: Mapped[list["InspectionMember"]] = relationship(
        back_populates="inspection", lazy="selectin", order_by="InspectionMember.id"
    )

    __table_args__ = (
        CheckConstraint(sql_in("type", INSPECTION_TYPES), name="type"),
        CheckConstraint(sql_in("status", STATUSES), name="status"),
        CheckConstraint(
            "status != 'vastgesteld' OR (finalised_at IS NOT NULL AND content_hash IS NOT NULL "
            "AND reviewer_id IS NOT NULL)",
            name="final_is_complete",
        ),
        CheckConstraint("reviewer_id IS NULL OR reviewer_id != lead_id", name="four_eyes"),
        Index("ix_inspections_status_planned_on", "status", "planned_on"),
    )

    @property
    def team_ids(self) -> set[int]:
        return {self.lead_id} | {m.user_id for m in self.members}

    @property
    def type_label(self) -> str:
        return INSPECTION_TYPES[self.type]

    @property
    def kind_name(self) -> str:
        """What the inspection is called in a sentence: "Regulier onderzoek", but
        "Vervolgonderzoek" (not "Vervolgonderzoek onderzoek")."""
        label = self.type_label
        return label if label.endswith("onderzoek") else f"{label} onderzoek"

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def is_final(self) -> bool:
        return self.status == "vastgesteld"


class InspectionMember(Base):
    """A team member besides the lead inspector."""

    __tablename__ = "inspection_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="RESTRICT"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)

    inspection: Mapped[Inspection] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("inspection_id", "user_id", name="uq_inspection_members_user"),
    )


class Answer(Base):
    """The judgment of one applicable item; created empty (revision 0) when planned."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="RESTRICT"))
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_items.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    judgment: Mapped[str | None] = mapped_column(String(30))
    observation: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # Every save raises it; a save based on an older revision is refused (409), never merged.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # Set in review for deviations; finalising turns them into the finding.
    severity: Mapped[str | None] = mapped_column(String(20))
    repair_order: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)

    item: Mapped[ChecklistItem] = relationship(lazy="joined")
    updated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("inspection_id", "item_id", name="uq_answers_item"),
        CheckConstraint("judgment IS NULL OR " + sql_in("judgment", JUDGMENTS), name="judgment"),
        CheckConstraint("severity IS NULL OR " + sql_in("severity", SEVERITIES), name="severity"),
        CheckConstraint("revision >= 0", name="revision"),
        Index("ix_answers_inspection_position", "inspection_id", "position"),
    )


class StoredFile:
    """The columns of an uploaded file kept outside the web root under a random name: an
    answer's evidence and a plan action's evidence are checked and stored alike."""

    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def as_added(self) -> dict[str, list[Any]]:
        """The file's audit changes when it is added: old -> new per field."""
        return {
            "name": [None, self.original_name],
            "content_type": [None, self.content_type],
            "size": [None, self.size],
            "sha256": [None, self.sha256],
        }

    @declared_attr.directive
    def __table_args__(cls) -> tuple[CheckConstraint, ...]:
        # New constraint objects per table: one constraint cannot belong to two tables.
        return (
            CheckConstraint(
                "content_type IN ('image/jpeg', 'image/png', 'application/pdf')", name="type"
            ),
            CheckConstraint("size > 0", name="size"),
        )


class Evidence(StoredFile, Base):
    """A photo or document backing an answer, stored outside the web root under a random name."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="RESTRICT"), index=True
    )
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT"), index=True
    )


def _final_inspection_ddl(dialect: str) -> list[str]:
    """Triggers that freeze a final inspection with its answers and evidence."""
    message = "inspection is final (vastgesteld)"
    if dialect == "sqlite":
        statements = [
            f"CREATE TRIGGER inspections_final_no_update BEFORE UPDATE ON inspections "
            f"WHEN OLD.status = 'vastgesteld' BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER inspections_final_no_delete BEFORE DELETE ON inspections "
            f"WHEN OLD.status = 'vastgesteld' BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
        for table in ("answers", "evidence"):
            for verb, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
                statements.append(
                    f"CREATE TRIGGER {table}_final_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"WHEN (SELECT status FROM inspections WHERE id = {row}.inspection_id) "
                    f"= 'vastgesteld' BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
        return statements
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION refuse_change_of_final_inspection() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ DECLARE parent_status text; BEGIN "
            "IF TG_TABLE_NAME = 'inspections' THEN parent_status := OLD.status; "
            "ELSIF TG_OP = 'INSERT' THEN SELECT status INTO parent_status FROM inspections "
            "WHERE id = NEW.inspection_id; "
            "ELSE SELECT status INTO parent_status FROM inspections WHERE id = OLD.inspection_id; "
            "END IF; "
            f"IF parent_status = 'vastgesteld' THEN RAISE EXCEPTION '{message}'; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER inspections_final BEFORE UPDATE OR DELETE ON inspections "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_of_final_inspection()",
            "CREATE TRIGGER answers_final BEFORE INSERT OR UPDATE OR DELETE ON answers "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_of_final_inspection()",
            "CREATE TRIGGER evidence_final BEFORE INSERT OR UPDATE OR DELETE ON evidence "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_of_final_inspection()",
        ]
    return []


FINAL_INSPECTION_DDL = {d: _final_inspection_ddl(d) for d in ("sqlite", "postgresql")}

for _dialect, _statements in FINAL_INSPECTION_DDL.items():
    for _statement in _statements:
        # After every table exists: the answer and evidence triggers read the inspections table.
        event.listen(
            Base.metadata,
            "after_create",
            DDL(_statement.replace("%", "%%")).execute_if(dialect=_dialect),  # type: ignore[no-untyped-call]
        )
event.listen(
    Base.metadata,
    "after_drop",
    DDL("DROP FUNCTION IF EXISTS refuse_change_of_final_inspection()").execute_if(  # type: ignore[no-untyped-call]
        dialect="postgresql"
    ),
)
