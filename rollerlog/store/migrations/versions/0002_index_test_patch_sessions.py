"""Index test-patch sessions by time, so the earliest one is found without a scan.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("session") as batch_op:
        batch_op.create_index("ix_session_test_patch_at", ["test_patch", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session") as batch_op:
        batch_op.drop_index("ix_session_test_patch_at")
