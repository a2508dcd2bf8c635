"""import log: each users or KPI import that went in, for the admin home

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=8), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_import_records_created_by_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_records')),
    )
    with op.batch_alter_table('import_records') as batch:
        batch.create_index(batch.f('ix_import_records_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('import_records') as batch:
        batch.drop_index(batch.f('ix_import_records_created_at'))
    op.drop_table('import_records')
