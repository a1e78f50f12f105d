"""Patrons: finding them by card, registering ID and social-security cards on first use,
PIN checks, blocks, and the public view of an account."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, select, update
from sqlalchemy.orm import Session

from patron_identity.kinds import PERSON_KINDS, CredentialKind
from patron_identity.masking import mask_credential, mask_name
from regional.db.models import Credential, Hold, Item, Loan, Patron, table_of
from regional.db.policies import policy
from regional.problems import Problem
from regional.schemas import (
    Block,
    HoldReady,
    IdCardData,
    ItemRef,
    LookupRequest,
    PatronLoan,
    PatronSessionRef,
    PatronView,
)
from regional.schemas import Credential as CredentialIn
from regional.services import budgets, credentials, pins, sessions
from regional.services.clock import local_date
from regional.services.credentials import CredentialHasher
from regional.services.fines import outstanding_cents
from regional.services.refs import item_ref

log = logging.getLogger(__name__)
# Counters change by plain Core UPDATEs of the table: an ORM-enabled UPDATE costs several times
# the CPU for the same statement, and the session's Patron is not synchronised either way.
PATRONS = table_of(Patron)
_ADJUST_LOANS = (
    update(PATRONS)
    .where(PATRONS.c.id == bindparam("patron"))
    .values(active_loans=PATRONS.c.active_loans + bindparam("delta"))
)
_TAKE_LOAN_SLOT = (
    update(PATRONS)
    .where(PATRONS.c.id == bindparam("patron"), PATRONS.c.active_loans < PATRONS.c.loan_limit)
    .values(active_loans=PATRONS.c.active_loans + 1)
)
_BY_CARD = (
    select(Credential, Patron)
    .join(Patron, Patron.id == Credential.patron_id)
    .where(Credential.key_hash == bindparam("key_hash"))
)
_OPEN_LOANS = (
    select(Loan.due, Loan.renewals, Item.barcode, Item.title, Item.owner_library_id)
    .join(Item, Item.barcode == Loan.item_barcode)
    .where(Loan.patron_id == bindparam("patron"), Loan.returned_at.is_(None))
    .order_by(Loan.due, Loan.id)
)
_READY_HOLDS = (
    select(Hold, Item)
    .join(Item, Item.barcode == Hold.item_barcode)
    .where(Hold.patron_id == bindparam("patron"), Hold.status == "ready")
    .order_by(Hold.expires, Hold.id)
)


def adjust_loans(session: Session, patron_id: int, delta: int) -> None:
    """Change the active-loan count in SQL, so concurrent acts never lose an update."""
    session.execute(_ADJUST_LOANS, {"patron": patron_id, "delta": delta})


def take_loan_slot(session: Session, patron_id: int) -> bool:
    """Count one more loan only while under the limit: one atomic conditional UPDATE, so no
    interleaving of concurrent borrows can pass the limit."""
    result = session.connection().execute(_TAKE_LOAN_SLOT, {"patron": patron_id})
    return bool(cast(CursorResult[Any], result).rowcount)


@dataclass(frozen=True)
class FoundPatron:
    patron: Patron
    credential: Credential
    registered_now: bool


@dataclass(frozen=True)
class Registrar:
    """Who may register a first-time card holder in a lookup: the kiosk that read the card,
    within its hourly budget (None: no limit, for seeding)."""

    kiosk_id: str
    per_hour: int | None = None


def _later(new: dt.date | None, stored: dt.date | None) -> bool:
    """Is ``new`` a later validity than ``stored``? None is 长期 (never expires)."""
    if new == stored:
        return False
    if new is None:
        return True
    return stored is not None and new > stored


def find_or_register(
    session: Session,
    hasher: CredentialHasher,
    card: CredentialIn,
    id_card: IdCardData | None,
    home_library: str,
    now: dt.datetime,
    *,
    registrar: Registrar | None = None,
) -> FoundPatron | None:
    """The patron holding ``card``. With a ``registrar`` (a lookup: never an act), an unknown
    ID or social-security card registers one, and a newer card's later ``valid_to`` replaces
    the stored one (an earlier one never does). None for a card nobody holds.
    The caller has checked the number's validity."""
    value = credentials.normalise(card.kind, card.value)
    key_hash = hasher.key_hash(card.kind, value)
    row = session.execute(_BY_CARD, {"key_hash": key_hash}).first()
    if row is not None:
        found, patron = row[0], row[1]
        if (
            registrar is not None
            and id_card is not None
            and _later(id_card.valid_to, found.valid_to)
        ):
            found.valid_to = id_card.valid_to
            found.valid_to_reported_by = registrar.kiosk_id
            log.info(
                "%s's card is valid to %s now, says %s",
                patron.public_id,
                found.valid_to,
                registrar.kiosk_id,
            )
        return FoundPatron(patron, found, registered_now=False)
    if card.kind not in PERSON_KINDS or registrar is None:
        return None
    if registrar.per_hour is not None:
        wait = budgets.spend_registration(session, registrar.kiosk_id, now, registrar.per_hour)
        if wait:
            raise budgets.over_budget(
                "too_many_registrations",
                f"more than {registrar.per_hour} first-time card holders an hour at this kiosk",
                wait,
            )
    library = policy(session, home_library)  # the token's library exists (foreign key)
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
    session.flush()  # the id (and public_id) for the credential and the log
    credential = Credential(
        patron_id=patron.id,
        key_hash=key_hash,
        kind=card.kind,
        masked=mask_credential(card.kind, value),
        valid_to=id_card.valid_to if id_card else None,
    )
    session.add(credential)
    # A concurrent first use of the same card fails here on the unique hash; the retry finds it.
    session.flush()
    log.info("registered %s at %s (%s)", patron.public_id, library.id, credential.masked)
    return FoundPatron(patron, credential, registered_now=True)


