"""SQLAlchemy tables of the local journal; rows never leave this package as ORM objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Dialect, Index, Integer, String, Text
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
    )
