"""Staff console at the network's size: the fleet and statistics pages' queries over a SQLite
database holding 500 kiosks in the demo libraries and 30 days of their hourly counts.

Run: .venv/bin/python bench/console.py [--kiosks 500] [--days 30] [--postgresql] [--compare-indexes]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics as stats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text

from regional.console import statistics
from regional.console.fleet import fleet_rows
from regional.db.migrate import upgrade
from regional.db.models import KioskStatsHourly, KioskStatus
from regional.db.session import Database
from regional.db.upsert import insert_for
from regional.seed import LIBRARIES, upsert_libraries
from regional.services.fleet import FleetSettings

NOW = dt.datetime(2026, 12, 4, 12, 30, tzinfo=dt.UTC)


def _populate(db: Database, kiosks: int, days: int) -> int:
    rng = random.Random(16)
    libraries = [spec.id for spec in LIBRARIES]
    with db.write() as session, session.begin():
        upsert_libraries(session)
    names = [(f"{libraries[n % len(libraries)]}-K{n:03d}", libraries[n % len(libraries)])
             for n in range(kiosks)]  # fmt: skip
    status = [
        {
            "kiosk_id": kiosk, "library_id": library, "first_seen": NOW, "sent_at": NOW,
            "last_heartbeat_at": NOW - dt.timedelta(seconds=rng.randint(0, 600)),
            "version": "0.1.0", "uptime_s": 1, "printer_paper": "ok", "pending_count": 0,
            "oldest_pending_s": None, "last_sync_at": NOW, "clock_offset_s": 0.0,
            "out_of_service": False, "out_of_service_reason": None,
            "devices": {"scanner": {"state": "connected"}, "printer": {"state": "connected"}},
        }
        for kiosk, library in names
    ]  # fmt: skip
    with db.write() as session, session.begin():
        session.execute(insert(KioskStatus), status)
    start = NOW.replace(minute=0) - dt.timedelta(days=days)
    for kiosk, library in names:
        batch: list[dict[str, Any]] = []
        hour = start
        while hour <= NOW:
            if 9 <= (hour.hour + 8) % 24 < 21:
                for kind, result, reason, owner in (
                    ("borrow", "done", "", ""),
                    ("return", "done", "", library),
                    ("return", "done", "", rng.choice(libraries)),
                    ("borrow", "refused", "loan_limit_reached", ""),
                ):
                    count = rng.randint(1, 9)
                    batch.append({"kiosk_id": kiosk, "library_id": library, "hour": hour,
                                  "kind": kind, "result": result, "reason": reason,
                                  "owner_library_id": owner, "count": count})  # fmt: skip
            hour += dt.timedelta(hours=1)
        with db.write() as session, session.begin():
            # A random owner may be the kiosk's own library: the same key twice, kept once.
            session.execute(insert_for(session, KioskStatsHourly).on_conflict_do_nothing(), batch)
    _analyse(db)
    with db.read() as session:
        stored: int = session.scalar(select(func.count()).select_from(KioskStatsHourly)) or 0
    return stored


def _analyse(db: Database, *ddl: str) -> None:
    """Run ``ddl``, then what a live database's autovacuum (or SQLite's optimize) would have
    done by now: fresh planner statistics and, on PostgreSQL, the visibility map an index-only
    scan needs."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:  # VACUUM runs outside a transaction
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for statement in (*ddl, "VACUUM ANALYZE"):
                conn.execute(text(statement))
    else:
        with db.write() as session, session.begin():
            for statement in (*ddl, "ANALYZE"):
                session.execute(text(statement))


# Migration 0008's covering index against the plain index on ``hour`` it replaced.
COVERING = (
    "CREATE INDEX ix_kiosk_stats_hourly_hour_all ON kiosk_stats_hourly"
    " (hour, kind, library_id, kiosk_id, result, reason, owner_library_id, count)"
)
HOUR_ONLY = "CREATE INDEX ix_kiosk_stats_hourly_hour ON kiosk_stats_hourly (hour)"


def compare_indexes(db: Database, read: Callable[..., Callable[[], object]]) -> None:
    """The whole network's statistics with each index in turn, in one run."""
    figures: dict[tuple[str, statistics.Span], float] = {}
    for label, ddl in (
        ("hour", ("DROP INDEX ix_kiosk_stats_hourly_hour_all", HOUR_ONLY)),
        ("covering", ("DROP INDEX ix_kiosk_stats_hourly_hour", COVERING)),
    ):
        _analyse(db, *ddl)
        for span in statistics.Span:
            where = statistics.Filter(span, None, None)
            figures[(label, span)] = _time(read(lambda s, w=where: statistics.report(s, w, NOW)))
    for span in statistics.Span:
        before, after = figures[("hour", span)], figures[("covering", span)]
        print(
            f"  statistics {span.value}, all: index on hour {before:8.1f} ms, covering index "
            f"{after:8.1f} ms ({before / after:.1f}x, medians of 5)"
        )


def _time(work: Callable[[], object], runs: int = 5) -> float:
    took = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        took.append(time.perf_counter() - began)
    return stats.median(took) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument(
        "--postgresql", action="store_true", help="on a throwaway PostgreSQL cluster instead"
    )
    parser.add_argument(
        "--compare-indexes",
        action="store_true",
        help="also time the whole network's statistics with the index migration 0008 replaced",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cluster = None
        if args.postgresql:
            from tests.regional.postgres import PostgresCluster, find_bin_dir

            bin_dir = find_bin_dir()
            assert bin_dir is not None, "PostgreSQL binaries not found"
            cluster = PostgresCluster.start(bin_dir)
            url = cluster.create_database("console_bench")
        else:
            url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        db = Database(url)
        try:
            rows = _populate(db, args.kiosks, args.days)
            backend = "PostgreSQL" if cluster else "SQLite"
            print(f"{args.kiosks} kiosks, {rows} hourly counts over {args.days} days ({backend})")

            def read(work: Callable[[Any], object]) -> Callable[[], object]:
                def run() -> object:
                    with db.read() as session:
                        return work(session)

                return run

            settings = FleetSettings()
            cases = {
                "fleet, all kiosks": read(lambda s: fleet_rows(s, None, NOW, settings)),
                "fleet, one library": read(lambda s: fleet_rows(s, "CQL", NOW, settings)),
            }
            for span in statistics.Span:
                for library in (None, "CQL"):
                    where = statistics.Filter(span, library, None)

                    def report(session: Any, where: statistics.Filter = where) -> object:
                        return statistics.report(session, where, NOW)

                    cases[f"statistics {span.value}, {library or 'all'}"] = read(report)
            cases["CSV month, one library"] = read(
                lambda s: sum(
                    1
                    for _ in statistics.csv_rows(
                        s, statistics.Filter(statistics.Span.MONTH, "CQL", None), NOW
                    )
                )
            )
            for name, work in cases.items():
                print(f"  {name:<32} {_time(work):8.1f} ms (median of 5)")
            if args.compare_indexes:
                compare_indexes(db, read)
        finally:
            db.dispose()
            if cluster is not None:
                cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
