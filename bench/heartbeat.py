"""Heartbeat benchmark: the kiosk's hourly counts over a 90-day journal (what each heartbeat
reads, on its own thread), and the service's heartbeat endpoint on SQLite over loopback HTTP.

Run: .venv/bin/python bench/heartbeat.py [--days 90] [--beats 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.journal import ROWS_PER_DAY, _insert_rows, pct
from bench.machine import describe
from kiosk.core.settings import HeartbeatSettings
from kiosk.store.journal import Journal
from kiosk.store.usage import hourly_counts
from kiosk.sync.heartbeat import HeartbeatSender
from regional.app import create_app
from regional.auth import create_token
from regional.db.migrate import upgrade
from regional.db.session import Database
from regional.seed import upsert_libraries
from regional.services.fleet import FleetSettings
from tests.regional.server import serving


class CountingPoster:
    def __init__(self) -> None:
        self.stats: list[int] = []

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.stats.append(len(body["stats"]))
        return {"time": dt.datetime.now(dt.UTC).isoformat(), "stats_stored": len(body["stats"])}

    def close(self) -> None:
        pass


def kiosk_side(folder: Path, days: int, runs: int) -> list[str]:
    path = folder / "journal.db"
    Journal(path).open().close()
    conn = sqlite3.connect(path, isolation_level=None)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    _insert_rows(conn, 0, days * ROWS_PER_DAY, True, start)
    conn.close()
    lines = [f"Journal: {days * ROWS_PER_DAY:,} settled acts over {days} days ({ROWS_PER_DAY}/day)"]
    with Journal(path) as journal:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=14)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            counts = hourly_counts(journal, since)
            times.append(time.perf_counter() - t0)
        lines.append(
            f"hourly_counts, 14 days ({len(counts)} keys): median "
            f"{statistics.median(times) * 1000:.1f} ms, p95 {pct(times, 95) * 1000:.1f} ms"
        )
        poster = CountingPoster()
        sender = HeartbeatSender(poster, journal, "BENCH-1", HeartbeatSettings())
        beats = []
        for _ in range(6):
            t0 = time.perf_counter()
            sender.beat()
            beats.append(time.perf_counter() - t0)
        lines.append(
            f"beat() after a start: {beats[0] * 1000:.1f} ms sending {poster.stats[0]} counts; "
            f"then {statistics.median(beats[1:]) * 1000:.1f} ms sending {poster.stats[-1]}"
        )
    return lines


def service_side(folder: Path, beats: int) -> list[str]:
    url = f"sqlite:///{folder / 'regional.db'}"
    upgrade(url)
    db = Database(url)
    with db.write() as session, session.begin():
        upsert_libraries(session)
        token = create_token(session, "CQL-B1", "CQL", dt.datetime.now(dt.UTC))
    db.dispose()
    hour = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    stats = [
        {
            "hour": (hour - dt.timedelta(hours=h)).isoformat(),
            "kind": kind,
            "result": "done",
            "reason": "",
            "owner_library_id": "",
            "count": 7,
        }
        for h in range(10)
        for kind in ("borrow", "return", "renew")
    ]
    body = {
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        "version": "bench",
        "uptime_s": 1,
        "devices": {"scanner": {"state": "connected"}},
        "printer_paper": "ok",
        "pending_count": 0,
        "oldest_pending_s": None,
        "last_sync_at": None,
        "clock_offset_s": 0.0,
        "out_of_service": False,
        "stats": stats,
    }
    # The budget lifted: here one kiosk stands for a fleet's worth of heartbeats.
    app = create_app(
        url,
        credential_key=b"b" * 32,
        fleet_settings=FleetSettings(heartbeats_per_minute=1_000_000),
    )
    times = []
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        headers = {"Authorization": f"Bearer {token}"}
        for i in range(beats + 10):
            t0 = time.perf_counter()
            answer = client.post("/v1/kiosks/CQL-B1/heartbeat", json=body, headers=headers)
            elapsed = time.perf_counter() - t0
            assert answer.status_code == 200, answer.text
            if i >= 10:  # warmed up
                times.append(elapsed)
        t0 = time.perf_counter()
        client.get("/metrics").raise_for_status()
        scrape = time.perf_counter() - t0
    return [
        f"POST heartbeat with {len(stats)} counts, SQLite: median "
        f"{statistics.median(times) * 1000:.1f} ms, p95 {pct(times, 95) * 1000:.1f} ms "
        f"({beats} beats)",
        f"GET /metrics (1 kiosk): {scrape * 1000:.1f} ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90, help="days of settled acts")
    parser.add_argument("--runs", type=int, default=20, help="hourly_counts calls")
    parser.add_argument("--beats", type=int, default=200, help="heartbeats posted")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lines = [f"Machine: {describe()}"]
        lines += kiosk_side(Path(tmp), args.days, args.runs)
        lines += service_side(Path(tmp), args.beats)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
