"""The journal of acts: one row per borrow, return or renew.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("txn_id", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("item_barcode", sa.String(64), nullable=False),
        sa.Column("patron_id", sa.String(64)),
        sa.Column("credential_json", sa.Text),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offline", sa.Boolean, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("result_code", sa.String(40)),
        sa.Column("due", sa.String(10)),
        sa.Column("response_json", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalized_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_journal_state_occurred", "journal", ["state", "occurred_at", "seq"])


def downgrade() -> None:
    op.drop_table("journal")
