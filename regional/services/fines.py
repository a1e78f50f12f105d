"""Overdue fines: a daily rate set by the item's owner, counted up to the time of record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from regional.db.models import Item, Loan, Patron, table_of
from regional.db.policies import policy
from regional.services.clock import local_date


def overdue_days(due: dt.date, until: dt.datetime) -> int:
    return max(0, (local_date(until) - due).days)


def accrued_cents(due: dt.date, rate_cents_per_day: int, until: dt.datetime) -> int:
    return overdue_days(due, until) * rate_cents_per_day


_PATRONS = table_of(Patron)
_OPEN_LOAN_DUES = (
    select(Loan.due, Item.owner_library_id)
    .join(Item, Item.barcode == Loan.item_barcode)
    .where(Loan.patron_id == bindparam("patron"), Loan.returned_at.is_(None))
)
_CHARGE_PATRON = (
    update(_PATRONS)
    .where(_PATRONS.c.id == bindparam("patron"))
    .values(fines_cents=_PATRONS.c.fines_cents + bindparam("fine"))
)


def outstanding_cents(
    session: Session,
    patron: Patron,
    at: dt.datetime,
    dues: Iterable[tuple[dt.date, str]] | None = None,
) -> int:
    """Fines charged and not paid, plus those still growing on overdue loans at ``at``
    (``dues``: the patron's open loans as (due, owner library), when the caller has them)."""
    if dues is None:
        dues = session.execute(_OPEN_LOAN_DUES, {"patron": patron.id}).all()
    return patron.fines_cents + sum(
        accrued_cents(due, policy(session, owner).fine_cents_per_day, at) for due, owner in dues
    )


def charge_patron(session: Session, patron_id: int, fine: int) -> None:
    """Add ``fine`` to the patron's account in SQL, so concurrent acts never lose an update."""
    if fine:
        session.connection().execute(_CHARGE_PATRON, {"patron": patron_id, "fine": fine})


def refund(session: Session, loan: Loan, amount: int) -> None:
    """Take back a fine charged by an act that is being voided (never below zero)."""
    if amount <= 0:
        return
    loan.fine_cents = max(0, loan.fine_cents - amount)
    patron = session.get(Patron, loan.patron_id, with_for_update=True)
    if patron is not None:
        session.execute(
            update(Patron)
            .where(Patron.id == patron.id)
            .values(fines_cents=max(0, patron.fines_cents - amount))
            .execution_options(synchronize_session=False)
        )
