"""reminder deliveries: one row per channel, recipient and event (sent once); users' reminder opt-outs

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminder_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('event_key', sa.String(length=160), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('recipient_key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_try_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_reminder_deliveries_cohort_id_cohorts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_deliveries_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_deliveries')),
        sa.UniqueConstraint('channel', 'recipient_key', 'event_key', name=op.f('uq_reminder_deliveries_channel')),
    )
    with op.batch_alter_table('reminder_deliveries') as batch:
        batch.create_index(batch.f('ix_reminder_deliveries_kind'), ['kind'], unique=False)
        batch.create_index(batch.f('ix_reminder_deliveries_status'), ['status'], unique=False)
        batch.create_index(batch.f('ix_reminder_deliveries_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('reminders_off', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.drop_column('reminders_off')
    op.drop_table('reminder_deliveries')
