"""SIP2 benchmark: one act's round trip over SIP2 (pysip2's server over SQLite) beside the same
act over the regional HTTP API (the reference service, SQLite), both on loopback in one run;
and the offline replay throughput over SIP2, where each act is asked about before it is sent.

Run: make bench   (or: .venv/bin/python bench/sip2.py [--acts N] [--write docs/BENCHMARKS.md])
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe
from bench.report import write_section
from bench.sync import _available_items, pct
from bench.timed_backend import TimedBackend
from kiosk.backend.port import CirculationBackend, TxnRequest
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.domain import ActKind, Credential, EntryState, Told
from kiosk.store.journal import Journal
from kiosk.sync.replay import Replayer
from patron_identity.id_number import make_id_number
from patron_identity.kinds import CredentialKind
from regional.served import ServedRegional, seed_data_dir
from sip2_library.harness import standard_library_server
from sip2_library.library import Policy
from sip2_library.seed import HOME, ITEMS, LOGIN_PASSWORD, LOGIN_USER, PATRONS

ROUND_TRIP_ITEMS = (ITEMS.available, ITEMS.available_2)


def sip2_settings(port: int) -> Sip2Settings:
    return Sip2Settings(
        host="127.0.0.1",
        port=port,
        login_user=LOGIN_USER,
        login_password=LOGIN_PASSWORD,
        institution_id=HOME,
        location_code=HOME,
        answer_timeout_ms=30_000,
    )


def act_times(
    backend: CirculationBackend, session: str, items: list[str], acts: int
) -> list[float]:
    """Borrow then return each item in turn, ``acts`` acts in all; seconds per act."""
    samples: list[float] = []
    n = 0
    while n < acts:
        for kind in (ActKind.BORROW, ActKind.RETURN):
            for item in items:
                if n >= acts:
                    return samples
                request = TxnRequest(
                    str(uuid.uuid4()),
                    kind,
                    item,
                    dt.datetime.now(dt.UTC),
                    session=session if kind == ActKind.BORROW else None,
                )
                t0 = time.perf_counter()
                outcome = backend.submit(request)
                samples.append(time.perf_counter() - t0)
                assert outcome.accepted, (kind, item, outcome.code)
                n += 1
    return samples


def sip2_round_trips(work: Path, acts: int) -> list[float]:
    with standard_library_server(work, policy=Policy(pin_required=False)) as server:
        backend = Sip2Backend(sip2_settings(server.port))
        try:
            patron = backend.lookup_patron(
                Credential(CredentialKind.LIBRARY_CARD, PATRONS.normal), PATRONS.normal_pin
            )
            assert patron.session is not None
            return act_times(backend, patron.session.id, list(ROUND_TRIP_ITEMS), acts)
        finally:
            backend.close()


def regional_round_trips(template: Path, work: Path, acts: int) -> list[float]:
    served = ServedRegional(work / "svc", template=template)
    served.start()
    client = RegionalClient(ServiceSettings(url=served.url, token=served.token))
    try:
        number = make_id_number("500103", dt.date(1985, 5, 5), 7)
        patron = client.lookup_patron(Credential(CredentialKind.ID_CARD, number, "读者"))
        assert patron.session is not None
        items = _available_items(served)[: len(ROUND_TRIP_ITEMS)]
        return act_times(client, patron.session.id, items, acts)
    finally:
        client.close()
        served.stop()


def sip2_replay(work: Path, acts: int) -> dict:
    """Offline acts by a chip-read ID card, journalled, then replayed over SIP2."""
    with standard_library_server(work, policy=Policy(pin_required=False)) as server:
        server.library.register(PATRONS.resident_id, PATRONS.resident_id, "王小明", "", HOME)
        card = Credential(
            CredentialKind.ID_CARD,
            PATRONS.resident_id,
            name="王小明",
            valid_to=dt.date(2040, 1, 1),
            chip_verified=True,
        )
        backend = Sip2Backend(sip2_settings(server.port))
        requests_before = server.faults.replies
        try:
            with Journal(work / "journal.db") as journal:
                t = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
                for n in range(acts):
                    kind = ActKind.BORROW if n % 2 == 0 else ActKind.RETURN
                    item = ROUND_TRIP_ITEMS[(n // 2) % len(ROUND_TRIP_ITEMS)]
                    entry = journal.record(kind, item, occurred_at=t, told=Told.DONE)
                    journal.go_offline(
                        entry.txn_id, Told.DONE, card if kind == ActKind.BORROW else None
                    )
                    t += dt.timedelta(seconds=1)
                timed = TimedBackend(backend, ("submit", "submit_batch"))
                started = time.perf_counter()
                result = Replayer(journal, timed, 100).run_once()  # type: ignore[arg-type]
                elapsed = time.perf_counter() - started
                counts = journal.stats().counts
        finally:
            backend.close()
        replies = server.faults.replies - requests_before
    assert result.clean, result
    return {
        "acts": acts,
        "seconds": elapsed,
        "rate": acts / elapsed,
        "service_s": timed.waiting,
        "requests_per_act": replies / acts,
        "accepted": counts.get(EntryState.ACCEPTED, 0),
    }


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": statistics.median(samples) * 1000,
        "p99_ms": pct(samples, 99) * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=400, help="acts timed on each side")
    parser.add_argument("--replay", type=int, default=1_000, help="offline acts replayed")
    parser.add_argument("--write", help="rewrite this file's sip2 section")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sip2-") as tmp:
        root = Path(tmp)
        template = seed_data_dir(root / "template")
        (root / "sip2").mkdir()
        (root / "replay").mkdir()
        sip2 = summary(sip2_round_trips(root / "sip2", args.acts))
        regional = summary(regional_round_trips(template, root / "regional", args.acts))
        replay = sip2_replay(root / "replay", args.replay)
    ratio = regional["p50_ms"] / sip2["p50_ms"]
    command = (
        "make bench"
        if (args.acts, args.replay) == (400, 1_000)
        else f"python bench/sip2.py --acts {args.acts} --replay {args.replay}"
    )
    text = "\n".join(
        [
            "## SIP2 (`bench/sip2.py`)",
            "",
            f"Reproduce: `{command}`  ",
            f"Machine: {describe()}",
            "",
            f"One act's round trip from the kiosk's backend, {args.acts} acts each way (borrow, "
            "return, alternately, of two books), both on loopback and SQLite in one run: SIP2 "
            "to pysip2's server (sip2_library/, standard dialect, login and error detection "
            "on) and HTTP to the reference regional service.",
            "",
            "| backend | acts | p50 ms | p99 ms |",
            "|---|---:|---:|---:|",
            f"| SIP2 (pysip2 over SQLite) | {sip2['n']} | {sip2['p50_ms']:.2f} | "
            f"{sip2['p99_ms']:.2f} |",
            f"| regional HTTP API | {regional['n']} | {regional['p50_ms']:.2f} | "
            f"{regional['p99_ms']:.2f} |",
            "",
            f"SIP2 / regional at the median: {1 / ratio:.2f}×. Both sides are servers of this "
            "project's tests and reference, not a production library system: what a real ILS "
            "adds behind its SIP2 port (its own database, rules, logging) dominates there.",
            "",
            f"Offline replay over SIP2: {replay['acts']:,} journalled offline acts (borrows by a "
            f"chip-read ID card, and returns) replayed in {replay['seconds']:.1f} s: "
            f"**{replay['rate']:,.0f} acts/s**, {replay['requests_per_act']:.1f} SIP2 requests "
            f"an act (each is asked about first: 63 or 17, then 11 or 09), "
            f"{replay['service_s']:.1f} s of it waiting on the server; "
            f"{replay['accepted']:,} accepted. The regional service replays in batches (see the "
            "sync section); SIP2 has no batches, so one act costs two round trips.",
            "",
        ]
    )
    print(text)
    if args.write:
        write_section(args.write, "sip2", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
