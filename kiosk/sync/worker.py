"""The sync worker: replays the journal to the service in order, until every act is final."""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass

from kiosk.backend.errors import (
    BackendError,
    OutcomeUnknown,
    ServiceMisconfigured,
    ServiceRefused,
    ServiceUnreachable,
)
from kiosk.backend.port import CirculationBackend, TxnRequest
from kiosk.backend.types import TxnOutcome, TxnStatus
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.settings import SyncSettings
from kiosk.domain import EntryState
from kiosk.store.database import JournalUnavailable
from kiosk.store.journal import Journal, JournalEntry, Settlement

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncPass:
    """What one pass did."""

    settled: int
    remaining: int
    error: str | None = None

    @property
    def clean(self) -> bool:
        return self.error is None and self.remaining == 0


def _request(entry: JournalEntry) -> TxnRequest:
    return TxnRequest(
        entry.txn_id,
        entry.kind,
        entry.item_barcode,
        entry.occurred_at,
        patron_id=entry.patron_id,
        credential=None if entry.patron_id else entry.credential,
        offline=entry.offline,
    )


class Replayer:
    """One pass over the journal: voids and batches, strictly in the order the acts happened."""

    def __init__(self, journal: Journal, backend: CirculationBackend, batch_size: int) -> None:
        self.journal = journal
        self.backend = backend
        self.batch_size = batch_size

    def run_once(self) -> SyncPass:
        settled = 0
        while True:
            entries = self.journal.pending(limit=self.batch_size)
            if not entries:
                return SyncPass(settled, 0)
            try:
                settled += self._replay(entries)
            except BackendError as exc:
                for entry in entries:
                    self.journal.note_attempt(entry.txn_id, exc.code)
                return SyncPass(settled, self.journal.stats().pending, exc.code)

    def _replay(self, entries: list[JournalEntry]) -> int:
        settled = 0
        batch: list[JournalEntry] = []
        for entry in entries:
            if entry.void_requested:
                settled += self._flush(batch)
                batch = []
                self.journal.settle_many([self._settlement(entry, self.backend.void(entry.txn_id))])
                settled += 1
            else:
                batch.append(entry)
        return settled + self._flush(batch)

    def _flush(self, batch: list[JournalEntry]) -> int:
        if not batch:
            return 0
        if len(batch) == 1:
            outcomes = [self._submit_one(batch[0])]
        else:
            try:
                outcomes = self.backend.submit_batch([_request(e) for e in batch])
            except ServiceRefused as exc:
                if isinstance(exc, ServiceMisconfigured):
                    raise
                # One bad act spoils a batch (422): send them one by one to find it.
                log.warning("batch refused (%s); replaying one by one", exc.code)
                outcomes = [self._submit_one(e) for e in batch]
        self.journal.settle_many(
            [self._settlement(e, o) for e, o in zip(batch, outcomes, strict=True)]
        )
        return len(batch)

    def _submit_one(self, entry: JournalEntry) -> TxnOutcome:
        try:
            return self.backend.submit(_request(entry))
        except ServiceRefused as exc:
            if isinstance(exc, ServiceMisconfigured):
                raise
            # The service will never take this act as it stands: settle it for staff to see.
            return TxnOutcome(entry.txn_id, TxnStatus.REJECTED, exc.code, detail=exc.detail)

    def _settlement(self, entry: JournalEntry, outcome: TxnOutcome) -> Settlement:
        if outcome.status == TxnStatus.VOIDED:
            state = EntryState.VOIDED
        elif outcome.status == TxnStatus.ACCEPTED:
            offline_exception = entry.offline and bool(outcome.exceptions)
            state = EntryState.CONFLICT if offline_exception else EntryState.ACCEPTED
        else:
            # An offline act already happened physically: a refusal is a conflict for staff.
            state = EntryState.CONFLICT if entry.offline else EntryState.REJECTED
        code = outcome.code if not outcome.exceptions else ",".join(outcome.exceptions)
        if state == EntryState.CONFLICT:
            log.warning("offline %s %s needs staff: %s", entry.kind, entry.txn_id, code)
        return Settlement(
            entry.txn_id,
            state,
            code,
            due=outcome.due.isoformat() if outcome.due else None,
            response=outcome.raw or None,
        )


class SyncWorker:
    """One thread: replays while online, probes the service while offline, backs off with
    jitter after failures, and wakes at once when a new act is journalled."""

    def __init__(
        self,
        journal: Journal,
        backend: CirculationBackend,
        connectivity: ConnectivityMonitor,
        settings: SyncSettings,
    ) -> None:
        self.replayer = Replayer(journal, backend, settings.batch_size)
        self.backend = backend
        self.connectivity = connectivity
        self.settings = settings
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_pass: SyncPass | None = None
        self.passes = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        backoff = self.settings.backoff_initial_ms / 1000
        health_every = self.settings.health_interval_ms / 1000
        next_health = 0.0  # at once: the screen must not say online before anyone asked
        while not self._stop.is_set():
            self._wake.clear()
            if not self.connectivity.online or time.monotonic() >= next_health:
                next_health = time.monotonic() + health_every
                if not self._probe():  # offline now: probe again after the interval
                    self._sleep(self.settings.probe_interval_ms / 1000)
                    continue
            try:
                result = self.replayer.run_once()
            except JournalUnavailable as exc:
                result = SyncPass(0, 0, f"journal_unavailable: {exc}")
            except Exception:  # the worker must outlive any bug in one pass
                log.exception("sync pass failed")
                result = SyncPass(0, 0, "sync_error")
            self.last_pass = result
            self.passes += 1
            if result.error in (ServiceUnreachable.code, OutcomeUnknown.code):
                self.connectivity.failure(result.error)
            if result.error:
                self._sleep(backoff * random.uniform(0.5, 1.5))
                backoff = min(backoff * 2, self.settings.backoff_max_ms / 1000)
            else:
                backoff = self.settings.backoff_initial_ms / 1000
                # Idle until woken, the next health check is due, or a slow periodic pass
                # catches anything a wake missed.
                until_health = max(0.0, next_health - time.monotonic())
                self._sleep(min(self.settings.backoff_max_ms / 1000, until_health))

    def _probe(self) -> bool:
        try:
            self.backend.health()
        except BackendError:
            self.connectivity.failure("probe failed")
            return False
        self.connectivity.success()
        return self.connectivity.online

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
