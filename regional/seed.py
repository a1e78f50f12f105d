"""The demo network: real libraries of the Sichuan–Chongqing network, synthetic patrons with
valid ID numbers (the kiosk demo's cards among them), and a catalogue of real books."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from drivers.barcode.classify import make_library_barcode
from drivers.idcard.demo_cards import DEMO_CARDS
from patron_identity.id_number import make_id_number
from patron_identity.kinds import CredentialKind
from patron_identity.masking import mask_credential, mask_name
from patron_identity.pins import hash_pin
from regional.db.models import Credential, Item, Library, Loan, Patron, ServiceSetting
from regional.demo_catalogue import CHINESE, REFERENCE, WORLD
from regional.schemas import Credential as CredentialIn
from regional.schemas import IdCardData
from regional.services import holds, patrons
from regional.services.clock import local_date
from regional.services.credentials import CredentialHasher

SEED_MARK = "demo_seed"


@dataclass(frozen=True)
class LibrarySpec:
    id: str
    name_zh: str
    name_en: str
    city: str
    institution_code: str
    loan_days: int = 30
    renew_days: int = 30
    max_renewals: int = 1
    fine_cents_per_day: int = 10
    fine_limit_cents: int = 1000
    loan_limit: int = 10
    hold_shelf_days: int = 7
    pin_required: bool = True
    pin_max_failures: int = 5
    pin_lock_minutes: int = 15
    offline_window_days: int = 14
    # Items one patron may borrow at one kiosk while it is offline (config: offline section).
    offline_item_limit: int = 3


# Real member libraries; the policies are demo values (each library sets its own).
LIBRARIES = (
    LibrarySpec("CQL", "重庆图书馆", "Chongqing Library", "重庆", "5001"),
    LibrarySpec(
        "CDL", "成都图书馆", "Chengdu Library", "成都", "5101", renew_days=15, max_renewals=2
    ),
    LibrarySpec("SCL", "四川省图书馆", "Sichuan Library", "成都", "5100", loan_limit=15),
    LibrarySpec(
        "YZL",
        "渝中区图书馆",
        "Yuzhong District Library",
        "重庆",
        "5002",
        loan_days=21,
        renew_days=14,
        max_renewals=2,
        loan_limit=5,
        pin_required=False,
    ),
    LibrarySpec(
        "CQU",
        "重庆大学图书馆",
        "Chongqing University Library",
        "重庆",
        "5003",
        loan_days=60,
        max_renewals=3,
        fine_cents_per_day=5,
        loan_limit=20,
    ),
    LibrarySpec(
        "SCU",
        "四川大学图书馆",
        "Sichuan University Library",
        "成都",
        "5102",
        loan_days=60,
        max_renewals=2,
        fine_cents_per_day=5,
        loan_limit=20,
    ),
    LibrarySpec(
        "SWU",
        "西南大学图书馆",
        "Southwest University Library",
        "重庆",
        "5004",
        loan_days=45,
        fine_cents_per_day=5,
        loan_limit=15,
    ),
    LibrarySpec(
        "JBL",
        "江北区图书馆",
        "Jiangbei District Library",
        "重庆",
        "5005",
        loan_days=21,
        renew_days=14,
        loan_limit=5,
        pin_required=False,
    ),
    LibrarySpec("MYL", "绵阳市图书馆", "Mianyang Library", "绵阳", "5107", fine_cents_per_day=20),
)
HOMES_BY_REGION = {"5001": "YZL", "5101": "CDL", "5107": "MYL", "5134": "SCL"}

_PEOPLE = (
    ("500103", "陈静"),
    ("500105", "刘洋"),
    ("500106", "杨帆"),
    ("500112", "黄敏"),
    ("510104", "赵磊"),
    ("510105", "周婷"),
    ("510107", "吴强"),
    ("510108", "郑丽"),
    ("510703", "孙杰"),
    ("511102", "马兰"),
    ("500101", "胡军"),
    ("510106", "郭娟"),
    ("500108", "何伟"),
    ("510115", "罗秀英"),
    ("500113", "谢晓峰"),
    ("510112", "欧阳娜娜"),
)


@dataclass(frozen=True)
class LibraryCardSpec:
    name: str
    home: str
    sequence: int
    pin: str
    fines_cents: int = 0
    expires_in_days: int | None = 730
    manual_block: str | None = None


LIBRARY_CARDS = (
    LibraryCardSpec("林小雨", "CQL", 1, "1234"),
    LibraryCardSpec("唐诗", "CDL", 1, "2468"),
    LibraryCardSpec("钱多多", "SCL", 1, "1357", fines_cents=1500),  # blocked: fines over limit
    LibraryCardSpec("冯远", "CQL", 2, "8642", expires_in_days=-30),  # card expired
    LibraryCardSpec("邓超群", "CDL", 2, "9753", manual_block="证件待核实（demo）"),
)


def seeded_residents() -> list[tuple[str, str]]:
    """The ID numbers and names of the residents the seed registers besides the demo cards."""
    found = []
    for index, (region, name) in enumerate(_PEOPLE):
        birth = dt.date(1960 + index * 3 % 45, 1 + index % 12, 1 + index * 7 % 28)
        found.append((make_id_number(region, birth, 100 + index * 2 + 1), name))
    return found


def library_card_number(home: LibrarySpec, sequence: int) -> str:
    """Patron barcodes of the 14-digit scheme: prefix 2, the library's institution code."""
    return make_library_barcode(2, home.institution_code, sequence)


