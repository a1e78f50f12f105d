"""The port the core talks to; the regional HTTP client is one adapter (SIP2 may follow)."""

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
    patron_id: str | None = None
    credential: Credential | None = None  # offline borrows by a patron not looked up online
    offline: bool = False


class CirculationBackend(Protocol):
    def health(self) -> Health: ...
    def lookup_patron(self, credential: Credential, pin: str | None = None) -> Patron: ...
    def item(self, barcode: str) -> Item: ...
    def submit(self, request: TxnRequest) -> TxnOutcome: ...
    def submit_batch(self, requests: list[TxnRequest]) -> list[TxnOutcome]: ...
    def void(self, txn_id: str) -> TxnOutcome: ...
    def close(self) -> None: ...
