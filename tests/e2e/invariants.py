"""The one invariant every fault test checks, read from the service's own database: it holds
exactly what patrons were told, and its loans, counters, renewals and fines are what the acts
it recorded imply when replayed, in the order it applied them, over the state before the run."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, create_engine, select
from sqlalchemy.pool import NullPool

from kiosk.domain import EntryState, Told
from kiosk.store.journal import JournalEntry
from regional.db.models import Credential, Item, Library, Loan, Patron, TransactionRecord, table_of
from regional.services.clock import local_date
from regional.services.credentials import CredentialHasher
from tests.e2e.regional_process import ServiceDatabase

_LOANS = table_of(Loan)
_PATRONS = table_of(Patron)
_ITEMS = table_of(Item)
_TXNS = table_of(TransactionRecord)
_LIBRARIES = table_of(Library)
_CREDENTIALS = table_of(Credential)


def _rows(db: ServiceDatabase, statement: Select[Any]) -> list[Any]:
    """Rows through the service's own column types (aware datetimes on SQLite and PostgreSQL)."""
    engine = create_engine(db.database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return list(conn.execute(statement))
    finally:
        engine.dispose()


UNATTRIBUTED = -1  # the patron of a loan that only existed until its act was voided


@dataclass(frozen=True)
class _Policy:
    loan_days: int
    renew_days: int
    fine_cents_per_day: int


@dataclass
class _Loan:
    """A loan as the acts imply it (``db_id`` only for loans that existed before the run)."""

    item: str
    patron: int
    borrowed_at: dt.datetime
    due: dt.date
    renewals: int = 0
    returned: bool = False
    db_id: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """The service's state before the run: open loans, counters and fines, known txn_ids."""

    open_loans: dict[str, _Loan]
    patrons: dict[int, tuple[int, int]]  # id → (active_loans, fines_cents)
    last_loan_id: int
    txn_ids: frozenset[str]
    owners: dict[str, str]  # item → owning library
    policies: dict[str, _Policy]


def snapshot(db: ServiceDatabase) -> Snapshot:
    """Take before the run: the state the run's acts are replayed over."""
    loans = _rows(db, select(_LOANS))
    return Snapshot(
        open_loans={
            r.item_barcode: _Loan(
                r.item_barcode, r.patron_id, r.borrowed_at, r.due, r.renewals, db_id=r.id
            )
            for r in loans
            if r.returned_at is None
        },
        patrons={
            r.id: (r.active_loans, r.fines_cents)
            for r in _rows(
                db, select(_PATRONS.c.id, _PATRONS.c.active_loans, _PATRONS.c.fines_cents)
            )
        },
        last_loan_id=max((r.id for r in loans), default=0),
        txn_ids=frozenset(r[0] for r in _rows(db, select(_TXNS.c.txn_id))),
        owners=dict(_rows(db, select(_ITEMS.c.barcode, _ITEMS.c.owner_library_id))),
        policies={
            r.id: _Policy(r.loan_days, r.renew_days, r.fine_cents_per_day)
            for r in _rows(db, select(_LIBRARIES))
        },
    )


def patrons_by_card(db: ServiceDatabase, key: bytes, id_numbers: list[str]) -> dict[str, int]:
    """The service's patron for each resident ID number (registered on first use if new)."""
    hasher = CredentialHasher(key)
    by_hash = dict(_rows(db, select(_CREDENTIALS.c.key_hash, _CREDENTIALS.c.patron_id)))
    found = {n: by_hash.get(hasher.key_hash("id_card", n)) for n in id_numbers}
    return {n: p for n, p in found.items() if p is not None}


def patrons_by_mask(db: ServiceDatabase) -> dict[str, int]:
    """The service's patron for each masked card number it knows (masks the kiosk prints)."""
    return dict(_rows(db, select(_CREDENTIALS.c.masked, _CREDENTIALS.c.patron_id)))


def _overdue_cents(due: dt.date, until: dt.datetime, rate: int) -> int:
    return max(0, (local_date(until) - due).days) * rate


# Offline acts outside the kiosk's offline policy (trust rules): the kiosk is told so, and the
# service changes nothing for them.
RECORDED_ONLY = frozenset({"offline_limit_exceeded", "offline_credential_not_accepted"})


def _exception_codes(txn: Any) -> set[str]:
    result = json.loads(txn.result) if isinstance(txn.result, str) else txn.result
    return {e["code"] for e in (result or {}).get("exceptions", [])}


@dataclass
class _Model:
    """The service's state as the recorded acts imply it, advanced act by act."""

    before: Snapshot
    open: dict[str, _Loan] = field(default_factory=dict)
    created: list[_Loan] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)
    fines: dict[int, int] = field(default_factory=dict)
    undo: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.open = dict(self.before.open_loans)
        self.counters = {p: n for p, (n, _f) in self.before.patrons.items()}
        self.fines = {p: f for p, (_n, f) in self.before.patrons.items()}

    def _policy(self, item: str) -> _Policy:
        return self.before.policies[self.before.owners[item]]

    def _charge(self, patron: int, cents: int) -> None:
        self.fines[patron] = self.fines.get(patron, 0) + cents

    def _refund(self, patron: int, cents: int) -> None:
        self.fines[patron] = max(0, self.fines.get(patron, 0) - cents)

    def _count(self, patron: int, delta: int) -> None:
        self.counters[patron] = self.counters.get(patron, 0) + delta

    def _close(self, loan: _Loan, at: dt.datetime) -> int:
        fine = _overdue_cents(
            loan.due, max(at, loan.borrowed_at), self._policy(loan.item).fine_cents_per_day
        )
        loan.returned = True
        del self.open[loan.item]
        self._count(loan.patron, -1)
        self._charge(loan.patron, fine)
        return fine

    def apply(self, txn: Any, patron: int | None) -> None:
        item, at = txn.item_barcode, txn.occurred_at
        current = self.open.get(item)
        if txn.offline and _exception_codes(txn) & RECORDED_ONLY:
            return  # outside the offline policy: recorded for staff, nothing changed
        if txn.kind == "borrow":
            if current is not None and current.patron == patron:
                return  # the patron has it already: nothing changes
            if current is not None and not txn.offline:
                self.problems.append(
                    f"{txn.txn_id}: online borrow of {item} accepted while it was on loan"
                )
            if current is not None and txn.offline:
                # Trust rules: an offline borrow never ends another patron's loan (staff
                # confirm a taken-over copy; a late one predates the newer loan).
                return
            if patron is None:
                # Unattributed, and the service has no loan made at this act's time: the holder
                # borrowing again offline (nothing changes; who it was cannot be checked), or a
                # loan a later void deleted (any patron will do: the void takes it back).
                if current is not None:
                    return
                if txn.status != "voided":
                    self.problems.append(f"{txn.txn_id}: borrow of {item} accepted, no loan made")
                    return
                patron = UNATTRIBUTED
            closed = None
            if current is not None:
                self._close(current, at)
                closed = current
            policy = self._policy(item)
            loan = _Loan(item, patron, at, local_date(at) + dt.timedelta(days=policy.loan_days))
            self.open[item] = loan
            self.created.append(loan)
            self._count(patron, +1)
            self.undo[txn.txn_id] = ("borrow", loan, closed)
        elif txn.kind == "return":
            if current is None or (txn.offline and current.borrowed_at > at):
                return  # a check-in, or a late return of a copy lent again since
            self.undo[txn.txn_id] = ("return", current, self._close(current, at))
        elif txn.kind == "renew":
            if current is None or (patron is not None and current.patron != patron):
                self.problems.append(f"{txn.txn_id}: renewal of {item} accepted without its loan")
                return
            policy = self._policy(item)
            fine = _overdue_cents(current.due, at, policy.fine_cents_per_day)
            self._charge(current.patron, fine)
            self.undo[txn.txn_id] = ("renew", current, current.due, current.renewals, fine)
            current.due = max(current.due, local_date(at)) + dt.timedelta(days=policy.renew_days)
            current.renewals += 1

    def void(self, txn_id: str) -> None:
        """Take an applied act back, as far as the acts since allow (as the service does)."""
        undo = self.undo.pop(txn_id, None)
        if undo is None:
            return
        if undo[0] == "borrow":
            loan = undo[1]
            if not loan.returned:
                del self.open[loan.item]
                self.created.remove(loan)
                self._count(loan.patron, -1)
        elif undo[0] == "return":
            loan, fine = undo[1], undo[2]
            if loan.returned and loan.item not in self.open:
                loan.returned = False
                self.open[loan.item] = loan
                self._count(loan.patron, +1)
                self._refund(loan.patron, fine)
        elif undo[0] == "renew":
            loan, due, renewals, fine = undo[1:]
            if not loan.returned:
                loan.due, loan.renewals = due, renewals
                self._refund(loan.patron, fine)


