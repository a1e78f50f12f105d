"""Replays journalled acts to the service, strictly in the order they happened."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.backend.errors import BackendError, ServiceMisconfigured, ServiceRefused
from kiosk.backend.port import CirculationBackend, TxnRequest
from kiosk.backend.types import DATED_AT_REPLAY, TxnOutcome, TxnStatus
from kiosk.domain import ActKind, EntryState
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
        # Offline the patron is named by the card as read (trust rules); a session would be
        # over by now anyway.
        credential=entry.credential if entry.offline else None,
        offline=entry.offline,
        patron_ref=entry.patron_id,
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

    def settle_item(self, item_barcode: str, before_seq: int) -> BackendError | None:
        """Settle every act for ``item_barcode`` journalled before ``before_seq`` that still
        waits for the service (replays and voids, in order), so that a new online act for the
        item cannot overtake them. Returns None when none is left, else the error that stopped
        it (the acts stay pending for the sync worker).

        The sync worker may send the same acts at the same moment: the service applies a
        ``txn_id`` once and answers a repeat with the first result, so either may settle them."""
        entries = self.journal.earlier_for_item(item_barcode, before_seq)
        if not entries:
            return None
        log.info("settling %d earlier act(s) for an item first", len(entries))
        try:
            self._replay(entries)
        except BackendError as exc:
            for entry in entries:
                self.journal.note_attempt(entry.txn_id, exc.code)
            return exc
        return None

    def _register_first_time(self, entries: list[JournalEntry]) -> None:
        """An offline borrow by a card the service may never have seen is replayed after a
        lookup with the card's chip block: the service registers first-time card holders only
        in a lookup, never in an act (trust rules). A refused lookup (an expired card …) is
        left for the act's own answer; an unanswered one stops the pass, to be tried again."""
        seen: set[tuple[str, str]] = set()
        for entry in entries:
            card = entry.credential
            if (
                entry.kind != ActKind.BORROW
                or not entry.offline
                or entry.patron_id
                or entry.void_requested
                or card is None
                or not card.chip_verified
                or (card.kind, card.value) in seen
            ):
                continue
            seen.add((card.kind, card.value))
            try:
                found = self.backend.lookup_patron(card)
            except ServiceRefused as exc:
                if isinstance(exc, ServiceMisconfigured):
                    raise
                log.info("lookup before replaying an offline borrow refused: %s", exc.code)
                continue
            if found.session is not None:  # nobody stands at the kiosk for it
                try:
                    self.backend.end_session(found.session.id)
                except BackendError as exc:
                    log.info("could not end the replay's lookup session: %s", exc.code)

    def _replay(self, entries: list[JournalEntry]) -> int:
        self._register_first_time(entries)
        settled = 0
        batch: list[JournalEntry] = []
        for entry in entries:
            if entry.void_requested:
                settled += self._flush(batch)
                batch = []
                self.journal.settle_many([self._void(entry)])
                settled += 1
            else:
                batch.append(entry)
        return settled + self._flush(batch)

    def _void(self, entry: JournalEntry) -> Settlement:
        try:
            return self._settlement(entry, self.backend.void(entry.txn_id, _request(entry)))
        except ServiceRefused as exc:
            if isinstance(exc, ServiceMisconfigured):
                raise
            # The service will not void it (too late): the act stands although the patron was
            # told it did not happen. Final, for staff to put right.
            log.warning("void of %s refused (%s): staff must reverse it", entry.txn_id, exc.code)
            return Settlement(
                entry.txn_id,
                EntryState.CONFLICT,
                f"void_refused:{exc.code}",
                ends_void_request=True,
            )

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
        if state == EntryState.ACCEPTED and outcome.detail == DATED_AT_REPLAY:
            code = DATED_AT_REPLAY  # kept for the technician's sync page
        if state == EntryState.CONFLICT:
            log.warning("offline %s %s needs staff: %s", entry.kind, entry.txn_id, code)
        return Settlement(
            entry.txn_id,
            state,
            code,
            due=outcome.due.isoformat() if outcome.due else None,
            response=outcome.raw or None,
        )
