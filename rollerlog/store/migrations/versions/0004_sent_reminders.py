"""Remember which reminders were sent, and how, so each is sent once.

Revision ID: 0004_sent_reminders
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sent_reminders"
# Set to the current head of this branch; re-chained onto 0003 when the branches meet.
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('notification', 'print', 'app')",
            name=op.f("ck_sent_reminder_channel_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminder")),
        sa.UniqueConstraint("key", "channel", name="uq_sent_reminder_key_channel"),
    )


def downgrade() -> None:
    op.drop_table("sent_reminder")
