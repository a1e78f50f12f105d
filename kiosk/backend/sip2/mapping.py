"""What SIP2 answers mean for the kiosk: patron status flags → blocks, a checkin's destination
and alert → routing, item circulation status → the kiosk's words, money → cents."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum

from kiosk.backend.sip2.codec import Frame
from kiosk.backend.types import Block, Routing
from kiosk.core.results import ResultCode


class CirculationStatus(StrEnum):
    """18's circulation status (2.00)."""

    OTHER = "01"
    ON_ORDER = "02"
    AVAILABLE = "03"
    CHARGED = "04"
    CHARGED_NOT_RECALLABLE = "05"
    IN_PROCESS = "06"
    RECALLED = "07"
    WAITING_ON_HOLD_SHELF = "08"
    WAITING_TO_BE_RESHELVED = "09"
    IN_TRANSIT = "10"
    CLAIMED_RETURNED = "11"
    LOST = "12"
    MISSING = "13"


CHARGED = frozenset(
    {
        CirculationStatus.CHARGED,
        CirculationStatus.CHARGED_NOT_RECALLABLE,
        CirculationStatus.RECALLED,
    }
)

# 64's patron status: 14 flags, a 'Y' where the privilege is denied (2.00, in this order).
_STATUS_FLAGS = (
    "charge_privileges_denied",
    "renewal_privileges_denied",
    "recall_privileges_denied",
    "hold_privileges_denied",
    "card_reported_lost",
    "too_many_items_charged",
    "too_many_items_overdue",
    "too_many_renewals",
    "too_many_claims_of_items_returned",
    "too_many_items_lost",
    "excessive_outstanding_fines",
    "excessive_outstanding_fees",
    "recall_overdue",
    "too_many_items_billed",
)

# 10's alert type (CV, a 3M extension most systems send): what to do with the book.
_HOLD_HERE, _HOLD_ELSEWHERE, _SEND_ELSEWHERE = "01", "02", "04"


def denied(patron_status: str) -> set[str]:
    """The flags set in a 14-character patron status."""
    return {name for name, flag in zip(_STATUS_FLAGS, patron_status, strict=False) if flag == "Y"}


def blocks(patron_status: str) -> tuple[Block, ...]:
    """The kiosk's blocks for a patron status: what keeps the patron from borrowing, in the
    codes its screens have words for (fines, a card the staff must see)."""
    flags = denied(patron_status)
    if flags & {"excessive_outstanding_fines", "excessive_outstanding_fees"}:
        return (Block("fines_over_limit"),)
    if flags & {"charge_privileges_denied", "card_reported_lost"}:
        return (Block("manual_block"),)
    return ()


def cents(amount: str) -> int:
    """A fee amount (BV, e.g. "15.00") in cents; 0 for nothing or nonsense."""
    try:
        return max(0, int((Decimal(amount.strip() or "0") * 100).to_integral_value()))
    except InvalidOperation:
        return 0


def routing(reply: Frame, here: str) -> Routing:
    """Where a returned book goes, from 10's alert type (CV) and destination (CT): a hold here
    goes to the hold shelf; a hold or home elsewhere, in transit to that library; else the
    shelf (or the sort bin CL, which the kiosk does not show)."""
    alert = reply.first("CV")
    destination = reply.first("CT").strip()
    if alert == _HOLD_HERE:
        return Routing("hold_shelf")
    if alert in (_HOLD_ELSEWHERE, _SEND_ELSEWHERE) and destination:
        return Routing("transit", destination)
    if destination and destination != here:
        return Routing("transit", destination)
    return Routing("shelve")


def status(reply: Frame) -> CirculationStatus | None:
    try:
        return CirculationStatus(reply.fixed.get("circulation_status", ""))
    except ValueError:
        return None


def known_item(reply: Frame) -> bool:
    """Whether 18 describes an item the system has (a title, a status other than 'other' with
    nothing else said)."""
    return bool(reply.first("AJ").strip()) and status(reply) is not None


def checkout_refusal(item: Frame | None, patron_blocked: bool) -> ResultCode:
    """Why a checkout was refused, from the item's 18 (SIP2's 12 has no reason code)."""
    if item is None or not known_item(item):
        return ResultCode.ITEM_NOT_FOUND
    state = status(item)
    if state in CHARGED:
        return ResultCode.ITEM_ON_LOAN_TO_OTHER
    if state is CirculationStatus.WAITING_ON_HOLD_SHELF or _queue(item) > 0:
        return ResultCode.ITEM_ON_HOLD_FOR_OTHER
    if patron_blocked:
        return ResultCode.PATRON_BLOCKED
    return ResultCode.ITEM_NOT_LOANABLE


def renew_refusal(item: Frame | None) -> ResultCode:
    if item is None or not known_item(item):
        return ResultCode.ITEM_NOT_FOUND
    if status(item) not in CHARGED:
        return ResultCode.NOT_ON_LOAN
    if _queue(item) > 0:
        return ResultCode.RENEW_BLOCKED_BY_HOLD
    return ResultCode.RENEW_LIMIT_REACHED


def checkin_refusal(item: Frame | None) -> ResultCode:
    if item is None or not known_item(item):
        return ResultCode.ITEM_NOT_FOUND
    return ResultCode.NOT_ON_LOAN


def _queue(item: Frame) -> int:
    try:
        return int(item.first("CF") or "0")
    except ValueError:
        return 0
