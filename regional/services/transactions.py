"""Transactions by ``txn_id``: each applied at most once, replayed on repeat, voidable."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from regional.db.models import Patron, TransactionRecord
from regional.problems import Problem
from regional.schemas import TransactionRequest, TransactionResult
from regional.services import credentials, patrons, voids
from regional.services.act import Act
from regional.services.borrowing import borrow
from regional.services.clock import corrected_time, local_date
from regional.services.outcome import Outcome
from regional.services.renewals import renew
from regional.services.returns import return_item
from regional.services.runtime import Runtime
from regional.services.unit_of_work import run_write

log = logging.getLogger(__name__)


class NotYourTransaction(Problem):
    def __init__(self) -> None:
        super().__init__(403, "forbidden", "this txn_id belongs to another library")


def _replay(record: TransactionRecord) -> TransactionResult:
    stored = TransactionResult.model_validate(record.result)
    return stored.model_copy(update={"replayed": True})


def _voided(txn_id: str, replayed: bool, exceptions: list | None = None) -> TransactionResult:
    return TransactionResult(
        txn_id=txn_id,
        status="voided",
        code="voided",
        detail="this transaction was voided",
        replayed=replayed,
        loan=None,
        routing=None,
        exceptions=exceptions or [],
    )


def _resolve_patron(
    session: Session, runtime: Runtime, request: TransactionRequest, act: Act
) -> tuple[Patron | None, str | None, str]:
    """The acting patron, why their credential would be refused (or None), and a detail
    for when there is no patron."""
    if request.patron_id is not None:
        number = patrons.parse_public_id(request.patron_id)
        patron = session.get(Patron, number) if number is not None else None
        return patron, None, f"no patron {request.patron_id}"
    card = request.credential
    if card is None:
        return None, None, "no patron given"
    value = credentials.normalise(card.kind, card.value)
    if not credentials.is_acceptable(card.kind, value):
        return None, None, "the ID number's check character is wrong"
    found = patrons.find_or_register(
        session, runtime.hasher, card, request.id_card, act.place, act.received_at
    )
    if found is None:
        return None, None, "no patron holds this card"
    expired = None
    valid_to = found.credential.valid_to
    if card.kind == "id_card" and valid_to is not None and valid_to < local_date(act.at):
        expired = f"the ID card expired on {valid_to}"
    return found.patron, expired, ""


def _apply(session: Session, runtime: Runtime, request: TransactionRequest, act: Act) -> Outcome:
    barcode = request.item_barcode
    if request.kind == "return":
        return return_item(session, act, barcode)
    patron, expired, missing = _resolve_patron(session, runtime, request, act)
    if patron is None:
        return Outcome.rejected("patron_not_found", missing)
    if request.kind == "borrow":
        return borrow(session, act, patron, barcode, expired)
    return renew(session, act, patron, barcode)


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
    existing = session.get(TransactionRecord, txn_id)
    if existing is not None:
        if existing.library_id != place:
            raise NotYourTransaction()
        return _replay(existing)
    now = runtime.clock()
    act = Act(
        txn_id=txn_id,
        kiosk_id=kiosk_id,
        place=place,
        at=corrected_time(request.occurred_at, kiosk_clock, now, runtime.skew_threshold),
        received_at=now,
        offline=request.offline,
    )
    record = TransactionRecord(
        txn_id=txn_id,
        kiosk_id=kiosk_id,
        library_id=place,
        kind=request.kind,
        item_barcode=request.item_barcode,
        occurred_at=act.at,
        received_at=now,
        offline=request.offline,
        status="pending",
        code="pending",
        result={},
    )
    session.add(record)
    # Claim the txn_id first: a concurrent duplicate now waits on the primary key, then fails
    # and replays this result instead of acting a second time.
    session.flush()
    outcome = _apply(session, runtime, request, act)
    result = TransactionResult(
        txn_id=txn_id,
        status="accepted" if outcome.status == "accepted" else "rejected",
        code=outcome.code,
        detail=outcome.detail,
        replayed=False,
        loan=outcome.loan,
        routing=outcome.routing,
        exceptions=outcome.exceptions,
    )
    record.status = result.status
    record.code = result.code
    record.result = result.model_dump(mode="json")
    record.undo = outcome.undo
    if request.patron_id is not None:
        record.patron_id = patrons.parse_public_id(request.patron_id)
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
                status="voided",
                code="voided",
                result=result.model_dump(mode="json"),
                voided_at=now,
            )
        )
        session.flush()
        log.info("%s voided before it arrived, by %s at %s", txn_id, kiosk_id, place)
        return result
    if record.library_id != place:
        raise NotYourTransaction()
    if record.status == "voided":
        return _replay(record)
    exceptions = voids.reverse(session, record.undo) if record.status == "accepted" else []
    result = _voided(txn_id, replayed=False, exceptions=exceptions)
    record.status = "voided"
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


def run_batch(
    runtime: Runtime,
    requests: list[TransactionRequest],
    kiosk_id: str,
    place: str,
    kiosk_clock: dt.datetime | None,
) -> list[TransactionResult]:
    """Each transaction on its own, in order; one's rejection does not stop the rest."""
    results = []
    for request in requests:
        try:
            results.append(run_transaction(runtime, request, kiosk_id, place, kiosk_clock))
        except NotYourTransaction as exc:
            results.append(
                TransactionResult(
                    txn_id=str(request.txn_id),
                    status="rejected",
                    code="forbidden",
                    detail=exc.detail,
                    replayed=False,
                    loan=None,
                    routing=None,
                    exceptions=[],
                )
            )
    return results


def run_void(runtime: Runtime, txn_id: str, kiosk_id: str, place: str) -> TransactionResult:
    return run_write(
        runtime.db, lambda session: void_transaction(session, runtime, txn_id, kiosk_id, place)
    )
