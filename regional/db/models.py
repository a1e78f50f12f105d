"""Tables of the regional service: libraries, patrons, items, loans, holds, transactions, tokens,
staff accounts."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    text,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from regional.db.types import UTCDateTime

# Named constraints, so migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ITEM_STATUSES = ("available", "on_loan", "in_transit", "on_hold_shelf", "lost")
HOLD_STATUSES = ("waiting", "ready", "fulfilled", "cancelled")
OPEN_HOLD = "status IN ('waiting', 'ready')"
ACTIVE_LOAN = "returned_at IS NULL"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Library(Base):
    """A member library with its own lending policy (the owner's policy governs its items)."""

    __tablename__ = "libraries"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(50))
    institution_code: Mapped[str] = mapped_column(String(4), unique=True)
    loan_days: Mapped[int] = mapped_column(Integer)
    renew_days: Mapped[int] = mapped_column(Integer)
    max_renewals: Mapped[int] = mapped_column(Integer)
    fine_cents_per_day: Mapped[int] = mapped_column(Integer)
    fine_limit_cents: Mapped[int] = mapped_column(Integer)
    loan_limit: Mapped[int] = mapped_column(Integer)
    hold_shelf_days: Mapped[int] = mapped_column(Integer)
    pin_required: Mapped[bool] = mapped_column(Boolean)
    # Wrong PINs in a row before a card is locked, and for how long (trust rules).
    pin_max_failures: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    pin_lock_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    # How long ago an offline act may have happened and still be dated as the kiosk says.
    offline_window_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    # Items one patron may borrow at one kiosk in one offline episode (trust rules).
    offline_item_limit: Mapped[int] = mapped_column(Integer, default=3, server_default="3")


def new_public_id() -> str:
    """An opaque patron id for the API: 80 random bits, nothing to count up or guess from."""
    return "P-" + secrets.token_hex(10).upper()


class Patron(Base):
    """A reader of the network. Only a masked name is stored; credentials live hashed elsewhere."""

    __tablename__ = "patrons"
    __table_args__ = (
        CheckConstraint("active_loans >= 0", name="active_loans_not_negative"),
        CheckConstraint("fines_cents >= 0", name="fines_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # What the API calls the patron (trust rules: opaque, not sequential); ``id`` stays inside.
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=new_public_id)
    display_name: Mapped[str] = mapped_column(String(64))
    home_library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    loan_limit: Mapped[int] = mapped_column(Integer)
    # Kept in step with the loans table so the limit can be enforced by one conditional UPDATE.
    active_loans: Mapped[int] = mapped_column(Integer, default=0)
    fines_cents: Mapped[int] = mapped_column(Integer, default=0)
    expires: Mapped[dt.date | None] = mapped_column(Date)
    manual_block: Mapped[str | None] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]


class Credential(Base):
    """A card that identifies a patron, stored as a keyed hash of its number."""

    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    masked: Mapped[str] = mapped_column(String(64))
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # The kiosk whose chip read last moved valid_to (a renewed card); None: set at registration.
    valid_to_reported_by: Mapped[str | None] = mapped_column(String(64))


class Item(Base):
    """One physical copy, identified by its 14-digit library barcode."""

    __tablename__ = "items"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in ITEM_STATUSES) + ")", name="status_known"
        ),
    )

    barcode: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200))
    owner_library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"), index=True)
    loanable: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="available")
    transit_to_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))


class Loan(Base):
    """An item lent to a patron; open while ``returned_at`` is NULL."""

    __tablename__ = "loans"
    __table_args__ = (
        # The database itself guarantees that an item is never lent twice at once.
        Index(
            "uq_loans_active_item",
            "item_barcode",
            unique=True,
            sqlite_where=text(ACTIVE_LOAN),
            postgresql_where=text(ACTIVE_LOAN),
        ),
        Index(
            "ix_loans_active_patron",
            "patron_id",
            sqlite_where=text(ACTIVE_LOAN),
            postgresql_where=text(ACTIVE_LOAN),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_barcode: Mapped[str] = mapped_column(ForeignKey("items.barcode"))
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    borrowed_at: Mapped[dt.datetime]
    due: Mapped[dt.date] = mapped_column(Date)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    returned_at: Mapped[dt.datetime | None]
    return_library_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))
    fine_cents: Mapped[int] = mapped_column(Integer, default=0)


