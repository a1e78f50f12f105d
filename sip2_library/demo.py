"""The demo's library system: the regional demo network over SIP2 on loopback (kiosk demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from patron_identity.kinds import CredentialKind
from regional.seed import LIBRARIES

from .dp2_server import Dp2Account, Dp2Sip2Server
from .from_regional import ITEM_STATES, CopiedNetwork, patron_barcode, seed_from_regional
from .library import Hold, HoldState, Item, ItemStatus, LibrarySystem, Loan, Policy, Refusal
from .runner import ServerThread
from .seed import LOGIN_PASSWORD, LOGIN_USER


class DemoDialect(StrEnum):
    """Which of the two library systems serves the demo (the kiosk's dialect of the same name)."""

    STANDARD = "standard"
    DP2 = "dp2"


# The network's words for an item's state (the tester panel's), by the library system's state.
NETWORK_STATES = {state: name for name, state in ITEM_STATES.items()}

# A book as the tester panel lists it: (barcode, title, owner, the network's state).
BookRow = tuple[str, str, str, str]


@dataclass(frozen=True)
class Shelves:
    """The books the tester panel picks from, as the library system holds them now."""

    available: list[BookRow]  # loanable, on the shelf; this library's first
    on_loan: list[tuple[BookRow, str | None]]  # with the pickup of the first hold, if any
    reference: list[BookRow]
    lost: list[tuple[BookRow, str | None]]


class DemoLibrarySystem:
    """A library system seeded from a regional data folder and its SIP2 server for the kiosk
    at ``institution``: ``start``/``stop`` as often as needed, as the regional service's."""

    def __init__(
        self,
        folder: Path,
        regional_data: Path,
        *,
        dialect: DemoDialect = DemoDialect.STANDARD,
        institution: str = "CQL",
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        home = next(spec for spec in LIBRARIES if spec.id == institution)
        # The home library's rules; the library system has one set for every owner.
        policy = Policy(
            loan_days=home.loan_days,
            fine_limit_cents=home.fine_limit_cents,
            loan_limit=home.loan_limit,
        )
        self.dialect = dialect
        self.institution = institution
        self.login_user = LOGIN_USER
        self.login_password = LOGIN_PASSWORD
        path = folder / "library.db"
        path.unlink(missing_ok=True)
        self.library = LibrarySystem(path, policy)
        self.copied: CopiedNetwork = seed_from_regional(self.library, regional_data)
        self.server: ServerThread
        if dialect == DemoDialect.DP2:
            self.server = Dp2Sip2Server(
                self.library, accounts={LOGIN_USER: Dp2Account(LOGIN_PASSWORD, institution)}
            )
        else:
            # pysip2 (the dev extra, which `make demo` installs) is needed for this one only.
            try:
                from .standard_server import StandardSip2Server
            except ImportError as exc:
                self.library.close()
                raise RuntimeError(
                    f"the standard SIP2 server needs pysip2 ({exc}): install the dev extra "
                    "(pip install -e '.[dev]'), or use --dialect dp2"
                ) from exc

            self.server = StandardSip2Server(
                self.library, institution=institution, accounts={LOGIN_USER: LOGIN_PASSWORD}
            )

    @property
    def running(self) -> bool:
        return self.server.running

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    def start(self) -> None:
        """Listen (on the same port after a stop) unless already listening."""
        if not self.server.running:
            self.server.start()

    def stop(self) -> None:
        """Close the listener and every connection: the kiosk finds the system gone."""
        self.server.stop()

    def close(self) -> None:
        self.server.stop()
        self.library.close()

    # ---- what the tester panel reads -------------------------------------------------------
    def standing(self, kind: CredentialKind, number: str) -> list[str] | None:
        """Short notes on the card holder's account, or None when the system has no such
        patron (the regional notes, from this system's data)."""
        view = self.library.patron(patron_barcode(kind, number))
        if view is None:
            return None
        notes = []
        if view.overdue:
            notes.append("overdue book")
        if view.fines_cents:
            notes.append(f"fines ¥{view.fines_cents / 100:.2f}")
        if Refusal.FINES_OVER_LIMIT in view.refusals:
            notes.append("over the fine limit: no borrowing")
        if Refusal.CARD_EXPIRED in view.refusals:
            notes.append("card expired")
        if Refusal.PATRON_BLOCKED in view.refusals:
            notes.append("blocked by staff")
        return notes

    def shelves(self, today: dt.date) -> Shelves:
        """The books by what scanning them at this kiosk leads to (loans not yet overdue
        first: their return charges no fine)."""
        here = self.institution

        def row(item: Item) -> BookRow:
            state = NETWORK_STATES.get(item.status, item.status.value)
            return item.barcode, item.title, item.owner_institution, state

        with self.library.session() as s:
            items = list(s.scalars(select(Item).order_by(Item.barcode)))
            loans = {
                loan.item_barcode: loan
                for loan in s.scalars(select(Loan).where(Loan.returned_at.is_(None)))
            }
            # The first open hold decides a return's routing (library.py _route).
            pickups: dict[str, str] = {}
            for hold in s.scalars(
                select(Hold).where(Hold.state != HoldState.FULFILLED).order_by(Hold.id)
            ):
                pickups.setdefault(hold.item_barcode, hold.pickup_institution)
            shelved = [i for i in items if i.status == ItemStatus.AVAILABLE]
            out = [i for i in items if i.status == ItemStatus.ON_LOAN and i.barcode in loans]
            out.sort(key=lambda i: (loans[i.barcode].due_at.date() < today, i.barcode))
            return Shelves(
                available=[
                    row(i)
                    for i in sorted(shelved, key=lambda i: i.owner_institution != here)
                    if i.loanable
                ],
                on_loan=[(row(i), pickups.get(i.barcode)) for i in out],
                reference=[
                    row(i)
                    for i in sorted(shelved, key=lambda i: i.owner_institution != here)
                    if not i.loanable
                ][:1],
                lost=[
                    (row(i), pickups.get(i.barcode))
                    for i in items
                    if i.status == ItemStatus.MISSING
                ][:1],
            )
