"""The sync worker's health check is SIP2's status at start, keep-alive and online probe: with
nothing to replay the kiosk still sends 99 at start and then on its interval, and a server
that went away is noticed by it and welcomed back."""

from __future__ import annotations

from pathlib import Path

from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.settings import SyncSettings
from kiosk.store.journal import Journal
from kiosk.sync.worker import SyncWorker
from sip2_library.harness import standard_library_server
from sip2_library.seed import HOME, LOGIN_PASSWORD, LOGIN_USER
from tests.helpers import wait_until


def test_status_at_start_and_on_the_interval_and_the_online_probe(tmp_path: Path) -> None:
    with standard_library_server(tmp_path) as server:
        backend = Sip2Backend(
            Sip2Settings(
                port=server.port,
                login_user=LOGIN_USER,
                login_password=LOGIN_PASSWORD,
                institution_id=HOME,
                connect_timeout_ms=500,
                answer_timeout_ms=1000,
            )
        )
        journal = Journal(tmp_path / "journal.db")
        journal.open()
        link = ConnectivityMonitor()
        worker = SyncWorker(
            journal,
            backend,
            link,
            SyncSettings(health_interval_ms=100, probe_interval_ms=100, backoff_initial_ms=50),
        )
        try:
            worker.start()
            # The login's 94, then a 98 at start and one every 100 ms with nothing to replay.
            wait_until(lambda: server.faults.replies >= 4, what="status at start and after")
            assert link.online
            server.stop()
            wait_until(lambda: not link.online, what="the probe to notice the server gone")
            server.start()
            wait_until(lambda: link.online, timeout=15, what="the probe to find it back")
        finally:
            worker.close()
            backend.close()
            journal.close()
