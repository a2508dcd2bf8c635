"""cohort robots: a cohort's WeCom, DingTalk or Feishu group robot (webhook, signing secret, on or off)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohort_robots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('webhook_url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_robots_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_robots'))
    )
    with op.batch_alter_table('cohort_robots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_robots_cohort_id'), ['cohort_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cohort_robots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_robots_cohort_id'))
    op.drop_table('cohort_robots')
