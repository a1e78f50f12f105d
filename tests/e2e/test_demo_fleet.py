"""`kiosk demo --more-kiosks N`: headless kiosks at other libraries, each with its own simulated
devices and token, whose heartbeats put them in the service's fleet; all stopped with the demo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.demo_env import DemoEnvironment
from tests.helpers import wait_until


def fleet_rows(db: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT kiosk_id, library_id, devices FROM kiosk_status").fetchall()
    return {kiosk: (library, devices) for kiosk, library, devices in rows}


def test_more_kiosks_report_to_the_fleet_and_stop_with_the_demo(
    tmp_path: Path, regional_template: Path
) -> None:
    env = DemoEnvironment(tmp_path / "demo", template=regional_template)
    try:
        env.start()
        started = env.start_fleet(2)
        assert [(k.kiosk_id, k.library) for k in started] == [
            ("CDL-DEMO2", "CDL"),
            ("SCL-DEMO3", "SCL"),
        ]
        assert env.service is not None
        db = env.service.db

        def reported() -> bool:
            rows = fleet_rows(db)
            # The first beat may come before the devices connect; the change sends another.
            return all(k in rows and "scanner" in rows[k][1] for k in ("CDL-DEMO2", "SCL-DEMO3"))

        wait_until(reported, timeout=60, what="both kiosks' heartbeats with their devices")
        assert fleet_rows(db)["SCL-DEMO3"][0] == "SCL"
        procs = [k.proc for k in started]
    finally:
        env.close()
    assert all(p.poll() is not None for p in procs)  # stopped with the demo
    assert all(p.returncode == 0 for p in procs)
