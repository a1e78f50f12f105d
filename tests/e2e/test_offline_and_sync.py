"""Offline mode, unknown outcomes and replay, against the real service (stopped and started)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from kiosk.core.connectivity import Link
from kiosk.core.results import Outcome
from kiosk.core.settings import OfflinePolicy, SyncSettings
from kiosk.domain import Credential, EntryState
from kiosk.services import KioskServices
from kiosk.sync.worker import Replayer, SyncWorker
from regional.settings import load_credential_key
from tests.e2e.conftest import kiosk_services
from tests.e2e.invariants import assert_service_matches_patrons, patrons_by_card, snapshot
from tests.e2e.regional_process import RegionalService
from tests.fault_proxy import FaultProxy
from tests.helpers import wait_until


def chip(card) -> Credential:  # type: ignore[no-untyped-def]
    return Credential("id_card", card.id_number, card.name, card.valid_to, chip_verified=True)


def test_offline_then_everything_syncs_once_in_order(
    kiosk: KioskServices, service: RegionalService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    before = snapshot(service)
    online_patron = kiosk.circulation.identify(chip(ZHANG_SAN)).context
    lent_before = service.available_items("CQL", 1)[0]
    assert kiosk.circulation.borrow(online_patron, lent_before).outcome == Outcome.DONE
    service.stop()

    # The first act finds the service gone: offline at once, and that very return is kept.
    first_return = kiosk.circulation.return_item(lent_before)
    assert first_return.outcome == Outcome.PROVISIONAL and kiosk.connectivity.state == Link.OFFLINE
    # A chip-read ID card is enough to borrow offline; a library card is not.
    offline = kiosk.circulation.identify(chip(LI_SI))
    assert offline.ok and offline.offline and offline.context.patron is None
    assert kiosk.circulation.identify(
        Credential("library_card", "25001000000017"), "1234"
    ).code == ("offline_card_not_accepted")
    items = service.available_items("CDL", 3)
    b1 = kiosk.circulation.borrow(offline.context, items[0], 0)
    b2 = kiosk.circulation.borrow(offline.context, items[1], 1)
    b3 = kiosk.circulation.borrow(offline.context, items[2], 2)
    assert [b1.outcome, b2.outcome] == [Outcome.PROVISIONAL, Outcome.PROVISIONAL]
    assert b1.due == dt.date.today() + dt.timedelta(days=14)
    assert (b3.outcome, b3.code) == (Outcome.REFUSED, "offline_limit_reached")
    assert kiosk.circulation.renew(online_patron, lent_before).code == "offline_no_renewals"
    # Borrowed offline, then returned offline too: must replay in that order.
    back = kiosk.circulation.return_item(items[1])
    assert back.outcome == Outcome.PROVISIONAL
    assert kiosk.journal.stats().pending == 4

    service.start()
    replay = Replayer(kiosk.journal, kiosk.backend, batch_size=100).run_once()
    assert replay.clean and replay.settled == 4
    assert service.active_loans(lent_before) == 0
    assert service.active_loans(items[0]) == 1 and service.active_loans(items[1]) == 0
    borrowed_at = service.query(
        "SELECT borrowed_at FROM loans WHERE item_barcode=? AND returned_at IS NULL", items[0]
    )[0][0]
    assert borrowed_at.startswith(b1_time(kiosk, items[0]))
    # Exactly once: a second pass sends nothing, and the service's loans and counters are
    # what the acts imply.
    assert Replayer(kiosk.journal, kiosk.backend, 100).run_once().settled == 0
    li_si = patrons_by_card(service, load_credential_key(service.folder), [LI_SI.id_number])
    patron_of = {b.txn_id or "": li_si[LI_SI.id_number] for b in (b1, b2)}
    assert_service_matches_patrons(kiosk.journal.entries(), service, before, "offline", patron_of)
    text = caplog.text
    assert LI_SI.id_number not in text and ZHANG_SAN.id_number not in text
    assert LI_SI.name not in text and ZHANG_SAN.name not in text


def b1_time(kiosk: KioskServices, barcode: str) -> str:
    entry = next(e for e in kiosk.journal.entries() if e.item_barcode == barcode)
    return entry.occurred_at.strftime("%Y-%m-%d %H:%M")


def test_unknown_outcome_ends_with_exactly_one_loan(
    tmp_path: Path, service: RegionalService
) -> None:
    proxy = FaultProxy(service.port)
    kiosk = kiosk_services(tmp_path / "k", proxy.url, service.token, OfflinePolicy())
    try:
        who = kiosk.circulation.identify(chip(ZHANG_SAN)).context
        item = service.available_items("CQL", 1)[0]
        proxy.mode = "drop_response"
        result = kiosk.circulation.borrow(who, item)
        # The service lent it, the kiosk could not hear so: a chip card may borrow
        # provisionally; the row replays with the same UUID.
        assert proxy.dropped == 1 and result.outcome == Outcome.PROVISIONAL
        assert service.active_loans(item) == 1
        proxy.mode = "pass"
        replay = Replayer(kiosk.journal, kiosk.backend, 10).run_once()
        assert replay.clean
        assert service.active_loans(item) == 1
        assert kiosk.journal.get(result.txn_id).state == EntryState.ACCEPTED
    finally:
        kiosk.close()
        proxy.close()


def test_told_not_done_while_unknown_is_voided(tmp_path: Path, service: RegionalService) -> None:
    proxy = FaultProxy(service.port)
    kiosk = kiosk_services(
        tmp_path / "k", proxy.url, service.token, OfflinePolicy(borrow_allowed=False)
    )
    try:
        who = kiosk.circulation.identify(chip(ZHANG_SAN)).context
        item = service.available_items("CQL", 1)[0]
        proxy.mode = "drop_response"
        result = kiosk.circulation.borrow(who, item)
        assert result.outcome == Outcome.REFUSED  # told: not borrowed
        assert service.active_loans(item) == 1  # ... but the service had lent it
        proxy.mode = "pass"
        assert Replayer(kiosk.journal, kiosk.backend, 10).run_once().clean
        assert service.active_loans(item) == 0  # the void took the loan back
        assert kiosk.journal.get(result.txn_id).state == EntryState.VOIDED
    finally:
        kiosk.close()
        proxy.close()


def test_sync_worker_notices_the_service_is_back(tmp_path: Path, service: RegionalService) -> None:
    kiosk = kiosk_services(
        tmp_path,
        service.url,
        service.token,
        OfflinePolicy(),
        sync=SyncSettings(backoff_initial_ms=20, backoff_max_ms=200, probe_interval_ms=50),
    )
    try:
        service.stop()
        item = service.available_items("CQL", 1)[0]
        kiosk.circulation.return_item(item)  # not on loan: the service will refuse it later
        assert kiosk.connectivity.state == Link.OFFLINE
        kiosk.sync.start()
        service.start()
        wait_until(lambda: kiosk.connectivity.online, timeout=10, what="back online")
        wait_until(lambda: kiosk.journal.stats().pending == 0, timeout=10, what="synced")
        (entry,) = kiosk.journal.entries()
    finally:
        kiosk.close()
    # An offline return the service could not apply is a conflict for staff, not lost.
    assert entry.state == EntryState.CONFLICT and entry.result_code == "not_on_loan"


def test_journal_of_the_first_schema_upgrades_and_syncs(
    tmp_path: Path, service: RegionalService
) -> None:
    from kiosk.backend.regional_client import RegionalClient
    from kiosk.backend.settings import ServiceSettings
    from kiosk.store.database import create_journal_engine, migrate
    from kiosk.store.journal import Journal

    path = tmp_path / "old-journal.db"
    engine = create_journal_engine(path)
    migrate(engine, "0001")
    item = service.available_items("CQL", 1)[0]
    with engine.begin() as conn:
        # A return journalled offline by the first release, never synced.
        conn.exec_driver_sql(
            "INSERT INTO journal (txn_id, kind, state, item_barcode, occurred_at, offline, "
            "attempts, created_at) VALUES ('5f0c9a52-6a3e-4c43-9d55-2f6f0c1d7e21', 'return', "
            "'pending', ?, '2026-11-20 01:00:00', 1, 3, '2026-11-20 01:00:00')",
            (item,),
        )
    engine.dispose()
    client = RegionalClient(ServiceSettings(url=service.url, token=service.token))
    try:
        with Journal(path) as journal:
            assert Replayer(journal, client, 10).run_once().clean
            (entry,) = journal.entries()
    finally:
        client.close()
    assert entry.state == EntryState.CONFLICT  # an offline return of a book not on loan
    assert (
        service.query(
            "SELECT count(*) FROM transactions WHERE txn_id = ?",
            "5f0c9a52-6a3e-4c43-9d55-2f6f0c1d7e21",
        )[0][0]
        == 1
    )


def test_the_link_state_is_checked_at_start_and_while_idle(
    kiosk: KioskServices, service: RegionalService
) -> None:
    """Nobody has acted yet: the screen must still not say online with the service gone —
    checked once at start, then every health interval while there is nothing to send."""
    service.stop()
    worker = SyncWorker(
        kiosk.journal,
        kiosk.backend,
        kiosk.connectivity,
        SyncSettings(backoff_max_ms=200, probe_interval_ms=50, health_interval_ms=100),
    )
    assert kiosk.connectivity.state == Link.ONLINE  # what a new monitor assumes
    worker.start()
    try:
        wait_until(lambda: kiosk.connectivity.state == Link.OFFLINE, 10, what="offline at start")
        service.start()
        wait_until(lambda: kiosk.connectivity.state == Link.ONLINE, 10, what="back online")
        service.stop()  # gone while the kiosk is idle, online, with nothing to send
        wait_until(lambda: kiosk.connectivity.state == Link.OFFLINE, 10, what="offline idle")
    finally:
        worker.close()
    assert kiosk.journal.stats().pending == 0  # found out without a patron's act
