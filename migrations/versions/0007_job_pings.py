"""job pings: each ping job a consumer runs is recorded (flask jobs ping, the two-server test)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job_pings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('worker', sa.String(length=200), nullable=False),
        sa.Column('ran_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_pings')),
    )
    with op.batch_alter_table('job_pings') as batch:
        batch.create_index(batch.f('ix_job_pings_token'), ['token'], unique=False)


def downgrade():
    with op.batch_alter_table('job_pings') as batch:
        batch.drop_index(batch.f('ix_job_pings_token'))
    op.drop_table('job_pings')
