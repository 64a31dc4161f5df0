"""Every model, imported here so that Alembic and create_all see all tables."""

from inspectie.audit.models import AuditEvent
from inspectie.auth.models import ApiToken, LoginAttempt, User
from inspectie.locations.models import Location
from inspectie.organisations.models import Organisation

__all__ = ["ApiToken", "AuditEvent", "Location", "LoginAttempt", "Organisation", "User"]
