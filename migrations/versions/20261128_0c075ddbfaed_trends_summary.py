"""trends summary: final inspections as counted, and judged/deficient answers per month, segment
and item or theme (a read model, rebuilt by `inspectie trends rebuild`)

Revision ID: 0c075ddbfaed
Revises: 0e15193538b8
Create Date: 2026-11-28 22:15:48.131407

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c075ddbfaed'
down_revision = '0e15193538b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trend_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province', sa.String(length=20), nullable=False),
    sa.Column('operator_type', sa.String(length=10), nullable=False),
    sa.Column('modality', sa.String(length=30), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trend_segments')),
    sa.UniqueConstraint('province', 'operator_type', 'modality', name='uq_trend_segments_values')
    )
    op.create_table('trend_inspections',
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('province', sa.String(length=20), nullable=False),
    sa.Column('operator_type', sa.String(length=10), nullable=False),
    sa.Column('modality', sa.String(length=30), nullable=False),
    sa.Column('checklist_version_id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('month % 100 BETWEEN 1 AND 12', name=op.f('ck_trend_inspections_month')),
    sa.ForeignKeyConstraint(['checklist_version_id'], ['checklist_versions.id'], name=op.f('fk_trend_inspections_checklist_version_id_checklist_versions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_trend_inspections_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['segment_id'], ['trend_segments.id'], name=op.f('fk_trend_inspections_segment_id_trend_segments'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('inspection_id', name=op.f('pk_trend_inspections'))
    )
    with op.batch_alter_table('trend_inspections', schema=None) as batch_op:
        batch_op.create_index('ix_trend_inspections_planned_on', ['planned_on'], unique=False)

    op.create_table('trend_theme_counts',
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('judged', sa.Integer(), nullable=False),
    sa.Column('deficient', sa.Integer(), nullable=False),
    sa.CheckConstraint('deficient >= 0 AND deficient <= judged', name=op.f('ck_trend_theme_counts_counts')),
    sa.ForeignKeyConstraint(['segment_id'], ['trend_segments.id'], name=op.f('fk_trend_theme_counts_segment_id_trend_segments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['theme_id'], ['checklist_themes.id'], name=op.f('fk_trend_theme_counts_theme_id_checklist_themes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('segment_id', 'month', 'theme_id', name=op.f('pk_trend_theme_counts')),
    # Clustered on the primary key in SQLite: a query reads one range per segment.
    sqlite_with_rowid=False
    )
    op.create_table('trend_item_counts',
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('judged', sa.Integer(), nullable=False),
    sa.Column('deficient', sa.Integer(), nullable=False),
    sa.CheckConstraint('deficient >= 0 AND deficient <= judged', name=op.f('ck_trend_item_counts_counts')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_items.id'], name=op.f('fk_trend_item_counts_item_id_checklist_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['segment_id'], ['trend_segments.id'], name=op.f('fk_trend_item_counts_segment_id_trend_segments'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('segment_id', 'month', 'item_id', name=op.f('pk_trend_item_counts')),
    sqlite_with_rowid=False
    )


def downgrade():
    op.drop_table('trend_item_counts')
    op.drop_table('trend_theme_counts')
    with op.batch_alter_table('trend_inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_trend_inspections_planned_on')

    op.drop_table('trend_inspections')
    op.drop_table('trend_segments')
