"""PIN lockout per card, lookup budgets per kiosk, and each library's lockout settings.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pin_attempts",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_pin_attempts")),
    )
    op.create_table(
        "lookup_budget",
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kiosk_id", "minute", name=op.f("pk_lookup_budget")),
    )
    with op.batch_alter_table("libraries") as table:
        table.add_column(
            sa.Column("pin_max_failures", sa.Integer(), nullable=False, server_default="5")
        )
        table.add_column(
            sa.Column("pin_lock_minutes", sa.Integer(), nullable=False, server_default="15")
        )


def downgrade() -> None:
    with op.batch_alter_table("libraries") as table:
        table.drop_column("pin_lock_minutes")
        table.drop_column("pin_max_failures")
    op.drop_table("lookup_budget")
    op.drop_table("pin_attempts")