class Hold(Base):
    """A reader waiting for a particular item, to collect it at a pickup library."""

    __tablename__ = "holds"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in HOLD_STATUSES) + ")", name="status_known"
        ),
        Index(
            "uq_holds_open_item_patron",
            "item_barcode",
            "patron_id",
            unique=True,
            sqlite_where=text(OPEN_HOLD),
            postgresql_where=text(OPEN_HOLD),
        ),
        # At most one reader's copy waits on a hold shelf.
        Index(
            "uq_holds_ready_item",
            "item_barcode",
            unique=True,
            sqlite_where=text("status = 'ready'"),
            postgresql_where=text("status = 'ready'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_barcode: Mapped[str] = mapped_column(ForeignKey("items.barcode"), index=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"), index=True)
    pickup_library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    placed_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    ready_at: Mapped[dt.datetime | None]
    expires: Mapped[dt.date | None] = mapped_column(Date)


class TransactionRecord(Base):
    """One kiosk transaction by ``txn_id``: inserted with the act it applies, so a duplicate
    ``txn_id`` meets the primary key and replays the stored result instead of acting twice."""

    __tablename__ = "transactions"
    __table_args__ = (
        # When the kiosk was last heard from before an offline act: where its episode began.
        Index("ix_transactions_kiosk_received", "kiosk_id", "received_at"),
        Index(
            "ix_transactions_needs_staff",
            "library_id",
            "received_at",
            sqlite_where=text("needs_staff"),
            postgresql_where=text("needs_staff"),
        ),
        Index(
            "ix_transactions_offline_lent",
            "patron_id",
            "kiosk_id",
            "occurred_at",
            sqlite_where=text("offline_lent"),
            postgresql_where=text("offline_lent"),
        ),
    )

    txn_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    kind: Mapped[str | None] = mapped_column(String(8))  # NULL: voided before it arrived
    patron_id: Mapped[int | None] = mapped_column(Integer)
    item_barcode: Mapped[str | None] = mapped_column(String(32))
    occurred_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime]
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(32))
    result: Mapped[dict[str, Any]]
    undo: Mapped[dict[str, Any] | None]
    voided_at: Mapped[dt.datetime | None]
    # SHA-256 of the act as asked (kind, item, time as sent, library); NULL for a void that came
    # first and for rows older than migration 0002.
    request_digest: Mapped[str | None] = mapped_column(String(64))
    # An offline borrow that lent the copy: what counts against the offline item limit.
    offline_lent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # An act the staff's exceptions desk must see: an offline act recorded with exceptions or
    # refused, or a void that could not undo everything (see regional/console/desk.py).
    needs_staff: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class PatronSession(Base):
    """A patron at one kiosk, opened by a successful lookup: online borrows and renewals must
    name it (trust rules). Only the SHA-256 of its id is kept, like a token's."""

    __tablename__ = "patron_sessions"
    __table_args__ = (Index("ix_patron_sessions_kiosk_created", "kiosk_id", "created_at"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patrons.id"))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]


class KioskToken(Base):
    """A bearer token of one kiosk at one library; only its SHA-256 is kept."""

    __tablename__ = "kiosk_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class ServiceSetting(Base):
    """Small named facts about this deployment, e.g. the fingerprint of the credential key."""

    __tablename__ = "service_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


def table_of(model: type[Base]) -> Table:
    """The table behind ``model``, typed as one, for plain Core statements."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class PinAttempts(Base):
    """Wrong PINs in a row for one card (by its keyed hash, known card or not), and the lock.

    Kept in the database, so every instance counts the same guesses and a restart forgets none.
    """

    __tablename__ = "pin_attempts"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]


class RequestBudget(Base):
    """How many of something (a kiosk's lookups this minute, its registrations this hour) were
    spent in one window, counted in the database so that every instance sees one count."""

    __tablename__ = "request_budgets"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


# Fleet health (issue 16): what each kiosk last said about itself, the history of its heartbeats,
# and its hourly counts of acts. Value sets are kept here so that the check constraints, the API
# schema and the staff console read the same lists.
PRINTER_PAPER = ("ok", "near_end", "out", "cover_open", "none")
STAT_KINDS = ("borrow", "return", "renew", "session", "timeout", "device_fault", "receipt")
_PAPER_KNOWN = "printer_paper IN (" + ", ".join(f"'{p}'" for p in PRINTER_PAPER) + ")"


class _HeartbeatFields:
    """What a heartbeat reports, shared by the latest status and the history."""

    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    # When the kiosk sent it, by the kiosk's own clock (clock_offset_s says how far off it is).
    sent_at: Mapped[dt.datetime]
    version: Mapped[str] = mapped_column(String(64))
    uptime_s: Mapped[int] = mapped_column(Integer)
    # {role: {"state": "connected" | "disconnected" | "error", "reason": str | None}}
    devices: Mapped[dict[str, Any]]
    printer_paper: Mapped[str] = mapped_column(String(16))
    pending_count: Mapped[int] = mapped_column(Integer)
    oldest_pending_s: Mapped[int | None] = mapped_column(Integer)
    last_sync_at: Mapped[dt.datetime | None]
    # Kiosk clock minus service clock, in seconds (positive: the kiosk runs ahead).
    clock_offset_s: Mapped[float] = mapped_column(Float)
    out_of_service: Mapped[bool] = mapped_column(Boolean)
    out_of_service_reason: Mapped[str | None] = mapped_column(String(200))


class KioskStatus(_HeartbeatFields, Base):
    """One row per kiosk: its latest heartbeat, replaced by each new one."""

    __tablename__ = "kiosk_status"
    __table_args__ = (
        CheckConstraint(_PAPER_KNOWN, name="paper_known"),
        Index("ix_kiosk_status_library", "library_id"),
    )

    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_seen: Mapped[dt.datetime]
    # By the service's clock: the fleet state (offline after a silence) is judged on this.
    last_heartbeat_at: Mapped[dt.datetime]


class KioskHeartbeat(_HeartbeatFields, Base):
    """Every heartbeat received, kept for a retention period (the service prunes older ones)."""

    __tablename__ = "kiosk_heartbeats"
    __table_args__ = (
        CheckConstraint(_PAPER_KNOWN, name="paper_known"),
        Index("ix_kiosk_heartbeats_kiosk_received", "kiosk_id", "received_at"),
        Index("ix_kiosk_heartbeats_received", "received_at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    kiosk_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime]


class KioskStatsHourly(Base):
    """A kiosk's count of one kind of event in one hour (UTC), as the kiosk counted it from its
    journal. The kiosk re-sends absolute counts, so a row is replaced, never added to."""

    __tablename__ = "kiosk_stats_hourly"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in STAT_KINDS) + ")", name="kind_known"
        ),
        CheckConstraint("count >= 0", name="count_not_negative"),
        Index("ix_kiosk_stats_hourly_library_hour", "library_id", "hour"),
        # Holds every column the console's statistics read: a network-wide month is an index
        # scan (migration 0008).
        Index(
            "ix_kiosk_stats_hourly_hour_all",
            "hour",
            "kind",
            "library_id",
            "kiosk_id",
            "result",
            "reason",
            "owner_library_id",
            "count",
        ),
    )

    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hour: Mapped[dt.datetime] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    # borrow/return/renew: done, provisional, refused, failed; receipt: printed, declined,
    # failed; "" where the kind has none (session, timeout, device_fault).
    result: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The refusal's code, a faulty device's role, or "".
    reason: Mapped[str] = mapped_column(String(48), primary_key=True)
    # A return's owning library ("" for other kinds or when the kiosk did not learn it).
    owner_library_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    count: Mapped[int] = mapped_column(Integer)


STAFF_ROLES = ("library", "operator")


class StaffAccount(Base):
    """A person who signs in to the staff console: library staff see their own library,
    network operators every library. Only an Argon2 hash of the password is kept."""

    __tablename__ = "staff_accounts"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r}'" for r in STAFF_ROLES) + ")", name="role_known"
        ),
        CheckConstraint(
            "role = 'operator' OR library_id IS NOT NULL", name="library_staff_library"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    library_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))
    created_at: Mapped[dt.datetime]
    disabled_at: Mapped[dt.datetime | None]
    # Sessions signed before this moment are refused: signing out ends every session of the
    # account (the cookie itself is stateless).
    sessions_valid_after: Mapped[dt.datetime | None]


RESOLUTION_ACTIONS = ("confirm", "reverse", "note")


class ExceptionResolution(Base):
    """How staff closed one act on the exceptions desk, by whom and when: one per act, so two
    people resolving the same act at once cannot both succeed."""

    __tablename__ = "exception_resolutions"
    __table_args__ = (
        CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in RESOLUTION_ACTIONS) + ")",
            name="action_known",
        ),
    )

    txn_id: Mapped[str] = mapped_column(ForeignKey("transactions.txn_id"), primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(2000), default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    staff_username: Mapped[str] = mapped_column(String(64))
    resolved_at: Mapped[dt.datetime]
    # What reversing changed, or why it could not (the void's own words), for the record.
    outcome: Mapped[dict[str, Any] | None]
