"""`kiosk-regional token list|revoke`: a revoked token stops working on every instance within
the stated bound (the instances' token caches), on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import requests

from regional.auth import REVOCATION_BOUND_S
from regional.served import ServedRegional, regional_cli
from tests.e2e.regional_process import RegionalService
from tests.helpers import wait_until


def _status(url: str, token: str) -> int:
    answer = requests.get(
        url + "/v1/libraries", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    return answer.status_code


def test_a_revoked_token_is_refused_by_every_instance(served: RegionalService) -> None:
    db = ("--data-dir", str(served.folder), "--db", served.database_url)
    # A second instance on the same database, with the same credential key.
    folder = served.folder / "second"
    folder.mkdir()
    (folder / "credential.key").write_bytes((served.folder / "credential.key").read_bytes())
    second = ServedRegional(folder, database_url=served.database_url)
    other = served.create_token("CQL-T9", "CQL")
    second.start()
    try:
        for url in (served.url, second.url):  # both know the token, and cache it
            assert _status(url, served.token) == 200 and _status(url, other) == 200
        listed = regional_cli("token", "list", *db)
        assert "CQL-T1" in listed and "CQL-T9" in listed
        assert served.token not in listed  # only hashes are kept; none is shown

        out = regional_cli("token", "revoke", "--kiosk", "CQL-T1", *db)
        assert "revoked token" in out and "CQL-T1" in out
        for url in (served.url, second.url):
            wait_until(
                lambda url=url: _status(url, served.token) == 401,
                timeout=REVOCATION_BOUND_S + 10,
                what=f"{url} to refuse the revoked token",
            )
            assert _status(url, other) == 200  # the other kiosk carries on
        assert "CQL-T1" not in regional_cli("token", "list", *db)
        assert "CQL-T1" in regional_cli("token", "list", "--all", *db)
    finally:
        second.stop()


def test_revoking_nothing_says_so(served: RegionalService) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-m", "regional.cli", "token", "revoke", "--kiosk", "NOPE"),
            *("--data-dir", str(served.folder), "--db", served.database_url),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "no live token" in done.stderr
