"""Holds: who waits for an item, and where a returned copy goes (shelf, transit, hold shelf)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, bindparam, cast, literal_column, null, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from regional.db.models import Hold, Item, Loan, Patron, table_of
from regional.db.policies import Policy, policy
from regional.db.types import UTCDateTime
from regional.schemas import Routing
from regional.services.clock import local_date

OPEN_STATUSES = ("waiting", "ready")
# The act path's statements are built once, with bound parameters: building one costs more
# CPU than SQLite takes to run it, and a statement object remembers its cache key. They are
# Core statements read into plain rows, run on the session's connection: an act needs neither
# identity map nor unit of work, and the session's layer costs more than the statement.
_ITEMS = table_of(Item)
_LOANS = table_of(Loan)
_HOLDS = table_of(Hold)
_SET_ITEM_STATE = update(_ITEMS).where(_ITEMS.c.barcode == bindparam("key"))
_ITEM_FOR_ACT = (
    select(
        _ITEMS.c.barcode,
        _ITEMS.c.title,
        _ITEMS.c.owner_library_id,
        _ITEMS.c.loanable,
        _ITEMS.c.status,
        _ITEMS.c.transit_to_id,
    )
    .where(_ITEMS.c.barcode == bindparam("barcode"))
    .with_for_update()
)
_ACTIVE_LOAN = select(Loan).where(
    Loan.item_barcode == bindparam("barcode"), Loan.returned_at.is_(None)
)


@dataclass(frozen=True)
class ItemRow:
    barcode: str
    title: str
    owner_library_id: str
    loanable: bool
    status: str
    transit_to_id: str | None


@dataclass(frozen=True)
class LoanRow:
    id: int
    patron_id: int
    borrowed_at: dt.datetime
    due: dt.date
    renewals: int
    fine_cents: int


@dataclass(frozen=True)
class HoldRow:
    id: int
    patron_id: int
    pickup_library_id: str
    status: str
    placed_at: dt.datetime
    ready_at: dt.datetime | None
    expires: dt.date | None


@dataclass(frozen=True)
class Circumstances:
    """What an act on one item needs to know besides the item, read in one statement once the
    item is locked: its open loan, the readers in line for it (first first), and the acting
    patron's open loans as (due, owner library), from which their fines grow."""

    loan: LoanRow | None
    in_line: list[HoldRow]
    patron_dues: list[tuple[dt.date, str]]


def _nothing(type_: Any) -> Any:
    return cast(null(), type_)


# One UNION ALL of differently shaped rows, told apart by their first column: three statements'
# round trips (and CPU) in one. The first part's column types decode every part's values.
_LOAN_PART = select(
    literal_column("'loan'", String).label("what"),
    _LOANS.c.id,
    _LOANS.c.patron_id,
    _LOANS.c.due.label("day"),
    _LOANS.c.borrowed_at.label("at"),
    _nothing(UTCDateTime()).label("at2"),
    _LOANS.c.renewals.label("n1"),
    _LOANS.c.fine_cents.label("n2"),
    _nothing(String()).label("s1"),
    _nothing(String()).label("s2"),
).where(_LOANS.c.item_barcode == bindparam("barcode"), _LOANS.c.returned_at.is_(None))
_HOLD_PART = select(
    literal_column("'hold'", String),
    _HOLDS.c.id,
    _HOLDS.c.patron_id,
    _HOLDS.c.expires,
    _HOLDS.c.placed_at,
    _HOLDS.c.ready_at,
    _nothing(Integer()),
    _nothing(Integer()),
    _HOLDS.c.status,
    _HOLDS.c.pickup_library_id,
).where(_HOLDS.c.item_barcode == bindparam("barcode"), _HOLDS.c.status.in_(OPEN_STATUSES))
_DUES_PART = (
    select(
        literal_column("'due'", String),
        _nothing(Integer()),
        _nothing(Integer()),
        _LOANS.c.due,
        _nothing(UTCDateTime()),
        _nothing(UTCDateTime()),
        _nothing(Integer()),
        _nothing(Integer()),
        _ITEMS.c.owner_library_id,
        _nothing(String()),
    )
    .select_from(_LOANS.join(_ITEMS, _ITEMS.c.barcode == _LOANS.c.item_barcode))
    .where(_LOANS.c.patron_id == bindparam("patron"), _LOANS.c.returned_at.is_(None))
)
_CIRCUMSTANCES = _LOAN_PART.union_all(_HOLD_PART)
_CIRCUMSTANCES_WITH_PATRON = _LOAN_PART.union_all(_HOLD_PART, _DUES_PART)
_HOLD_READY = (
    update(_HOLDS)
    .where(_HOLDS.c.id == bindparam("hold"))
    .values(status="ready", ready_at=bindparam("ready_at"), expires=bindparam("expires"))
)
_FULFIL_HOLD = update(_HOLDS).where(_HOLDS.c.id == bindparam("hold")).values(status="fulfilled")
_DISPLAY_NAME = select(table_of(Patron).c.display_name).where(
    table_of(Patron).c.id == bindparam("patron")
)


