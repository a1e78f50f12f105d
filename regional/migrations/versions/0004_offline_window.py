"""Each library's offline window: how long ago an offline act may be dated.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("libraries") as table:
        table.add_column(
            sa.Column("offline_window_days", sa.Integer(), nullable=False, server_default="14")
        )


def downgrade() -> None:
    with op.batch_alter_table("libraries") as table:
        table.drop_column("offline_window_days")
