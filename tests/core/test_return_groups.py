"""A returned stack grouped by where each book goes, so the patron can sort it."""

from __future__ import annotations

from kiosk.core.results import Outcome, ResultCode
from kiosk.core.return_groups import Destination, destination, sorted_returns, tally
from kiosk.core.session import ItemRow, RowSecurity
from kiosk.domain import ActKind


def back(barcode: str, action: str | None = "shelve", library: str | None = None) -> ItemRow:
    return ItemRow(
        ActKind.RETURN,
        barcode,
        pending=False,
        outcome=Outcome.DONE,
        code=ResultCode.OK,
        routing_action=action,
        routing_library=library,
    )


SHELF = back("1")
TO_CDL = back("2", "transit", "CDL")
HOLD = back("3", "hold_shelf", "CQL")
TO_SCL = back("4", "transit", "SCL")
TO_CDL_TOO = back("5", "transit", "CDL")
REFUSED = ItemRow(
    ActKind.RETURN, "6", pending=False, outcome=Outcome.REFUSED, code=ResultCode.TAG_UNREADABLE
)
CHECKING = ItemRow(ActKind.RETURN, "7")
NOT_SET = ItemRow(
    ActKind.RETURN,
    "8",
    pending=False,
    outcome=Outcome.DONE,
    code=ResultCode.OK,
    routing_action="transit",
    routing_library="CDL",
    tag_uid="E0",
    security=RowSecurity.NOT_SET,
)


def test_each_return_has_one_place() -> None:
    assert [destination(r) for r in (SHELF, TO_CDL, HOLD, REFUSED, CHECKING, NOT_SET)] == [
        Destination.RETURN_CART,
        Destination.TRANSIT,
        Destination.HOLD_SHELF,
        Destination.KEEP,
        Destination.CHECKING,
        Destination.PUT_BACK,  # back on the pad before it goes anywhere
    ]
    already = ItemRow(
        ActKind.RETURN, "9", pending=False, outcome=Outcome.REFUSED, code=ResultCode.NOT_ON_LOAN
    )
    offline = ItemRow(ActKind.RETURN, "10", pending=False, outcome=Outcome.PROVISIONAL)
    assert destination(already) == destination(offline) == Destination.RETURN_CART


def test_a_stack_is_sorted_by_place_and_transit_by_library_keeping_the_order_within() -> None:
    stack = [CHECKING, SHELF, TO_CDL, HOLD, TO_SCL, REFUSED, TO_CDL_TOO, NOT_SET]
    assert [r.barcode for r in sorted_returns(stack)] == ["8", "6", "3", "2", "5", "4", "1", "7"]


def test_the_tally_counts_finished_returns_per_place() -> None:
    stack = [CHECKING, SHELF, TO_CDL, HOLD, TO_SCL, TO_CDL_TOO]
    assert [(c.destination, c.count) for c in tally(stack)] == [
        (Destination.HOLD_SHELF, 1),
        (Destination.TRANSIT, 3),
        (Destination.RETURN_CART, 1),
    ]
    borrowed = ItemRow(ActKind.BORROW, "11", pending=False, outcome=Outcome.DONE)
    assert tally([borrowed]) == []
