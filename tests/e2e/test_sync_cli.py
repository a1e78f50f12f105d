"""`kiosk sync status|run` and `kiosk journal export --csv` on a real journal and service."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from drivers.idcard.demo_cards import ZHANG_SAN
from kiosk.domain import ActKind, Credential, Told
from kiosk.store.journal import Journal
from tests.e2e.regional_process import RegionalService
from tests.e2e.test_headless import write_config


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60
    )


def test_status_run_and_export(tmp_path: Path, service: RegionalService) -> None:
    cfg = tmp_path / "kiosk.toml"
    journal_file = tmp_path / "journal.db"
    write_config(cfg, service, journal_file)
    item = service.available_items("CQL", 1)[0]
    cred = Credential("id_card", ZHANG_SAN.id_number, ZHANG_SAN.name, chip_verified=True)
    with Journal(journal_file) as journal:
        journal.record(ActKind.BORROW, item, credential=cred, offline=True, told=Told.PROVISIONAL)
        journal.record(ActKind.RETURN, item, offline=True, told=Told.PROVISIONAL)

    status = kiosk("sync", "status", "--config", str(cfg))
    assert status.returncode == 0 and "pending    2" in status.stdout
    assert "oldest pending: 20" in status.stdout

    service.stop()
    failed = kiosk("sync", "run", "--config", str(cfg))
    assert failed.returncode == 1 and "service_unreachable" in failed.stdout
    assert "last error: service_unreachable" in kiosk("sync", "status", "--config", str(cfg)).stdout
    service.start()
    done = kiosk("sync", "run", "--config", str(cfg))
    assert done.returncode == 0 and "settled 2, pending 0" in done.stdout
    assert service.active_loans(item) == 0

    out = tmp_path / "journal.csv"
    export = kiosk("journal", "export", "--csv", "--config", str(cfg), "--out", str(out))
    assert export.returncode == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") == 3 and "accepted" in text
    assert ZHANG_SAN.id_number not in text and ZHANG_SAN.name not in text
    assert kiosk("config", "check", str(cfg)).returncode == 0
