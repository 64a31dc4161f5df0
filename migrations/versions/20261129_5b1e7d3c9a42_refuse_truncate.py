"""refuse TRUNCATE of the append-only and immutable tables on PostgreSQL

TRUNCATE fires no UPDATE or DELETE trigger, so the append-only tables (audit trail, notes,
updates, decisions, kept reports, imported checklists) could be emptied in one statement.
SQLite has no TRUNCATE: its DELETE trigger already covers a DELETE without WHERE.

Revision ID: 5b1e7d3c9a42
Revises: 0c075ddbfaed
Create Date: 2026-11-29 01:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b1e7d3c9a42'
down_revision = '0c075ddbfaed'
branch_labels = None
depends_on = None

# Each table with the message of its UPDATE/DELETE trigger, as inspectie.db.immutable gives it.
TABLES = {
    "audit_events": "audit_events is append-only",
    "checklists": "checklists is immutable",
    "checklist_versions": "checklist_versions is immutable",
    "legal_sources": "legal_sources is immutable",
    "checklist_themes": "checklist_themes is immutable",
    "checklist_items": "checklist_items is immutable",
    "item_legal_bases": "item_legal_bases is immutable",
    "finding_notes": "finding notes are append-only",
    "plan_updates": "plan updates are append-only",
    "supervision_decisions": "supervision decisions are append-only",
    "inspection_reports": "the report of a final inspection is immutable",
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, message in TABLES.items():
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{message}')")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
