"""`kiosk-regional token list|revoke`: a revoked token stops working on every instance within
the stated bound (the instances' token caches), on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

from regional.auth import REVOCATION_BOUND_S, TokenCache
from regional.cli import build_parser
from regional.served import regional_cli
from regional.serving import _make_app
from tests.e2e.regional_process import RegionalService
from tests.helpers import wait_until

# Both instances trust a checked token this long (`serve --token-cache`), not the default 5 s
# (REVOCATION_BOUND_S): what is shown, every instance refusing a revoked token once its cache
# bound has passed, is the same whatever the bound, and the test need not wait 5 s twice. Longer
# than `token revoke` takes to start and write, so the caches still hold the token when it ends.
TOKEN_CACHE_S = 2.0
SERVE_ARGS = ("--token-cache", str(TOKEN_CACHE_S))


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
    second = RegionalService(folder, None, database_url=served.database_url, serve_args=SERVE_ARGS)
    other = served.create_token("CQL-T9", "CQL")
    second.start()
    try:
        listed = regional_cli("token", "list", *db)
        assert "CQL-T1" in listed and "CQL-T9" in listed
        assert served.token not in listed  # only hashes are kept; none is shown
        # Both know the token, and cache it just before it is revoked: the revocation then
        # comes while the instances still trust the token, and has to outlast their caches.
        for url in (served.url, second.url):
            assert _status(url, served.token) == 200 and _status(url, other) == 200

        out = regional_cli("token", "revoke", "--kiosk", "CQL-T1", *db)
        assert "revoked token" in out and "CQL-T1" in out
        for url in (served.url, second.url):
            wait_until(
                lambda url=url: _status(url, served.token) == 401,
                timeout=TOKEN_CACHE_S + 10,
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


def test_serve_token_cache_sets_the_instances_bound(tmp_path: Path) -> None:
    """The option the test above shortens reaches the cache (the default stays the stated one)."""
    args = build_parser().parse_args(["serve", "--token-cache", "0.25"])
    assert args.token_cache == 0.25 and build_parser().parse_args(["serve"]).token_cache is None
    options = {
        "url": "sqlite://",
        "data_dir": str(tmp_path),
        "lookups_per_minute": 120,
        "registrations_per_hour": 60,
    }
    app = _make_app({**options, "token_cache_s": 0.25})
    assert app.state.runtime.tokens.ttl == 0.25
    assert TokenCache().ttl == REVOCATION_BOUND_S == 5.0
