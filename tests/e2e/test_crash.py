"""kill -9 the headless kiosk at random points of a stream of acts, many times over: after
restart and sync the service's database holds exactly what patrons were told — nothing lost,
nothing doubled, counters and loans as the acts imply. KIOSK_CRASH_SEED=<seed> re-runs the same
scripts and kill schedule; where each kill lands depends on thread timing, so not the same run."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.idcard.demo_cards import JIKE_AYI, LI_SI, ZHANG_SAN
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.domain import ActKind, Told
from kiosk.store.journal import Journal
from kiosk.sync.worker import Replayer
from regional.settings import load_credential_key
from tests.e2e.invariants import assert_service_matches_patrons, patrons_by_card, snapshot
from tests.e2e.regional_process import RegionalService
from tests.e2e.test_headless import write_config
from tests.e2e.test_offline_and_sync import chip as credential

RUNS = int(os.environ.get("KIOSK_CRASH_RUNS", "12"))
PATRONS = [ZHANG_SAN, LI_SI, JIKE_AYI]


def _script(rng: random.Random, items: list[str]) -> str:
    lines = []
    for _ in range(rng.randint(2, 4)):
        lines.append(f"card {rng.choice(PATRONS).id_number}")
        lines.append(f"wait {rng.uniform(0.05, 0.3):.2f}")
        scanned = [rng.choice(items) for _ in range(rng.randint(1, 3))]
        lines += [f"scan {item}" for item in scanned]
        if rng.random() < 0.4:  # the patron renews one of them on the spot
            lines.append("wait 0.1")
            lines.append(f"press renew {rng.choice(scanned)}")
        lines.append("remove-card")
        lines.append(f"wait {rng.uniform(0.05, 0.2):.2f}")
        lines.append(f"card {rng.choice(PATRONS).id_number}")  # a tap ends the session
        lines.append("remove-card")
        lines.append("wait 0.15")
        lines.append(f"scan {rng.choice(items)}")  # outside a session: a return
    return "\n".join(lines) + "\n"


@pytest.mark.timeout(120 + RUNS * 10)
def test_kill_dash_nine_loses_nothing_and_doubles_nothing(
    tmp_path: Path, service: RegionalService
) -> None:
    seed = int(os.environ.get("KIOSK_CRASH_SEED", random.randrange(1 << 30)))
    print(
        f"crash test seed {seed}: it fixes the scripts of acts and the schedule of kills and "
        "service stops; where in a script each kill lands depends on thread timing, so a run "
        f"is not exactly replayable (KIOSK_CRASH_SEED={seed} re-runs the same schedule)"
    )
    rng = random.Random(seed)
    cfg = tmp_path / "kiosk.toml"
    journal_file = tmp_path / "journal.db"
    write_config(cfg, service, journal_file)
    items = service.available_items("CQL", 3) + service.available_items("CDL", 3)
    before = snapshot(service)
    confirmed: list[dict] = []  # what patrons saw, as printed by the kiosk
    card_of: dict[str, str] = {}  # txn_id → masked card of the session it was done in
    toggles = 0
    for _ in range(RUNS):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk",
                "run",
                "--headless",
                "--simulate",
                "--config",
                str(cfg),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        proc.stdin.write(_script(rng, items).encode())
        proc.stdin.flush()
        lifetime = rng.uniform(0.8, 3.0)  # the random point at which the power goes
        if rng.random() < 0.25:  # the service goes down (or comes back) meanwhile
            flip_at = rng.uniform(0, lifetime)
            time.sleep(flip_at)
            if service.running:
                service.stop()
            else:
                service.start()
            toggles += 1
            lifetime -= flip_at
        time.sleep(lifetime)
        proc.kill()
        out, _ = proc.communicate(timeout=30)
        proc.stdin.close()
        card = None
        for line in out.decode(errors="replace").splitlines():
            try:
                obj = json.loads(line)
            except ValueError:
                continue  # the line the kill cut in half
            if obj.get("event") == "session_started":
                card = obj["card"]
            elif obj.get("event") == "session_ended":
                card = None
            elif obj.get("event") in ("borrow", "renew") and card is not None:
                card_of[obj["txn_id"]] = card
            if obj.get("event") in ("borrow", "return", "renew") and obj["outcome"] in (
                "done",
                "provisional",
            ):
                confirmed.append(obj)

    # Restart as the kiosk does: void what nobody was told, then sync everything.
    service.start()
    client = RegionalClient(ServiceSettings(url=service.url, token=service.token))
    with Journal(journal_file) as journal:
        journal.recover()
        assert Replayer(journal, client, 50).run_once().clean
        entries = sorted(journal.entries(limit=100_000), key=lambda e: e.seq)
    client.close()

    told = [e for e in entries if e.told_patron in (Told.DONE, Told.PROVISIONAL)]
    told_ids = {e.txn_id for e in told}
    missing = [c for c in confirmed if c["txn_id"] not in told_ids]
    assert not missing, (
        f"seed {seed}: the kiosk printed these done, its journal does not: {missing}"
    )
    numbers = {credential(p).masked(): p.id_number for p in PATRONS}
    ids = patrons_by_card(service, load_credential_key(service.folder), list(numbers.values()))
    patron_of = {t: ids[numbers[c]] for t, c in card_of.items() if numbers.get(c) in ids}
    assert_service_matches_patrons(entries, service, before, f"seed {seed}", patron_of)
    assert any(e.kind == ActKind.BORROW for e in told), f"seed {seed}: nothing lent"
    by_kind = {str(k): sum(1 for e in told if e.kind == k) for k in ActKind}
    print(
        f"{RUNS} kill -9 runs, service stopped or started {toggles} times mid-run; "
        f"{len(entries)} acts journalled, {len(told)} confirmed to patrons {by_kind} "
        f"({sum(1 for e in told if e.offline)} offline); after restart and sync: "
        "0 lost, 0 doubled, loans and counters as the acts imply"
    )
