"""Renewals: by the owning library's period and limit, refused while another reader waits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from regional.db.models import Loan, Patron, table_of
from regional.services import fines, holds, patrons
from regional.services.act import Act
from regional.services.clock import local_date
from regional.services.outcome import Outcome, Refusals
from regional.services.refs import loan_ref

_LOANS = table_of(Loan)
_RENEW = (
    update(_LOANS)
    .where(_LOANS.c.id == bindparam("loan"))
    .values(
        due=bindparam("new_due"),
        renewals=_LOANS.c.renewals + 1,
        fine_cents=_LOANS.c.fine_cents + bindparam("fine"),
    )
)


def renew(session: Session, act: Act, patron: Patron, barcode: str) -> Outcome:
    found = holds.item_for_act(session, barcode)
    if found is None:
        return Outcome.rejected("item_not_found", f"no item {barcode} in the network")
    item, owner = found
    seen = holds.circumstances(session, barcode, patron.id)
    loan = seen.loan
    if loan is None or loan.patron_id != patron.id:
        return Outcome.rejected("not_on_loan", "this patron does not have it on loan")
    refusals = Refusals(act.offline)
    found_blocks = patrons.blocks(session, patron, act.at, dues=seen.patron_dues)
    if found_blocks:
        refusals.add("patron_blocked", "; ".join(b.detail for b in found_blocks))
    if loan.renewals >= owner.max_renewals:
        refusals.add("renew_limit_reached", f"{owner.id} allows {owner.max_renewals} renewal(s)")
    if any(hold.patron_id != patron.id for hold in seen.in_line):
        refusals.add("renew_blocked_by_hold", "another reader is waiting for it")
    if (rejection := refusals.rejection()) is not None:
        return rejection
    # Days already overdue are charged now, since the new due date wipes them out.
    fine = fines.accrued_cents(loan.due, owner.fine_cents_per_day, act.at)
    undo = {
        "op": "renew",
        "loan_id": loan.id,
        "due": loan.due.isoformat(),
        "renewals": loan.renewals,
        "fine_cents": fine,
    }
    due = max(loan.due, local_date(act.at)) + dt.timedelta(days=owner.renew_days)
    session.connection().execute(_RENEW, {"loan": loan.id, "new_due": due, "fine": fine})
    fines.charge_patron(session, patron.id, fine)
    return Outcome.accepted(loan=loan_ref(item, due), exceptions=refusals.found, undo=undo)
