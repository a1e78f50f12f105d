"""`systemctl stop` sends SIGTERM: the windowed kiosk must leave its event loop and close in
order (the act in flight finished, the journal closed), exiting 0 — not die where it stands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import wait_until


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_windowed_kiosk_stops_in_order_on_a_signal(tmp_path: Path, sig: int) -> None:
    journal = tmp_path / "journal.db"
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[kiosk]\nid = "CQL-K09"\nlibrary = "CQL"\n'
        f'[journal]\npath = "{journal}"\n'
        '[service]\nurl = "http://127.0.0.1:9"\ntoken = "t"\n'
        f'[devices.scanner]\nport = "{tmp_path / "no-such-port"}"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(config)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: journal.exists() or kiosk.poll() is not None, 60, what="started")
        kiosk.send_signal(sig)
        _, errors = kiosk.communicate(timeout=60)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.communicate()
    assert kiosk.returncode == 0, errors
    assert "Traceback" not in errors, errors
