"""Initial schema: libraries, patrons, credentials, items, loans, holds, transactions, tokens.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "libraries",
        sa.Column("id", sa.String(length=8), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=50), nullable=False),
        sa.Column("institution_code", sa.String(length=4), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.Column("renew_days", sa.Integer(), nullable=False),
        sa.Column("max_renewals", sa.Integer(), nullable=False),
        sa.Column("fine_cents_per_day", sa.Integer(), nullable=False),
        sa.Column("fine_limit_cents", sa.Integer(), nullable=False),
        sa.Column("loan_limit", sa.Integer(), nullable=False),
        sa.Column("hold_shelf_days", sa.Integer(), nullable=False),
        sa.Column("pin_required", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_libraries")),
        sa.UniqueConstraint("institution_code", name=op.f("uq_libraries_institution_code")),
    )
    op.create_table(
        "service_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_settings")),
    )
    op.create_table(
        "items",
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("owner_library_id", sa.String(length=8), nullable=False),
        sa.Column("loanable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("transit_to_id", sa.String(length=8), nullable=True),
        sa.CheckConstraint(
            "status IN ('available', 'on_loan', 'in_transit', 'on_hold_shelf', 'lost')",
            name=op.f("ck_items_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_library_id"], ["libraries.id"], name=op.f("fk_items_owner_library_id_libraries")
        ),
        sa.ForeignKeyConstraint(
            ["transit_to_id"], ["libraries.id"], name=op.f("fk_items_transit_to_id_libraries")
        ),
        sa.PrimaryKeyConstraint("barcode", name=op.f("pk_items")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_items_owner_library_id"), ["owner_library_id"], unique=False
        )

    op.create_table(
        "kiosk_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("library_id", sa.String(length=8), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_kiosk_tokens_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_kiosk_tokens_token_hash")),
    )
    op.create_table(
        "patrons",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("home_library_id", sa.String(length=8), nullable=False),
        sa.Column("loan_limit", sa.Integer(), nullable=False),
        sa.Column("active_loans", sa.Integer(), nullable=False),
        sa.Column("fines_cents", sa.Integer(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.Column("manual_block", sa.String(length=200), nullable=True),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("active_loans >= 0", name=op.f("ck_patrons_active_loans_not_negative")),
        sa.CheckConstraint("fines_cents >= 0", name=op.f("ck_patrons_fines_not_negative")),
        sa.ForeignKeyConstraint(
            ["home_library_id"], ["libraries.id"], name=op.f("fk_patrons_home_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrons")),
    )
    op.create_table(
        "transactions",
        sa.Column("txn_id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("library_id", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=True),
        sa.Column("patron_id", sa.Integer(), nullable=True),
        sa.Column("item_barcode", sa.String(length=32), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_transactions_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("txn_id", name=op.f("pk_transactions")),
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("masked", sa.String(length=64), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_credentials_patron_id_patrons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_credentials_key_hash")),
    )
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credentials_patron_id"), ["patron_id"], unique=False)

    op.create_table(
        "holds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_barcode", sa.String(length=32), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=False),
        sa.Column("pickup_library_id", sa.String(length=8), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('waiting', 'ready', 'fulfilled', 'cancelled')",
            name=op.f("ck_holds_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["item_barcode"], ["items.barcode"], name=op.f("fk_holds_item_barcode_items")
        ),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_holds_patron_id_patrons")
        ),
        sa.ForeignKeyConstraint(
            ["pickup_library_id"],
            ["libraries.id"],
            name=op.f("fk_holds_pickup_library_id_libraries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holds")),
    )
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holds_item_barcode"), ["item_barcode"], unique=False)
        batch_op.create_index(batch_op.f("ix_holds_patron_id"), ["patron_id"], unique=False)
        batch_op.create_index(
            "uq_holds_open_item_patron",
            ["item_barcode", "patron_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('waiting', 'ready')"),
            postgresql_where=sa.text("status IN ('waiting', 'ready')"),
        )
        batch_op.create_index(
            "uq_holds_ready_item",
            ["item_barcode"],
            unique=True,
            sqlite_where=sa.text("status = 'ready'"),
            postgresql_where=sa.text("status = 'ready'"),
        )

    op.create_table(
        "loans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_barcode", sa.String(length=32), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=False),
        sa.Column("borrowed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("renewals", sa.Integer(), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_library_id", sa.String(length=8), nullable=True),
        sa.Column("fine_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_barcode"], ["items.barcode"], name=op.f("fk_loans_item_barcode_items")
        ),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_loans_patron_id_patrons")
        ),
        sa.ForeignKeyConstraint(
            ["return_library_id"],
            ["libraries.id"],
            name=op.f("fk_loans_return_library_id_libraries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loans")),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_loans_active_patron",
            ["patron_id"],
            unique=False,
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )
        batch_op.create_index(
            "uq_loans_active_item",
            ["item_barcode"],
            unique=True,
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_loans_active_item",
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_loans_active_patron",
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )

    op.drop_table("loans")
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_holds_ready_item",
            sqlite_where=sa.text("status = 'ready'"),
            postgresql_where=sa.text("status = 'ready'"),
        )
        batch_op.drop_index(
            "uq_holds_open_item_patron",
            sqlite_where=sa.text("status IN ('waiting', 'ready')"),
            postgresql_where=sa.text("status IN ('waiting', 'ready')"),
        )
        batch_op.drop_index(batch_op.f("ix_holds_patron_id"))
        batch_op.drop_index(batch_op.f("ix_holds_item_barcode"))

    op.drop_table("holds")
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credentials_patron_id"))

    op.drop_table("credentials")
    op.drop_table("transactions")
    op.drop_table("patrons")
    op.drop_table("kiosk_tokens")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_items_owner_library_id"))

    op.drop_table("items")
    op.drop_table("service_settings")
    op.drop_table("libraries")
