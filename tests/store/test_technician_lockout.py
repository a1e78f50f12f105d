"""The technician PIN's lockout outlives a restart: it is kept in the journal's database."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.core.settings import TechnicianSettings
from kiosk.core.technician_gate import GateAnswer, LockoutState, TechnicianGate
from kiosk.store.journal import Journal
from kiosk.store.lockout import JournalLockoutStore
from kiosk.technician import TechnicianDesk
from patron_identity.pins import hash_pin

PIN = "2468"
NOW = 1_796_000_000.0  # wall-clock seconds, as the technician desk's clock gives them


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


def gate(journal: Journal, pin_hash: str) -> TechnicianGate:
    return TechnicianGate(pin_hash, 3, 300.0, store=JournalLockoutStore(journal))


def test_a_restart_does_not_lift_the_lockout(tmp_path: Path, pin_hash: str) -> None:
    path = tmp_path / "journal.db"
    with Journal(path) as journal:
        first = gate(journal, pin_hash)
        assert [first.try_pin("0000", NOW + i) for i in range(3)] == [
            GateAnswer.WRONG,
            GateAnswer.WRONG,
            GateAnswer.LOCKED,
        ]
    with Journal(path) as journal:  # the kiosk restarted
        again = gate(journal, pin_hash)
        assert again.locked(NOW + 60)
        assert again.seconds_left(NOW + 60) == pytest.approx(242)
        assert again.try_pin(PIN, NOW + 60) == GateAnswer.LOCKED
        assert again.try_pin(PIN, NOW + 303) == GateAnswer.OPEN


def test_wrong_tries_count_on_across_a_restart(tmp_path: Path, pin_hash: str) -> None:
    path = tmp_path / "journal.db"
    with Journal(path) as journal:
        first = gate(journal, pin_hash)
        assert first.try_pin("0000", NOW) == GateAnswer.WRONG
        assert first.try_pin("1111", NOW) == GateAnswer.WRONG
    with Journal(path) as journal:
        again = gate(journal, pin_hash)
        assert again.wrong == 2
        assert again.try_pin("0000", NOW) == GateAnswer.LOCKED
    with Journal(path) as journal:  # the right PIN after the lockout starts the count again
        assert gate(journal, pin_hash).try_pin(PIN, NOW + 301) == GateAnswer.OPEN
    with Journal(path) as journal:
        assert gate(journal, pin_hash).wrong == 0


def test_a_clock_set_back_locks_for_one_lockout_at_most(tmp_path: Path, pin_hash: str) -> None:
    with Journal(tmp_path / "journal.db") as journal:
        JournalLockoutStore(journal).save(LockoutState(0, NOW + 300))
        assert gate(journal, pin_hash).seconds_left(NOW - 86_400) == 300


def test_an_unopened_journal_leaves_the_gate_in_memory(tmp_path: Path, pin_hash: str) -> None:
    journal = Journal(tmp_path / "journal.db")  # never opened: the disk failed at start
    memory_only = gate(journal, pin_hash)
    assert memory_only.try_pin("0000", NOW) == GateAnswer.WRONG
    assert memory_only.wrong == 1
    journal.close()


def test_the_technician_desk_keeps_its_lockout_in_the_journal(
    tmp_path: Path, pin_hash: str
) -> None:
    settings = TechnicianSettings(pin_hash=pin_hash, max_attempts=2, lockout_s=600)

    def desk(journal: Journal) -> TechnicianDesk:
        # The desk reads only the services' journal when built; the rest of a kiosk is not needed.
        services = SimpleNamespace(journal=journal)
        return TechnicianDesk(services, None, settings, clock=lambda: NOW)  # type: ignore[arg-type]

    path = tmp_path / "journal.db"
    with Journal(path) as journal:
        first = desk(journal)
        assert first.try_pin("0000") == GateAnswer.WRONG
        assert first.try_pin("0000") == GateAnswer.LOCKED
    with Journal(path) as journal:
        assert desk(journal).lock_seconds_left() == 600
