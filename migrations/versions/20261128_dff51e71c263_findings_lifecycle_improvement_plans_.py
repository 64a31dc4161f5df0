"""findings lifecycle, improvement plans, supervision levels, follow-ups

Revision ID: dff51e71c263
Revises: 8f3dc7d25fba
Create Date: 2026-11-28 17:57:05.458664

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dff51e71c263'
down_revision = '8f3dc7d25fba'
branch_labels = None
depends_on = None


APPEND_ONLY = {
    "finding_notes": "finding notes are append-only",
    "plan_updates": "plan updates are append-only",
    "supervision_decisions": "supervision decisions are append-only",
}


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
    # Existing findings changed status when they were created. Altered before the new tables
    # refer to findings, so that SQLite's copy-and-rename of the table meets no references.
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('followed_up_in_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_findings_followed_up_in_id_inspections'), 'inspections', ['followed_up_in_id'], ['id'], ondelete='RESTRICT')
    op.execute("UPDATE findings SET status_changed_at = created_at")
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.alter_column('status_changed_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index('ix_findings_deadline', ['deadline', 'id'], unique=False)

    op.create_table('improvement_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('assessment_reason', sa.Text(), nullable=True),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('concept', 'ingediend', 'geaccepteerd', 'te_herzien')", name=op.f('ck_improvement_plans_status')),
    sa.CheckConstraint("status NOT IN ('geaccepteerd', 'te_herzien') OR (assessed_by_id IS NOT NULL AND assessed_at IS NOT NULL AND length(trim(assessment_reason)) > 0)", name=op.f('ck_improvement_plans_assessment_complete')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_improvement_plans_title')),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['users.id'], name=op.f('fk_improvement_plans_assessed_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_improvement_plans_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_improvement_plans_location_id_locations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_improvement_plans_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_plans'))
    )
    with op.batch_alter_table('improvement_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_plans_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_plans_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('supervision_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('proposed_level', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("level IN ('regulier', 'verdiepend', 'intensief')", name=op.f('ck_supervision_decisions_level')),
    sa.CheckConstraint("proposed_level IN ('regulier', 'verdiepend', 'intensief')", name=op.f('ck_supervision_decisions_proposed_level')),
    sa.CheckConstraint('(location_id IS NULL) != (organisation_id IS NULL)', name=op.f('ck_supervision_decisions_one_subject')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_supervision_decisions_reason')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_supervision_decisions_decided_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_supervision_decisions_location_id_locations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_supervision_decisions_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_decisions'))
    )
    with op.batch_alter_table('supervision_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_supervision_decisions_location', ['location_id', 'id'], unique=False)
        batch_op.create_index('ix_supervision_decisions_organisation', ['organisation_id', 'id'], unique=False)

    op.create_table('plan_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('aspect', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_plan_goals_title')),
    sa.CheckConstraint('position > 0', name=op.f('ck_plan_goals_position')),
    sa.ForeignKeyConstraint(['plan_id'], ['improvement_plans.id'], name=op.f('fk_plan_goals_plan_id_improvement_plans'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goals')),
    sa.UniqueConstraint('plan_id', 'position', name='uq_plan_goals_position')
    )
    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('evidence_note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("status != 'afgerond' OR progress = 100", name=op.f('ck_plan_actions_done_is_complete')),
    sa.CheckConstraint("status IN ('gepland', 'in_uitvoering', 'afgerond')", name=op.f('ck_plan_actions_status')),
    sa.CheckConstraint('length(trim(description)) > 0', name=op.f('ck_plan_actions_description')),
    sa.CheckConstraint('length(trim(owner)) > 0', name=op.f('ck_plan_actions_owner')),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_plan_actions_progress')),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_actions_goal_id_plan_goals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions'))
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_actions_goal_id'), ['goal_id'], unique=False)

    op.create_table('plan_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_plan_updates_text')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_plan_updates_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_updates_goal_id_plan_goals'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['improvement_plans.id'], name=op.f('fk_plan_updates_plan_id_improvement_plans'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_updates'))
    )
    with op.batch_alter_table('plan_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_updates_plan_id'), ['plan_id'], unique=False)

    op.create_table('action_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content_type IN ('image/jpeg', 'image/png', 'application/pdf')", name=op.f('ck_action_evidence_type')),
    sa.CheckConstraint('size > 0', name=op.f('ck_action_evidence_size')),
    sa.ForeignKeyConstraint(['action_id'], ['plan_actions.id'], name=op.f('fk_action_evidence_action_id_plan_actions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_action_evidence_uploaded_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_action_evidence_stored_name'))
    )
    with op.batch_alter_table('action_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_evidence_action_id'), ['action_id'], unique=False)

    op.create_table('finding_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('old_deadline', sa.Date(), nullable=True),
    sa.Column('new_deadline', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind != 'termijn_verlengd' OR (old_deadline IS NOT NULL AND new_deadline IS NOT NULL)", name=op.f('ck_finding_notes_extension_dates')),
    sa.CheckConstraint("kind IN ('reactie', 'plan_ingediend', 'in_uitvoering', 'gemeld_opgelost', 'effectief', 'niet_effectief', 'termijn_verlengd')", name=op.f('ck_finding_notes_kind')),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_finding_notes_text')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_finding_notes_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_finding_notes_finding_id_findings'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_notes'))
    )
    with op.batch_alter_table('finding_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_notes_finding_id'), ['finding_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_follow_ups_answer_id_answers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_follow_ups_finding_id_findings'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_follow_ups_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups')),
    sa.UniqueConstraint('inspection_id', 'finding_id', name='uq_follow_ups_finding')
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('goal_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_goal_findings_finding_id_findings'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_goal_findings_goal_id_plan_goals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_findings')),
    sa.UniqueConstraint('goal_id', 'finding_id', name='uq_goal_findings')
    )
    with op.batch_alter_table('goal_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_findings_finding_id'), ['finding_id'], unique=False)


    for table, message in APPEND_ONLY.items():
        _refuse_changes(table, message)


def downgrade():
    for table in APPEND_ONLY:
        _allow_changes(table)
    with op.batch_alter_table('goal_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_findings_finding_id'))

    op.drop_table('goal_findings')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_follow_ups_finding_id'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('finding_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_notes_finding_id'))

    op.drop_table('finding_notes')
    with op.batch_alter_table('action_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_evidence_action_id'))

    op.drop_table('action_evidence')
    with op.batch_alter_table('plan_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_updates_plan_id'))

    op.drop_table('plan_updates')
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_goal_id'))

    op.drop_table('plan_actions')
    op.drop_table('plan_goals')
    with op.batch_alter_table('supervision_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_supervision_decisions_organisation')
        batch_op.drop_index('ix_supervision_decisions_location')

    op.drop_table('supervision_decisions')
    with op.batch_alter_table('improvement_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_improvement_plans_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_improvement_plans_location_id'))

    op.drop_table('improvement_plans')
    # After the tables that refer to findings are gone (see upgrade).
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_deadline')
        batch_op.drop_constraint(batch_op.f('fk_findings_followed_up_in_id_inspections'), type_='foreignkey')
        batch_op.drop_column('followed_up_in_id')
        batch_op.drop_column('status_changed_at')
