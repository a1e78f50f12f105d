"""`kiosk sip2 probe --config FILE` against pysip2's server: logs in, prints the 98 as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sip2_library.library import LibrarySystem
from sip2_library.seed import HOME, LOGIN_PASSWORD, LOGIN_USER, seed_library
from sip2_library.standard_server import StandardSip2Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[StandardSip2Server]:
    library = LibrarySystem(tmp_path / "ils.db")
    seed_library(library)
    with StandardSip2Server(
        library, institution=HOME, accounts={LOGIN_USER: LOGIN_PASSWORD}
    ) as running:
        yield running
    library.close()


def probe(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "sip2", "probe", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def write_config(tmp_path: Path, port: int, password: str) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[backend]\nkind = "sip2"\n[sip2]\nhost = "127.0.0.1"\nport = {port}\n'
        f'login_user = "{LOGIN_USER}"\nlogin_password = "{password}"\n'
        f'institution_id = "{HOME}"\nanswer_timeout_ms = 3000\n',
        encoding="utf-8",
    )
    return config


def test_probe_prints_the_status_as_json(tmp_path: Path, server: StandardSip2Server) -> None:
    done = probe(write_config(tmp_path, server.port, LOGIN_PASSWORD))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] is True and answer["code"] == "98"
    assert answer["fixed"]["online_status"] == "Y" and answer["checksum"] == "ok"


def test_a_refused_login_is_exit_1_with_its_code(
    tmp_path: Path, server: StandardSip2Server
) -> None:
    done = probe(write_config(tmp_path, server.port, "wrong"))
    assert done.returncode == 1
    answer = json.loads(done.stdout)
    assert answer["ok"] is False and answer["error"] in ("sip2_login_refused", "outcome_unknown")
    assert "Traceback" not in done.stderr


def test_no_server_is_exit_1_and_a_bad_config_exit_2(tmp_path: Path) -> None:
    done = probe(write_config(tmp_path, 1, LOGIN_PASSWORD))
    assert done.returncode == 1 and json.loads(done.stdout)["error"] == "service_unreachable"
    bad = tmp_path / "bad.toml"
    bad.write_text('[sip2]\ndialect = "nope"\n', encoding="utf-8")
    assert probe(bad).returncode == 2
