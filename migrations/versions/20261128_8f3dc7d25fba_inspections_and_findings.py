"""inspections and findings: team, answers, evidence, findings; final inspections frozen

Revision ID: 8f3dc7d25fba
Revises: b7980f72751c
Create Date: 2026-11-28 15:26:08.145692

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f3dc7d25fba'
down_revision = 'b7980f72751c'
branch_labels = None
depends_on = None

# A final inspection, its answers and its evidence refuse every change (as at this revision).
FINAL_INSPECTION_DDL = {
    "sqlite": [
        "CREATE TRIGGER inspections_final_no_update BEFORE UPDATE ON inspections WHEN OLD.status = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER inspections_final_no_delete BEFORE DELETE ON inspections WHEN OLD.status = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER answers_final_no_insert BEFORE INSERT ON answers WHEN (SELECT status FROM inspections WHERE id = NEW.inspection_id) = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER answers_final_no_update BEFORE UPDATE ON answers WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER answers_final_no_delete BEFORE DELETE ON answers WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER evidence_final_no_insert BEFORE INSERT ON evidence WHEN (SELECT status FROM inspections WHERE id = NEW.inspection_id) = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER evidence_final_no_update BEFORE UPDATE ON evidence WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END",
        "CREATE TRIGGER evidence_final_no_delete BEFORE DELETE ON evidence WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) = 'vastgesteld' BEGIN SELECT RAISE(ABORT, 'inspection is final (vastgesteld)'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse_change_of_final_inspection() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE parent_status text; BEGIN IF TG_TABLE_NAME = 'inspections' THEN parent_status := OLD.status; ELSIF TG_OP = 'INSERT' THEN SELECT status INTO parent_status FROM inspections WHERE id = NEW.inspection_id; ELSE SELECT status INTO parent_status FROM inspections WHERE id = OLD.inspection_id; END IF; IF parent_status = 'vastgesteld' THEN RAISE EXCEPTION 'inspection is final (vastgesteld)'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER inspections_final BEFORE UPDATE OR DELETE ON inspections FOR EACH ROW EXECUTE FUNCTION refuse_change_of_final_inspection()",
        "CREATE TRIGGER answers_final BEFORE INSERT OR UPDATE OR DELETE ON answers FOR EACH ROW EXECUTE FUNCTION refuse_change_of_final_inspection()",
        "CREATE TRIGGER evidence_final BEFORE INSERT OR UPDATE OR DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_change_of_final_inspection()"
    ]
}
DROP_FINAL_INSPECTION_DDL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS inspections_final_no_update",
        "DROP TRIGGER IF EXISTS inspections_final_no_delete",
        "DROP TRIGGER IF EXISTS answers_final_no_insert",
        "DROP TRIGGER IF EXISTS answers_final_no_update",
        "DROP TRIGGER IF EXISTS answers_final_no_delete",
        "DROP TRIGGER IF EXISTS evidence_final_no_insert",
        "DROP TRIGGER IF EXISTS evidence_final_no_update",
        "DROP TRIGGER IF EXISTS evidence_final_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS inspections_final ON inspections",
        "DROP TRIGGER IF EXISTS answers_final ON answers",
        "DROP TRIGGER IF EXISTS evidence_final ON evidence",
        "DROP FUNCTION IF EXISTS refuse_change_of_final_inspection()",
    ],
}


def upgrade():
    op.create_table('inspections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('checklist_version_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('theme_codes', sa.JSON(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('finalised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("status != 'vastgesteld' OR (finalised_at IS NOT NULL AND content_hash IS NOT NULL AND reviewer_id IS NOT NULL)", name=op.f('ck_inspections_final_is_complete')),
    sa.CheckConstraint("status IN ('gepland', 'in_uitvoering', 'ter_review', 'vastgesteld')", name=op.f('ck_inspections_status')),
    sa.CheckConstraint("type IN ('regulier', 'onaangekondigd', 'thematisch', 'vervolgonderzoek')", name=op.f('ck_inspections_type')),
    sa.CheckConstraint('reviewer_id IS NULL OR reviewer_id != lead_id', name=op.f('ck_inspections_four_eyes')),
    sa.ForeignKeyConstraint(['checklist_version_id'], ['checklist_versions.id'], name=op.f('fk_inspections_checklist_version_id_checklist_versions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_inspections_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['lead_id'], ['users.id'], name=op.f('fk_inspections_lead_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_inspections_location_id_locations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_inspections_reviewer_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections'))
    )
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspections_location_id'), ['location_id'], unique=False)
        batch_op.create_index('ix_inspections_status_planned_on', ['status', 'planned_on'], unique=False)

    op.create_table('inspection_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_inspection_members_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inspection_members_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_members')),
    sa.UniqueConstraint('inspection_id', 'user_id', name='uq_inspection_members_user')
    )
    with op.batch_alter_table('inspection_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_members_user_id'), ['user_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('judgment', sa.String(length=30), nullable=True),
    sa.Column('observation', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('severity', sa.String(length=20), nullable=True),
    sa.Column('repair_order', sa.Text(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.CheckConstraint("judgment IS NULL OR judgment IN ('voldoet', 'voldoet_deels', 'voldoet_niet', 'niet_van_toepassing', 'niet_beoordeeld')", name=op.f('ck_answers_judgment')),
    sa.CheckConstraint("severity IS NULL OR severity IN ('laag', 'gemiddeld', 'hoog', 'kritiek')", name=op.f('ck_answers_severity')),
    sa.CheckConstraint('revision >= 0', name=op.f('ck_answers_revision')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_answers_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_answers_item_id_checklist_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_answers_updated_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('inspection_id', 'item_id', name='uq_answers_item')
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_inspection_position', ['inspection_id', 'position'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content_type IN ('image/jpeg', 'image/png', 'application/pdf')", name=op.f('ck_evidence_type')),
    sa.CheckConstraint('size > 0', name=op.f('ck_evidence_size')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_evidence_answer_id_answers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_evidence_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_uploaded_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('judgment', sa.String(length=30), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('observation', sa.Text(), nullable=False),
    sa.Column('repair_order', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("judgment IN ('voldoet_deels', 'voldoet_niet')", name=op.f('ck_findings_deviation')),
    sa.CheckConstraint("severity IN ('laag', 'gemiddeld', 'hoog', 'kritiek')", name=op.f('ck_findings_severity')),
    sa.CheckConstraint("status IN ('open', 'plan_ingediend', 'in_uitvoering', 'gemeld_opgelost', 'geverifieerd')", name=op.f('ck_findings_status')),
    sa.CheckConstraint('length(trim(repair_order)) > 0', name=op.f('ck_findings_repair_order')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_findings_answer_id_answers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_findings_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_findings_item_id_checklist_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_findings_location_id_locations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_findings_answer_id'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_location_id'), ['location_id'], unique=False)
        batch_op.create_index('ix_findings_status_deadline', ['status', 'deadline'], unique=False)


    for statement in FINAL_INSPECTION_DDL.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    for statement in DROP_FINAL_INSPECTION_DDL.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_status_deadline')
        batch_op.drop_index(batch_op.f('ix_findings_location_id'))
        batch_op.drop_index(batch_op.f('ix_findings_inspection_id'))

    op.drop_table('findings')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_answer_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_inspection_position')

    op.drop_table('answers')
    with op.batch_alter_table('inspection_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_members_user_id'))

    op.drop_table('inspection_members')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_inspections_status_planned_on')
        batch_op.drop_index(batch_op.f('ix_inspections_location_id'))

    op.drop_table('inspections')
