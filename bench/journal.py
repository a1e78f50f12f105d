"""Journal benchmark: each query the kiosk runs against its journal, with 200 pending acts behind
1k, 100k and 1M final rows, side by side (flat is the aim).

Run: make bench   (or: .venv/bin/python bench/journal.py [--quick] [--write docs/BENCHMARKS.md])
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe
from bench.report import write_section
from kiosk.backend.port import TxnRequest
from kiosk.backend.types import TxnOutcome, TxnStatus
from kiosk.domain import EntryState
from kiosk.store.journal import Journal, Settlement
from kiosk.sync.worker import Replayer

PENDING = 200
ROWS_PER_DAY = 1_000  # a busy kiosk's day: the purge deletes this many rows each day
ITEMS = 5_000  # distinct barcodes, so an item has some history at every size
PURGE_DAYS = 30
REPLAY_ACTS = 1_000
REPLAY_ROUNDS = 3
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _insert_rows(
    conn: sqlite3.Connection, first: int, n: int, final: bool, start: dt.datetime
) -> None:
    """``n`` rows in one INSERT ... SELECT over a counter: a second per 86.4 s of acts
    (1,000 a day), final ones settled a second after they happened."""
    conn.execute(
        """
        WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < :n),
        t(i, at) AS (
            SELECT i, datetime(:start, '+' || (i * 86400 / :per_day) || ' seconds') FROM c
        )
        INSERT INTO journal (txn_id, kind, state, item_barcode, patron_id, occurred_at,
            offline, told_patron, void_requested, attempts, last_error, last_attempt_at,
            result_code, created_at, finalized_at)
        SELECT printf('%08x-0000-4000-8000-%012x', :first + i, :first + i),
            CASE i % 2 WHEN 0 THEN 'borrow' ELSE 'return' END,
            CASE WHEN NOT :final THEN 'pending' WHEN i % 50 = 7 THEN 'rejected'
                ELSE 'accepted' END,
            printf('3%013d', (:first + i) % :items),
            CASE i % 2 WHEN 0 THEN printf('P-%06d', i % 997) END,
            at || '.000000', 0, 'done', 0,
            CASE WHEN :final THEN 1 ELSE i % 3 END,
            CASE WHEN NOT :final AND i % 3 = 1 THEN 'timeout' END,
            CASE WHEN :final OR i % 3 > 0 THEN datetime(at, '+1 seconds') || '.000000' END,
            CASE WHEN :final THEN 'ok' END,
            at || '.000000',
            CASE WHEN :final THEN datetime(at, '+1 seconds') || '.000000' END
        FROM t
        """,
        {
            "n": n,
            "first": first,
            "final": int(final),
            "items": ITEMS,
            "per_day": ROWS_PER_DAY,
            "start": start.strftime("%Y-%m-%d %H:%M:%S"),
        },
    )


def build(path: Path, finals: int) -> None:
    """A journal at the current schema: ``finals`` final rows, then 200 pending acts."""
    Journal(path).open().close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")  # a bench fixture, not a kiosk's journal
        conn.execute("BEGIN")
        _insert_rows(conn, 0, finals, True, T0)
        after = T0 + dt.timedelta(days=finals / ROWS_PER_DAY + 1)
        _insert_rows(conn, finals, PENDING, False, after)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def timed(fn: Callable[[], object], runs: int, budget_s: float = 3.0) -> list[float]:
    """Seconds per call: ``runs`` calls, fewer (at least 5) when they would pass the budget."""
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < runs and (len(samples) < 5 or time.perf_counter() - started < budget_s):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def ms(samples: list[float], p99: bool = True) -> str:
    text = f"{statistics.median(samples) * 1000:.2f}"
    return f"{text} / {pct(samples, 99) * 1000:.2f}" if p99 else text


class InstantBackend:
    """Answers every act at once, accepted: the replay measures the kiosk's side alone."""

    def submit(self, request: TxnRequest) -> TxnOutcome:
        return TxnOutcome(request.txn_id, TxnStatus.ACCEPTED, "ok")

    def submit_batch(self, requests: list[TxnRequest]) -> list[TxnOutcome]:
        return [self.submit(r) for r in requests]

    def void(self, txn_id: str) -> TxnOutcome:
        return TxnOutcome(txn_id, TxnStatus.VOIDED, "voided")


