"""The journal on a full or read-only disk: acts are refused plainly, nothing committed is lost,
and the kiosk notices when space returns. Uses a real small tmpfs (needs root, as CI runs)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.idcard.demo_cards import ZHANG_SAN
from kiosk.core.circulation import Circulation
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.results import Outcome, PatronContext
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import Credential, Told
from kiosk.store.journal import Journal

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte with one file; returns it (unlink it to free the space)."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # full
    finally:
        os.close(fd)
    return filler


class _NoService:
    """The service is down for these tests: every call fails as unreachable."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        from kiosk.backend.errors import ServiceUnreachable

        def fail(*args: object, **kwargs: object) -> None:
            raise ServiceUnreachable("down")

        return fail


def _offline_circulation(journal: Journal) -> Circulation:
    connectivity = ConnectivityMonitor()
    connectivity.failure("test")
    backend = _NoService()
    return Circulation(journal, backend, connectivity, OfflinePolicy())  # type: ignore[arg-type]


WHO = PatronContext(
    Credential("id_card", ZHANG_SAN.id_number, ZHANG_SAN.name, chip_verified=True), None
)


def test_full_disk_refuses_acts_keeps_the_rest_and_recovers(small_disk: Path) -> None:
    journal = Journal(small_disk / "journal.db").open()
    circulation = _offline_circulation(journal)
    kept = [circulation.return_item(f"3500100000{i:04d}") for i in range(5)]
    assert all(r.outcome == Outcome.PROVISIONAL for r in kept)
    filler = fill(small_disk)  # whatever else fills the disk
    refused = None
    for i in range(200):  # SQLite may still have a free page or two
        result = circulation.borrow(WHO, f"3510100000{i:04d}")
        if result.outcome == Outcome.FAILED:
            refused = result
            break
    assert refused is not None and refused.code == "journal_unavailable"
    assert journal.probe() is False
    filler.unlink()  # space returns
    assert journal.probe() is True
    after = circulation.return_item("35001000009999")
    assert after.outcome == Outcome.PROVISIONAL
    txns = {e.txn_id for e in journal.pending(limit=10_000)}
    assert {r.txn_id for r in kept} <= txns and after.txn_id in txns
    assert all(e.told_patron != Told.PENDING for e in journal.pending(limit=10_000))
    journal.close()


def test_read_only_disk_refuses_acts_and_recovers(small_disk: Path) -> None:
    journal = Journal(small_disk / "journal.db").open()
    circulation = _offline_circulation(journal)
    first = circulation.return_item("35001000000015")
    journal.close()  # a busy file system will not go read-only; the journal reconnects on use
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        assert circulation.return_item("35001000000023").code == "journal_unavailable"
        assert journal.probe() is False
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert journal.probe() is True
    assert circulation.return_item("35001000000023").outcome == Outcome.PROVISIONAL
    assert first.txn_id in {e.txn_id for e in journal.pending()}
    journal.close()
