"""A small integrated library system on SQLite: the circulation rules behind both test servers."""

from __future__ import annotations

import datetime as dt
import enum
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

LOAN_DAYS = 28
DEFAULT_RENEWAL_LIMIT = 2
DEFAULT_FINE_LIMIT_CENTS = 1000


class Base(DeclarativeBase):
    """The library system's own schema (nothing shared with the kiosk's)."""


class Block(enum.Enum):
    """Why a patron may not borrow, as a library system records it on the patron."""

    NONE = "none"
    CHARGE_DENIED = "charge_denied"
    CARD_LOST = "card_lost"


class ItemStatus(enum.Enum):
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    IN_TRANSIT = "in_transit"
    ON_HOLD_SHELF = "on_hold_shelf"
    MISSING = "missing"


class HoldState(enum.Enum):
    PENDING = "pending"
    IN_TRANSIT = "in_transit"
    READY = "ready"
    FULFILLED = "fulfilled"


class EventKind(enum.Enum):
    CHECKOUT = "checkout"
    RENEWAL = "renewal"
    CHECKIN = "checkin"
    REGISTRATION = "registration"


class Institution(Base):
    __tablename__ = "institutions"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Patron(Base):
    __tablename__ = "patrons"
    barcode: Mapped[str] = mapped_column(String(64), primary_key=True)
    pin: Mapped[str | None] = mapped_column(String(32), nullable=True)
    name: Mapped[str] = mapped_column(String(100))
    fines_cents: Mapped[int] = mapped_column(Integer, default=0)
    block: Mapped[Block] = mapped_column(Enum(Block), default=Block.NONE)
    card_expires: Mapped[dt.date] = mapped_column(Date)
    home_institution: Mapped[str] = mapped_column(ForeignKey("institutions.code"))
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, unique=True)


class Item(Base):
    __tablename__ = "items"
    barcode: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_institution: Mapped[str] = mapped_column(ForeignKey("institutions.code"))
    permanent_location: Mapped[str] = mapped_column(String(64))
    status: Mapped[ItemStatus] = mapped_column(Enum(ItemStatus), default=ItemStatus.AVAILABLE)
    loanable: Mapped[bool] = mapped_column(default=True)  # False: a reference copy


class Loan(Base):
    __tablename__ = "loans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_barcode: Mapped[str] = mapped_column(ForeignKey("items.barcode"))
    patron_barcode: Mapped[str] = mapped_column(ForeignKey("patrons.barcode"))
    checked_out_at: Mapped[dt.datetime] = mapped_column(DateTime)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    renewal_limit: Mapped[int] = mapped_column(Integer, default=DEFAULT_RENEWAL_LIMIT)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Hold(Base):
    __tablename__ = "holds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_barcode: Mapped[str] = mapped_column(ForeignKey("items.barcode"))
    patron_barcode: Mapped[str] = mapped_column(ForeignKey("patrons.barcode"))
    pickup_institution: Mapped[str] = mapped_column(ForeignKey("institutions.code"))
    state: Mapped[HoldState] = mapped_column(Enum(HoldState), default=HoldState.PENDING)


