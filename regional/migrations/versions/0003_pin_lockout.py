"""PIN lockout per card, request budgets per kiosk, each library's lockout settings, and
which kiosk reported a card's new validity.

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
        "request_budgets",
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window", name=op.f("pk_request_budgets")),
    )
    with op.batch_alter_table("credentials") as table:
        table.add_column(sa.Column("valid_to_reported_by", sa.String(length=64), nullable=True))
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
    with op.batch_alter_table("credentials") as table:
        table.drop_column("valid_to_reported_by")
    op.drop_table("request_budgets")
    op.drop_table("pin_attempts")
