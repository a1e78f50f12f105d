"""Patron sessions, opaque patron ids, and the offline item limit per episode (trust rules).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patron_sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("library_id", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name="fk_patron_sessions_patron_id_patrons"
        ),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name="fk_patron_sessions_library_id_libraries"
        ),
        sa.PrimaryKeyConstraint("id_hash", name="pk_patron_sessions"),
    )
    op.create_index(
        "ix_patron_sessions_kiosk_created", "patron_sessions", ["kiosk_id", "created_at"]
    )

    with op.batch_alter_table("libraries") as table:
        table.add_column(
            sa.Column("offline_item_limit", sa.Integer(), nullable=False, server_default="3")
        )

    with op.batch_alter_table("transactions") as table:
        table.add_column(
            sa.Column("offline_lent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_transactions_kiosk_received", "transactions", ["kiosk_id", "received_at"])
    op.create_index(
        "ix_transactions_offline_lent",
        "transactions",
        ["patron_id", "kiosk_id", "occurred_at"],
        sqlite_where=sa.text("offline_lent"),
        postgresql_where=sa.text("offline_lent"),
    )

    # Opaque public ids for the patrons there are: random, so nothing can be counted from them.
    with op.batch_alter_table("patrons") as table:
        table.add_column(sa.Column("public_id", sa.String(24), nullable=True))
    bind = op.get_bind()
    patrons = sa.table("patrons", sa.column("id", sa.Integer), sa.column("public_id", sa.String))
    ids = [row[0] for row in bind.execute(sa.select(patrons.c.id))]
    for patron_id in ids:
        bind.execute(
            patrons.update()
            .where(patrons.c.id == patron_id)
            .values(public_id="P-" + secrets.token_hex(10).upper())
        )
    with op.batch_alter_table("patrons") as table:
        table.alter_column("public_id", existing_type=sa.String(24), nullable=False)
        table.create_unique_constraint("uq_patrons_public_id", ["public_id"])


def downgrade() -> None:
    with op.batch_alter_table("patrons") as table:
        table.drop_constraint("uq_patrons_public_id", type_="unique")
        table.drop_column("public_id")
    op.drop_index("ix_transactions_offline_lent", table_name="transactions")
    op.drop_index("ix_transactions_kiosk_received", table_name="transactions")
    with op.batch_alter_table("transactions") as table:
        table.drop_column("offline_lent")
    with op.batch_alter_table("libraries") as table:
        table.drop_column("offline_item_limit")
    op.drop_index("ix_patron_sessions_kiosk_created", table_name="patron_sessions")
    op.drop_table("patron_sessions")
