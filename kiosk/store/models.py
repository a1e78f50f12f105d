"""SQLAlchemy tables of the local journal; rows never leave this package as ORM objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Dialect, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite itself keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("journal times must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


# Rows the sync worker still has to send: acts the patron was answered about that the service
# has not settled, and voids. Journal.pending() and earlier_for_item() filter on exactly this.
TO_REPLAY = "((state = 'pending' AND told_patron != 'pending') OR void_requested = 1)"


class JournalRow(Base):
    """One act done at the kiosk (borrow, return, renew), committed before the service is asked."""

    __tablename__ = "journal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    txn_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")
    item_barcode: Mapped[str] = mapped_column(String(64), nullable=False)
    patron_id: Mapped[str | None] = mapped_column(String(64))
    # JSON of the credential for an offline borrow by a patron the service has not confirmed;
    # holds an ID number, so it is cleared as soon as the row is final.
    credential_json: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    offline: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # What the patron was told: done, provisional (offline), not_done, or pending.
    told_patron: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    void_requested: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    result_code: Mapped[str | None] = mapped_column(String(40))
    due: Mapped[str | None] = mapped_column(String(10))
    response_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    finalized_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_journal_state_occurred", "state", "occurred_at", "seq"),
        Index("ix_journal_item", "item_barcode", "seq"),
        # Partial indexes hold only the few rows a query looks for, so the final rows a kiosk
        # keeps for the purge window cost these queries nothing. SQLite uses one only when the
        # query's WHERE contains the index's WHERE term for term (queries spell it the same),
        # and, knowing no row counts, prefers it to a full index that matches as many terms.
        Index("ix_journal_replay", "occurred_at", "seq", sqlite_where=text(TO_REPLAY)),
        Index("ix_journal_replay_item", "item_barcode", "seq", sqlite_where=text(TO_REPLAY)),
        Index("ix_journal_unanswered", "state", sqlite_where=text("told_patron = 'pending'")),
        Index(
            "ix_journal_finalized",
            "state",
            "finalized_at",
            sqlite_where=text("finalized_at IS NOT NULL"),
        ),
        Index("ix_journal_errors", "last_attempt_at", sqlite_where=text("last_error IS NOT NULL")),
    )


class StateCount(Base):
    """Rows per state, kept by triggers on the journal (migration 0003): stats() reads a few
    rows here instead of counting a journal of hundreds of thousands."""

    __tablename__ = "journal_counts"

    state: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


class TechnicianLockoutRow(Base):
    """The technician PIN's wrong tries and lockout, so that a restart does not reset them
    (one row, id 1)."""

    __tablename__ = "technician_lockout"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wrong_pins: Mapped[int] = mapped_column(Integer, nullable=False)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class UsageEventRow(Base):
    """Something the kiosk counts that is not an act: a patron session, a timeout, a device
    fault, a receipt printed or declined (migration 0004). Purged with the settled acts."""

    __tablename__ = "usage_events"
    __table_args__ = (Index("ix_usage_events_occurred", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    result: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str] = mapped_column(String(48), nullable=False)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
