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
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Checklist",
    "ChecklistItem",
    "ChecklistTheme",
    "ChecklistVersion",
    "ItemLegalBasis",
    "LegalSource",
    "Location",
    "LoginAttempt",
    "Organisation",
    "User",
]