def upsert_libraries(session: Session, specs: tuple[LibrarySpec, ...] = LIBRARIES) -> None:
    for spec in specs:
        row = session.get(Library, spec.id) or Library(id=spec.id)
        for name, value in vars(spec).items():
            setattr(row, name, value)
        session.add(row)
    session.flush()


def register_person(
    session: Session,
    hasher: CredentialHasher,
    id_number: str,
    name: str,
    home: str,
    now: dt.datetime,
    valid_to: dt.date | None = None,
) -> Patron:
    """A patron registered by resident ID number, as a first lookup at ``home`` would."""
    found = patrons.find_or_register(
        session,
        hasher,
        CredentialIn(kind=CredentialKind.ID_CARD, value=id_number),
        IdCardData(name=name, valid_to=valid_to),
        home,
        now,
        registrar=patrons.Registrar("seed"),
    )
    assert found is not None
    return found.patron


def add_library_card_patron(
    session: Session,
    hasher: CredentialHasher,
    card_number: str,
    name: str,
    home: str,
    now: dt.datetime,
    *,
    pin: str | None = None,
    fines_cents: int = 0,
    expires: dt.date | None = None,
    manual_block: str | None = None,
) -> Patron:
    library = session.get(Library, home)
    assert library is not None
    patron = Patron(
        display_name=mask_name(name),
        home_library_id=home,
        loan_limit=library.loan_limit,
        active_loans=0,
        fines_cents=fines_cents,
        expires=expires,
        manual_block=manual_block,
        pin_hash=hash_pin(pin) if pin else None,
        created_at=now,
    )
    session.add(patron)
    session.flush()
    session.add(
        Credential(
            patron_id=patron.id,
            key_hash=hasher.key_hash(CredentialKind.LIBRARY_CARD, card_number),
            kind=CredentialKind.LIBRARY_CARD,
            masked=mask_credential(CredentialKind.LIBRARY_CARD, card_number),
        )
    )
    session.flush()
    return patron


def add_item(
    session: Session,
    barcode: str,
    title: str,
    author: str,
    owner: str,
    *,
    loanable: bool = True,
    status: str = "available",
) -> Item:
    item = Item(
        barcode=barcode,
        title=title,
        author=author,
        owner_library_id=owner,
        loanable=loanable,
        status=status,
    )
    session.add(item)
    session.flush()
    return item


def lend(session: Session, item: Item, patron: Patron, borrowed_at: dt.datetime) -> Loan:
    """A loan made outside the kiosk flow (seeding), keeping the patron's loan count right."""
    owner = session.get(Library, item.owner_library_id)
    assert owner is not None
    loan = Loan(
        item_barcode=item.barcode,
        patron_id=patron.id,
        borrowed_at=borrowed_at,
        due=local_date(borrowed_at) + dt.timedelta(days=owner.loan_days),
        renewals=0,
        fine_cents=0,
    )
    session.add(loan)
    item.status = "on_loan"
    patrons.adjust_loans(session, patron.id, +1)
    session.flush()
    return loan


def _seed_staff(session: Session, now: dt.datetime) -> None:
    from regional.console.accounts import StaffRole, create_staff
    from regional.db.models import StaffAccount

    for name, role, library in DEMO_STAFF:
        if session.scalars(select(StaffAccount).where(StaffAccount.username == name)).first():
            continue
        create_staff(session, name, DEMO_STAFF_PASSWORD, StaffRole(role), library, now)


@dataclass
class SeedSummary:
    created: bool
    libraries: int = 0
    patrons: int = 0
    items: int = 0
    loans: int = 0
    holds: int = 0
    library_cards: list[tuple[str, str, str, str]] = field(default_factory=list)
    # The staff console's demo accounts: (user name, role, library or "*").
    staff: list[tuple[str, str, str]] = field(default_factory=list)


