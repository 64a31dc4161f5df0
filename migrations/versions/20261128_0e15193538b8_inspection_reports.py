"""inspection reports: the report data of a final inspection, kept as it was finalised

Revision ID: 0e15193538b8
Revises: dff51e71c263
Create Date: 2026-11-28 21:33:13.608573

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0e15193538b8'
down_revision = 'dff51e71c263'
branch_labels = None
depends_on = None

TABLE = "inspection_reports"
MESSAGE = "the report of a final inspection is immutable"


def upgrade():
    op.create_table('inspection_reports',
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_inspection_reports_inspection_id_inspections'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('inspection_id', name=op.f('pk_inspection_reports'))
    )
    # The same statements as inspectie.db.immutable_ddl, as they stand at this revision.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    else:
        op.execute(f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{MESSAGE}')")


def downgrade():
    # Dropping the table drops its triggers.
    op.drop_table('inspection_reports')
