"""The fault tests' invariant checker can fail: a service database corrupted in each way it
guards against is reported, and the uncorrupted one passes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from kiosk.core.results import Outcome
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import ActKind, Told
from kiosk.store.journal import JournalEntry
from kiosk.sync.replay import Replayer
from regional.settings import load_credential_key
from tests.e2e.conftest import kiosk_services
from tests.e2e.invariants import Snapshot, patrons_by_card, service_violations, snapshot
from tests.e2e.regional_process import RegionalService, ServiceDatabase
from tests.e2e.test_offline_and_sync import chip


class _Copy(ServiceDatabase):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.database_url = f"sqlite:///{path}"

    def run(self, *statements: str) -> None:
        engine = create_engine(self.database_url)
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, regional_template: Path
) -> tuple[Path, list[JournalEntry], Snapshot, dict[str, int], dict[str, str]]:
    """A service database after a short real run (online borrows, a renewal, a return, an act
    told "not done", an offline borrow and its repeat), and what the checker needs to judge
    it."""
    folder = tmp_path_factory.mktemp("invariants")
    service = RegionalService(folder / "svc", regional_template)
    before = snapshot(service)
    service.start()
    kiosk = kiosk_services(folder / "k", service.url, service.token, OfflinePolicy())
    try:
        who = kiosk.circulation.identify(chip(ZHANG_SAN)).context
        a, b, c, d = service.available_items("CQL", 4)
        lent = kiosk.circulation.borrow(who, a)
        assert lent.outcome == Outcome.DONE
        assert kiosk.circulation.borrow(who, b).outcome == Outcome.DONE
        assert kiosk.circulation.renew(who, a).outcome == Outcome.DONE
        assert kiosk.circulation.return_item(b).outcome == Outcome.DONE
        refused = kiosk.journal.record(ActKind.BORROW, c, patron_id=who.patron_id)
        kiosk.journal.tell(refused.txn_id, Told.NOT_DONE)
        service.stop()
        offline = kiosk.circulation.identify(chip(LI_SI)).context
        provisional = kiosk.circulation.borrow(offline, d)
        assert provisional.outcome == Outcome.PROVISIONAL
        # The same patron's second offline borrow of it (a second kiosk, say): no new loan; left
        # unattributed, as the journal leaves an offline act by card once it is final.
        kiosk.journal.record(
            ActKind.BORROW, d, credential=chip(LI_SI), offline=True, told=Told.PROVISIONAL
        )
        service.start()
        assert Replayer(kiosk.journal, kiosk.backend, 50).run_once().clean
        entries = kiosk.journal.entries()
        key = load_credential_key(service.folder)
        patron_of = {
            provisional.txn_id: patrons_by_card(service, key, [LI_SI.id_number])[LI_SI.id_number]
        }
    finally:
        kiosk.close()
        service.stop()
    txns = {"lent": lent.txn_id, "refused": refused.txn_id, "renewed_item": a, "offline_item": d}
    return service.db, entries, before, patron_of, txns


CORRUPTIONS: dict[str, tuple[Callable[[dict[str, str]], list[str]], str]] = {
    "a told-done act missing": (
        lambda t: [f"DELETE FROM transactions WHERE txn_id='{t['lent']}'"],
        "missing from the service",
    ),
    "a told-not-done act applied": (
        lambda t: [f"UPDATE transactions SET status='accepted' WHERE txn_id='{t['refused']}'"],
        "told not done, but the service applied it",
    ),
    "a loan doubled (closed)": (
        lambda t: [
            "INSERT INTO loans (item_barcode, patron_id, borrowed_at, due, renewals, returned_at,"
            " return_library_id, fine_cents) SELECT item_barcode, patron_id, borrowed_at, due,"
            " renewals, borrowed_at, return_library_id, fine_cents FROM loans"
            f" WHERE item_barcode='{t['renewed_item']}'"
        ],
        "loans made in the run: extra",
    ),
    "a second open loan of an item": (
        lambda t: [
            "DROP INDEX uq_loans_active_item",
            "INSERT INTO loans (item_barcode, patron_id, borrowed_at, due, renewals,"
            " fine_cents) SELECT item_barcode, patron_id, borrowed_at, due, renewals, fine_cents"
            f" FROM loans WHERE item_barcode='{t['renewed_item']}'",
        ],
        "2 open loans",
    ),
    "a patron's counter wrong": (
        lambda t: [
            "UPDATE patrons SET active_loans = active_loans + 1 WHERE id = (SELECT patron_id"
            f" FROM loans WHERE item_barcode='{t['renewed_item']}' AND returned_at IS NULL)"
        ],
        "counter",
    ),
    "a renewal lost": (
        lambda t: [f"UPDATE loans SET renewals = 0 WHERE item_barcode='{t['renewed_item']}'"],
        "(patron, since, due, renewals)",
    ),
    "a fine out of nowhere": (
        lambda t: [
            "UPDATE patrons SET fines_cents = fines_cents + 50 WHERE id = (SELECT patron_id"
            f" FROM loans WHERE item_barcode='{t['renewed_item']}' AND returned_at IS NULL)"
        ],
        "fines",
    ),
    "an offline loan given to the wrong patron": (
        lambda t: [
            "UPDATE loans SET patron_id = (SELECT patron_id FROM loans WHERE"
            f" item_barcode='{t['renewed_item']}' AND returned_at IS NULL)"
            f" WHERE item_barcode='{t['offline_item']}'"
        ],
        "(patron, since, due, renewals)",
    ),
    "an item on loan shown available": (
        lambda t: [f"UPDATE items SET status='available' WHERE barcode='{t['renewed_item']}'"],
        "status available, open loan True",
    ),
}


def test_the_real_run_passes(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, entries, before, patron_of, _txns = world
    copy = _Copy(Path(shutil.copy(db, tmp_path / "copy.db")))
    assert service_violations(entries, copy, before, patron_of) == []


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_each_corruption_is_reported(world, tmp_path: Path, corruption: str) -> None:  # type: ignore[no-untyped-def]
    db, entries, before, patron_of, txns = world
    copy = _Copy(Path(shutil.copy(db, tmp_path / "copy.db")))
    statements, expected = CORRUPTIONS[corruption]
    copy.run(*statements(txns))
    problems = service_violations(entries, copy, before, patron_of)
    assert any(expected in p for p in problems), problems
