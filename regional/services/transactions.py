"""Transactions by ``txn_id``: each applied at most once, replayed on repeat, voidable."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from patron_identity.kinds import CredentialKind
from regional.db.models import Patron, TransactionRecord, table_of
from regional.db.policies import policy
from regional.problems import Problem
from regional.schemas import TransactionRequest, TransactionResult, TxnException, TxnStatus
from regional.services import credentials, offline_limits, patrons, sessions, voids
from regional.services.act import Act
from regional.services.borrowing import borrow
from regional.services.clock import local_date, offline_time
from regional.services.outcome import Outcome
from regional.services.renewals import renew
from regional.services.returns import return_item
from regional.services.runtime import Runtime
from regional.services.unit_of_work import run_write, with_retries

log = logging.getLogger(__name__)
# Acts of a batch per database transaction: about 100-200 ms of work on a small machine.
BATCH_CHUNK = 100


# Trust rules: only the kiosk that issued a txn_id may void it, and only this long after.
VOID_WINDOW = dt.timedelta(hours=24)


class NotYourTransaction(Problem):
    def __init__(self, detail: str = "this txn_id belongs to another library") -> None:
        super().__init__(403, "forbidden", detail)


class TxnIdReused(Problem):
    def __init__(self, txn_id: str) -> None:
        super().__init__(
            409,
            "txn_id_reused",
            f"{txn_id} was recorded for another act (kind, item, time or library differ)",
        )


def request_digest(request: TransactionRequest, place: str) -> str:
    """What makes an act this act, whoever it was for: a replay may change how the patron is
    named (a session, later a credential, when it is replayed offline), never these."""
    parts = (
        request.kind,
        request.item_barcode,
        request.occurred_at.astimezone(dt.UTC).isoformat(),
        place,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


_RECORDS = table_of(TransactionRecord)
# Plain Core statements on the session's connection: the act path needs neither the identity
# map nor the unit of work for the record, only its row.
_FIND_RECORD = select(
    _RECORDS.c.kiosk_id,
    _RECORDS.c.library_id,
    _RECORDS.c.result,
    _RECORDS.c.request_digest,
    _RECORDS.c.status,
    _RECORDS.c.offline,
).where(_RECORDS.c.txn_id == bindparam("txn_id"))
_INSERT_RECORD = insert(_RECORDS)
_FORGET_RECORD = delete(_RECORDS).where(_RECORDS.c.txn_id == bindparam("txn_id"))


def _replay(record: TransactionRecord) -> TransactionResult:
    return _replay_stored(record.result)


def _replay_stored(stored: dict[str, Any]) -> TransactionResult:
    return TransactionResult.model_validate(stored).model_copy(update={"replayed": True})


def _voided(txn_id: str, replayed: bool, exceptions: list | None = None) -> TransactionResult:
    return TransactionResult(
        txn_id=txn_id,
        status=TxnStatus.VOIDED,
        code="voided",
        detail="this transaction was voided",
        replayed=replayed,
        loan=None,
        routing=None,
        exceptions=exceptions or [],
    )


def needs_staff(offline: bool, result: TransactionResult) -> bool:
    """Whether the staff's exceptions desk lists the act: recorded with exceptions, or an
    offline act (a physical fact) that the service refused to record."""
    return bool(result.exceptions) or (offline and result.status == TxnStatus.REJECTED)


def _resolve_patron(
    session: Session, runtime: Runtime, request: TransactionRequest, act: Act
) -> tuple[Patron | None, str | None, str]:
    """The acting patron, why their credential would be refused (or None), and a detail
    for when there is no patron. Trust rules: an online act names the patron by the session
    their lookup opened at this kiosk (SessionRequired, SessionInvalid otherwise); an offline
    one by the card the kiosk read."""
    if request.session is not None:
        acting = sessions.use(session, request.session, act.kiosk_id, act.place, act.received_at)
        return acting, None, ""
    card = request.credential
    if not request.offline or card is None:
        raise sessions.SessionRequired(request.kind)
    value = credentials.normalise(card.kind, card.value)
    if not credentials.is_acceptable(card.kind, value):
        return None, None, "the ID number's check character is wrong"
    # Never registers: a first-time card holder is registered by a lookup, never by an act.
    found = patrons.find_or_register(
        session, runtime.hasher, card, request.id_card, act.place, act.received_at
    )
    if found is None:
        return None, None, "no patron holds this card (a card is registered by a lookup)"
    expired = None
    valid_to = found.credential.valid_to
    if (
        card.kind == CredentialKind.ID_CARD
        and valid_to is not None
        and valid_to < local_date(act.at)
    ):
        expired = f"the ID card expired on {valid_to}"
    return found.patron, expired, ""


def _apply(
    session: Session, runtime: Runtime, request: TransactionRequest, act: Act
) -> tuple[Outcome, Patron | None]:
    barcode = request.item_barcode
    if request.kind == "return":
        return return_item(session, act, barcode), None
    patron, expired, missing = _resolve_patron(session, runtime, request, act)
    if patron is None:
        return Outcome.rejected("patron_not_found", missing), None
    if act.offline:
        outside = offline_limits.outside_policy(session, request, act, patron.id)
        if outside is not None:
            return outside, patron
    if request.kind == "borrow":
        return borrow(session, act, patron, barcode, expired), patron
    return renew(session, act, patron, barcode), patron


def apply_transaction(
    session: Session,
    runtime: Runtime,
    request: TransactionRequest,
    kiosk_id: str,
    place: str,
    kiosk_clock: dt.datetime | None,
) -> TransactionResult:
    """Apply ``request`` once; a known ``txn_id`` answers with the stored result."""
    txn_id = str(request.txn_id)
    digest = request_digest(request, place)
    connection = session.connection()
    existing = connection.execute(_FIND_RECORD, {"txn_id": txn_id}).first()
    if existing is not None:
        if existing.library_id != place:
            raise NotYourTransaction()
        if existing.kiosk_id != kiosk_id:
            raise NotYourTransaction("this txn_id belongs to another kiosk")
        if existing.request_digest not in (None, digest):
            raise TxnIdReused(txn_id)
        if not (existing.status == TxnStatus.REJECTED and not existing.offline and request.offline):
            return _replay_stored(existing.result)
        # The kiosk sent this act online, never heard the refusal, and let it happen offline
        # (the patron walked away with the book): the refusal changed nothing, so the act is
        # recorded now as the offline act it became, once (the record is replaced in this
        # transaction; a concurrent replay meets the primary key and replays this result).
        log.info("%s was refused online, unheard: recorded as the offline act it became", txn_id)
        connection.execute(_FORGET_RECORD, {"txn_id": txn_id})
    now = runtime.clock()
    # Trust rules, time: an online act happens now, by the service's clock (a kiosk cannot
    # choose it); an offline one as long ago as the kiosk measured, never beyond the library's
    # offline window (an older one is dated at its edge and reported).
    stale: TxnException | None = None
    if request.offline:
        at = offline_time(request.occurred_at, kiosk_clock, now)
        window = dt.timedelta(days=policy(session, place).offline_window_days)
        if at < now - window:
            stale = TxnException(
                code="stale_offline_act",
                detail=f"it happened longer ago than the offline window ({window.days} days) "
                "allows; recorded at the window's edge",
            )
            at = now - window
    else:
        at = now
    act = Act(
        txn_id=txn_id,
        kiosk_id=kiosk_id,
        place=place,
        at=at,
        received_at=now,
        offline=request.offline,
    )
    outcome, patron = _apply(session, runtime, request, act)
    if stale is not None:
        outcome.exceptions.insert(0, stale)
    result = TransactionResult(
        txn_id=txn_id,
        status=outcome.status,
        code=outcome.code,
        detail=outcome.detail,
        replayed=False,
        loan=outcome.loan,
        routing=outcome.routing,
        exceptions=outcome.exceptions,
    )
    # The record goes in with the act's own changes, in the same transaction: its primary key
    # lets only one transaction with this txn_id commit. A concurrent duplicate fails on it (or
    # earlier, on the item's lock or the loan's unique index), is run again, and replays this
    # result; whatever it had done is rolled back with it.
    connection.execute(
        _INSERT_RECORD,
        {
            "txn_id": txn_id,
            "kiosk_id": kiosk_id,
            "library_id": place,
            "kind": request.kind,
            "item_barcode": request.item_barcode,
            "occurred_at": act.at,
            "received_at": now,
            "offline": request.offline,
            "status": result.status,
            "code": result.code,
            "result": result.model_dump(mode="json"),
            "undo": outcome.undo,
            "request_digest": digest,
            "patron_id": patron.id if patron is not None else None,
            "voided_at": None,
            "offline_lent": request.offline and "loan_id" in (outcome.undo or {}),
            "needs_staff": needs_staff(request.offline, result),
        },
    )
    log.info(
        "%s %s %s at %s by %s: %s %s%s",
        txn_id,
        request.kind,
        request.item_barcode,
        place,
        kiosk_id,
        result.status,
        result.code,
        " (offline)" if request.offline else "",
    )
    return result


def void_transaction(
    session: Session, runtime: Runtime, txn_id: str, kiosk_id: str, place: str
) -> TransactionResult:
    """Reverse ``txn_id`` if it was applied; remember it if it was never seen."""
    now = runtime.clock()
    record = session.get(TransactionRecord, txn_id, with_for_update=True)
    if record is None:
        result = _voided(txn_id, replayed=False)
        session.add(
            TransactionRecord(
                txn_id=txn_id,
                kiosk_id=kiosk_id,
                library_id=place,
                kind=None,
                received_at=now,
                offline=False,
                status=TxnStatus.VOIDED,
                code="voided",
                result=result.model_dump(mode="json"),
                voided_at=now,
            )
        )
        session.flush()
        log.info("%s voided before it arrived, by %s at %s", txn_id, kiosk_id, place)
        return result
    if record.library_id != place or record.kiosk_id != kiosk_id:
        raise NotYourTransaction("only the kiosk that issued this txn_id may void it")
    if record.status == TxnStatus.VOIDED:
        return _replay(record)
    if now - record.received_at > VOID_WINDOW:
        raise Problem(
            409,
            "void_too_late",
            f"{txn_id} was recorded more than {VOID_WINDOW.total_seconds() / 3600:g} hours ago; "
            "staff can reverse it",
        )
    exceptions = voids.reverse(session, record.undo) if record.status == TxnStatus.ACCEPTED else []
    result = _voided(txn_id, replayed=False, exceptions=exceptions)
    record.needs_staff = record.needs_staff or bool(exceptions)
    record.status = TxnStatus.VOIDED
    record.code = "voided"
    record.result = result.model_dump(mode="json")
    record.voided_at = now
    log.info("%s voided by %s at %s", txn_id, kiosk_id, place)
    return result


def run_transaction(
    runtime: Runtime,
    request: TransactionRequest,
    kiosk_id: str,
    place: str,
    kiosk_clock: dt.datetime | None,
) -> TransactionResult:
    return run_write(
        runtime.db,
        lambda session: apply_transaction(session, runtime, request, kiosk_id, place, kiosk_clock),
    )


def _refused(request: TransactionRequest, exc: Problem) -> TransactionResult:
    return TransactionResult(
        txn_id=str(request.txn_id),
        status=TxnStatus.REJECTED,
        code=exc.code,  # forbidden, session_required, session_invalid
        detail=exc.detail,
        replayed=False,
        loan=None,
        routing=None,
        exceptions=[],
    )


def _apply_in_savepoint(
    session: Session,
    runtime: Runtime,
    request: TransactionRequest,
    kiosk_id: str,
    place: str,
    kiosk_clock: dt.datetime | None,
) -> TransactionResult:
    """One act of a batch inside its own SAVEPOINT: a failing act rolls back only itself, and
    a conflict with a concurrent writer is retried from its savepoint (``with_retries``)."""

    def once() -> TransactionResult:
        try:
            with session.begin_nested():
                return apply_transaction(session, runtime, request, kiosk_id, place, kiosk_clock)
        except NotYourTransaction as exc:
            return _refused(request, exc)
        except (sessions.SessionRequired, sessions.SessionInvalid) as exc:
            # One act's patron session, not the batch's token: that act alone is refused (and
            # not recorded, so that the kiosk may send it again as what it became offline).
            return _refused(request, exc)
        finally:
            # Acts change counters and fines with plain UPDATEs behind the session's back; the
            # next act must read every row afresh, as it would in a session of its own. (Its
            # changes are flushed by now: the savepoint was released or rolled back.)
            session.expunge_all()

    return with_retries(once)


def run_batch(
    runtime: Runtime,
    requests: list[TransactionRequest],
    kiosk_id: str,
    place: str,
    kiosk_clock: dt.datetime | None,
) -> list[TransactionResult]:
    """Each transaction on its own, in order; one's rejection does not stop the rest.

    Up to BATCH_CHUNK acts share one database transaction, a SAVEPOINT each: one commit
    instead of one per act, while the chunk bounds how long the batch holds SQLite's write
    lock (and PostgreSQL's row locks) before the kiosks waiting behind it get their turn."""
    results: list[TransactionResult] = []
    for start in range(0, len(requests), BATCH_CHUNK):
        chunk = requests[start : start + BATCH_CHUNK]

        def work(
            session: Session, chunk: list[TransactionRequest] = chunk
        ) -> list[TransactionResult]:
            return [
                _apply_in_savepoint(session, runtime, request, kiosk_id, place, kiosk_clock)
                for request in chunk
            ]

        results += run_write(runtime.db, work)
    return results


def run_void(runtime: Runtime, txn_id: str, kiosk_id: str, place: str) -> TransactionResult:
    return run_write(
        runtime.db, lambda session: void_transaction(session, runtime, txn_id, kiosk_id, place)
    )