def service_violations(
    entries: list[JournalEntry],
    db: ServiceDatabase,
    before: Snapshot,
    patron_of: Mapping[str, int] | None = None,
) -> list[str]:
    """Everything in the service that differs from what the journal's acts and what patrons
    were told imply; empty when the guarantee holds. ``patron_of`` (txn_id → service patron
    id) attributes acts whose journal row names no patron (offline acts by card, whose card
    is erased once final); an act attributed by neither is attributed by the loan the service
    made for it (so only its counter, not its owner, is checked)."""
    patron_of = patron_of or {}
    problems: list[str] = []
    txns = [r for r in _rows(db, select(_TXNS)) if r.txn_id not in before.txn_ids]
    by_txn = {r.txn_id: r for r in txns}
    loans = _rows(db, select(_LOANS))

    # What patrons were told, against what the service recorded.
    for e in entries:
        txn = by_txn.get(e.txn_id)
        if e.state == EntryState.PENDING:
            problems.append(f"{e.txn_id}: still pending in the journal")
        if e.told_patron in (Told.DONE, Told.PROVISIONAL):
            if txn is None:
                problems.append(f"{e.txn_id}: told {e.told_patron}, missing from the service")
            elif txn.status != "accepted":
                problems.append(
                    f"{e.txn_id}: told {e.told_patron}, but the service has it {txn.status}"
                )
            elif e.state not in (EntryState.ACCEPTED, EntryState.CONFLICT):
                problems.append(f"{e.txn_id}: told {e.told_patron}, journal says {e.state}")
        elif e.told_patron == Told.NOT_DONE and txn is not None and txn.status == "accepted":
            problems.append(f"{e.txn_id}: told not done, but the service applied it")
        if e.state == EntryState.ACCEPTED and (txn is None or txn.status != "accepted"):
            problems.append(f"{e.txn_id}: accepted in the journal, not in the service")
        if e.state == EntryState.VOIDED and (txn is None or txn.status != "voided"):
            problems.append(f"{e.txn_id}: voided in the journal, not in the service")

    def patron(txn: Any) -> int | None:
        if txn.patron_id is not None:
            return int(txn.patron_id)
        if txn.txn_id in patron_of:
            return patron_of[txn.txn_id]
        if txn.kind == "borrow":  # attributed by the service's own loan row
            made = [
                r.patron_id
                for r in loans
                if r.item_barcode == txn.item_barcode and r.borrowed_at == txn.occurred_at
            ]
            return made[0] if made else None
        return None

    # Replay every act the service recorded during the run, in the order it applied them.
    events: list[tuple[dt.datetime, int, Any]] = []
    for txn in txns:
        if txn.kind is None:
            continue  # voided before it arrived: never applied
        applied = txn.status == "accepted" or (txn.status == "voided" and txn.undo is not None)
        if applied:
            events.append((txn.received_at, 0, txn))
        if txn.status == "voided" and txn.voided_at is not None:
            events.append((txn.voided_at, 1, txn))
    model = _Model(before)
    for _at, is_void, txn in sorted(events, key=lambda e: (e[0], e[1])):
        if is_void:
            model.void(txn.txn_id)
        else:
            model.apply(txn, patron(txn))
    problems += model.problems

    # Loans: one open loan per item at most, each as the acts imply, and no extra loan rows.
    open_rows = [r for r in loans if r.returned_at is None]
    for item, n in Counter(r.item_barcode for r in open_rows).items():
        if n > 1:
            problems.append(f"item {item}: {n} open loans")
    db_open = {r.item_barcode: r for r in open_rows}
    for item in sorted(set(db_open) | set(model.open)):
        want, got = model.open.get(item), db_open.get(item)
        if want is None or got is None:
            problems.append(
                f"item {item}: open loan expected {want is not None}, found {got is not None}"
            )
            continue
        expected = (want.patron, want.borrowed_at, want.due, want.renewals)
        found = (got.patron_id, got.borrowed_at, got.due, got.renewals)
        if expected != found:
            problems.append(
                f"item {item}: loan (patron, since, due, renewals) {found}, expected {expected}"
            )
    made = Counter(
        (r.item_barcode, r.patron_id, r.borrowed_at, r.returned_at is None)
        for r in loans
        if r.id > before.last_loan_id
    )
    wanted = Counter((x.item, x.patron, x.borrowed_at, not x.returned) for x in model.created)
    if made != wanted:
        problems.append(
            f"loans made in the run: extra {sorted(made - wanted)}, missing {sorted(wanted - made)}"
        )
    for r in _rows(db, select(_ITEMS.c.barcode, _ITEMS.c.status)):
        if (r.status == "on_loan") != (r.barcode in db_open):
            problems.append(
                f"item {r.barcode}: status {r.status}, open loan {r.barcode in db_open}"
            )

    # Patrons: counters match their open loans and the acts; fines what the acts charged.
    open_by_patron = Counter(r.patron_id for r in open_rows)
    rows = _rows(db, select(_PATRONS.c.id, _PATRONS.c.active_loans, _PATRONS.c.fines_cents))
    for r in rows:
        if r.active_loans != open_by_patron[r.id]:
            problems.append(
                f"patron {r.id}: counter {r.active_loans}, open loans {open_by_patron[r.id]}"
            )
        if r.active_loans != model.counters.get(r.id, 0):
            problems.append(
                f"patron {r.id}: counter {r.active_loans}, "
                f"the acts imply {model.counters.get(r.id, 0)}"
            )
        if r.fines_cents != model.fines.get(r.id, 0):
            problems.append(
                f"patron {r.id}: fines {r.fines_cents}, the acts imply {model.fines.get(r.id, 0)}"
            )
    return problems


def assert_service_matches_patrons(
    entries: list[JournalEntry],
    db: ServiceDatabase,
    before: Snapshot,
    context: str,
    patron_of: Mapping[str, int] | None = None,
) -> None:
    """Fails with every violation of what patrons were told."""
    problems = service_violations(entries, db, before, patron_of)
    assert not problems, f"{context}: " + "\n".join(problems[:40])
