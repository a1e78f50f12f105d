"""Where each returned book goes, so a patron with a stack can sort it: the returns grouped by
destination (hold shelf, transit bin per library, return cart), the ones that need the patron
or the staff first. Qt-free."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import ItemRow, RowSecurity
from kiosk.domain import ActKind


class Destination(IntEnum):
    """Where a returned book goes; the order is the order a sorted list shows them in."""

    PUT_BACK = 0  # returned, but its tag is not secured: back on the pad first
    KEEP = 1  # not returned (refused, a tag that names no book): the patron keeps it, asks
    HOLD_SHELF = 2
    TRANSIT = 3
    RETURN_CART = 4
    CHECKING = 5  # not answered yet


_DONE = (Outcome.DONE, Outcome.PROVISIONAL)


def destination(row: ItemRow) -> Destination:
    """Where ``row``'s book goes now (a return row; the routing the service gave it)."""
    if row.pending:
        return Destination.CHECKING
    if row.security == RowSecurity.NOT_SET:
        return Destination.PUT_BACK
    if row.code == ResultCode.NOT_ON_LOAN:
        return Destination.RETURN_CART  # checked in already: not a failure
    if row.outcome not in _DONE:
        return Destination.KEEP
    if row.provisional or row.outcome == Outcome.PROVISIONAL:
        return Destination.RETURN_CART  # offline: staff sort it when it is checked in
    if row.routing_action == "hold_shelf":
        return Destination.HOLD_SHELF
    if row.routing_action == "transit":
        return Destination.TRANSIT
    return Destination.RETURN_CART


def sorted_returns(rows: Sequence[ItemRow]) -> list[ItemRow]:
    """Return rows grouped by destination, transit books by library; within a group in the
    order they came (a stable sort), books still being checked last."""
    returns = [r for r in rows if r.kind == ActKind.RETURN]
    return sorted(
        returns,
        key=lambda r: (
            destination(r),
            r.routing_library or "" if destination(r) == Destination.TRANSIT else "",
        ),
    )


@dataclass(frozen=True)
class DestinationCount:
    destination: Destination
    count: int


def tally(rows: Sequence[ItemRow]) -> list[DestinationCount]:
    """How many finished returns go where, in the sorted order (only places with books)."""
    counts = Counter(destination(r) for r in rows if r.kind == ActKind.RETURN)
    counts.pop(Destination.CHECKING, None)
    return [DestinationCount(d, counts[d]) for d in Destination if counts[d]]


def from_the_pad(rows: Sequence[ItemRow]) -> bool:
    """Whether the returns came (at least partly) from the RFID pad: a stack, not one by one."""
    return any(r.tag_uid for r in rows if r.kind == ActKind.RETURN)
