"""The exceptions desk: the acts staff must follow up, and their resolutions (who, when, what).

Resolving: *confirm* accepts the act as the service recorded it; *note* closes it with what
staff did outside the service (a phone call, a book found on the shelf); *reverse* undoes the
act's recorded effect through the service's own void rules (``voids.reverse``: the loan taken
back, the return reopened, the renewal's due date restored), and the act then answers as
voided, as if its kiosk had voided it. Reversing is offered only where the act changed
something; where later acts stand in the way the void rules say so and nothing changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regional.console.accounts import Staff
from regional.db.models import ExceptionResolution, Item, Patron, TransactionRecord
from regional.schemas import TransactionResult, TxnStatus
from regional.services import voids

PAGE_SIZE = 200


class Action(StrEnum):
    CONFIRM = "confirm"
    REVERSE = "reverse"
    NOTE = "note"


class CaseState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    ALL = "all"


@dataclass(frozen=True)
class Finding:
    code: str
    detail: str


@dataclass(frozen=True)
class Resolution:
    action: Action
    note: str
    by: str
    at: dt.datetime
    outcome: dict[str, Any] | None


@dataclass(frozen=True)
class Case:
    """One act on the desk, as a page shows it."""

    txn_id: str
    library_id: str
    kiosk_id: str
    kind: str | None
    status: str
    code: str
    offline: bool
    item_barcode: str | None
    item_title: str | None
    patron: str | None  # the masked name the service keeps
    occurred_at: dt.datetime | None
    received_at: dt.datetime
    findings: list[Finding]
    reversible: bool
    resolution: Resolution | None

    @property
    def main_code(self) -> str:
        """What the desk files it under: its first exception, else why it was refused."""
        return self.findings[0].code if self.findings else self.code


def _findings(record: TransactionRecord) -> list[Finding]:
    found = [
        Finding(str(e.get("code", "")), str(e.get("detail", "")))
        for e in (record.result or {}).get("exceptions", [])
    ]
    if not found and record.status == TxnStatus.REJECTED:
        found = [Finding(record.code, str((record.result or {}).get("detail", "")))]
    return found


def reversible(record: TransactionRecord) -> bool:
    return record.status == TxnStatus.ACCEPTED and bool((record.undo or {}).get("op"))


def _query() -> Any:  # a Select of (record, resolution, title, masked name)
    return (
        select(TransactionRecord, ExceptionResolution, Item.title, Patron.display_name)
        .outerjoin(ExceptionResolution, ExceptionResolution.txn_id == TransactionRecord.txn_id)
        .outerjoin(Item, Item.barcode == TransactionRecord.item_barcode)
        .outerjoin(Patron, Patron.id == TransactionRecord.patron_id)
        .where(TransactionRecord.needs_staff)
    )


def _case(row: Any) -> Case:
    record, resolution, title, patron = row
    return Case(
        txn_id=record.txn_id,
        library_id=record.library_id,
        kiosk_id=record.kiosk_id,
        kind=record.kind,
        status=record.status,
        code=record.code,
        offline=record.offline,
        item_barcode=record.item_barcode,
        item_title=title,
        patron=patron,
        occurred_at=record.occurred_at,
        received_at=record.received_at,
        findings=_findings(record),
        reversible=reversible(record) and resolution is None,
        resolution=None
        if resolution is None
        else Resolution(
            Action(resolution.action),
            resolution.note,
            resolution.staff_username,
            resolution.resolved_at,
            resolution.outcome,
        ),
    )


def list_cases(
    session: Session, staff: Staff, state: CaseState, library: str | None = None
) -> list[Case]:
    """The desk's acts, newest first: library staff see only their library's."""
    query = _query()
    scope = staff.scope or library
    if scope is not None:
        query = query.where(TransactionRecord.library_id == scope)
    if state == CaseState.OPEN:
        query = query.where(ExceptionResolution.txn_id.is_(None))
    elif state == CaseState.RESOLVED:
        query = query.where(ExceptionResolution.txn_id.is_not(None))
    query = query.order_by(TransactionRecord.received_at.desc()).limit(PAGE_SIZE)
    return [_case(row) for row in session.execute(query)]


def find_case(session: Session, staff: Staff, txn_id: str) -> Case | None:
    """One act of the desk, or None where there is none (or not for this person to see)."""
    row = session.execute(_query().where(TransactionRecord.txn_id == txn_id)).first()
    if row is None or not staff.sees(row[0].library_id):
        return None
    return _case(row)


class Resolved(StrEnum):
    DONE = "done"
    ALREADY = "already"  # someone resolved it first
    NOT_FOUND = "not_found"
    NOT_REVERSIBLE = "not_reversible"  # nothing to undo, or later acts stand in the way
    NOTE_REQUIRED = "note_required"


@dataclass(frozen=True)
class ResolveResult:
    verdict: Resolved
    detail: str = ""


def resolve(
    session: Session, staff: Staff, txn_id: str, action: Action, note: str, now: dt.datetime
) -> ResolveResult:
    """Close one act of the desk; one resolution per act (the primary key decides a race)."""
    note = note.strip()
    record = session.get(TransactionRecord, txn_id, with_for_update=True)
    if record is None or not record.needs_staff or not staff.sees(record.library_id):
        return ResolveResult(Resolved.NOT_FOUND)
    if session.get(ExceptionResolution, txn_id) is not None:
        return ResolveResult(Resolved.ALREADY)
    if action == Action.NOTE and not note:
        return ResolveResult(Resolved.NOTE_REQUIRED)
    outcome: dict[str, Any] | None = None
    if action == Action.REVERSE:
        if not reversible(record):
            return ResolveResult(Resolved.NOT_REVERSIBLE)
        with session.begin_nested() as savepoint:
            refused = voids.reverse(session, record.undo)
            if refused:
                # The void rules found a later act in the way: change nothing, say why.
                savepoint.rollback()
                return ResolveResult(Resolved.NOT_REVERSIBLE, "; ".join(e.detail for e in refused))
        outcome = {"reversed": record.undo.get("op") if record.undo else None}
        _mark_voided(record, now)
    session.add(
        ExceptionResolution(
            txn_id=txn_id,
            action=action.value,
            note=note[:2000],
            staff_id=staff.id,
            staff_username=staff.username,
            resolved_at=now,
            outcome=outcome,
        )
    )
    session.flush()
    return ResolveResult(Resolved.DONE)


def _mark_voided(record: TransactionRecord, now: dt.datetime) -> None:
    """The act answers as voided from now on, keeping what the desk showed about it."""
    before = TransactionResult.model_validate(record.result)
    result = before.model_copy(
        update={
            "status": TxnStatus.VOIDED,
            "code": "voided",
            "detail": "reversed by staff",
            "loan": None,
            "routing": None,
        }
    )
    record.status = TxnStatus.VOIDED
    record.code = "voided"
    record.result = result.model_dump(mode="json")
    record.voided_at = now
