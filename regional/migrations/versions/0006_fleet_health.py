"""Fleet health: each kiosk's latest status, its heartbeats, and its hourly statistics.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration keeps the lists it was written with.
_PAPER_KNOWN = "printer_paper IN ('ok', 'near_end', 'out', 'cover_open', 'none')"
_KIND_KNOWN = (
    "kind IN ('borrow', 'return', 'renew', 'session', 'timeout', 'device_fault', 'receipt')"
)


def _heartbeat_columns(table: str) -> list[SchemaItem]:
    return [
        sa.Column("library_id", sa.String(8), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("uptime_s", sa.Integer(), nullable=False),
        sa.Column("devices", sa.JSON(), nullable=False),
        sa.Column("printer_paper", sa.String(16), nullable=False),
        sa.Column("pending_count", sa.Integer(), nullable=False),
        sa.Column("oldest_pending_s", sa.Integer(), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clock_offset_s", sa.Float(), nullable=False),
        sa.Column("out_of_service", sa.Boolean(), nullable=False),
        sa.Column("out_of_service_reason", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=f"fk_{table}_library_id_libraries"
        ),
        sa.CheckConstraint(_PAPER_KNOWN, name=op.f(f"ck_{table}_paper_known")),
    ]


def upgrade() -> None:
    op.create_table(
        "kiosk_status",
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        *_heartbeat_columns("kiosk_status"),
        sa.PrimaryKeyConstraint("kiosk_id", name="pk_kiosk_status"),
    )
    op.create_index("ix_kiosk_status_library", "kiosk_status", ["library_id"])

    op.create_table(
        "kiosk_heartbeats",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        *_heartbeat_columns("kiosk_heartbeats"),
        sa.PrimaryKeyConstraint("id", name="pk_kiosk_heartbeats"),
    )
    op.create_index(
        "ix_kiosk_heartbeats_kiosk_received", "kiosk_heartbeats", ["kiosk_id", "received_at"]
    )
    op.create_index("ix_kiosk_heartbeats_received", "kiosk_heartbeats", ["received_at"])

    op.create_table(
        "kiosk_stats_hourly",
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(48), nullable=False),
        sa.Column("owner_library_id", sa.String(8), nullable=False),
        sa.Column("library_id", sa.String(8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name="fk_kiosk_stats_hourly_library_id_libraries"
        ),
        sa.CheckConstraint(_KIND_KNOWN, name=op.f("ck_kiosk_stats_hourly_kind_known")),
        sa.CheckConstraint("count >= 0", name=op.f("ck_kiosk_stats_hourly_count_not_negative")),
        sa.PrimaryKeyConstraint(
            "kiosk_id",
            "hour",
            "kind",
            "result",
            "reason",
            "owner_library_id",
            name="pk_kiosk_stats_hourly",
        ),
    )
    op.create_index(
        "ix_kiosk_stats_hourly_library_hour", "kiosk_stats_hourly", ["library_id", "hour"]
    )
    op.create_index("ix_kiosk_stats_hourly_hour", "kiosk_stats_hourly", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_kiosk_stats_hourly_hour", table_name="kiosk_stats_hourly")
    op.drop_index("ix_kiosk_stats_hourly_library_hour", table_name="kiosk_stats_hourly")
    op.drop_table("kiosk_stats_hourly")
    op.drop_index("ix_kiosk_heartbeats_received", table_name="kiosk_heartbeats")
    op.drop_index("ix_kiosk_heartbeats_kiosk_received", table_name="kiosk_heartbeats")
    op.drop_table("kiosk_heartbeats")
    op.drop_index("ix_kiosk_status_library", table_name="kiosk_status")
    op.drop_table("kiosk_status")
