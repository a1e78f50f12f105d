"""Patrons: finding them by card, registering ID and social-security cards on first use,
PIN checks, blocks, and the public view of an account."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from drivers.privacy import mask_name
from regional.db.models import Credential, Hold, Item, Library, Loan, Patron
from regional.problems import Problem
from regional.schemas import (
    Block,
    HoldReady,
    IdCardData,
    ItemRef,
    LookupRequest,
    PatronLoan,
    PatronView,
)
from regional.schemas import Credential as CredentialIn
from regional.services import credentials
from regional.services.clock import local_date
from regional.services.credentials import CredentialHasher
from regional.services.fines import outstanding_cents

log = logging.getLogger(__name__)
_PUBLIC_ID_PREFIX = "P-"


def public_id(patron_id: int) -> str:
    return f"{_PUBLIC_ID_PREFIX}{patron_id:06d}"


def parse_public_id(value: str) -> int | None:
    digits = value.removeprefix(_PUBLIC_ID_PREFIX)
    return int(digits) if digits.isdigit() else None


def adjust_loans(session: Session, patron_id: int, delta: int) -> None:
    """Change the active-loan count in SQL, so concurrent acts never lose an update."""
    session.execute(
        update(Patron)
        .where(Patron.id == patron_id)
        .values(active_loans=Patron.active_loans + delta)
        .execution_options(synchronize_session=False)
    )


def take_loan_slot(session: Session, patron_id: int) -> bool:
    """Count one more loan only while under the limit: one atomic conditional UPDATE, so no
    interleaving of concurrent borrows can pass the limit."""
    result = session.execute(
        update(Patron)
        .where(Patron.id == patron_id, Patron.active_loans < Patron.loan_limit)
        .values(active_loans=Patron.active_loans + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def get_with_home(session: Session, patron_id: int) -> Patron | None:
    """The patron, with their home library loaded into the session in the same round trip
    (its policy decides their blocks)."""
    row = session.execute(
        select(Patron, Library)
        .join(Library, Library.id == Patron.home_library_id)
        .where(Patron.id == patron_id)
    ).first()
    return None if row is None else row[0]


@dataclass(frozen=True)
class FoundPatron:
    patron: Patron
    credential: Credential
    registered_now: bool


class NeedsWrite(Exception):
    """Raised by a read-only lookup that would register a card or record its new expiry."""


def find_or_register(
    session: Session,
    hasher: CredentialHasher,
    card: CredentialIn,
    id_card: IdCardData | None,
    home_library: str,
    now: dt.datetime,
    *,
    may_write: bool = True,
) -> FoundPatron | None:
    """The patron holding ``card``; an unknown ID or social-security card registers one.
    None for an unknown library card. The caller has checked the number's validity.
    With ``may_write`` false, raises NeedsWrite instead of changing anything."""
    value = credentials.normalise(card.kind, card.value)
    key_hash = hasher.key_hash(card.kind, value)
    row = session.execute(
        select(Credential, Patron, Library)
        .join(Patron, Patron.id == Credential.patron_id)
        .join(Library, Library.id == Patron.home_library_id)
        .where(Credential.key_hash == key_hash)
    ).first()
    if row is not None:
        found, patron = row[0], row[1]
        if id_card is not None and found.valid_to != id_card.valid_to:
            if not may_write:
                raise NeedsWrite()
            found.valid_to = id_card.valid_to
        return FoundPatron(patron, found, registered_now=False)
    if card.kind not in credentials.PERSON_KINDS:
        return None
    if not may_write:
        raise NeedsWrite()
    library = session.get(Library, home_library)
    assert library is not None  # the token's library exists (foreign key)
    display = mask_name(id_card.name) if id_card else f"读者*{value[-4:]}"
    patron = Patron(
        display_name=display,
        home_library_id=library.id,
        loan_limit=library.loan_limit,
        active_loans=0,
        fines_cents=0,
        created_at=now,
    )
    session.add(patron)
    session.flush()
    credential = Credential(
        patron_id=patron.id,
        key_hash=key_hash,
        kind=card.kind,
        masked=credentials.masked(card.kind, value),
        valid_to=id_card.valid_to if id_card else None,
    )
    session.add(credential)
    # A concurrent first use of the same card fails here on the unique hash; the retry finds it.
    session.flush()
    log.info("registered %s at %s (%s)", public_id(patron.id), library.id, credential.masked)
    return FoundPatron(patron, credential, registered_now=True)


def blocks(session: Session, patron: Patron, at: dt.datetime) -> list[Block]:
    """What stops this patron borrowing or renewing at ``at``."""
    found: list[Block] = []
    home = session.get(Library, patron.home_library_id)
    assert home is not None
    fines = outstanding_cents(session, patron, at)
    if fines >= home.fine_limit_cents:
        found.append(
            Block(
                code="fines_over_limit",
                detail=f"fines of {fines / 100:.2f} yuan reach the limit of "
                f"{home.fine_limit_cents / 100:.2f} yuan",
            )
        )
    if patron.expires is not None and patron.expires < local_date(at):
        found.append(Block(code="card_expired", detail=f"the card expired on {patron.expires}"))
    if patron.manual_block:
        found.append(Block(code="manual_block", detail=patron.manual_block))
    return found


def view(session: Session, patron: Patron, now: dt.datetime, registered_now: bool) -> PatronView:
    """The account as a kiosk may show it: masked name, loans, holds waiting on a shelf."""
    today = local_date(now)
    loan_rows = session.execute(
        select(Loan, Item, Library)
        .join(Item, Item.barcode == Loan.item_barcode)
        .join(Library, Library.id == Item.owner_library_id)
        .where(Loan.patron_id == patron.id, Loan.returned_at.is_(None))
        .order_by(Loan.due, Loan.id)
    ).all()
    loans = [
        PatronLoan(
            item=ItemRef(barcode=item.barcode, title=item.title, owner_library=owner.id),
            due=loan.due,
            overdue=today > loan.due,
            renewals_left=max(0, owner.max_renewals - loan.renewals),
        )
        for loan, item, owner in loan_rows
    ]
    hold_rows = session.execute(
        select(Hold, Item)
        .join(Item, Item.barcode == Hold.item_barcode)
        .where(Hold.patron_id == patron.id, Hold.status == "ready")
        .order_by(Hold.expires, Hold.id)
    ).all()
    holds_ready = [
        HoldReady(
            item=ItemRef(
                barcode=item.barcode, title=item.title, owner_library=item.owner_library_id
            ),
            pickup_library=hold.pickup_library_id,
            expires=hold.expires,
        )
        for hold, item in hold_rows
        if hold.expires is None or hold.expires >= today
    ]
    found_blocks = blocks(session, patron, now)
    return PatronView(
        patron_id=public_id(patron.id),
        display_name=patron.display_name,
        home_library=patron.home_library_id,
        status="blocked" if found_blocks else "ok",
        blocks=found_blocks,
        loan_limit=patron.loan_limit,
        fines_cents=outstanding_cents(session, patron, now),
        registered_now=registered_now,
        loans=loans,
        holds_ready=holds_ready,
    )


def lookup(
    session: Session,
    hasher: CredentialHasher,
    request: LookupRequest,
    library: str,
    now: dt.datetime,
    *,
    may_write: bool = True,
) -> PatronView:
    """Identify the patron behind a card (registering an ID card on first use). With
    ``may_write`` false, raises NeedsWrite where the lookup would change the database."""
    card = request.credential
    value = credentials.normalise(card.kind, card.value)
    if not credentials.is_acceptable(card.kind, value):
        raise Problem(422, "invalid_credential", "the ID number's check character is wrong")
    id_card = request.id_card
    if id_card is not None and id_card.valid_to is not None and id_card.valid_to < local_date(now):
        raise Problem(403, "credential_expired", f"the ID card expired on {id_card.valid_to}")
    found = find_or_register(session, hasher, card, id_card, library, now, may_write=may_write)
    if found is None:
        raise Problem(404, "patron_not_found", "no patron holds this card")
    patron = found.patron
    stored_valid_to = found.credential.valid_to
    if card.kind == "id_card" and stored_valid_to is not None and stored_valid_to < local_date(now):
        raise Problem(403, "credential_expired", f"the ID card expired on {stored_valid_to}")
    if card.kind == "library_card":
        _check_pin(session, patron, request.pin)
    return view(session, patron, now, found.registered_now)


def _check_pin(session: Session, patron: Patron, pin: str | None) -> None:
    home = session.get(Library, patron.home_library_id)
    assert home is not None
    if not home.pin_required:
        return
    if pin is None:
        raise Problem(401, "pin_required", f"{home.id} library cards need a PIN")
    if patron.pin_hash is None or not credentials.verify_pin(pin, patron.pin_hash):
        log.info("wrong PIN for %s", public_id(patron.id))
        raise Problem(401, "pin_invalid", "the PIN does not match this card")
