"""The kiosk's heartbeat sender against the real service over loopback HTTP, on both
databases: its journal's counts arrive and only changes are sent again; a device's change goes
out at once, on the sender's own thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.core.settings import HeartbeatSettings
from kiosk.core.usage import UsageEvent, UsageKind, UsageResult
from kiosk.domain import ActKind, EntryState, Told
from kiosk.store.journal import Journal
from kiosk.store.usage import hourly_counts
from kiosk.sync.heartbeat import HeartbeatSender, PrinterPaper
from regional.db.models import KioskStatsHourly, KioskStatus
from tests.helpers import wait_until
from tests.regional.fleet_world import START, Fleet, stored_counts

ITEM = "33191000105864"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "journal.db") as j:
        yield j


def sender(fleet: Fleet, journal: Journal, interval_s: float = 60) -> HeartbeatSender:
    client = RegionalClient(ServiceSettings(url=fleet.url, token=fleet.tokens["CQL"]))
    settings = HeartbeatSettings(interval_s=interval_s)
    return HeartbeatSender(client, journal, "CQL-K01", settings, version="test")


def test_counts_from_the_journal_arrive_and_only_changes_go_again(
    fleet: Fleet, journal: Journal
) -> None:
    now = dt.datetime.now(dt.UTC)
    hour = now.replace(minute=0, second=0, microsecond=0)
    done = journal.record(ActKind.BORROW, ITEM, patron_id="P-1", occurred_at=now)
    journal.settle(done.txn_id, EntryState.ACCEPTED, code="ok", told=Told.DONE)
    journal.record(ActKind.RETURN, ITEM, occurred_at=now, told=Told.PROVISIONAL)
    heart = sender(fleet, journal)
    try:
        heart.usage(UsageEvent(UsageKind.SESSION, occurred_at=now))
        heart.receipt(UsageResult.DECLINED)
        first = heart.beat()
        assert first.sent and first.stats_sent == 4, first
        assert stored_counts(fleet.db, "CQL-K01") == {
            ("borrow", "done", "", ""): 1,
            ("return", "provisional", "", ""): 1,
            ("session", "", "", ""): 1,
            ("receipt", "declined", "", ""): 1,
        }
        with fleet.db.read() as session:
            status = session.get(KioskStatus, "CQL-K01")
            assert status is not None
            assert status.pending_count == 1 and status.oldest_pending_s is not None
            assert status.last_sync_at is not None and status.version == "test"
            hours = set(session.scalars(select(KioskStatsHourly.hour)))
        assert hours == {hour}

        assert heart.beat().stats_sent == 0  # nothing changed
        journal.record(ActKind.RETURN, ITEM, occurred_at=now, told=Told.PROVISIONAL)
        again = heart.beat()
        assert again.stats_sent == 1
        assert stored_counts(fleet.db, "CQL-K01")[("return", "provisional", "", "")] == 2
        # The service's clock is the test's, hours off the kiosk's: the kiosk measured it.
        assert heart.beat().sent
        with fleet.db.read() as session:
            status = session.get(KioskStatus, "CQL-K01")
            assert status is not None
            assert abs(status.clock_offset_s - (now - START).total_seconds()) < 600
    finally:
        heart.close()


def test_a_change_goes_out_at_once_on_the_senders_thread(fleet: Fleet, journal: Journal) -> None:
    heart = sender(fleet, journal, interval_s=3600)  # only a change can bring the next one
    heart.start()
    try:

        def stored() -> KioskStatus | None:
            with fleet.db.read() as session:
                return session.get(KioskStatus, "CQL-K01")

        wait_until(lambda: stored() is not None, timeout=10, what="the first heartbeat")
        heart.devices_changed({"scanner": ("disconnected", "link_lost")})
        heart.set_printer_paper(PrinterPaper.OUT)
        heart.service_state("scanner_link_lost")

        def changed() -> bool:
            status = stored()
            return (
                status is not None
                and status.devices.get("scanner", {}).get("state") == "disconnected"
                and status.printer_paper == "out"
                and status.out_of_service_reason == "scanner_link_lost"
            )

        wait_until(changed, timeout=10, what="the change's heartbeat")
    finally:
        heart.close()
    assert heart._thread is not None and not heart._thread.is_alive()


def test_a_service_that_cannot_be_reached_loses_no_counts(tmp_path: Path) -> None:
    with Journal(tmp_path / "journal.db") as journal:
        client = RegionalClient(ServiceSettings(url="http://127.0.0.1:9", token="x"))
        heart = HeartbeatSender(client, journal, "CQL-K01", HeartbeatSettings())
        heart.usage(UsageEvent(UsageKind.SESSION))
        result = heart.beat()
        heart.close()
        assert not result.sent and result.error
    # The event was kept on disk: a later heartbeat (after a restart too) sends it.
    with Journal(tmp_path / "journal.db") as journal:
        counts = hourly_counts(journal, dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
        assert [k.kind for k in counts] == ["session"]
