"""The one invariant every fault test checks: the service holds exactly what patrons were told."""

from __future__ import annotations

from kiosk.domain import ActKind, EntryState, Told
from kiosk.store.journal import JournalEntry
from tests.e2e.regional_process import ServiceDatabase


def assert_service_matches_patrons(
    entries: list[JournalEntry],
    service: ServiceDatabase,
    items: list[str],
    seed: int,
    confirmed: list[str] = (),  # type: ignore[assignment]
) -> None:
    told = {e.txn_id: e for e in entries if e.told_patron in (Told.DONE, Told.PROVISIONAL)}
    for txn_id in confirmed:  # nothing the patron saw is lost
        assert txn_id in told, f"seed {seed}: confirmed act {txn_id} missing"
        assert told[txn_id].state in (EntryState.ACCEPTED, EntryState.CONFLICT), told[txn_id]
    for e in entries:  # nothing told "not done" took effect
        if e.told_patron == Told.NOT_DONE:
            assert e.state in (EntryState.VOIDED, EntryState.REJECTED), f"seed {seed}: {e}"
        assert e.state != EntryState.PENDING, f"seed {seed}: still pending {e}"
    txns = service.query("SELECT count(*), count(DISTINCT txn_id) FROM transactions")[0]
    assert txns[0] == txns[1], f"seed {seed}: a transaction recorded twice"
    expected = {item: False for item in items}
    for e in sorted(entries, key=lambda e: (e.occurred_at, e.seq)):
        # Offline acts the service recorded with exceptions count: the book did move.
        applied = e.state == EntryState.ACCEPTED or (
            e.state == EntryState.CONFLICT and (e.response or {}).get("status") == "accepted"
        )
        if e.txn_id in told and applied:
            if e.kind == ActKind.BORROW:
                expected[e.item_barcode] = True
            elif e.kind == ActKind.RETURN:
                expected[e.item_barcode] = False
    for item, on_loan in expected.items():
        assert service.active_loans(item) == int(on_loan), f"seed {seed}: item {item}"
