"""Renewals: by the owning library's period and limit, refused while another reader waits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from regional.db.models import Patron
from regional.services import fines, holds, patrons
from regional.services.act import Act
from regional.services.clock import local_date
from regional.services.outcome import Outcome, Refusals
from regional.services.refs import loan_ref


def renew(session: Session, act: Act, patron: Patron, barcode: str) -> Outcome:
    found = holds.item_for_act(session, barcode)
    if found is None:
        return Outcome.rejected("item_not_found", f"no item {barcode} in the network")
    item, owner = found
    loan = holds.active_loan(session, barcode)
    if loan is None or loan.patron_id != patron.id:
        return Outcome.rejected("not_on_loan", "this patron does not have it on loan")
    refusals = Refusals(act.offline)
    found_blocks = patrons.blocks(session, patron, act.at)
    if found_blocks:
        refusals.add("patron_blocked", "; ".join(b.detail for b in found_blocks))
    if loan.renewals >= owner.max_renewals:
        refusals.add("renew_limit_reached", f"{owner.id} allows {owner.max_renewals} renewal(s)")
    if holds.held_by_other(session, barcode, patron.id) is not None:
        refusals.add("renew_blocked_by_hold", "another reader is waiting for it")
    if (rejection := refusals.rejection()) is not None:
        return rejection
    undo = {
        "op": "renew",
        "loan_id": loan.id,
        "due": loan.due.isoformat(),
        "renewals": loan.renewals,
    }
    # Days already overdue are charged now, since the new due date wipes them out.
    undo["fine_cents"] = fines.charge(session, loan, owner.fine_cents_per_day, act.at)
    start = max(loan.due, local_date(act.at))
    loan.due = start + dt.timedelta(days=owner.renew_days)
    loan.renewals += 1
    return Outcome.accepted(loan=loan_ref(item, loan.due), exceptions=refusals.found, undo=undo)
