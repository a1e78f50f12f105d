"""Holds: who waits for an item, and where a returned copy goes (shelf, transit, hold shelf)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from regional.db.models import Hold, Item, Loan, Patron, table_of
from regional.db.policies import Policy, policy
from regional.schemas import Routing
from regional.services.clock import local_date

OPEN_STATUSES = ("waiting", "ready")
# The act path's statements are built once, with bound parameters: building one costs more
# CPU than SQLite takes to run it, and a statement object remembers its cache key.
_ITEMS = table_of(Item)
_SET_ITEM_STATE = update(_ITEMS).where(_ITEMS.c.barcode == bindparam("key"))
_ITEM_FOR_ACT = select(Item).where(Item.barcode == bindparam("barcode")).with_for_update(of=Item)
_ACTIVE_LOAN = select(Loan).where(
    Loan.item_barcode == bindparam("barcode"), Loan.returned_at.is_(None)
)
_OPEN_HOLDS = (
    select(Hold)
    .where(Hold.item_barcode == bindparam("barcode"), Hold.status.in_(OPEN_STATUSES))
    .order_by(case((Hold.status == "ready", 0), else_=1), Hold.placed_at, Hold.id)
)
_NEXT_HOLD = _OPEN_HOLDS.limit(1)


def set_item_state(session: Session, item: Item, status: str, transit_to: str | None) -> None:
    """Write the item's status at once with a plain UPDATE, and let the session's copy show
    it without marking it changed: the act then has nothing left for the unit of work."""
    session.execute(
        _SET_ITEM_STATE, {"key": item.barcode, "status": status, "transit_to_id": transit_to}
    )
    set_committed_value(item, "status", status)
    set_committed_value(item, "transit_to_id", transit_to)


def item_for_act(session: Session, barcode: str) -> tuple[Item, Policy] | None:
    """The item, locked for the rest of the transaction (PostgreSQL; SQLite's writers already
    take turns), with its owning library's policy. Its open loan is read separately,
    after the lock is held, so that it is never an older snapshot than the lock."""
    item = session.scalars(_ITEM_FOR_ACT, {"barcode": barcode}).first()
    return None if item is None else (item, policy(session, item.owner_library_id))


def active_loan(session: Session, barcode: str) -> Loan | None:
    return session.scalars(_ACTIVE_LOAN, {"barcode": barcode}).first()


def next_hold(session: Session, barcode: str) -> Hold | None:
    """The reader first in line: one whose copy already waits on a shelf, else the earliest."""
    return session.scalars(_NEXT_HOLD, {"barcode": barcode}).first()


def open_holds(session: Session, barcode: str) -> list[Hold]:
    """Every reader in line for ``barcode``, first first (see ``next_hold``)."""
    return list(session.scalars(_OPEN_HOLDS, {"barcode": barcode}))


def open_hold_of(session: Session, barcode: str, patron_id: int) -> Hold | None:
    return session.scalars(
        select(Hold).where(
            Hold.item_barcode == barcode,
            Hold.patron_id == patron_id,
            Hold.status.in_(OPEN_STATUSES),
        )
    ).first()


def held_by_other(session: Session, barcode: str, patron_id: int) -> Hold | None:
    return session.scalars(
        select(Hold)
        .where(
            Hold.item_barcode == barcode,
            Hold.patron_id != patron_id,
            Hold.status.in_(OPEN_STATUSES),
        )
        .limit(1)
    ).first()


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


def snapshot(hold: Hold) -> dict[str, Any]:
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


def _display(session: Session, hold: Hold) -> str:
    patron = session.get(Patron, hold.patron_id)
    return patron.display_name if patron else ""


def route_here(
    session: Session, item: Item, place: str, now: dt.datetime
) -> tuple[Routing, dict[str, Any] | None]:
    """Send a copy that has just come in at ``place`` on its way, updating its state.

    Returns the routing and the snapshot of a hold it made ready (for voids)."""
    hold = next_hold(session, item.barcode)
    if hold is not None:
        saved = snapshot(hold)
        if hold.pickup_library_id == place:
            make_ready(session, hold, item, now)
            display = _display(session, hold)
            return Routing(action="hold_shelf", library=place, patron_display=display), saved
        set_item_state(session, item, "in_transit", hold.pickup_library_id)
        return Routing(action="transit", library=hold.pickup_library_id), None
    if item.owner_library_id == place:
        set_item_state(session, item, "available", None)
        return Routing(action="shelve", library=place), None
    set_item_state(session, item, "in_transit", item.owner_library_id)
    return Routing(action="transit", library=item.owner_library_id), None


def advise(session: Session, item: Item, place: str) -> Routing:
    """Where a copy found at ``place`` belongs, without changing anything."""
    if item.status == "on_hold_shelf":
        hold = next_hold(session, item.barcode)
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