def _first_first(hold: HoldRow) -> tuple[int, dt.datetime, int]:
    """The reader first in line: one whose copy already waits on a shelf, else the earliest."""
    return (0 if hold.status == "ready" else 1, hold.placed_at, hold.id)


def circumstances(session: Session, barcode: str, patron_id: int | None) -> Circumstances:
    """The open loan of ``barcode``, its line of readers and ``patron_id``'s open loans. Read
    it after ``item_for_act``: its snapshot is then no older than the item's lock."""
    if patron_id is None:
        rows = session.connection().execute(_CIRCUMSTANCES, {"barcode": barcode})
    else:
        rows = session.connection().execute(
            _CIRCUMSTANCES_WITH_PATRON, {"barcode": barcode, "patron": patron_id}
        )
    loan: LoanRow | None = None
    in_line: list[HoldRow] = []
    dues: list[tuple[dt.date, str]] = []
    for what, id_, patron, day, at, at2, n1, n2, s1, s2 in rows:
        if what == "loan":
            loan = LoanRow(id_, patron, at, day, n1, n2)
        elif what == "hold":
            in_line.append(HoldRow(id_, patron, s2, s1, at, at2, day))
        else:
            dues.append((day, s1))
    in_line.sort(key=_first_first)
    return Circumstances(loan, in_line, dues)


def fulfil(session: Session, hold: HoldRow) -> None:
    """The reader in line has borrowed the copy they waited for."""
    session.connection().execute(_FULFIL_HOLD, {"hold": hold.id})


def set_item_state(
    session: Session, item: Item | ItemRow, status: str, transit_to: str | None
) -> None:
    """Write the item's status at once with a plain UPDATE (a session's copy of an ORM item
    shows it without being marked changed: nothing is left for the unit of work)."""
    session.connection().execute(
        _SET_ITEM_STATE, {"key": item.barcode, "status": status, "transit_to_id": transit_to}
    )
    if isinstance(item, Item):
        set_committed_value(item, "status", status)
        set_committed_value(item, "transit_to_id", transit_to)


def item_for_act(session: Session, barcode: str) -> tuple[ItemRow, Policy] | None:
    """The item, locked for the rest of the transaction (PostgreSQL; SQLite's writers already
    take turns), with its owning library's policy. Its open loan and holds are read
    separately (``circumstances``), after the lock is held, so that they are never an older
    snapshot than the lock (a join would read them in the snapshot from before the wait)."""
    row = session.connection().execute(_ITEM_FOR_ACT, {"barcode": barcode}).first()
    if row is None:
        return None
    item = ItemRow(*row)
    return item, policy(session, item.owner_library_id)


def active_loan(session: Session, barcode: str) -> Loan | None:
    return session.scalars(_ACTIVE_LOAN, {"barcode": barcode}).first()


