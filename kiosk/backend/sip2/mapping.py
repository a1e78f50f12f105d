"""What SIP2 answers mean for the kiosk: patron status flags → blocks, a checkin's destination
and alert → routing, item circulation status → the kiosk's words, money → cents."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kiosk.backend.sip2.codec import Frame
from kiosk.backend.sip2.messages import AlertType, CirculationStatus, patron_status_flags
from kiosk.backend.sip2.messages import PatronStatusFlag as Flag
from kiosk.backend.types import Block, Routing
from kiosk.core.results import ResultCode

CHARGED = frozenset(
    {
        CirculationStatus.CHARGED,
        CirculationStatus.CHARGED_NOT_TO_BE_RECALLED,
        CirculationStatus.RECALLED,
    }
)
_TO_ANOTHER_LIBRARY = frozenset({AlertType.REMOTE_HOLD, AlertType.REMOTE_TRANSIT})


def blocks(patron_status: str) -> tuple[Block, ...]:
    """The kiosk's blocks for a patron status: what keeps the patron from borrowing, in the
    codes its screens have words for (fines, a card the staff must see)."""
    flags = patron_status_flags(patron_status)
    if flags & {Flag.EXCESSIVE_OUTSTANDING_FINES, Flag.EXCESSIVE_OUTSTANDING_FEES}:
        return (Block("fines_over_limit"),)
    if flags & {Flag.CHARGE_PRIVILEGES_DENIED, Flag.CARD_REPORTED_LOST}:
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
    if alert == AlertType.LOCAL_HOLD:
        return Routing("hold_shelf")
    if alert in _TO_ANOTHER_LIBRARY and destination:
        return Routing("transit", destination)
    if destination and destination != here:
        return Routing("transit", destination)
    return Routing("shelve")


def status(reply: Frame) -> CirculationStatus | None:
    try:
        return CirculationStatus(reply.fixed.get("circulation_status", ""))
    except ValueError:
        return None


def still_charged(item: Frame) -> bool:
    """Whether 18 says the item is out on loan: a charged status, or a due date (dp2 reports
    any reservation as 08 'waiting on hold shelf', even on an item out on loan, with its due
    date: the due date tells)."""
    return status(item) in CHARGED or bool(item.first("AH").strip())


def known_item(reply: Frame) -> bool:
    """Whether 18 describes an item the system has (a title, a status other than 'other' with
    nothing else said)."""
    return bool(reply.first("AJ").strip()) and status(reply) is not None


def checkout_refusal(item: Frame | None, patron_blocked: bool) -> ResultCode:
    """Why a checkout was refused, from the item's 18 (SIP2's 12 has no reason code)."""
    if item is None or not known_item(item):
        return ResultCode.ITEM_NOT_FOUND
    if still_charged(item):
        return ResultCode.ITEM_ON_LOAN_TO_OTHER
    if status(item) is CirculationStatus.WAITING_ON_HOLD_SHELF or _queue(item) > 0:
        return ResultCode.ITEM_ON_HOLD_FOR_OTHER
    if patron_blocked:
        return ResultCode.PATRON_BLOCKED
    return ResultCode.ITEM_NOT_LOANABLE


def renew_refusal(item: Frame | None) -> ResultCode:
    if item is None or not known_item(item):
        return ResultCode.ITEM_NOT_FOUND
    if not still_charged(item):
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
