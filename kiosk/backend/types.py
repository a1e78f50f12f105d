"""What the library side answers, as frozen values that cross threads and never leak HTTP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class ItemRef:
    barcode: str
    title: str
    owner_library: str = ""


@dataclass(frozen=True)
class Loan:
    item: ItemRef
    due: dt.date
    overdue: bool = False
    renewals_left: int = 0


@dataclass(frozen=True)
class HoldReady:
    item: ItemRef
    pickup_library: str
    expires: dt.date | None = None


@dataclass(frozen=True)
class Block:
    code: str
    detail: str = ""


@dataclass(frozen=True)
class PatronSession:
    """The session a lookup opened: online borrows and renewals of this patron name it."""

    id: str
    expires: dt.datetime | None = None

    def __repr__(self) -> str:  # a bearer secret while it lives: never in a log
        return "PatronSession(…)"


@dataclass(frozen=True)
class Patron:
    patron_id: str
    display_name: str  # already masked for a public screen
    home_library: str
    blocks: tuple[Block, ...] = ()
    loan_limit: int = 0
    fines_cents: int = 0
    registered_now: bool = False
    loans: tuple[Loan, ...] = ()
    holds_ready: tuple[HoldReady, ...] = ()
    session: PatronSession | None = None
    # False: the library side told the patron's standing but not their loans and holds (a SIP2
    # system that offers patron status (23) and not patron information (63)).
    account_known: bool = True

    @property
    def blocked(self) -> bool:
        return bool(self.blocks)


@dataclass(frozen=True)
class Item:
    barcode: str
    title: str
    author: str
    owner_library: str
    status: str
    due: dt.date | None = None


@dataclass(frozen=True)
class Routing:
    action: str  # shelve | transit | hold_shelf
    library: str | None = None
    patron_display: str | None = None


# An outcome's note (and then the journal's result code) when the library system dated an
# offline act at replay time, not when it happened (SIP2 systems that ignore no-block).
DATED_AT_REPLAY = "dated_at_replay"


class TxnStatus(StrEnum):
    """The service's final word on a transaction (REGIONAL_API.md)."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    VOIDED = "voided"


@dataclass(frozen=True)
class TxnOutcome:
    """The service's final answer to one transaction."""

    txn_id: str
    status: TxnStatus
    code: str  # ok or a stable rejection code
    replayed: bool = False
    detail: str = ""
    item: ItemRef | None = None
    due: dt.date | None = None
    routing: Routing | None = None
    exceptions: tuple[str, ...] = ()
    # Words the library system wrote for the patron (SIP2 AF, where the dialect says they are
    # written for patrons), in ``patron_message_language``; the kiosk's own words otherwise.
    patron_message: str = ""
    patron_message_language: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def accepted(self) -> bool:
        return self.status == TxnStatus.ACCEPTED


@dataclass(frozen=True)
class Health:
    status: str
    time: dt.datetime | None
    version: str
    round_trip_s: float
