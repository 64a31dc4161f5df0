"""checklists: immutable checklist versions with sources, themes, items and legal bases

Revision ID: b7980f72751c
Revises: 432c565ea240
Create Date: 2026-11-28 15:01:19.483414

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7980f72751c'
down_revision = '432c565ea240'
branch_labels = None
depends_on = None

IMMUTABLE = ["checklists", "checklist_versions", "legal_sources", "checklist_themes",
             "checklist_items", "item_legal_bases"]
REFUSE_CHANGE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
)


def _refuse_changes(table, message):
    """The same statements as inspectie.db.immutable_ddl, as they stood at this revision."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    else:
        op.execute(f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{message}')")


def _allow_changes(table):
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")


def upgrade():
    op.create_table('checklists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklists')),
    sa.UniqueConstraint('code', name=op.f('uq_checklists_code'))
    )
    op.create_table('checklist_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checklist_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_checklist_versions_valid_period')),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklists.id'], name=op.f('fk_checklist_versions_checklist_id_checklists'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_checklist_versions_imported_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_versions')),
    sa.UniqueConstraint('checklist_id', 'version', name='uq_checklist_versions_version')
    )
    op.create_table('checklist_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['checklist_versions.id'], name=op.f('fk_checklist_themes_version_id_checklist_versions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_themes')),
    sa.UniqueConstraint('version_id', 'code', name='uq_checklist_themes_code')
    )
    op.create_table('legal_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('citation', sa.String(length=120), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('is_verified', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['checklist_versions.id'], name=op.f('fk_legal_sources_version_id_checklist_versions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_sources')),
    sa.UniqueConstraint('version_id', 'key', name='uq_legal_sources_key')
    )
    op.create_table('checklist_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('norm', sa.Text(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('methods', sa.JSON(), nullable=False),
    sa.Column('operator_types', sa.JSON(), nullable=False),
    sa.Column('modalities', sa.JSON(), nullable=False),
    sa.Column('except_modalities', sa.JSON(), nullable=False),
    sa.Column('resident_groups', sa.JSON(), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('observation_required_for', sa.JSON(), nullable=False),
    sa.Column('evidence_required_for', sa.JSON(), nullable=False),
    sa.Column('replaces', sa.JSON(), nullable=False),
    sa.Column('is_verified', sa.Boolean(), nullable=False),
    sa.Column('is_fully_verified', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("severity IN ('laag', 'gemiddeld', 'hoog', 'kritiek')", name=op.f('ck_checklist_items_severity')),
    sa.ForeignKeyConstraint(['theme_id'], ['checklist_themes.id'], name=op.f('fk_checklist_items_theme_id_checklist_themes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['version_id'], ['checklist_versions.id'], name=op.f('fk_checklist_items_version_id_checklist_versions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_items')),
    sa.UniqueConstraint('version_id', 'code', name='uq_checklist_items_code')
    )
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.create_index('ix_checklist_items_version_position', ['version_id', 'position'], unique=False)

    op.create_table('item_legal_bases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('article', sa.String(length=40), nullable=False),
    sa.Column('lid', sa.String(length=20), nullable=True),
    sa.Column('onderdeel', sa.String(length=20), nullable=True),
    sa.Column('citation', sa.String(length=400), nullable=False),
    sa.Column('is_verified', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_item_legal_bases_item_id_checklist_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['legal_sources.id'], name=op.f('fk_item_legal_bases_source_id_legal_sources'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_legal_bases'))
    )
    with op.batch_alter_table('item_legal_bases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_legal_bases_item_id'), ['item_id'], unique=False)


    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE_CHANGE_FUNCTION)
        # The audit trail moves to the shared function.
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
        _refuse_changes("audit_events", "audit_events is append-only")
    for table in IMMUTABLE:
        _refuse_changes(table, f"{table} is immutable")


def downgrade():
    for table in IMMUTABLE:
        _allow_changes(table)
    if op.get_bind().dialect.name == "postgresql":
        _allow_changes("audit_events")
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )
        op.execute("DROP FUNCTION IF EXISTS refuse_change()")
    with op.batch_alter_table('item_legal_bases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_legal_bases_item_id'))

    op.drop_table('item_legal_bases')
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.drop_index('ix_checklist_items_version_position')

    op.drop_table('checklist_items')
    op.drop_table('legal_sources')
    op.drop_table('checklist_themes')
    op.drop_table('checklist_versions')
    op.drop_table('checklists')