# Demo only, like the demo cards' PINs: a real deployment creates its own (staff create).
DEMO_STAFF_PASSWORD = "demo-console"
DEMO_STAFF = (("demo-ops", "operator", None), ("demo-cql", "library", "CQL"))


def seed_demo(session: Session, hasher: CredentialHasher, now: dt.datetime) -> SeedSummary:
    """Create the demo network once; running it again only refreshes the library policies."""
    upsert_libraries(session)
    specs = {spec.id: spec for spec in LIBRARIES}
    summary = SeedSummary(created=False, libraries=len(LIBRARIES))
    summary.library_cards = [
        (s.home, library_card_number(specs[s.home], s.sequence), s.pin, s.name)
        for s in LIBRARY_CARDS
    ]
    summary.staff = [(name, role, library or "*") for name, role, library in DEMO_STAFF]
    _seed_staff(session, now)  # also into a network seeded before the console came
    if session.get(ServiceSetting, SEED_MARK) is not None:
        return summary
    rng = random.Random(2026)
    today = local_date(now)

    people: list[Patron] = []
    homes = {"5001": "CQL", "5101": "CDL", "5134": "SCL"}
    for card in DEMO_CARDS:
        home = homes.get(card.id_number[:4], "CQL")
        people.append(
            register_person(session, hasher, card.id_number, card.name, home, now, card.valid_to)
        )
    zhang_san, li_si = people[0], people[1]
    for number, name in seeded_residents():
        region = number[:6]
        home = HOMES_BY_REGION.get(region[:4], "CQL" if region.startswith("50") else "SCL")
        people.append(register_person(session, hasher, number, name, home, now))
    card_holders = []
    for spec in LIBRARY_CARDS:
        card_holders.append(
            add_library_card_patron(
                session,
                hasher,
                library_card_number(specs[spec.home], spec.sequence),
                spec.name,
                spec.home,
                now,
                pin=spec.pin,
                fines_cents=spec.fines_cents,
                expires=None
                if spec.expires_in_days is None
                else today + dt.timedelta(days=spec.expires_in_days),
                manual_block=spec.manual_block,
            )
        )
    summary.patrons = len(people) + len(card_holders)

    items: list[Item] = []
    sequence = {spec.id: 0 for spec in LIBRARIES}
    books = [(t, a, True) for t, a in CHINESE + WORLD] + [(t, a, False) for t, a in REFERENCE]
    for index, (title, author, loanable) in enumerate(books):
        for _copy in range(3 + index % 4):
            owner = rng.choice(LIBRARIES)
            sequence[owner.id] += 1
            barcode = make_library_barcode(3, owner.institution_code, sequence[owner.id])
            items.append(add_item(session, barcode, title, author, owner.id, loanable=loanable))
    summary.items = len(items)
    lendable = [item for item in items if item.loanable]
    rng.shuffle(lendable)

    # Loans: most borrowers hold a few books; 李四 has one overdue.
    borrowers = [p for p in people if p is not li_si and p.id != people[2].id]
    loans = 0
    for index, item in enumerate(lendable[:60]):
        patron = borrowers[index % len(borrowers)]
        lend(session, item, patron, now - dt.timedelta(days=rng.randint(1, 25)))
        loans += 1
    lend(session, lendable[60], li_si, now - dt.timedelta(days=45))
    loans += 1
    summary.loans = loans

    # Holds: readers waiting for books out on loan, and a few copies waiting on a hold shelf.
    hold_count = 0
    for index, item in enumerate(lendable[:12]):
        waiting = people[(index + 5) % len(people)]
        holds.place_hold(session, item, waiting, rng.choice(LIBRARIES).id, now)
        hold_count += 1
    # 张三 waits at Chongqing Library (the demo kiosk's) for a book out on loan to someone else,
    # so a return at the demo kiosk can go to its hold shelf. After the draws above: the rest of
    # the network is as it was.
    holds.place_hold(session, lendable[12], zhang_san, "CQL", now)
    hold_count += 1
    for index, item in enumerate(lendable[61:65]):
        reader = zhang_san if index < 2 else people[4 + index]
        hold = holds.place_hold(session, item, reader, item.owner_library_id, now)
        holds.make_ready(session, hold, item, now - dt.timedelta(days=1))
        hold_count += 1
    summary.holds = hold_count
    lendable[65].status = "lost"

    session.add(ServiceSetting(name=SEED_MARK, value=now.isoformat()))
    session.flush()
    summary.created = True
    return summary
