"""Returns anywhere in the network: close the loan, charge fines to the time of record, route."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from regional.db.models import Loan, Patron, table_of
from regional.db.policies import Policy
from regional.schemas import TxnException, TxnStatus
from regional.services import fines, holds
from regional.services.act import Act
from regional.services.holds import HoldRow, ItemRow, LoanRow
from regional.services.outcome import Outcome
from regional.services.refs import loan_ref

_LOANS = table_of(Loan)
_PATRONS = table_of(Patron)
_CLOSE_LOAN = (
    update(_LOANS)
    .where(_LOANS.c.id == bindparam("loan"))
    .values(fine_cents=_LOANS.c.fine_cents + bindparam("fine"))
)
# The loan count and the fine in one UPDATE, in SQL, so concurrent acts never lose an update.
_SETTLE_PATRON = (
    update(_PATRONS)
    .where(_PATRONS.c.id == bindparam("patron"))
    .values(
        active_loans=_PATRONS.c.active_loans - 1,
        fines_cents=_PATRONS.c.fines_cents + bindparam("fine"),
    )
)


def close_loan(session: Session, loan: LoanRow, owner: Policy, act: Act) -> int:
    """End ``loan`` at the time of record; returns the fine charged. A backdated return
    stops the fine at the backdated time."""
    returned_at = max(act.at, loan.borrowed_at)
    fine = fines.accrued_cents(loan.due, owner.fine_cents_per_day, returned_at)
    connection = session.connection()
    connection.execute(
        _CLOSE_LOAN,
        {"loan": loan.id, "fine": fine, "returned_at": returned_at, "return_library_id": act.place},
    )
    connection.execute(_SETTLE_PATRON, {"patron": loan.patron_id, "fine": fine})
    return fine


def return_item(session: Session, act: Act, barcode: str) -> Outcome:
    found = holds.item_for_act(session, barcode)
    if found is None:
        return Outcome.rejected("item_not_found", f"no item {barcode} in the network")
    item, owner = found
    seen = holds.circumstances(session, barcode, None)
    loan = seen.loan
    if loan is None:
        return _check_in_without_loan(session, act, item, seen.in_line)
    if act.offline and loan.borrowed_at > act.at:
        return _return_before_loan(item, loan, act)
    fine = close_loan(session, loan, owner, act)
    routing, hold = holds.route_here(session, item, act.place, act.at, seen.in_line)
    undo: dict[str, Any] = {"op": "return", "loan_id": loan.id, "fine_cents": fine, "hold": hold}
    return Outcome.accepted(loan=loan_ref(item, loan.due), routing=routing, undo=undo)


def _check_in_without_loan(
    session: Session, act: Act, item: ItemRow, in_line: list[HoldRow]
) -> Outcome:
    # A copy arriving where it was sent, or a lost copy turning up, is checked in and routed.
    if item.status == "lost" or (item.status == "in_transit" and item.transit_to_id == act.place):
        undo: dict[str, Any] = {
            "op": "check_in",
            "barcode": item.barcode,
            "item_status": item.status,
            "transit_to": item.transit_to_id,
        }
        routing, hold = holds.route_here(session, item, act.place, act.at, in_line)
        undo["hold"] = hold
        return Outcome.accepted(routing=routing, undo=undo)
    routing = holds.advise(session, item, act.place, in_line)
    detail = f"{item.barcode} is not on loan ({item.status})"
    if act.offline:
        return Outcome.accepted(
            routing=routing,
            exceptions=[TxnException(code="not_on_loan", detail=detail)],
        )
    return Outcome.rejected("not_on_loan", detail, routing=routing)


def _return_before_loan(item: ItemRow, loan: LoanRow, act: Act) -> Outcome:
    """A return replayed late, whose copy has since been lent again: the loan it closed
    physically ended long ago (or was never known here), and the open loan began after it,
    so that loan stays open. Recorded for staff; nothing changes."""
    detail = (
        f"{item.barcode} was returned at {act.at.isoformat(timespec='seconds')}, before its "
        f"current loan began ({loan.borrowed_at.isoformat(timespec='seconds')}); "
        "that loan was left open"
    )
    return Outcome(
        TxnStatus.ACCEPTED,
        "ok",
        exceptions=[TxnException(code="return_after_loan_replaced", detail=detail)],
    )
