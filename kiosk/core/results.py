"""What the use cases answer: frozen values the session machine and the UI only have to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.backend.types import Patron, Routing
from kiosk.domain import ActKind, Credential


class Outcome(StrEnum):
    DONE = "done"
    PROVISIONAL = "provisional"  # done offline; the service is told later
    REFUSED = "refused"  # not done, for a reason the patron can act on (``code``)
    FAILED = "failed"  # not done, because something is broken (``code``)


@dataclass(frozen=True)
class PatronContext:
    """Who stands at the kiosk. ``patron`` is None when identified offline from a chip card."""

    credential: Credential
    patron: Patron | None

    @property
    def patron_id(self) -> str | None:
        return self.patron.patron_id if self.patron else None


@dataclass(frozen=True)
class IdentifyResult:
    code: str  # ok, or why not: pin_required, pin_invalid, credential_expired, offline_…
    context: PatronContext | None = None
    offline: bool = False

    @property
    def ok(self) -> bool:
        return self.context is not None


@dataclass(frozen=True)
class ActResult:
    kind: ActKind
    item_barcode: str
    outcome: Outcome
    code: str  # ok, a service rejection code, or a kiosk code (offline_…, journal_unavailable)
    txn_id: str | None = None
    title: str = ""
    due: dt.date | None = None
    routing: Routing | None = None
    offline: bool = False

    @property
    def succeeded(self) -> bool:
        return self.outcome in (Outcome.DONE, Outcome.PROVISIONAL)
