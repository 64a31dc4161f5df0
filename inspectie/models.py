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
from inspectie.findings.models import Finding
from inspectie.inspections.models import Answer, Evidence, Inspection, InspectionMember
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation

__all__ = [
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Checklist",
    "ChecklistItem",
    "ChecklistTheme",
    "ChecklistVersion",
    "Evidence",
    "Finding",
    "Inspection",
    "InspectionMember",
    "ItemLegalBasis",
    "LegalSource",
    "Location",
    "LoginAttempt",
    "Organisation",
    "User",
]
