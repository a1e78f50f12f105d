"""The staff console: staff accounts, resolutions on the exceptions desk, and the acts it lists.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _needs_staff(offline: bool, status: str, result: Any) -> bool:
    if isinstance(result, str):
        result = json.loads(result)
    return bool((result or {}).get("exceptions")) or (offline and status == "rejected")


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("library_id", sa.String(8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sessions_valid_after", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('library', 'operator')", name="ck_staff_accounts_role_known"),
        sa.CheckConstraint(
            "role = 'operator' OR library_id IS NOT NULL",
            name="ck_staff_accounts_library_staff_library",
        ),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name="fk_staff_accounts_library_id_libraries"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_staff_accounts"),
        sa.UniqueConstraint("username", name="uq_staff_accounts_username"),
    )
    op.create_table(
        "exception_resolutions",
        sa.Column("txn_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("note", sa.String(2000), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("staff_username", sa.String(64), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "action IN ('confirm', 'reverse', 'note')",
            name="ck_exception_resolutions_action_known",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["transactions.txn_id"],
            name="fk_exception_resolutions_txn_id_transactions",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_accounts.id"],
            name="fk_exception_resolutions_staff_id_staff_accounts",
        ),
        sa.PrimaryKeyConstraint("txn_id", name="pk_exception_resolutions"),
    )
    with op.batch_alter_table("transactions") as table:
        table.add_column(
            sa.Column("needs_staff", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index(
        "ix_transactions_needs_staff",
        "transactions",
        ["library_id", "received_at"],
        sqlite_where=sa.text("needs_staff"),
        postgresql_where=sa.text("needs_staff"),
    )
    # The acts recorded before this migration that the desk must list.
    bind = op.get_bind()
    records = sa.table(
        "transactions",
        sa.column("txn_id", sa.String),
        sa.column("offline", sa.Boolean),
        sa.column("status", sa.String),
        sa.column("result", sa.JSON),
        sa.column("needs_staff", sa.Boolean),
    )
    rows = bind.execute(
        sa.select(records.c.txn_id, records.c.offline, records.c.status, records.c.result)
    )
    flagged = [row.txn_id for row in rows if _needs_staff(row.offline, row.status, row.result)]
    for start in range(0, len(flagged), 500):
        bind.execute(
            records.update()
            .where(records.c.txn_id.in_(flagged[start : start + 500]))
            .values(needs_staff=True)
        )


def downgrade() -> None:
    op.drop_index("ix_transactions_needs_staff", table_name="transactions")
    with op.batch_alter_table("transactions") as table:
        table.drop_column("needs_staff")
    op.drop_table("exception_resolutions")
    op.drop_table("staff_accounts")
