"""Usage events the journal's acts do not show (patron sessions, timeouts, device faults,
receipts).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "usage_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(48), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_usage_events_occurred", "usage_events", ["occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_usage_events_occurred", "usage_events")
    op.drop_table("usage_events")
