"""Borrow, return, renew and identify: journal first, then the service, offline by policy."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

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
from kiosk.core.results import ActResult, IdentifyResult, Outcome, PatronContext, ResultCode
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import ActKind, Credential, EntryState, Told
from kiosk.store.database import JournalUnavailable
from kiosk.store.journal import Journal, JournalEntry
from kiosk.sync.replay import Replayer

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
# The service's answers that the patron session is over (expired, ended, never opened).
_SESSION_OVER = frozenset({"session_invalid", "session_required"})


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Circulation:
    """The kiosk's use cases. Blocking (journal fsync, HTTP): call from a worker thread only.

    Every act is committed to the journal with a fresh UUID before the service hears of it;
    the service's answer and what the patron is told are committed before the call returns.
    An online act for an item never overtakes an earlier act for that item still waiting for
    the service: those are settled first, through the path the sync worker replays them by.
    """

    def __init__(
        self,
        journal: Journal,
        backend: CirculationBackend,
        connectivity: ConnectivityMonitor,
        policy: OfflinePolicy,
        *,
        clock: Clock | None = None,
        on_journal: Callable[[], None] | None = None,
    ) -> None:
        self.journal = journal
        self.backend = backend
        self.connectivity = connectivity
        self.policy = policy
        self._clock = clock or _utcnow
        self._on_journal = on_journal or (lambda: None)  # wakes the sync worker
        # Settles an item's earlier pending acts before an online act for it (one item's acts
        # are few, so one batch holds them).
        self._earlier = Replayer(journal, backend, batch_size=100)

    # ---- identify ---------------------------------------------------------------------------
    def identify(self, credential: Credential, pin: str | None = None) -> IdentifyResult:
        valid_to = credential.valid_to if credential.kind == "id_card" else None
        if valid_to is not None and valid_to < self._clock().date():
            return IdentifyResult(ResultCode.CREDENTIAL_EXPIRED)
        if self.connectivity.online:
            try:
                patron = self.backend.lookup_patron(credential, pin)
            except ServiceRefused as exc:
                log.info("lookup refused: %s", exc.code)
                return IdentifyResult(ResultCode.parse(exc.code), raw_code=exc.code)
            except BackendError as exc:
                self.connectivity.failure(exc.code)
            else:
                self.connectivity.success()
                return IdentifyResult(ResultCode.OK, PatronContext(credential, patron))
        if not (credential.kind == "id_card" and credential.chip_verified):
            # A typed or scanned number cannot be checked offline (no PIN, no chip).
            return IdentifyResult(ResultCode.OFFLINE_CARD_NOT_ACCEPTED, offline=True)
        return IdentifyResult(ResultCode.OK, PatronContext(credential, None), offline=True)

    # ---- acts ---------------------------------------------------------------------------
    def borrow(self, who: PatronContext, barcode: str, offline_count: int = 0) -> ActResult:
        """``offline_count``: items this patron already borrowed offline in this session."""
        if not self.connectivity.online:
            refusal = self._offline_borrow_refusal(who, offline_count)
            if refusal:
                return ActResult(ActKind.BORROW, barcode, Outcome.REFUSED, refusal, offline=True)
            return self._record_offline(ActKind.BORROW, barcode, who)
        return self._online(ActKind.BORROW, barcode, who, offline_count)

    def return_item(self, barcode: str) -> ActResult:
        if not self.connectivity.online:
            return self._record_offline(ActKind.RETURN, barcode, None)
        return self._online(ActKind.RETURN, barcode, None, 0)

    def renew(self, who: PatronContext, barcode: str) -> ActResult:
        if not self.connectivity.online or who.patron is None:
            return ActResult(
                ActKind.RENEW,
                barcode,
                Outcome.REFUSED,
                ResultCode.OFFLINE_NO_RENEWALS,
                offline=True,
            )
        return self._online(ActKind.RENEW, barcode, who, 0)

    # ---- internals ----------------------------------------------------------------------
    def end_session(self, session_id: str) -> None:
        """The patron is done: the service ends their session (it would expire anyway, so a
        failure is only logged)."""
        try:
            self.backend.end_session(session_id)
        except BackendError as exc:
            log.info("could not end a patron session (%s); it expires by itself", exc.code)

    def _offline_borrow_refusal(self, who: PatronContext, offline_count: int) -> ResultCode | None:
        """``offline_count``: this session's offline borrows. The limit holds per patron per
        offline episode, as the service counts it (trust rules): the card's offline borrows the
        service has not heard of yet, in this session or an earlier one."""
        if not self.policy.borrow_allowed:
            return ResultCode.OFFLINE_BORROW_NOT_ALLOWED
        if not (who.credential.kind == "id_card" and who.credential.chip_verified):
            return ResultCode.OFFLINE_CARD_NOT_ACCEPTED
        unsent = self.journal.unsent_offline_borrows(who.credential)
        if max(offline_count, unsent) >= self.policy.max_items_per_patron:
            return ResultCode.OFFLINE_LIMIT_REACHED
        return None

    def _offline_due(self) -> dt.date:
        return self._clock().date() + dt.timedelta(days=self.policy.loan_days)

    def _record_offline(self, kind: ActKind, barcode: str, who: PatronContext | None) -> ActResult:
        # Offline the service knows the patron by the card the kiosk read, not by a session.
        credential = who.credential if who is not None else None
        try:
            entry = self.journal.record(
                kind,
                barcode,
                patron_id=who.patron_id if who else None,
                credential=credential,
                occurred_at=self._clock(),
                offline=True,
                told=Told.PROVISIONAL,
            )
        except JournalUnavailable:
            log.exception("journal unavailable")
            return ActResult(
                kind, barcode, Outcome.FAILED, ResultCode.JOURNAL_UNAVAILABLE, offline=True
            )
        self._on_journal()
        due = self._offline_due() if kind == ActKind.BORROW else None
        return ActResult(
            kind, barcode, Outcome.PROVISIONAL, ResultCode.OK, entry.txn_id, due=due, offline=True
        )

    def _online(
        self, kind: ActKind, barcode: str, who: PatronContext | None, offline_count: int
    ) -> ActResult:
        try:
            entry = self.journal.record(
                kind,
                barcode,
                patron_id=who.patron_id if who else None,
                occurred_at=self._clock(),
            )
        except JournalUnavailable:
            log.exception("journal unavailable")
            return ActResult(kind, barcode, Outcome.FAILED, ResultCode.JOURNAL_UNAVAILABLE)
        behind = self._settle_earlier(entry, who, offline_count)
        if behind is not None:
            return behind
        request = TxnRequest(
            entry.txn_id,
            kind,
            barcode,
            entry.occurred_at,
            session=who.session_id if who else None,
        )
        try:
            answer = self.backend.submit(request)
        except (ServiceUnreachable, OutcomeUnknown) as exc:
            # Unreachable: nothing was sent. Unknown: it may have been applied. Either way the
            # row replays with the same UUID; the patron is told what the offline policy allows.
            self.connectivity.failure(exc.code)
            log.warning("%s %s: %s", kind, entry.txn_id, exc.code)
            return self._fall_back_offline(entry, who, offline_count, exc.code)
        except ServiceMisconfigured as exc:
            log.error("service refused this kiosk (%s): check the token", exc.code)
            return self._not_done(entry, Outcome.FAILED, ResultCode.SERVICE_MISCONFIGURED)
        except ServiceRefused as exc:
            self.connectivity.success()
            if exc.code in _SESSION_OVER:
                # Not recorded by the service: the patron identifies again and goes on.
                log.info("%s %s: the patron's session is over (%s)", kind, entry.txn_id, exc.code)
                return self._not_done(entry, Outcome.REFUSED, exc.code)
            return self._settled(entry, EntryState.REJECTED, exc.code, None)
        except BackendError as exc:
            self.connectivity.failure(exc.code)
            return self._fall_back_offline(entry, who, offline_count, exc.code)
        self.connectivity.success()
        return self._answered(entry, answer)

    def _settle_earlier(
        self, entry: JournalEntry, who: PatronContext | None, offline_count: int
    ) -> ActResult | None:
        """Settle the item's earlier acts that still wait for the service; None when the new
        act may go now. If they cannot be settled, the new act waits behind them in the journal
        and the patron is told what the offline policy allows."""
        try:
            error = self._earlier.settle_item(entry.item_barcode, entry.seq)
        except JournalUnavailable:
            log.exception("journal unavailable while settling earlier acts")
            return self._not_done(entry, Outcome.FAILED, ResultCode.JOURNAL_UNAVAILABLE)
        if error is None:
            return None
        log.warning("%s %s waits behind earlier acts: %s", entry.kind, entry.txn_id, error.code)
        if isinstance(error, ServiceMisconfigured):
            return self._not_done(entry, Outcome.FAILED, ResultCode.SERVICE_MISCONFIGURED)
        self.connectivity.failure(error.code)
        return self._fall_back_offline(entry, who, offline_count, error.code)

    def _answered(self, entry: JournalEntry, answer: TxnOutcome) -> ActResult:
        state = {
            TxnStatus.ACCEPTED: EntryState.ACCEPTED,
            TxnStatus.VOIDED: EntryState.VOIDED,
        }.get(answer.status, EntryState.REJECTED)
        return self._settled(entry, state, answer.code, answer)

    def _settled(
        self, entry: JournalEntry, state: EntryState, code: str, answer: TxnOutcome | None
    ) -> ActResult:
        accepted = state == EntryState.ACCEPTED
        told = Told.DONE if accepted else Told.NOT_DONE
        try:
            self.journal.settle(
                entry.txn_id,
                state,
                code=code,
                due=answer.due.isoformat() if answer and answer.due else None,
                response=answer.raw if answer else None,
                told=told,
            )
        except JournalUnavailable:
            # The service applied it but we cannot remember that: undo rather than lie.
            log.exception("journal unavailable after the service answered")
            if accepted:
                try:
                    act = TxnRequest(
                        entry.txn_id,
                        entry.kind,
                        entry.item_barcode,
                        entry.occurred_at,
                        patron_ref=entry.patron_id,
                    )
                    self.backend.void(entry.txn_id, act)
                except BackendError:
                    log.error("could not void %s; the sync worker will", entry.txn_id)
            return ActResult(
                entry.kind,
                entry.item_barcode,
                Outcome.FAILED,
                ResultCode.JOURNAL_UNAVAILABLE,
                entry.txn_id,
            )
        return ActResult(
            entry.kind,
            entry.item_barcode,
            Outcome.DONE if accepted else Outcome.REFUSED,
            ResultCode.parse(code),
            entry.txn_id,
            title=answer.item.title if answer and answer.item else self._known_title(entry),
            due=answer.due if answer else None,
            routing=answer.routing if answer else None,
            raw_code=code,
            library_message=answer.patron_message if answer and not accepted else "",
            library_message_language=answer.patron_message_language if answer else "",
        )

    def _fall_back_offline(
        self, entry: JournalEntry, who: PatronContext | None, offline_count: int, reason: str
    ) -> ActResult:
        # What the offline policy says, asked once (it reads the journal for a borrow).
        refusal: str | None
        if entry.kind == ActKind.RETURN:
            refusal = None
        elif entry.kind == ActKind.RENEW:
            refusal = ResultCode.OFFLINE_NO_RENEWALS
        elif who is None:
            refusal = reason
        else:
            refusal = self._offline_borrow_refusal(who, offline_count)
        if refusal is not None:
            return self._not_done(entry, Outcome.REFUSED, refusal, offline=True)
        credential = who.credential if who is not None else None
        try:
            self.journal.go_offline(entry.txn_id, Told.PROVISIONAL, credential)
        except JournalUnavailable:
            return self._not_done(entry, Outcome.FAILED, ResultCode.JOURNAL_UNAVAILABLE)
        self._on_journal()
        due = self._offline_due() if entry.kind == ActKind.BORROW else None
        return ActResult(
            entry.kind,
            entry.item_barcode,
            Outcome.PROVISIONAL,
            ResultCode.OK,
            entry.txn_id,
            due=due,
            offline=True,
        )

    def _known_title(self, entry: JournalEntry) -> str:
        """What the journal knows of the item's title, so a refused row need not show only
        its barcode."""
        try:
            return self.journal.known_title(entry.item_barcode)
        except JournalUnavailable:
            return ""

    def _not_done(
        self, entry: JournalEntry, outcome: Outcome, code: str, *, offline: bool = False
    ) -> ActResult:
        """The patron is told it did not happen; a void makes sure it never does."""
        try:
            self.journal.tell(entry.txn_id, Told.NOT_DONE)
        except JournalUnavailable:
            log.exception("journal unavailable while voiding %s", entry.txn_id)
        self._on_journal()
        return ActResult(
            entry.kind,
            entry.item_barcode,
            outcome,
            ResultCode.parse(code),
            entry.txn_id,
            title=self._known_title(entry),
            offline=offline,
            raw_code=code,
        )