class CirculationEvent(Base):
    """Every act the system took, with the date it used and the date it happened (replay checks)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[EventKind] = mapped_column(Enum(EventKind))
    item_barcode: Mapped[str | None] = mapped_column(String(64), nullable=True)
    patron_barcode: Mapped[str | None] = mapped_column(String(64), nullable=True)
    effective_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    no_block: Mapped[bool] = mapped_column(default=False)


class Refusal(enum.Enum):
    """Why the system refused an act; each server words it in its own language."""

    PATRON_NOT_FOUND = "patron_not_found"
    WRONG_PIN = "wrong_pin"
    PATRON_BLOCKED = "patron_blocked"
    CARD_EXPIRED = "card_expired"
    FINES_OVER_LIMIT = "fines_over_limit"
    ITEM_NOT_FOUND = "item_not_found"
    ON_LOAN_TO_ANOTHER = "on_loan_to_another"
    HELD_FOR_ANOTHER = "held_for_another"
    NOT_ON_LOAN_TO_PATRON = "not_on_loan_to_patron"
    RENEWAL_LIMIT = "renewal_limit"
    NOT_ON_LOAN = "not_on_loan"
    NOT_LOANABLE = "not_loanable"
    ALREADY_REGISTERED = "already_registered"
    ID_NUMBER_REGISTERED = "id_number_registered"


class Routing(enum.Enum):
    """Where a returned item goes; values are the 3M alert type (CV) codes."""

    SHELVE = ""
    HOLD_HERE = "01"
    HOLD_ELSEWHERE = "02"
    TRANSIT_HOME = "04"


@dataclass(frozen=True)
class PatronView:
    barcode: str
    name: str
    fines_cents: int
    fine_limit_cents: int
    home_institution: str
    refusals: tuple[Refusal, ...]
    pin_ok: bool | None
    charged: tuple[str, ...] = ()
    overdue: tuple[str, ...] = ()
    holds: tuple[str, ...] = ()
    ready_holds: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoanOutcome:
    ok: bool
    item_barcode: str
    title: str = ""
    due_at: dt.datetime | None = None
    renewal: bool = False
    refusal: Refusal | None = None
    owner_institution: str = ""


@dataclass(frozen=True)
class CheckinOutcome:
    ok: bool
    item_barcode: str
    title: str = ""
    refusal: Refusal | None = None
    routing: Routing = Routing.SHELVE
    destination: str = ""
    destination_name: str = ""
    permanent_location: str = ""
    owner_institution: str = ""
    patron_barcode: str = ""
    hold_patron: str = ""


@dataclass(frozen=True)
class ItemView:
    barcode: str
    title: str
    status: ItemStatus
    owner_institution: str
    permanent_location: str
    due_at: dt.datetime | None
    patron_barcode: str | None
    hold_queue: int


@dataclass
class Policy:
    """Knobs a library sets; tests flip them to mimic one system or another."""

    honours_no_block: bool = True
    pin_required: bool = True
    fine_limit_cents: int = DEFAULT_FINE_LIMIT_CENTS
    loan_days: int = LOAN_DAYS
    checkout_of_own_loan_renews: bool = True
    loan_limit: int | None = None  # the charged items limit a server reports (CB); None: none
    today: dt.date | None = None  # None: the real date
    extra: dict[str, str] = field(default_factory=dict)


class LibrarySystem:
    """The database and its circulation rules; safe to call from the server and the test thread."""

    def __init__(self, path: Path, policy: Policy | None = None) -> None:
        self.path = path
        self.policy = policy or Policy()
        self.engine: Engine = create_engine(f"sqlite:///{path}")
        event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        # One act at a time, as a system's transaction would: the server thread and the test
        # thread may both touch the data.
        self._lock = threading.RLock()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for tests to read (or arrange) rows directly; committed on success."""
        with self._lock, Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    def now(self) -> dt.datetime:
        real = dt.datetime.now().replace(microsecond=0)
        if self.policy.today is None:
            return real
        return dt.datetime.combine(self.policy.today, real.time())

    # -- reads --------------------------------------------------------------------------------

    def institution_name(self, code: str) -> str:
        with self.session() as s:
            inst = s.get(Institution, code)
            return inst.name if inst else code

    def is_institution(self, code: str) -> bool:
        with self.session() as s:
            return s.get(Institution, code) is not None

    def patron(self, barcode: str, pin: str | None = None) -> PatronView | None:
        with self.session() as s:
            patron = s.get(Patron, barcode)
            if patron is None:
                return None
            now = self.now()
            loans = s.scalars(
                select(Loan)
                .where(Loan.patron_barcode == barcode, Loan.returned_at.is_(None))
                .order_by(Loan.id)
            ).all()
            holds = s.scalars(
                select(Hold)
                .where(Hold.patron_barcode == barcode, Hold.state != HoldState.FULFILLED)
                .order_by(Hold.id)
            ).all()
            return PatronView(
                barcode=patron.barcode,
                name=patron.name,
                fines_cents=patron.fines_cents,
                fine_limit_cents=self.policy.fine_limit_cents,
                home_institution=patron.home_institution,
                refusals=self._blocks(patron),
                pin_ok=None if pin is None else (patron.pin is None or pin == patron.pin),
                charged=tuple(loan.item_barcode for loan in loans),
                overdue=tuple(loan.item_barcode for loan in loans if loan.due_at < now),
                holds=tuple(hold.item_barcode for hold in holds),
                ready_holds=tuple(h.item_barcode for h in holds if h.state == HoldState.READY),
            )

    def item(self, barcode: str) -> ItemView | None:
        with self.session() as s:
            item = s.get(Item, barcode)
            if item is None:
                return None
            loan = self._open_loan(s, barcode)
            return ItemView(
                barcode=item.barcode,
                title=item.title,
                status=item.status,
                owner_institution=item.owner_institution,
                permanent_location=item.permanent_location,
                due_at=loan.due_at if loan else None,
                patron_barcode=loan.patron_barcode if loan else None,
                hold_queue=len(self._active_holds(s, barcode)),
            )

    def loan(self, item_barcode: str) -> Loan | None:
        """The open loan of an item (a detached row), for tests to assert on."""
        with self.session() as s:
            return self._open_loan(s, item_barcode)

    def events(
        self, kind: EventKind | None = None, item_barcode: str | None = None
    ) -> list[CirculationEvent]:
        """Recorded acts, oldest first (detached rows)."""
        with self.session() as s:
            query = select(CirculationEvent).order_by(CirculationEvent.id)
            if kind is not None:
                query = query.where(CirculationEvent.kind == kind)
            if item_barcode is not None:
                query = query.where(CirculationEvent.item_barcode == item_barcode)
            return list(s.scalars(query).all())

    def count_events(self, kind: EventKind, item_barcode: str | None = None) -> int:
        with self.session() as s:
            query = select(func.count(CirculationEvent.id)).where(CirculationEvent.kind == kind)
            if item_barcode is not None:
                query = query.where(CirculationEvent.item_barcode == item_barcode)
            return int(s.scalar(query) or 0)

    # -- acts ---------------------------------------------------------------------------------

    def checkout(
        self,
        patron_barcode: str,
        item_barcode: str,
        *,
        pin: str | None = None,
        no_block: bool = False,
        transaction_at: dt.datetime | None = None,
        due_at: dt.datetime | None = None,
        verify_pin: bool = True,
    ) -> LoanOutcome:
        """Lend an item; a checkout of an item already on loan to the patron renews it.

        ``verify_pin`` False: the caller checked the PIN its own way (dp2: only when sent).
        """
        nb = no_block and self.policy.honours_no_block
        with self.session() as s:
            patron = s.get(Patron, patron_barcode)
            item = s.get(Item, item_barcode)
            if patron is None:
                return LoanOutcome(False, item_barcode, refusal=Refusal.PATRON_NOT_FOUND)
            refusal = self._pin_refusal(patron, pin) if verify_pin else None
            if refusal is None and not nb:
                blocks = self._blocks(patron)
                refusal = blocks[0] if blocks else None
            if refusal is not None:
                return LoanOutcome(
                    False, item_barcode, item.title if item else "", None, False, refusal
                )
            if item is None:
                return LoanOutcome(False, item_barcode, refusal=Refusal.ITEM_NOT_FOUND)
            if not item.loanable:
                return self._refused(item, Refusal.NOT_LOANABLE)
            loan = self._open_loan(s, item_barcode)
            if loan is not None and loan.patron_barcode != patron_barcode:
                return self._refused(item, Refusal.ON_LOAN_TO_ANOTHER)
            if loan is not None:
                if not self.policy.checkout_of_own_loan_renews:
                    return self._refused(item, Refusal.ON_LOAN_TO_ANOTHER)
                return self._renew_loan(s, item, loan, nb, transaction_at)
            holds = self._active_holds(s, item_barcode)
            if holds and holds[0].patron_barcode != patron_barcode:
                return self._refused(item, Refusal.HELD_FOR_ANOTHER)
            if holds:
                holds[0].state = HoldState.FULFILLED
            recorded = self.now()
            effective = transaction_at if (nb and transaction_at) else recorded
            due = (
                due_at if (nb and due_at) else effective + dt.timedelta(days=self.policy.loan_days)
            )
            loan = Loan(
                item_barcode=item_barcode,
                patron_barcode=patron_barcode,
                checked_out_at=effective,
                due_at=due,
            )
            s.add(loan)
            item.status = ItemStatus.ON_LOAN
            self._record(s, EventKind.CHECKOUT, item_barcode, patron_barcode, effective, nb)
            return LoanOutcome(
                True, item_barcode, item.title, due, False, None, item.owner_institution
            )

    def renew(
        self,
        patron_barcode: str,
        item_barcode: str,
        *,
        pin: str | None = None,
        no_block: bool = False,
        transaction_at: dt.datetime | None = None,
        verify_pin: bool = True,
    ) -> LoanOutcome:
        nb = no_block and self.policy.honours_no_block
        with self.session() as s:
            patron = s.get(Patron, patron_barcode)
            if patron is None:
                return LoanOutcome(False, item_barcode, refusal=Refusal.PATRON_NOT_FOUND)
            refusal = self._pin_refusal(patron, pin) if verify_pin else None
            if refusal is None and not nb:
                blocks = self._blocks(patron)
                refusal = blocks[0] if blocks else None
            if refusal is not None:
                return LoanOutcome(False, item_barcode, refusal=refusal)
            item = s.get(Item, item_barcode)
            if item is None:
                return LoanOutcome(False, item_barcode, refusal=Refusal.ITEM_NOT_FOUND)
            loan = self._open_loan(s, item_barcode)
            if loan is None or loan.patron_barcode != patron_barcode:
                return self._refused(item, Refusal.NOT_ON_LOAN_TO_PATRON)
            return self._renew_loan(s, item, loan, nb, transaction_at)

    def renew_all(self, patron_barcode: str, *, pin: str | None = None) -> list[LoanOutcome]:
        view = self.patron(patron_barcode)
        if view is None:
            return []
        return [self.renew(patron_barcode, barcode, pin=pin) for barcode in view.charged]

    def checkin(
        self,
        item_barcode: str,
        here: str,
        *,
        no_block: bool = False,
        transaction_at: dt.datetime | None = None,
    ) -> CheckinOutcome:
        """Return an item at institution ``here`` and say where it goes next."""
        nb = no_block and self.policy.honours_no_block
        with self.session() as s:
            item = s.get(Item, item_barcode)
            if item is None:
                return CheckinOutcome(False, item_barcode, refusal=Refusal.ITEM_NOT_FOUND)
            loan = self._open_loan(s, item_barcode)
            recorded = self.now()
            effective = transaction_at if (nb and transaction_at) else recorded
            patron_barcode = ""
            refusal = None
            if loan is None:
                refusal = Refusal.NOT_ON_LOAN
            else:
                loan.returned_at = effective
                patron_barcode = loan.patron_barcode
                self._record(s, EventKind.CHECKIN, item_barcode, patron_barcode, effective, nb)
            routing, destination, hold_patron = self._route(s, item, here)
            return CheckinOutcome(
                ok=True,
                item_barcode=item_barcode,
                title=item.title,
                refusal=refusal,
                routing=routing,
                destination=destination,
                destination_name=self._name(s, destination),
                permanent_location=item.permanent_location,
                owner_institution=item.owner_institution,
                patron_barcode=patron_barcode,
                hold_patron=hold_patron,
            )

    def register(
        self, barcode: str, id_number: str, name: str, pin: str, institution: str
    ) -> Refusal | None:
        """First-use registration of a resident ID card holder (dp2's 81 message)."""
        with self.session() as s:
            if s.get(Patron, barcode) is not None:
                return Refusal.ALREADY_REGISTERED
            if s.scalar(select(Patron).where(Patron.id_number == id_number)) is not None:
                return Refusal.ID_NUMBER_REGISTERED
            now = self.now()
            s.add(
                Patron(
                    barcode=barcode,
                    pin=pin or None,
                    name=name,
                    fines_cents=0,
                    block=Block.NONE,
                    card_expires=(now + dt.timedelta(days=3 * 365)).date(),
                    home_institution=institution,
                    id_number=id_number,
                )
            )
            self._record(s, EventKind.REGISTRATION, None, barcode, now, False)
            return None

    def registered_barcode(self, id_number: str) -> str | None:
        with self.session() as s:
            patron = s.scalar(select(Patron).where(Patron.id_number == id_number))
            return patron.barcode if patron else None

    # -- internals ----------------------------------------------------------------------------

    def _blocks(self, patron: Patron) -> tuple[Refusal, ...]:
        out: list[Refusal] = []
        if patron.block is not Block.NONE:
            out.append(Refusal.PATRON_BLOCKED)
        if patron.card_expires < self.now().date():
            out.append(Refusal.CARD_EXPIRED)
        if patron.fines_cents > self.policy.fine_limit_cents:
            out.append(Refusal.FINES_OVER_LIMIT)
        return tuple(out)

    def _pin_refusal(self, patron: Patron, pin: str | None) -> Refusal | None:
        # A PIN that is sent is always checked; one that is missing only where PINs are required.
        if patron.pin is None:
            return None
        if pin is None or pin == "":
            return Refusal.WRONG_PIN if self.policy.pin_required else None
        return None if pin == patron.pin else Refusal.WRONG_PIN

    def _renew_loan(
        self,
        s: Session,
        item: Item,
        loan: Loan,
        nb: bool,
        transaction_at: dt.datetime | None,
    ) -> LoanOutcome:
        holds = self._active_holds(s, item.barcode)
        if holds and holds[0].patron_barcode != loan.patron_barcode:
            return LoanOutcome(
                False, item.barcode, item.title, loan.due_at, True, Refusal.HELD_FOR_ANOTHER
            )
        if loan.renewals >= loan.renewal_limit:
            return LoanOutcome(
                False, item.barcode, item.title, loan.due_at, True, Refusal.RENEWAL_LIMIT
            )
        effective = transaction_at if (nb and transaction_at) else self.now()
        loan.renewals += 1
        loan.due_at = max(loan.due_at, effective) + dt.timedelta(days=self.policy.loan_days)
        self._record(s, EventKind.RENEWAL, item.barcode, loan.patron_barcode, effective, nb)
        return LoanOutcome(
            True, item.barcode, item.title, loan.due_at, True, None, item.owner_institution
        )

    def _route(self, s: Session, item: Item, here: str) -> tuple[Routing, str, str]:
        holds = self._active_holds(s, item.barcode)
        if holds:
            hold = holds[0]
            if hold.pickup_institution == here:
                hold.state = HoldState.READY
                item.status = ItemStatus.ON_HOLD_SHELF
                return Routing.HOLD_HERE, here, hold.patron_barcode
            hold.state = HoldState.IN_TRANSIT
            item.status = ItemStatus.IN_TRANSIT
            return Routing.HOLD_ELSEWHERE, hold.pickup_institution, hold.patron_barcode
        if item.owner_institution != here:
            item.status = ItemStatus.IN_TRANSIT
            return Routing.TRANSIT_HOME, item.owner_institution, ""
        item.status = ItemStatus.AVAILABLE
        return Routing.SHELVE, "", ""

    def _refused(self, item: Item, refusal: Refusal) -> LoanOutcome:
        return LoanOutcome(False, item.barcode, item.title, None, False, refusal)

    @staticmethod
    def _open_loan(s: Session, item_barcode: str) -> Loan | None:
        return s.scalar(
            select(Loan).where(Loan.item_barcode == item_barcode, Loan.returned_at.is_(None))
        )

    @staticmethod
    def _active_holds(s: Session, item_barcode: str) -> list[Hold]:
        return list(
            s.scalars(
                select(Hold)
                .where(Hold.item_barcode == item_barcode, Hold.state != HoldState.FULFILLED)
                .order_by(Hold.id)
            ).all()
        )

    @staticmethod
    def _name(s: Session, code: str) -> str:
        if not code:
            return ""
        inst = s.get(Institution, code)
        return inst.name if inst else code

    def _record(
        self,
        s: Session,
        kind: EventKind,
        item_barcode: str | None,
        patron_barcode: str | None,
        effective: dt.datetime,
        nb: bool,
    ) -> None:
        s.add(
            CirculationEvent(
                kind=kind,
                item_barcode=item_barcode,
                patron_barcode=patron_barcode,
                effective_at=effective,
                recorded_at=self.now(),
                no_block=nb,
            )
        )


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
