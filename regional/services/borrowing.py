"""Borrowing: checks in contract order, then the loan, guarded by the database's constraints."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import CursorResult, insert
from sqlalchemy.orm import Session

from regional.db.models import Loan, Patron, table_of
from regional.schemas import TxnException, TxnStatus
from regional.services import holds, patrons
from regional.services.act import Act
from regional.services.clock import local_date
from regional.services.outcome import Outcome, Refusals
from regional.services.refs import loan_ref

_INSERT_LOAN = insert(table_of(Loan))


def borrow(
    session: Session, act: Act, patron: Patron, barcode: str, credential_expired: str | None
) -> Outcome:
    """Lend ``barcode`` to ``patron``. Offline, the book has already left: record the loan
    whatever the rules say and report what they would have refused."""
    found = holds.item_for_act(session, barcode)
    if found is None:
        return Outcome.rejected("item_not_found", f"no item {barcode} in the network")
    item, owner = found
    seen = holds.circumstances(session, barcode, patron.id)
    current = seen.loan
    if current is not None and current.patron_id == patron.id:
        detail = "this patron has it on loan already"
        if not act.offline:
            return Outcome.rejected("already_borrowed_by_you", detail)
        already = TxnException(code="already_borrowed_by_you", detail=detail)
        return Outcome.accepted(loan=loan_ref(item, current.due), exceptions=[already])

    if current is not None and act.offline:
        # Trust rules: a kiosk's word alone never ends another patron's loan. Recorded for
        # staff, who confirm the change (or find the copy); nothing changes meanwhile.
        if current.borrowed_at > act.at:  # replayed late: lent to someone else since
            code = "offline_borrow_before_newer_loan"
            detail = "the copy was lent to another patron after this offline borrow"
        else:
            code = "offline_loan_taken_over"
            detail = "the copy is on loan to another patron: staff must confirm the change"
        detail += "; their loan stays open and none is recorded for this one yet"
        return Outcome(
            TxnStatus.ACCEPTED, "ok", exceptions=[TxnException(code=code, detail=detail)]
        )

    refusals = Refusals(act.offline)
    if credential_expired:
        refusals.add("credential_expired", credential_expired)
    found_blocks = patrons.blocks(session, patron, act.at, dues=seen.patron_dues)
    if found_blocks:
        refusals.add("patron_blocked", "; ".join(b.detail for b in found_blocks))
    if not item.loanable or item.status == "lost":
        why = "it is lost" if item.status == "lost" else "it is for use in the library only"
        refusals.add("item_not_loanable", why)
    if current is not None:  # online only (offline, see above)
        refusals.add("item_on_loan_to_other", "it is on loan to another patron")
    in_line = seen.in_line
    first_hold = in_line[0] if in_line else None
    if first_hold is not None and first_hold.patron_id != patron.id:
        refusals.add("item_on_hold_for_other", "another reader is waiting for it")
    if (rejection := refusals.rejection()) is not None:
        return rejection

    if not patrons.take_loan_slot(session, patron.id):
        if not act.offline:
            return Outcome.rejected(
                "loan_limit_reached", f"the limit of {patron.loan_limit} loans is reached"
            )
        # The book has left already: count it even past the limit.
        patrons.adjust_loans(session, patron.id, +1)
        refusals.add("loan_limit_reached", f"over the limit of {patron.loan_limit} loans")

    undo: dict[str, Any] = {
        "op": "borrow",
        "item_status": item.status,
        "transit_to": item.transit_to_id,
    }
    own_hold = next((hold for hold in in_line if hold.patron_id == patron.id), None)
    if own_hold is not None:
        undo["hold"] = holds.snapshot(own_hold)
        holds.fulfil(session, own_hold)
    due = local_date(act.at) + dt.timedelta(days=owner.loan_days)
    # A plain INSERT (the unit of work would cost more than the act's other statements); the
    # partial unique index on open loans stops a second concurrent loan of this item here.
    inserted = cast(
        CursorResult[Any],
        session.connection().execute(
            _INSERT_LOAN,
            {
                "item_barcode": barcode,
                "patron_id": patron.id,
                "borrowed_at": act.at,
                "due": due,
                "renewals": 0,
                "returned_at": None,
                "return_library_id": None,
                "fine_cents": 0,
            },
        ),
    )
    key = inserted.inserted_primary_key
    assert key is not None
    undo["loan_id"] = key[0]
    holds.set_item_state(session, item, "on_loan", None)
    return Outcome.accepted(loan=loan_ref(item, due), exceptions=refusals.found, undo=undo)
