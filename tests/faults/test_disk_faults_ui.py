"""The full kiosk with its journal on a real small disk that fills up: the patron sees the
out-of-service screen, nothing already committed is lost, and the kiosk comes back by itself
when space returns. Needs root for the tmpfs, as CI runs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.session import Screen
from kiosk.core.settings import SessionSettings
from kiosk.demo_env import DemoEnvironment
from kiosk.domain import EntryState
from kiosk.store.journal import Journal
from tests.faults.test_disk_faults import fill
from tests.ui.full_kiosk import FullKiosk, running_kiosk

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


@pytest.fixture
def kiosk_on_small_disk(
    qtbot, tmp_path: Path, regional_template: Path
) -> Iterator[tuple[FullKiosk, Path]]:  # type: ignore[no-untyped-def]
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)], check=True)
    env = DemoEnvironment(tmp_path / "demo", template=regional_template)
    try:
        config = env.start()
        journal = config.journal.model_copy(update={"path": str(disk / "journal.db")})
        config = config.model_copy(
            update={
                "journal": journal,
                "session": SessionSettings().model_copy(update={"summary_s": 1}),
            }
        )
        with running_kiosk(qtbot, env, config) as kiosk:
            yield kiosk, disk
    finally:
        env.close()
        subprocess.run(["umount", "-l", str(disk)], check=True)


@pytest.mark.timeout(180)
def test_a_full_disk_shows_out_of_service_and_the_kiosk_comes_back(kiosk_on_small_disk) -> None:  # type: ignore[no-untyped-def]
    k, disk = kiosk_on_small_disk
    books = [b.barcode for b in k.env.books(60) if b.status == "on_loan"]
    k.sim(f"scan {books[0]}")
    k.until(lambda: k.view.screen == Screen.RETURNS and k.view.rows and not k.view.rows[0].pending)
    committed = {e.txn_id: e.state for e in k.app.services.journal.entries(limit=1000)}
    assert list(committed.values()) == [EntryState.ACCEPTED]
    filler = fill(disk)  # something else fills the disk
    # Scans until the journal cannot take one more (SQLite may have a free page or two).
    for barcode in books[1:]:
        if k.view.screen == Screen.OUT_OF_SERVICE:
            break
        before = len(k.view.rows)
        k.sim(f"scan {barcode}")
        k.until(
            lambda n=before: (
                k.view.screen == Screen.OUT_OF_SERVICE
                or (len(k.view.rows) > n and not k.view.rows[-1].pending)
            )
        )
    k.until(lambda: k.view.screen == Screen.OUT_OF_SERVICE)
    assert k.view.out_of_service_reason == "journal_unavailable"
    assert k.widget("screen.out-of-service").isVisible()
    filler.unlink()  # space returns: the kiosk finds out by itself
    k.until(lambda: k.view.screen == Screen.HOME, timeout=30)
    k.sim(f"scan {books[-1]}")
    k.until(lambda: k.view.screen == Screen.RETURNS and k.view.rows and not k.view.rows[-1].pending)
    with Journal(disk / "journal.db") as journal:
        kept = {e.txn_id: e.state for e in journal.entries(limit=1000)}
    assert all(kept.get(txn) == state for txn, state in committed.items()), kept
    assert len(kept) > len(committed)  # and the act after recovery is there too
