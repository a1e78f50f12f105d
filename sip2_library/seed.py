"""A small catalogue and patron list for the test library systems: two institutions, every case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from patron_identity.id_number import check_character
from regional.demo_catalogue import CHINESE

from .library import (
    Block,
    Hold,
    HoldState,
    Institution,
    Item,
    ItemStatus,
    LibrarySystem,
    Loan,
    Patron,
)

# Institution codes as a SIP2 AO field carries them, and the names a routing slip shows.
HOME = "CQLIB"
OTHER = "CDLIB"
INSTITUTIONS = {HOME: "重庆图书馆", OTHER: "成都图书馆"}

LOGIN_USER = "kiosk1"
LOGIN_PASSWORD = "sip-secret"


@dataclass(frozen=True)
class SeededPatrons:
    normal: str = "21000000000001"
    normal_pin: str = "1234"
    fines: str = "21000000000002"  # fines over the limit
    expired: str = "21000000000003"
    blocked: str = "21000000000004"  # charge privileges denied
    borrower: str = "21000000000005"  # holds two loans (renew, renew all, summaries)
    borrower_pin: str = "5678"
    hold_patron: str = "21000000000006"  # has holds on books that come back
    other_home: str = "21000000000007"  # belongs to the other institution
    # A resident ID card holder not yet registered: first use over dp2's 81/82.
    resident_id: str = "51010519900307" + "123" + check_character("51010519900307123")


@dataclass(frozen=True)
class SeededItems:
    available: str = "39000000000001"
    available_2: str = "39000000000002"
    other_owner: str = "39000000000003"  # belongs to OTHER: returned at HOME it goes in transit
    on_loan_normal: str = "39000000000004"  # on loan to ``borrower``
    on_loan_second: str = "39000000000005"  # on loan to ``borrower``
    hold_here: str = "39000000000006"  # on loan to ``normal``; held for pickup at HOME
    hold_elsewhere: str = "39000000000007"  # on loan to ``normal``; held for pickup at OTHER
    held_for_other: str = "39000000000008"  # on the shelf, held for ``hold_patron``
    renewal_limit: str = "39000000000009"  # on loan to ``borrower``, renewals used up
    missing_barcode: str = "39999999999999"  # not in the catalogue


PATRONS = SeededPatrons()
ITEMS = SeededItems()


def seed_library(library: LibrarySystem) -> None:
    """Fill an empty library system with the seeded institutions, patrons, items, loans, holds."""
    now = library.now()
    today = now.date()
    far = today + dt.timedelta(days=365)
    titles = [title for title, _author in CHINESE]
    with library.session() as s:
        for code, name in INSTITUTIONS.items():
            s.add(Institution(code=code, name=name))
        s.flush()

        def patron(barcode: str, name: str, **kw: object) -> None:
            values: dict[str, object] = {
                "pin": None,
                "fines_cents": 0,
                "block": Block.NONE,
                "card_expires": far,
                "home_institution": HOME,
            }
            values.update(kw)
            s.add(Patron(barcode=barcode, name=name, **values))

        patron(PATRONS.normal, "张三", pin=PATRONS.normal_pin)
        patron(PATRONS.fines, "李四", fines_cents=2550)
        patron(PATRONS.expired, "王五", card_expires=today - dt.timedelta(days=1))
        patron(PATRONS.blocked, "赵六", block=Block.CHARGE_DENIED)
        patron(PATRONS.borrower, "钱七", pin=PATRONS.borrower_pin, fines_cents=300)
        patron(PATRONS.hold_patron, "孙八")
        patron(PATRONS.other_home, "周九", home_institution=OTHER)
        s.flush()

        barcodes = [getattr(ITEMS, name) for name in SeededItems.__dataclass_fields__]
        for index, barcode in enumerate(barcodes):
            if barcode == ITEMS.missing_barcode:
                continue
            owner = OTHER if barcode == ITEMS.other_owner else HOME
            s.add(
                Item(
                    barcode=barcode,
                    title=titles[index % len(titles)],
                    owner_institution=owner,
                    permanent_location="中文图书借阅区" if owner == HOME else "成都总馆书库",
                    status=ItemStatus.AVAILABLE,
                )
            )
        s.flush()

        def lend(item: str, patron_barcode: str, renewals: int = 0) -> None:
            s.add(
                Loan(
                    item_barcode=item,
                    patron_barcode=patron_barcode,
                    checked_out_at=now - dt.timedelta(days=10),
                    due_at=now + dt.timedelta(days=18),
                    renewals=renewals,
                    renewal_limit=2,
                )
            )
            obj = s.get(Item, item)
            assert obj is not None
            obj.status = ItemStatus.ON_LOAN

        lend(ITEMS.on_loan_normal, PATRONS.borrower)
        lend(ITEMS.on_loan_second, PATRONS.borrower)
        lend(ITEMS.renewal_limit, PATRONS.borrower, renewals=2)
        lend(ITEMS.hold_here, PATRONS.normal)
        lend(ITEMS.hold_elsewhere, PATRONS.normal)
        s.add(
            Hold(
                item_barcode=ITEMS.hold_here,
                patron_barcode=PATRONS.hold_patron,
                pickup_institution=HOME,
            )
        )
        s.add(
            Hold(
                item_barcode=ITEMS.hold_elsewhere,
                patron_barcode=PATRONS.hold_patron,
                pickup_institution=OTHER,
            )
        )
        s.add(
            Hold(
                item_barcode=ITEMS.held_for_other,
                patron_barcode=PATRONS.hold_patron,
                pickup_institution=HOME,
                state=HoldState.PENDING,
            )
        )
