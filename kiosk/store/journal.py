"""The local journal: every act is committed here first, then replayed to the service."""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import (
    Boolean,
    Engine,
    String,
    Table,
    bindparam,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain import FINAL_STATES, ActKind, Credential, EntryState, Told
from kiosk.store.database import READ_SNAPSHOT, JournalUnavailable, create_journal_engine, migrate
from kiosk.store.models import TO_REPLAY, JournalRow, StateCount
from patron_identity.masking import mask_card_number


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class JournalEntry:
    """A journal row as a value that may cross threads."""

    txn_id: str
    seq: int
    kind: ActKind
    state: EntryState
    item_barcode: str
    patron_id: str | None
    credential: Credential | None
    occurred_at: dt.datetime
    offline: bool
    told_patron: Told
    void_requested: bool
    attempts: int
    last_error: str | None
    result_code: str | None
    due: str | None
    response: dict[str, Any] | None
    created_at: dt.datetime
    finalized_at: dt.datetime | None

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES


@dataclass(frozen=True)
class Settlement:
    """The service's final answer to one journalled act."""

    txn_id: str
    state: EntryState
    code: str | None = None
    due: str | None = None
    response: dict[str, Any] | None = None
    patron_id: str | None = None
    told: Told | None = None
    # The service's final answer to a void (voided, or refused): nothing more to ask it.
    ends_void_request: bool = False


@dataclass(frozen=True)
class JournalStats:
    counts: dict[EntryState, int]
    oldest_pending: dt.datetime | None
    last_error: str | None

    @property
    def pending(self) -> int:
        return self.counts.get(EntryState.PENDING, 0)


_JOURNAL = cast(Table, JournalRow.__table__)
# A settlement's UPDATE, executed once for a batch (one parameter set per act).
_SETTLE = (
    update(_JOURNAL)
    .where(_JOURNAL.c.txn_id == bindparam("b_txn"))
    .values(
        state=bindparam("b_state", type_=String),
        result_code=bindparam("b_code", type_=String),
        due=bindparam("b_due", type_=String),
        response_json=bindparam("b_response", type_=String),
        patron_id=func.coalesce(bindparam("b_patron", type_=String), _JOURNAL.c.patron_id),
        credential_json=None,
        attempts=_JOURNAL.c.attempts + 1,
        last_error=None,
        told_patron=func.coalesce(bindparam("b_told", type_=String), _JOURNAL.c.told_patron),
        # A void's final answer (voided, or refused) ends the request for it.
        void_requested=case(
            (
                or_(
                    bindparam("b_state", type_=String) == str(EntryState.VOIDED),
                    bindparam("b_ends_void", type_=Boolean),
                ),
                literal(False),
            ),
            else_=_JOURNAL.c.void_requested,
        ),
    )
)


def _entry(row: JournalRow) -> JournalEntry:
    return JournalEntry(
        txn_id=row.txn_id,
        seq=row.seq,
        kind=ActKind(row.kind),
        state=EntryState(row.state),
        item_barcode=row.item_barcode,
        patron_id=row.patron_id,
        credential=Credential.from_json(json.loads(row.credential_json))
        if row.credential_json
        else None,
        occurred_at=row.occurred_at,
        offline=row.offline,
        told_patron=Told(row.told_patron),
        void_requested=row.void_requested,
        attempts=row.attempts,
        last_error=row.last_error,
        result_code=row.result_code,
        due=row.due,
        response=json.loads(row.response_json) if row.response_json else None,
        created_at=row.created_at,
        finalized_at=row.finalized_at,
    )


class Journal:
    """Thread-safe: every call uses its own short session, so each thread has its own."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._engine = create_journal_engine(self.path)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self.opened = False

    def open(self) -> Journal:
        """Run migrations (keeping every unsynced row) and check the file is writable."""
        with self._errors():
            migrate(self._engine)
        self.opened = True
        return self

    def close(self) -> None:
        self._engine.dispose()

    @property
    def engine(self) -> Engine:
        """The journal's own engine, for instrumentation (a test or bench listening to the
        statements it sends); acts go through the methods, never through this."""
        return self._engine

    def __enter__(self) -> Journal:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._errors(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction for the other small tables kept in this database (kiosk.store
        only); raises JournalUnavailable as the journal's own calls do."""
        with self._write() as session:
            yield session

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            # Disk full, read-only file system, file deleted: the kiosk must stop taking acts.
            raise JournalUnavailable(str(exc.orig)) from exc

    # ---- acts ---------------------------------------------------------------------------
    def record(
        self,
        kind: ActKind,
        item_barcode: str,
        *,
        patron_id: str | None = None,
        credential: Credential | None = None,
        occurred_at: dt.datetime | None = None,
        offline: bool = False,
        told: Told = Told.PENDING,
        txn_id: str | None = None,
    ) -> JournalEntry:
        """Commit a new pending act durably (fsync) and return it with its fresh UUID."""
        now = utcnow()
        row = JournalRow(
            txn_id=txn_id or str(uuid.uuid4()),
            kind=str(kind),
            state=str(EntryState.PENDING),
            item_barcode=item_barcode,
            patron_id=patron_id,
            credential_json=json.dumps(credential.to_json()) if credential else None,
            occurred_at=occurred_at or now,
            offline=offline,
            told_patron=str(told),
            void_requested=False,
            attempts=0,
            created_at=now,
        )
        with self._write() as session:
            session.add(row)
        return _entry(row)

    def tell(self, txn_id: str, told: Told) -> JournalEntry:
        """Remember what the patron was told. Told 'not done' while the outcome is unknown,
        the act must never take effect later: a void is requested for it."""
        with self._write() as session:
            row = self._row(session, txn_id)
            row.told_patron = str(told)
            if told == Told.NOT_DONE and row.state in (EntryState.PENDING, EntryState.ACCEPTED):
                row.void_requested = True
            return _entry(row)

    def note_attempt(self, txn_id: str, error: str | None) -> JournalEntry:
        """One more try that got no final answer (the row stays pending)."""
        with self._write() as session:
            row = self._row(session, txn_id)
            row.attempts += 1
            row.last_attempt_at = utcnow()
            row.last_error = error
            return _entry(row)

    def go_offline(self, txn_id: str, told: Told, credential: Credential | None = None) -> None:
        """The service could not be reached for this act: it stands as done offline and will be
        replayed with ``offline: true`` (``credential`` lets the service find the patron)."""
        with self._write() as session:
            row = self._row(session, txn_id)
            row.offline = True
            row.told_patron = str(told)
            if credential is not None:  # offline the service knows the patron by their card
                row.credential_json = json.dumps(credential.to_json())

    def recover(self) -> int:
        """After a crash: acts the patron was never told about must not take effect later."""
        # One UPDATE through ix_journal_unanswered: only rows still told 'pending' are read.
        with self._write() as session:
            result = session.execute(
                update(JournalRow)
                .where(
                    JournalRow.told_patron == str(Told.PENDING),
                    JournalRow.state.in_([str(EntryState.PENDING), str(EntryState.ACCEPTED)]),
                )
                .values(told_patron=str(Told.NOT_DONE), void_requested=True)
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def settle(
        self,
        txn_id: str,
        state: EntryState,
        *,
        code: str | None = None,
        due: str | None = None,
        response: dict[str, Any] | None = None,
        patron_id: str | None = None,
        told: Told | None = None,
    ) -> JournalEntry:
        """Record the service's final answer (and what the patron is told, in the same commit).
        Final rows keep no ID number or name."""
        settlement = Settlement(txn_id, state, code, due, response, patron_id, told)
        return self.settle_many([settlement])[0]

    def settle_many(self, settlements: list[Settlement]) -> list[JournalEntry]:
        """Several final answers in one commit (a replayed batch)."""
        for item in settlements:
            if item.state not in FINAL_STATES:
                raise ValueError(f"{item.state} is not a final state")
        if not settlements:
            return []
        now = utcnow()
        params = [
            {
                "b_txn": item.txn_id,
                "b_state": str(item.state),
                "b_code": item.code,
                "b_due": item.due,
                "b_response": json.dumps(_without_names(item.response)) if item.response else None,
                "b_patron": item.patron_id or None,  # none: keep the row's
                "b_told": str(item.told) if item.told is not None else None,
                "b_ends_void": item.ends_void_request,
            }
            for item in settlements
        ]
        with self._write() as session:
            # One UPDATE executed for the whole batch, found by txn_id's unique index; then one
            # SELECT for the values returned (instead of a SELECT and an UPDATE per act).
            session.connection().execute(
                _SETTLE.values(last_attempt_at=now, finalized_at=now), params
            )
            ids = [item.txn_id for item in settlements]
            rows = {
                row.txn_id: row
                for row in session.scalars(select(JournalRow).where(JournalRow.txn_id.in_(ids)))
            }
            missing = [txn_id for txn_id in ids if txn_id not in rows]
            if missing:
                raise KeyError(f"no journal entry {missing[0]}")  # and nothing is committed
            return [_entry(rows[txn_id]) for txn_id in ids]

    def probe(self) -> bool:
        """Can an act be committed now? Commits a probe row (larger than any act) and deletes
        it again, so a full or read-only disk shows. Never raises. The row is written as a
        settled void so that, should the delete fail, it is never replayed (purge removes it)."""
        now = utcnow()
        txn_id = str(uuid.uuid4())
        try:
            if not self.opened:
                self.open()  # it could not be opened at start; perhaps it can now
            with self._write() as session:
                session.add(
                    JournalRow(
                        txn_id=txn_id,
                        kind=str(ActKind.RETURN),
                        state=str(EntryState.VOIDED),
                        item_barcode="probe",
                        occurred_at=now,
                        offline=False,
                        told_patron=str(Told.NOT_DONE),
                        void_requested=False,
                        attempts=0,
                        created_at=now,
                        finalized_at=now,
                        last_error="x" * 16_384,
                    )
                )
            with self._write() as session:
                session.delete(self._row(session, txn_id))
        except JournalUnavailable:
            return False
        return True

    # ---- queries ------------------------------------------------------------------------
    def get(self, txn_id: str) -> JournalEntry | None:
        with self._errors(), self._sessions() as session:
            row = session.scalar(select(JournalRow).where(JournalRow.txn_id == txn_id))
            return _entry(row) if row else None

    def pending(self, limit: int = 500) -> list[JournalEntry]:
        """Acts to replay (and acts awaiting a void) in the order they happened. Acts still in
        the hands of the circulation core (patron not yet told) are left to it."""
        # TO_REPLAY word for word, so that SQLite walks the partial index ix_journal_replay in
        # order and stops after ``limit`` rows, whatever the number of final rows.
        query = (
            select(JournalRow)
            .where(text(TO_REPLAY))
            .order_by(JournalRow.occurred_at, JournalRow.seq)
            .limit(limit)
        )
        with self._errors(), self._sessions() as session:
            return [_entry(row) for row in session.scalars(query)]

    def entries(
        self, *, states: set[EntryState] | None = None, limit: int = 1000
    ) -> list[JournalEntry]:
        query = select(JournalRow).order_by(JournalRow.seq.desc()).limit(limit)
        if states:
            query = query.where(JournalRow.state.in_([str(s) for s in states]))
        with self._errors(), self._sessions() as session:
            return [_entry(row) for row in session.scalars(query)]

    def stats(self) -> JournalStats:
        with self._errors(), self._sessions() as session:
            # Kept by triggers (migration 0003); a state whose rows are all gone keeps a 0.
            counts = {
                EntryState(state): n
                for state, n in session.execute(select(StateCount.state, StateCount.n))
                if n > 0
            }
            oldest = session.scalar(
                select(func.min(JournalRow.occurred_at)).where(
                    JournalRow.state == str(EntryState.PENDING)
                )
            )
            last_error = session.scalar(
                select(JournalRow.last_error)
                .where(JournalRow.last_error.is_not(None))
                .order_by(JournalRow.last_attempt_at.desc())
                .limit(1)
            )
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.UTC)
        return JournalStats(counts, oldest, last_error)

    def purge(self, older_than_days: int, now: dt.datetime | None = None) -> int:
        """Delete final rows settled more than ``older_than_days`` ago; never a pending one."""
        cutoff = (now or utcnow()) - dt.timedelta(days=older_than_days)
        # One DELETE over ix_journal_finalized: it reads only the rows it deletes.
        with self._write() as session:
            result = session.execute(
                delete(JournalRow)
                .where(
                    JournalRow.finalized_at < cutoff,
                    JournalRow.state.in_([str(s) for s in FINAL_STATES]),
                    JournalRow.void_requested.is_(False),
                )
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def export_csv(self, out: IO[str]) -> int:
        """Every row as CSV with patron data masked; returns the number of rows. Streamed in
        constant memory from a read snapshot, so acts are still committed while it runs."""
        writer = csv.writer(out)
        writer.writerow(
            [
                "txn_id",
                "kind",
                "state",
                "item_barcode",
                "patron",
                "occurred_at",
                "offline",
                "told_patron",
                "attempts",
                "result_code",
                "due",
                "last_error",
            ]
        )
        c = _JOURNAL.c
        query = select(
            c.txn_id,
            c.kind,
            c.state,
            c.item_barcode,
            c.patron_id,
            c.credential_json,
            c.occurred_at,
            c.offline,
            c.told_patron,
            c.attempts,
            c.result_code,
            c.due,
            c.last_error,
        ).order_by(c.seq)
        n = 0
        with self._errors(), self._engine.connect() as conn:
            rows = conn.execution_options(**{READ_SNAPSHOT: True, "yield_per": 1000}).execute(query)
            for row in rows:
                if row.credential_json:
                    patron = Credential.from_json(json.loads(row.credential_json)).masked()
                else:
                    patron = mask_card_number(row.patron_id) if row.patron_id else ""
                writer.writerow(
                    [
                        _cell(row.txn_id),
                        _cell(row.kind),
                        _cell(row.state),
                        _cell(row.item_barcode),
                        _cell(patron),
                        row.occurred_at.isoformat(),
                        int(row.offline),
                        _cell(row.told_patron),
                        row.attempts,
                        _cell(row.result_code or ""),
                        _cell(row.due or ""),
                        _cell(row.last_error or ""),
                    ]
                )
                n += 1
        return n

    def earlier_for_item(self, item_barcode: str, before_seq: int) -> list[JournalEntry]:
        """The item's acts journalled before ``before_seq`` that are still to replay (as in
        pending(), voids included), in the order pending() gives them."""
        query = (
            select(JournalRow)
            .where(
                JournalRow.item_barcode == item_barcode,
                JournalRow.seq < before_seq,
                text(TO_REPLAY),  # word for word: served by ix_journal_replay_item
            )
            .order_by(JournalRow.occurred_at, JournalRow.seq)
        )
        with self._errors(), self._sessions() as session:
            return [_entry(row) for row in session.scalars(query)]

    def known_title(self, item_barcode: str) -> str:
        """The item's title from the latest answer kept here that names it; "" if none does
        (a refusal names no item: its row then shows the title the kiosk saw before)."""
        query = (
            select(JournalRow.response_json)
            .where(
                JournalRow.item_barcode == item_barcode,
                JournalRow.response_json.is_not(None),
            )
            .order_by(JournalRow.seq.desc())
            .limit(20)
        )
        with self._errors(), self._sessions() as session:
            answers = list(session.scalars(query))
        for found in answers:
            loan = json.loads(found).get("loan") if found else None
            item = loan.get("item") if isinstance(loan, dict) else None
            if isinstance(item, dict) and item.get("title"):
                return str(item["title"])
        return ""

    def unsent_offline_borrows(self, credential: Credential) -> int:
        """Offline borrows by ``credential`` the service has not heard of yet (not being
        voided): this card's share of the current offline episode, as the service counts it."""
        query = select(JournalRow.credential_json).where(
            text(TO_REPLAY),  # word for word: served by ix_journal_replay
            JournalRow.kind == str(ActKind.BORROW),
            JournalRow.offline.is_(True),
            JournalRow.void_requested.is_(False),
            JournalRow.credential_json.is_not(None),
        )
        with self._errors(), self._sessions() as session:
            cards = [json.loads(found) for found in session.scalars(query) if found]
        return sum(
            card.get("kind") == str(credential.kind) and card.get("value") == credential.value
            for card in cards
        )

    @staticmethod
    def _row(session: Session, txn_id: str) -> JournalRow:
        row = session.scalar(select(JournalRow).where(JournalRow.txn_id == txn_id))
        if row is None:
            raise KeyError(f"no journal entry {txn_id}")
        return row


# A cell a spreadsheet would read as a formula (OWASP, CSV injection): shown as text instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _without_names(response: dict[str, Any]) -> dict[str, Any]:
    """The service's answer as kept after settling: drop any field that names a patron."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("patron_display", "name")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(response)
