"""Voids: reverse an applied act from its undo record, as far as later acts allow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from regional.db.models import Item, Loan
from regional.schemas import TxnException
from regional.services import fines, holds, patrons


def reverse(session: Session, undo: dict[str, Any] | None) -> list[TxnException]:
    """Undo one act; returns exceptions for whatever could not be undone."""
    if not undo:
        return []
    op = undo.get("op")
    if op == "borrow":
        return _reverse_borrow(session, undo)
    if op == "return":
        return _reverse_return(session, undo)
    if op == "check_in":
        return _reverse_check_in(session, undo)
    if op == "renew":
        return _reverse_renew(session, undo)
    return []


def _not_reversed(detail: str) -> list[TxnException]:
    return [TxnException(code="not_reversed", detail=detail)]


def _reverse_borrow(session: Session, undo: dict[str, Any]) -> list[TxnException]:
    loan = session.get(Loan, undo["loan_id"])
    if loan is None or loan.returned_at is not None:
        return _not_reversed("the item has been returned since; nothing to take back")
    item = session.get(Item, loan.item_barcode, with_for_update=True)
    assert item is not None
    session.delete(loan)
    patrons.adjust_loans(session, loan.patron_id, -1)
    item.status = undo["item_status"] if undo["item_status"] != "on_loan" else "available"
    item.transit_to_id = undo["transit_to"]
    if undo.get("hold"):
        holds.restore(session, undo["hold"])
    if undo.get("closed_loan_id"):  # acts recorded before offline borrows stopped doing so
        return _not_reversed("the earlier loan it closed stays closed; staff should check it")
    return []


def _reverse_return(session: Session, undo: dict[str, Any]) -> list[TxnException]:
    loan = session.get(Loan, undo["loan_id"])
    if loan is None or loan.returned_at is None:
        return _not_reversed("the loan is not closed any more")
    item = session.get(Item, loan.item_barcode, with_for_update=True)
    assert item is not None
    if holds.active_loan(session, item.barcode) is not None:
        return _not_reversed("the item has been lent again since")
    loan.returned_at = None
    loan.return_library_id = None
    fines.refund(session, loan, int(undo.get("fine_cents") or 0))
    patrons.adjust_loans(session, loan.patron_id, +1)
    item.status = "on_loan"
    item.transit_to_id = None
    if undo.get("hold"):
        holds.restore(session, undo["hold"])
    return []


def _reverse_check_in(session: Session, undo: dict[str, Any]) -> list[TxnException]:
    item = session.get(Item, undo["barcode"], with_for_update=True)
    if item is None or holds.active_loan(session, item.barcode) is not None:
        return _not_reversed("the item has been lent again since")
    item.status = undo["item_status"]
    item.transit_to_id = undo["transit_to"]
    if undo.get("hold"):
        holds.restore(session, undo["hold"])
    return []


def _reverse_renew(session: Session, undo: dict[str, Any]) -> list[TxnException]:
    loan = session.get(Loan, undo["loan_id"])
    if loan is None or loan.returned_at is not None:
        return _not_reversed("the loan has ended since")
    loan.due = dt.date.fromisoformat(undo["due"])
    loan.renewals = int(undo["renewals"])
    fines.refund(session, loan, int(undo.get("fine_cents") or 0))
    return []