def export_child(path: str) -> None:
    """Run in a child process, so its peak memory is the export's own."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with Journal(path) as journal, open(Path(path).with_suffix(".csv"), "w") as out:
        t0 = time.perf_counter()
        rows = journal.export_csv(out)
        seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": (after - before) / 1024}))


def measure(folder: Path, finals: int, runs: int) -> dict[str, Any]:
    path = folder / f"journal-{finals}.db"
    t0 = time.perf_counter()
    build(path, finals)
    built_s = time.perf_counter() - t0
    out: dict[str, Any] = {"finals": finals, "build_s": built_s}
    with Journal(path) as journal:
        first = journal.pending(1)[0]
        out["pending"] = ms(timed(lambda: journal.pending(100), runs))
        earlier = getattr(journal, "earlier_for_item", None)
        last = journal.pending(PENDING)[-1]
        out["earlier"] = (
            ms(timed(lambda: earlier(last.item_barcode, last.seq), runs)) if earlier else "n/a"
        )
        out["recover"] = ms(timed(journal.recover, runs))
        out["stats"] = ms(timed(journal.stats, runs))
        nothing_due = T0  # the daily purge on a day nothing is old enough
        out["purge_none"] = ms(timed(lambda: journal.purge(PURGE_DAYS, now=nothing_due), runs))

        def settle() -> None:
            batch = journal.pending(100)
            t = time.perf_counter()
            journal.settle_many([Settlement(e.txn_id, EntryState.ACCEPTED, "ok") for e in batch])
            samples.append(time.perf_counter() - t)
            reset = sqlite3.connect(path, isolation_level=None)
            ids = [e.txn_id for e in batch]
            reset.execute(
                "UPDATE journal SET state='pending', finalized_at=NULL, result_code=NULL "
                f"WHERE txn_id IN ({','.join('?' * len(ids))})",
                ids,
            )
            reset.close()

        samples: list[float] = []
        for _ in range(max(5, runs // 10)):
            settle()
        out["settle"] = ms(samples)
        assert journal.pending(1)[0].txn_id == first.txn_id

    child = subprocess.run(
        [sys.executable, __file__, "--export-child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    export = json.loads(child.stdout)
    out["export_rate"] = f"{export['rows'] / export['seconds']:,.0f}"
    out["export_mib"] = f"{export['peak_mib']:,.0f}"
    path.with_suffix(".csv").unlink()

    with Journal(path) as journal:
        rates = []
        next_seq = finals + PENDING
        for round_ in range(REPLAY_ROUNDS):
            conn = sqlite3.connect(path, isolation_level=None)
            latest = T0 + dt.timedelta(days=finals / ROWS_PER_DAY + 2 + round_)
            _insert_rows(conn, next_seq, REPLAY_ACTS, False, latest)
            conn.close()
            next_seq += REPLAY_ACTS
            acts = journal.stats().pending
            t = time.perf_counter()
            result = Replayer(journal, InstantBackend(), 100).run_once()  # type: ignore[arg-type]
            elapsed = time.perf_counter() - t
            assert result.clean and result.settled == acts, result
            rates.append(acts / elapsed)
        out["replay"] = f"{statistics.median(rates):,.0f}"

        # Purge a day's worth (1,000 rows), day after day, oldest first.
        purged: list[float] = []
        days = max(1, finals // ROWS_PER_DAY)
        for day in range(min(days, 5)):
            now = T0 + dt.timedelta(days=PURGE_DAYS + day + 1, seconds=1)
            t = time.perf_counter()
            n = journal.purge(PURGE_DAYS, now=now)
            purged.append(time.perf_counter() - t)
            assert n == min(ROWS_PER_DAY, finals), n
        out["purge_day"] = ms(purged, p99=False)
    path.unlink()
    return out


ROWS = [
    ("pending(100): the next batch to replay, ms p50 / p99", "pending"),
    ("earlier_for_item: an item's earlier acts still to replay, ms p50 / p99", "earlier"),
    ("recover(): start-up, acts nobody was told about, ms p50 / p99", "recover"),
    ("stats(): counts per state, oldest pending, last error, ms p50 / p99", "stats"),
    ("purge(): daily run with nothing due, ms p50 / p99", "purge_none"),
    (f"purge(): a day's worth ({ROWS_PER_DAY:,} rows) deleted, ms p50", "purge_day"),
    ("settle_many(): a 100-act batch in one commit, ms p50 / p99", "settle"),
    ("export_csv(): rows/s (to a file)", "export_rate"),
    ("export_csv(): peak memory added, MiB", "export_mib"),
    ("replay, kiosk's side (batches of 100, instant service): acts/s", "replay"),
]


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--export-child":
        export_child(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k, 10k and 100k final rows")
    parser.add_argument("--runs", type=int, default=100, help="calls per query (at most)")
    parser.add_argument("--write", help="rewrite this file's journal section")
    args = parser.parse_args()
    sizes = [1_000, 10_000, 100_000] if args.quick else [1_000, 100_000, 1_000_000]
    with tempfile.TemporaryDirectory(prefix="bench-journal-") as tmp:
        results = [measure(Path(tmp), n, args.runs) for n in sizes]
    command = "make bench" if not args.quick else "python bench/journal.py --quick"
    head = " | ".join(f"{r['finals']:,} final" for r in results)
    text = "\n".join(
        [
            "## Journal (`bench/journal.py`)",
            "",
            f"Reproduce: `{command}`  ",
            f"Machine: {describe()}",
            "",
            f"The kiosk's queries on its SQLite journal (WAL, synchronous=FULL) with {PENDING} "
            "pending acts behind journals of final rows of each size (settled at "
            f"{ROWS_PER_DAY:,} a day over {ITEMS:,} barcodes; built with set-based inserts). "
            "Medians (and p99) of up to "
            f"{args.runs} calls each; the replay runs {REPLAY_ACTS:,} more pending acts through "
            "the real sync Replayer against a stub service that answers at once (median of "
            f"{REPLAY_ROUNDS} rounds). Flat across a row is the aim. A day's purge deletes as "
            "many rows at every size: what grows is only the depth of the B-trees it deletes "
            "from (and pages no longer in SQLite's cache), not a walk of the journal.",
            "",
            f"| query | {head} |",
            "|---|" + "---:|" * len(results),
            *(
                f"| {label} | " + " | ".join(str(r[key]) for r in results) + " |"
                for label, key in ROWS
            ),
            "",
            "Build time (fixture only): "
            + ", ".join(f"{r['finals']:,} rows {r['build_s']:.1f} s" for r in results)
            + ".",
            "",
        ]
    )
    print(text)
    if args.write:
        write_section(args.write, "journal", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
