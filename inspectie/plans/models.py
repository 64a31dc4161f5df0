"""An improvement plan (verbeterplan): ordered goals, each answering findings through actions.

A plan belongs to one organisation and is either for one of its locations or organisation-wide
(``location_id`` empty), like Nidos's national plan. Goals are entered by users; nothing here
names them.
"""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspectie.auth.models import User
from inspectie.db import Base, UTCDateTime, immutable, utcnow
from inspectie.findings.models import Finding
from inspectie.inspections.models import StoredFile
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.vocab import sql_in

PLAN_STATUSES = {
    "concept": "Concept",
    "ingediend": "Ingediend",
    "geaccepteerd": "Geaccepteerd",
    "te_herzien": "Te herzien",
}
ACTION_STATUSES = {
    "gepland": "Gepland",
    "in_uitvoering": "In uitvoering",
    "afgerond": "Afgerond",
}


class ImprovementPlan(Base):
    __tablename__ = "improvement_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="concept")
    # The inspectorate's assessment of the plan as submitted.
    assessment_reason: Mapped[str | None] = mapped_column(Text)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    location: Mapped[Location | None] = relationship(lazy="joined")
    assessed_by: Mapped[User | None] = relationship(foreign_keys=[assessed_by_id])
    goals: Mapped[list["PlanGoal"]] = relationship(
        back_populates="plan", order_by="PlanGoal.position", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint(sql_in("status", PLAN_STATUSES), name="status"),
        CheckConstraint("length(trim(title)) > 0", name="title"),
        CheckConstraint(
            "status NOT IN ('geaccepteerd', 'te_herzien') OR (assessed_by_id IS NOT NULL "
            "AND assessed_at IS NOT NULL AND length(trim(assessment_reason)) > 0)",
            name="assessment_complete",
        ),
    )

    @property
    def status_label(self) -> str:
        return PLAN_STATUSES[self.status]

    @property
    def is_organisation_wide(self) -> bool:
        return self.location_id is None


class PlanGoal(Base):
    """One goal of a plan, in the plan's order; ``aspect`` optionally groups goals."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("improvement_plans.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    aspect: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[ImprovementPlan] = relationship(back_populates="goals")
    actions: Mapped[list["PlanAction"]] = relationship(
        back_populates="goal", order_by="PlanAction.id", lazy="selectin"
    )
    findings: Mapped[list[Finding]] = relationship(
        secondary="goal_findings", order_by="Finding.id", lazy="selectin", viewonly=True
    )

    __table_args__ = (
        UniqueConstraint("plan_id", "position", name="uq_plan_goals_position"),
        CheckConstraint("position > 0", name="position"),
        CheckConstraint("length(trim(title)) > 0", name="title"),
    )


class GoalFinding(Base):
    """A finding that a goal answers. A finding can be answered by goals of several plans."""

    __tablename__ = "goal_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="RESTRICT"))
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="RESTRICT"), index=True
    )

    __table_args__ = (UniqueConstraint("goal_id", "finding_id", name="uq_goal_findings"),)


class PlanAction(Base):
    """A measure (maatregel) towards a goal: who, by when, how far."""

    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="gepland")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    # What shows the action was carried out (a description; files are ActionEvidence).
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    goal: Mapped[PlanGoal] = relationship(back_populates="actions")

    __table_args__ = (
        CheckConstraint(sql_in("status", ACTION_STATUSES), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint("status != 'afgerond' OR progress = 100", name="done_is_complete"),
        CheckConstraint("length(trim(description)) > 0", name="description"),
        CheckConstraint("length(trim(owner)) > 0", name="owner"),
    )

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES[self.status]

    def is_overdue(self, today: date) -> bool:
        return self.status != "afgerond" and self.deadline < today


class ActionEvidence(StoredFile, Base):
    """A file backing an action, stored like inspection evidence: outside the web root."""

    __tablename__ = "action_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="RESTRICT"), index=True
    )


class PlanUpdate(Base):
    """A dated progress update on a plan (optionally on one goal). Append-only."""

    __tablename__ = "plan_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_plans.id", ondelete="RESTRICT"), index=True
    )
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("plan_goals.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")
    goal: Mapped[PlanGoal | None] = relationship()

    __table_args__ = (CheckConstraint("length(trim(text)) > 0", name="text"),)


immutable(PlanUpdate.__table__, "plan updates are append-only")  # type: ignore[arg-type]
