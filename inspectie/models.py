"""Every model, imported here so that Alembic and create_all see all tables."""

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import ApiToken, LoginAttempt, User
from inspectie.checklists.models import (
    Checklist,
    ChecklistItem,
    ChecklistTheme,
    ChecklistVersion,
    ItemLegalBasis,
    LegalSource,
)
from inspectie.findings.models import Finding, FindingNote, FollowUp
from inspectie.inspections.models import Answer, Evidence, Inspection, InspectionMember
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation
from inspectie.plans.models import (
    ActionEvidence,
    GoalFinding,
    ImprovementPlan,
    PlanAction,
    PlanGoal,
    PlanUpdate,
)
from inspectie.reports.models import InspectionReportData
from inspectie.supervision.models import SupervisionDecision
from inspectie.trends.models import TrendInspection, TrendItemCount, TrendSegment, TrendThemeCount

__all__ = [
    "ActionEvidence",
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Checklist",
    "ChecklistItem",
    "ChecklistTheme",
    "ChecklistVersion",
    "Evidence",
    "Finding",
    "FindingNote",
    "FollowUp",
    "GoalFinding",
    "ImprovementPlan",
    "Inspection",
    "InspectionMember",
    "InspectionReportData",
    "ItemLegalBasis",
    "LegalSource",
    "Location",
    "LoginAttempt",
    "Organisation",
    "PlanAction",
    "PlanGoal",
    "PlanUpdate",
    "SupervisionDecision",
    "TrendInspection",
    "TrendItemCount",
    "TrendSegment",
    "TrendThemeCount",
    "User",
]
