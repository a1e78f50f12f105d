"""kill -9 of the SERVICE while a replayed batch is being applied, several times over, on SQLite
and on PostgreSQL: after each restart the replay goes on, and in the end the service's database
holds every act exactly once, with loans, counters, renewals and fines as the acts imply.

The journal's acts are fixed (a constant seed); where each kill lands inside a batch depends on
thread timing, so two runs are alike, not the same. Each kill waits for a condition (a batch
request outstanding and some of its acts already committed), never a sleep."""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.idcard.demo_cards import DEMO_CARDS
from kiosk.backend.port import TxnRequest
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.backend.types import TxnOutcome
from kiosk.domain import ActKind, Credential, EntryState, Told
from kiosk.store.journal import Journal
from kiosk.sync.replay import Replayer, SyncPass
from tests.e2e.invariants import assert_service_matches_patrons, snapshot
from tests.e2e.regional_process import RegionalService
from tests.helpers import wait_until

SOAK = os.environ.get("KIOSK_SOAK") == "1"
# Each kill waits for at least one chunk (100 acts) to commit, so the acts bound the kills.
ACTS, KILLS = (4000, 30) if SOAK else (600, 4)
# Larger than the service's chunk of acts per database transaction (BATCH_CHUNK, 100): a batch
# commits chunk by chunk, so rows appear while the rest of the batch is still being applied.
BATCH = 250
SCRIPT_SEED = 20_261_204


class WatchedClient(RegionalClient):
    """The real client, telling the test when a batch request is outstanding."""

    def __init__(self, settings: ServiceSettings) -> None:
        super().__init__(settings)
        self.in_flight = threading.Event()
        self.cut_short = 0  # batches whose answer the kill took away

    def submit_batch(self, requests_: list[TxnRequest]) -> list[TxnOutcome]:
        self.in_flight.set()
        try:
            return super().submit_batch(requests_)
        except Exception:
            self.cut_short += 1
            raise
        finally:
            self.in_flight.clear()


def write_acts(journal: Journal, patrons: list[Credential], items: list[str]) -> dict[str, int]:
    """A few hundred offline acts of several patrons, from a fixed seed: borrows, returns
    and renewals in an order a real afternoon could have produced; returns what each kind
    numbers. (The kiosk does not renew offline today; the service takes offline renewals,
    and they belong in a batch that is cut short as much as borrows do.)"""
    rng = random.Random(SCRIPT_SEED)
    on_loan: dict[str, str] = {}
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    counts = {str(k): 0 for k in ActKind}
    for _ in range(ACTS):
        at += dt.timedelta(seconds=rng.uniform(1, 10))
        roll = rng.random()
        lent = sorted(on_loan)
        free = [i for i in items if i not in on_loan]
        if lent and (roll < 0.35 or not free):
            item, kind = rng.choice(lent), ActKind.RETURN
            patron = None
            del on_loan[item]
        elif lent and roll < 0.5:
            item, kind = rng.choice(lent), ActKind.RENEW
            patron = on_loan[item]
        else:
            item, kind, patron = rng.choice(free), ActKind.BORROW, rng.choice(patrons)
            on_loan[item] = patron
        journal.record(
            kind, item, credential=patron, occurred_at=at, offline=True, told=Told.PROVISIONAL
        )
        counts[str(kind)] += 1
    return counts


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "journal.db") as j:
        yield j


@pytest.mark.timeout(3600 if SOAK else 600)
def test_service_killed_mid_batch_applies_every_act_once(
    served: RegionalService, journal: Journal
) -> None:
    items = served.available_items("CQL", 20) + served.available_items("CDL", 20)
    # Offline the service knows patrons by their chip-read ID cards; the demo's valid ones.
    today = dt.date.today()
    patrons = [
        Credential("id_card", c.id_number, c.name, c.valid_to, chip_verified=True)
        for c in DEMO_CARDS
        if c.valid_to is None or c.valid_to > today
    ]
    # One long offline episode of several hundred loans: the library's offline item limit is
    # not what this test is about (tests/regional/test_offline.py is).
    served.execute("UPDATE libraries SET offline_item_limit = 100000")
    before = snapshot(served)
    counts = write_acts(journal, patrons, items)
    # A batch of 250 acts may take seconds on a loaded machine: only the kill may end it.
    settings = ServiceSettings(url=served.url, token=served.token, read_timeout_ms=120_000)
    client = WatchedClient(settings)
    replayer = Replayer(journal, client, BATCH)

    def committed() -> int:
        count: int = served.query("SELECT count(*) FROM transactions")[0][0]
        return count

    passes: list[SyncPass] = []
    kill_points: list[int] = []
    try:
        for _ in range(KILLS):
            start = committed()
            thread = threading.Thread(target=lambda: passes.append(replayer.run_once()))
            thread.start()
            try:
                # A batch is on the wire and at least one of its chunks has committed.
                wait_until(
                    lambda s=start: client.in_flight.is_set() and committed() > s,
                    timeout=120,
                    what="a batch being applied",
                )
                served.kill()
                kill_points.append(committed())
            finally:
                thread.join(60)
            assert not thread.is_alive()
            assert passes[-1].error is not None, "the replay did not notice the kill"
            served.start()
        final = replayer.run_once()
    finally:
        client.close()
    assert final.clean, final
    entries = journal.entries(limit=100_000)
    assert len(entries) == ACTS and all(e.state != EntryState.PENDING for e in entries)
    assert committed() == ACTS  # one row per act, none lost
    database = served.database_url.split(":")[0]
    assert_service_matches_patrons(entries, served, before, f"service killed ({database})")
    print(
        f"{ACTS} offline acts {counts} replayed in batches of {BATCH}; service killed "
        f"{KILLS} times mid-replay, at {kill_points} committed rows; {client.cut_short} "
        "batch answers lost; every act applied exactly once, loans and counters as implied"
    )
