"""The port the core talks to; the regional HTTP client and the SIP2 backend are its adapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from kiosk.backend.types import Health, Item, Patron, TxnOutcome
from kiosk.domain import ActKind, Credential


@dataclass(frozen=True)
class TxnRequest:
    """One act to submit; ``txn_id`` is the journal's UUID, the idempotency key."""

    txn_id: str
    kind: ActKind
    item_barcode: str
    occurred_at: dt.datetime
    # Online borrows and renewals: the patron's session; offline ones: the card as read.
    session: str | None = None
    credential: Credential | None = None
    offline: bool = False
    # The library side's id of the patron, as a lookup gave it: only for undoing an act over
    # SIP2 (which names patrons by id); never sent to the regional service (trust rules).
    patron_ref: str | None = None

    def __repr__(self) -> str:  # neither the session (a bearer secret) nor the card
        return (
            f"TxnRequest({self.txn_id}, {self.kind}, {self.item_barcode}, offline={self.offline})"
        )


class CirculationBackend(Protocol):
    def health(self) -> Health: ...
    def lookup_patron(self, credential: Credential, pin: str | None = None) -> Patron: ...
    def item(self, barcode: str) -> Item: ...
    def submit(self, request: TxnRequest) -> TxnOutcome: ...
    def submit_batch(self, requests: list[TxnRequest]) -> list[TxnOutcome]: ...
    # ``act``: what is undone (a backend without transaction ids, SIP2, needs it to undo).
    def void(self, txn_id: str, act: TxnRequest | None = None) -> TxnOutcome: ...
    def end_session(self, session_id: str) -> None: ...
    def close(self) -> None: ...
