"""Turning the service's JSON into the backend's frozen types; any surprise is a typed error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from kiosk.backend.errors import ProtocolViolation
from kiosk.backend.types import (
    Block,
    Health,
    HoldReady,
    Item,
    ItemRef,
    Loan,
    Patron,
    PatronSession,
    Routing,
    TxnOutcome,
    TxnStatus,
)

T = TypeVar("T")


def _guard(build: Callable[..., T]) -> Callable[..., T]:
    def wrapped(*args: Any) -> T:
        try:
            return build(*args)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProtocolViolation(f"unexpected answer: {type(exc).__name__} {exc}") from exc

    return wrapped


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _item_ref(data: dict[str, Any]) -> ItemRef:
    return ItemRef(data["barcode"], data.get("title", ""), data.get("owner_library", ""))


@_guard
def health(data: dict[str, Any], round_trip_s: float) -> Health:
    time = dt.datetime.fromisoformat(data["time"]) if data.get("time") else None
    return Health(data["status"], time, str(data.get("version", "")), round_trip_s)


@_guard
def patron(data: dict[str, Any]) -> Patron:
    return Patron(
        patron_id=data["patron_id"],
        display_name=data["display_name"],
        home_library=data.get("home_library", ""),
        blocks=tuple(Block(b["code"], b.get("detail", "")) for b in data.get("blocks", [])),
        loan_limit=int(data.get("loan_limit", 0)),
        fines_cents=int(data.get("fines_cents", 0)),
        registered_now=bool(data.get("registered_now", False)),
        loans=tuple(
            Loan(
                _item_ref(x["item"]),
                dt.date.fromisoformat(x["due"]),
                bool(x.get("overdue")),
                int(x.get("renewals_left", 0)),
            )
            for x in data.get("loans", [])
        ),
        holds_ready=tuple(
            HoldReady(_item_ref(h["item"]), h.get("pickup_library", ""), _date(h.get("expires")))
            for h in data.get("holds_ready", [])
        ),
        session=_session(data.get("session")),
    )


def _session(data: Any) -> PatronSession | None:
    if not data:
        return None  # a service older than the trust rules
    expires = data.get("expires")
    return PatronSession(str(data["id"]), dt.datetime.fromisoformat(expires) if expires else None)


@_guard
def item(data: dict[str, Any]) -> Item:
    return Item(
        data["barcode"],
        data["title"],
        data.get("author", ""),
        data.get("owner_library", ""),
        data["status"],
        _date(data.get("due")),
    )


@_guard
def outcome(data: dict[str, Any]) -> TxnOutcome:
    loan = data.get("loan")
    routing = data.get("routing")
    return TxnOutcome(
        txn_id=str(data["txn_id"]),
        status=TxnStatus(data["status"]),
        code=data["code"],
        replayed=bool(data.get("replayed", False)),
        detail=str(data.get("detail", "")),
        item=_item_ref(loan["item"]) if loan else None,
        due=_date(loan.get("due")) if loan else None,
        routing=Routing(routing["action"], routing.get("library"), routing.get("patron_display"))
        if routing
        else None,
        exceptions=tuple(
            e["code"] if isinstance(e, dict) else str(e) for e in data.get("exceptions", [])
        ),
        raw=data,
    )
