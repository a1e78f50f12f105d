"""Sync benchmark: replay 10,000 journalled acts into a served reference instance, batched and
one by one, in one run; and the journal's durable commit latency.

Run: make bench   (or: .venv/bin/python bench/sync.py [--acts N] [--write docs/BENCHMARKS.md])
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe
from bench.report import write_section
from bench.timed_backend import TimedBackend
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.domain import ActKind, Credential, EntryState, Told
from kiosk.store.journal import Journal
from kiosk.sync.worker import Replayer
from patron_identity.id_number import make_id_number
from patron_identity.kinds import CredentialKind
from regional.served import ServedRegional, seed_data_dir


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fill_journal(journal: Journal, client: RegionalClient, items: list[str], acts: int) -> None:
    """A realistic stream: patrons borrow every item, then return them, cycle after cycle."""
    patrons = []
    for i in range(max(40, len(items) // 8 + 1)):
        number = make_id_number("500103", dt.date(1980, 1, 1) + dt.timedelta(days=i * 97), i)
        patrons.append(
            client.lookup_patron(Credential(CredentialKind.ID_CARD, number, f"读者{i}")).patron_id
        )
    t = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    n = 0
    while n < acts:
        for kind in (ActKind.BORROW, ActKind.RETURN):
            for i, item in enumerate(items):
                if n >= acts:
                    return
                patron = patrons[i % len(patrons)] if kind == ActKind.BORROW else None
                journal.record(kind, item, patron_id=patron, occurred_at=t, told=Told.DONE)
                t += dt.timedelta(seconds=1)
                n += 1


def replay(template: Path, work: Path, acts: int, batch: int) -> dict:
    served = ServedRegional(work / "svc", template=template)
    served.start()
    client = RegionalClient(
        ServiceSettings(url=served.url, token=served.token, read_timeout_ms=60_000)
    )
    try:
        with Journal(work / "journal.db") as journal:
            items = _available_items(served)
            fill_journal(journal, client, items, acts)
            timed = TimedBackend(client, ("submit", "submit_batch"))
            started = time.perf_counter()
            result = Replayer(journal, timed, batch).run_once()  # type: ignore[arg-type]
            elapsed = time.perf_counter() - started
            counts = journal.stats().counts
    finally:
        client.close()
        served.stop()
    assert result.clean, result
    return {
        "batch": batch,
        "acts": acts,
        "seconds": elapsed,
        "service_s": timed.waiting,
        "rate": acts / elapsed,
        "accepted": counts.get(EntryState.ACCEPTED, 0),
        "rejected": counts.get(EntryState.REJECTED, 0),
    }


def _available_items(served: ServedRegional) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(served.db)
    try:
        rows = conn.execute(
            "SELECT barcode FROM items WHERE status='available' AND loanable=1 AND barcode NOT "
            "IN (SELECT item_barcode FROM holds) ORDER BY barcode"
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def commit_latency(folder: Path, n: int) -> dict:
    samples = []
    with Journal(folder / "latency.db") as journal:
        for i in range(n):
            t0 = time.perf_counter()
            journal.record(ActKind.RETURN, f"3{i:013d}")
            samples.append(time.perf_counter() - t0)
    return {"n": n, "p50_ms": statistics.median(samples) * 1000, "p99_ms": pct(samples, 99) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--commits", type=int, default=2_000)
    parser.add_argument("--write", help="rewrite this file's sync section")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        template = seed_data_dir(root / "template")
        batched = replay(template, root / "batched", args.acts, args.batch)
        single = replay(template, root / "single", args.acts, 1)
        latency = commit_latency(root, args.commits)
    ratio = batched["rate"] / single["rate"]
    aim = "met" if batched["rate"] >= 1000 else "MISSED"
    kiosk_only_rate = batched["acts"] / max(0.001, batched["seconds"] - batched["service_s"])
    service_only_rate = batched["acts"] / max(0.001, batched["service_s"])
    command = "make bench" if args.acts == 10_000 else f"python bench/sync.py --acts {args.acts}"
    text = "\n".join(
        [
            "## Sync (`bench/sync.py`)",
            "",
            f"Reproduce: `{command}`  ",
            f"Machine: {describe()}",
            "",
            f"{args.acts:,} journalled acts (borrows and returns by {max(40, 0)}+ patrons over the "
            "demo catalogue) replayed into a reference instance served on loopback (SQLite), "
            "each way from a fresh copy of the seeded network, in one run.",
            "",
            "| replay | acts | seconds | acts/s | waiting on the service s | kiosk's own s "
            "| accepted | rejected |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *(
                f"| {label} | {r['acts']:,} | {r['seconds']:.1f} | {r['rate']:,.0f} | "
                f"{r['service_s']:.1f} | {r['seconds'] - r['service_s']:.1f} | "
                f"{r['accepted']:,} | {r['rejected']:,} |"
                for label, r in (
                    (f"batched ({batched['batch']} per request)", batched),
                    ("one by one", single),
                )
            ),
            "",
            f"Batched is {ratio:.1f}× one by one. Aim: at least 1,000 acts/s batched — {aim}.",
            "",
            *(
                [
                    f"Why: of the batched replay's {batched['seconds']:.1f} s, "
                    f"{batched['service_s']:.1f} s is waiting on the service's answers "
                    f"({batched['service_s'] / batched['acts'] * 1000:.2f} ms an act: the "
                    f"service alone answers at most {service_only_rate:,.0f} acts/s) and "
                    f"{batched['seconds'] - batched['service_s']:.1f} s is the kiosk's own work "
                    "(reading the journal, settling each batch in one commit). The kiosk's side "
                    f"alone would replay about {kiosk_only_rate:,.0f} "
                    "acts/s (see the journal section, flat up to a million final rows); the "
                    "service's batch endpoint sets the pace (see the regional "
                    "section: about 1 ms of the service's CPU per act in batches, on the same "
                    "two cores as the kiosk).",
                    "",
                ]
                if aim == "MISSED"
                else []
            ),
            f"Journal durable commit (WAL, synchronous=FULL, one act per commit), n = "
            f"{latency['n']:,}: p50 {latency['p50_ms']:.2f} ms, p99 {latency['p99_ms']:.2f} ms.",
            "",
        ]
    )
    print(text)
    if args.write:
        write_section(args.write, "sync", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