def blocks(
    session: Session,
    patron: Patron,
    at: dt.datetime,
    fines: int | None = None,
    dues: Iterable[tuple[dt.date, str]] | None = None,
) -> list[Block]:
    """What stops this patron borrowing or renewing at ``at`` (``fines``: their outstanding
    fines at ``at``, when the caller has them already; else ``dues``: their open loans as
    (due, owner library), when the caller has read them)."""
    found: list[Block] = []
    home = policy(session, patron.home_library_id)
    if fines is None:
        fines = outstanding_cents(session, patron, at, dues)
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


def view(
    session: Session,
    patron: Patron,
    now: dt.datetime,
    registered_now: bool,
    opened: sessions.OpenedSession,
) -> PatronView:
    """The account as a kiosk may show it: masked name, loans, holds waiting on a shelf, and the
    session its online acts for this patron must name."""
    today = local_date(now)
    loan_rows = session.execute(_OPEN_LOANS, {"patron": patron.id}).all()
    loans = [
        PatronLoan(
            item=ItemRef(barcode=barcode, title=title, owner_library=owner),
            due=due,
            overdue=today > due,
            renewals_left=max(0, policy(session, owner).max_renewals - renewals),
        )
        for due, renewals, barcode, title, owner in loan_rows
    ]
    hold_rows = session.execute(_READY_HOLDS, {"patron": patron.id}).all()
    holds_ready = [
        HoldReady(
            item=item_ref(item),
            pickup_library=hold.pickup_library_id,
            expires=hold.expires,
        )
        for hold, item in hold_rows
        if hold.expires is None or hold.expires >= today
    ]
    fines = outstanding_cents(session, patron, now, [(row[0], row[4]) for row in loan_rows])
    found_blocks = blocks(session, patron, now, fines)
    return PatronView(
        patron_id=patron.public_id,
        display_name=patron.display_name,
        home_library=patron.home_library_id,
        status="blocked" if found_blocks else "ok",
        blocks=found_blocks,
        loan_limit=patron.loan_limit,
        fines_cents=fines,
        registered_now=registered_now,
        loans=loans,
        holds_ready=holds_ready,
        session=PatronSessionRef(id=opened.id, expires=opened.expires),
    )


@dataclass(frozen=True)
class Identified:
    """A lookup that found (or registered) its patron and opened their session; the account
    view is read after the lookup's write transaction, outside SQLite's write turn."""

    patron: Patron
    registered_now: bool
    opened: sessions.OpenedSession


def lookup(
    session: Session,
    hasher: CredentialHasher,
    request: LookupRequest,
    library: str,
    now: dt.datetime,
    *,
    registrar: Registrar,
) -> Identified | pins.PinCheck:
    """Identify the patron behind a card (registering an ID card on first use) and open their
    session at the registrar's kiosk. A library card whose PIN check fails gives the PinCheck:
    the caller commits (the wrong PIN stays counted) and then answers ``pins.refusal``."""
    card = request.credential
    value = credentials.normalise(card.kind, card.value)
    if not credentials.is_acceptable(card.kind, value):
        raise Problem(422, "invalid_credential", "the ID number's check character is wrong")
    id_card = request.id_card
    if id_card is not None and id_card.valid_to is not None and id_card.valid_to < local_date(now):
        raise Problem(403, "credential_expired", f"the ID card expired on {id_card.valid_to}")
    found = find_or_register(session, hasher, card, id_card, library, now, registrar=registrar)
    if card.kind == "library_card":
        # An unknown card is checked as a known one with a wrong PIN: the same work, the same
        # answer, the same count; only the home library's rules differ (the kiosk's for it).
        rules = policy(session, found.patron.home_library_id if found else library)
        if rules.pin_required:
            checked = pins.check(
                session,
                hasher.key_hash(card.kind, value),
                request.pin,
                found.patron.pin_hash if found else None,
                rules,
                now,
            )
            if checked.verdict != pins.PinVerdict.OK:
                if found is not None and checked.verdict != pins.PinVerdict.REQUIRED:
                    log.info("PIN refused for %s: %s", found.patron.public_id, checked.verdict)
                return checked
    if found is None:
        raise Problem(404, "patron_not_found", "no patron holds this card")
    patron = found.patron
    stored_valid_to = found.credential.valid_to
    if (
        card.kind == CredentialKind.ID_CARD
        and stored_valid_to is not None
        and stored_valid_to < local_date(now)
    ):
        raise Problem(403, "credential_expired", f"the ID card expired on {stored_valid_to}")
    opened = sessions.open_session(session, patron.id, registrar.kiosk_id, library, now)
    return Identified(patron, found.registered_now, opened)
