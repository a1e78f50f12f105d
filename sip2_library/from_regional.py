"""The regional demo network copied into a library system: the demo's scenarios hold over SIP2."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from drivers.idcard.demo_cards import DEMO_CARDS
from patron_identity.kinds import CredentialKind
from regional.db import models as regional
from regional.seed import LIBRARIES, LIBRARY_CARDS, library_card_number, seeded_residents
from regional.services.credentials import CredentialHasher
from regional.services.fines import accrued_cents
from regional.settings import load_credential_key

from .library import Block, Hold, HoldState, Institution, Item, ItemStatus, LibrarySystem, Loan
from .library import Patron as LibraryPatron

# The regional service's states as the library system keeps them.
ITEM_STATES = {
    "available": ItemStatus.AVAILABLE,
    "on_loan": ItemStatus.ON_LOAN,
    "in_transit": ItemStatus.IN_TRANSIT,
    "on_hold_shelf": ItemStatus.ON_HOLD_SHELF,
    "lost": ItemStatus.MISSING,
}
HOLD_STATES = {"waiting": HoldState.PENDING, "ready": HoldState.READY}
# A patron without an expiry date in the network (an ID card holder) keeps the card this long.
NO_EXPIRY_DAYS = 10 * 365


@dataclass(frozen=True)
class CopiedNetwork:
    """What was copied, and the patrons left out (registered later, their numbers unknown)."""

    institutions: int
    patrons: int
    items: int
    loans: int
    holds: int
    patrons_left_out: int


def known_cards() -> dict[tuple[CredentialKind, str], tuple[str, str | None]]:
    """Every card the demo seed gives, by (kind, number): (the holder's name, PIN). The regional
    database keeps only keyed hashes of the numbers and of the PINs, so they come from here."""
    cards: dict[tuple[CredentialKind, str], tuple[str, str | None]] = {}
    for card in DEMO_CARDS:
        cards[(CredentialKind.ID_CARD, card.id_number)] = (card.name, None)
    for number, name in seeded_residents():
        cards[(CredentialKind.ID_CARD, number)] = (name, None)
    homes = {spec.id: spec for spec in LIBRARIES}
    for spec in LIBRARY_CARDS:
        number = library_card_number(homes[spec.home], spec.sequence)
        cards[(CredentialKind.LIBRARY_CARD, number)] = (spec.name, spec.pin)
    return cards


def patron_barcode(kind: CredentialKind, number: str) -> str:
    """The library system's patron identifier for a card: an ID card's number upper-cased (as
    both dialects send it), a library card's number as printed."""
    return number.upper() if kind == CredentialKind.ID_CARD else number


def seed_from_regional(library: LibrarySystem, data_dir: Path) -> CopiedNetwork:
    """Fill an empty library system from a seeded regional data folder (``regional.db`` and the
    credential key beside it): the member libraries as institutions (their ids as codes), the
    items, the patrons whose cards the demo seed gives, their loans, fines and holds."""
    hasher = CredentialHasher(load_credential_key(data_dir))
    cards = {
        hasher.key_hash(kind, number): (kind, number, name, pin)
        for (kind, number), (name, pin) in known_cards().items()
    }
    now = library.now()
    engine = create_engine(f"sqlite:///{data_dir / 'regional.db'}")
    try:
        with Session(engine) as source, library.session() as target:
            return _copy(source, target, cards, now)
    finally:
        engine.dispose()


def _copy(
    source: Session,
    target: Session,
    cards: dict[str, tuple[CredentialKind, str, str, str | None]],
    now: dt.datetime,
) -> CopiedNetwork:
    libraries = {row.id: row for row in source.scalars(select(regional.Library))}
    for row in libraries.values():
        # The kiosk names a library by its network id (kiosk/ui/libraries.py): a transit slip
        # reads the same over SIP2 as over the regional service.
        target.add(Institution(code=row.id, name=row.name_zh))
    target.flush()

    items = list(source.scalars(select(regional.Item).order_by(regional.Item.barcode)))
    owners = {item.barcode: item.owner_library_id for item in items}
    for item in items:
        target.add(
            Item(
                barcode=item.barcode,
                title=item.title,
                owner_institution=item.owner_library_id,
                permanent_location=libraries[item.owner_library_id].name_zh,
                status=ITEM_STATES[item.status],
                loanable=item.loanable,
            )
        )
    target.flush()

    loans = list(
        source.scalars(
            select(regional.Loan)
            .where(regional.Loan.returned_at.is_(None))
            .order_by(regional.Loan.id)
        )
    )
    # Fines still growing on overdue loans count as the regional service counts them.
    accrued: dict[int, int] = {}
    for loan in loans:
        rate = libraries[owners[loan.item_barcode]].fine_cents_per_day
        accrued[loan.patron_id] = accrued.get(loan.patron_id, 0) + accrued_cents(
            loan.due, rate, now.astimezone()
        )

    barcodes: dict[int, str] = {}
    left_out = 0
    far = now.date() + dt.timedelta(days=NO_EXPIRY_DAYS)
    for patron in source.scalars(select(regional.Patron).order_by(regional.Patron.id)):
        credential = source.scalar(
            select(regional.Credential).where(regional.Credential.patron_id == patron.id)
        )
        card = cards.get(credential.key_hash) if credential is not None else None
        if card is None:
            left_out += 1
            continue
        kind, number, name, pin = card
        barcode = patron_barcode(kind, number)
        barcodes[patron.id] = barcode
        target.add(
            LibraryPatron(
                barcode=barcode,
                pin=pin,
                name=name,
                fines_cents=patron.fines_cents + accrued.get(patron.id, 0),
                block=Block.CHARGE_DENIED if patron.manual_block else Block.NONE,
                card_expires=patron.expires or far,
                home_institution=patron.home_library_id,
                id_number=number.upper() if kind == CredentialKind.ID_CARD else None,
            )
        )
    target.flush()

    copied_loans = 0
    for loan in loans:
        if loan.patron_id not in barcodes:
            continue
        owner = libraries[owners[loan.item_barcode]]
        target.add(
            Loan(
                item_barcode=loan.item_barcode,
                patron_barcode=barcodes[loan.patron_id],
                checked_out_at=_local(loan.borrowed_at),
                # Due by the end of the day the network says (a date, in the library's time).
                due_at=dt.datetime.combine(loan.due, dt.time(23, 59, 59)),
                renewals=loan.renewals,
                renewal_limit=owner.max_renewals,
            )
        )
        copied_loans += 1

    # The library system serves the first open hold by id: inserted in the order the network
    # decides a return's routing (regional/services/holds.py: a copy on a shelf, then the
    # earliest), the same reader is served first.
    open_holds = source.scalars(
        select(regional.Hold)
        .where(regional.Hold.status.in_(tuple(HOLD_STATES)))
        .order_by(
            regional.Hold.status != "ready",
            regional.Hold.placed_at,
            regional.Hold.id,
        )
    )
    copied_holds = 0
    for hold in open_holds:
        if hold.patron_id not in barcodes:
            continue
        target.add(
            Hold(
                item_barcode=hold.item_barcode,
                patron_barcode=barcodes[hold.patron_id],
                pickup_institution=hold.pickup_library_id,
                state=HOLD_STATES[hold.status],
            )
        )
        copied_holds += 1
    target.flush()
    return CopiedNetwork(
        institutions=len(libraries),
        patrons=len(barcodes),
        items=len(items),
        loans=copied_loans,
        holds=copied_holds,
        patrons_left_out=left_out,
    )


def _local(moment: dt.datetime) -> dt.datetime:
    """The library system's naive local time for the network's UTC time."""
    return moment.astimezone().replace(tzinfo=None, microsecond=0)