def place_hold(
    session: Session, item: Item, patron: Patron, pickup_library: str, now: dt.datetime
) -> Hold:
    """Put ``patron`` in line for ``item`` (staff systems do this; seed and tests use it)."""
    hold = Hold(
        item_barcode=item.barcode,
        patron_id=patron.id,
        pickup_library_id=pickup_library,
        placed_at=now,
        status="waiting",
    )
    session.add(hold)
    session.flush()
    return hold


def make_ready(session: Session, hold: Hold, item: Item, now: dt.datetime) -> None:
    """The copy is on the pickup library's hold shelf from ``now``."""
    pickup = policy(session, hold.pickup_library_id)
    hold.status = "ready"
    hold.ready_at = now
    hold.expires = local_date(now) + dt.timedelta(days=pickup.hold_shelf_days)
    set_item_state(session, item, "on_hold_shelf", None)


def snapshot(hold: Hold | HoldRow) -> dict[str, Any]:
    """What a void needs to put ``hold`` back as it was."""
    return {
        "id": hold.id,
        "status": hold.status,
        "ready_at": hold.ready_at.isoformat() if hold.ready_at else None,
        "expires": hold.expires.isoformat() if hold.expires else None,
    }


def restore(session: Session, saved: dict[str, Any]) -> None:
    hold = session.get(Hold, saved["id"])
    if hold is None:
        return
    hold.status = saved["status"]
    hold.ready_at = dt.datetime.fromisoformat(saved["ready_at"]) if saved["ready_at"] else None
    hold.expires = dt.date.fromisoformat(saved["expires"]) if saved["expires"] else None


def _display(session: Session, hold: HoldRow) -> str:
    name = session.connection().execute(_DISPLAY_NAME, {"patron": hold.patron_id}).scalar()
    return name or ""


def _ready_on_shelf(session: Session, hold: HoldRow, item: ItemRow, now: dt.datetime) -> None:
    """``make_ready`` for the act path, in plain UPDATEs."""
    pickup = policy(session, hold.pickup_library_id)
    expires = local_date(now) + dt.timedelta(days=pickup.hold_shelf_days)
    session.connection().execute(
        _HOLD_READY, {"hold": hold.id, "ready_at": now, "expires": expires}
    )
    set_item_state(session, item, "on_hold_shelf", None)


def route_here(
    session: Session, item: ItemRow, place: str, now: dt.datetime, in_line: list[HoldRow]
) -> tuple[Routing, dict[str, Any] | None]:
    """Send a copy that has just come in at ``place`` on its way, updating its state
    (``in_line``: its readers, first first, from ``circumstances``).

    Returns the routing and the snapshot of a hold it made ready (for voids)."""
    hold = in_line[0] if in_line else None
    if hold is not None:
        saved = snapshot(hold)
        if hold.pickup_library_id == place:
            _ready_on_shelf(session, hold, item, now)
            display = _display(session, hold)
            return Routing(action="hold_shelf", library=place, patron_display=display), saved
        set_item_state(session, item, "in_transit", hold.pickup_library_id)
        return Routing(action="transit", library=hold.pickup_library_id), None
    if item.owner_library_id == place:
        set_item_state(session, item, "available", None)
        return Routing(action="shelve", library=place), None
    set_item_state(session, item, "in_transit", item.owner_library_id)
    return Routing(action="transit", library=item.owner_library_id), None


def advise(session: Session, item: ItemRow, place: str, in_line: list[HoldRow]) -> Routing:
    """Where a copy found at ``place`` belongs, without changing anything."""
    if item.status == "on_hold_shelf":
        hold = in_line[0] if in_line else None
        if hold is not None and hold.status == "ready":
            if hold.pickup_library_id == place:
                return Routing(
                    action="hold_shelf", library=place, patron_display=_display(session, hold)
                )
            return Routing(action="transit", library=hold.pickup_library_id)
    if item.status == "in_transit" and item.transit_to_id and item.transit_to_id != place:
        return Routing(action="transit", library=item.transit_to_id)
    if item.owner_library_id == place:
        return Routing(action="shelve", library=place)
    return Routing(action="transit", library=item.owner_library_id)
