"""Where the heartbeat goes, as the config says: to the regional service by default, nowhere
over SIP2 unless [heartbeat] url names a regional service, nowhere when it is off."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.backend.regional_client import RegionalClient
from kiosk.config import ConfigError, parse_config
from kiosk.services import make_heartbeat
from kiosk.store.journal import Journal

SIP2 = '[backend]\nkind = "sip2"\n[sip2]\nhost = "sip.example"\ndialect = "dp2"\n'
SERVICE = '[service]\nurl = "http://127.0.0.1:8600"\ntoken = "kiosk-token"\n'


def target(config_text: str, tmp_path: Path) -> tuple[str, str] | None:
    """(url, token) the heartbeat would be sent to, or None."""
    journal = Journal(tmp_path / "journal.db")
    sender = make_heartbeat(parse_config(config_text), journal)
    try:
        if sender is None:
            return None
        assert isinstance(sender.poster, RegionalClient)
        return sender.poster.settings.url, sender.poster.settings.token
    finally:
        if sender is not None:
            sender.close()
        journal.close()


def test_the_heartbeat_goes_where_the_config_says(tmp_path: Path) -> None:
    assert target(SERVICE, tmp_path) == ("http://127.0.0.1:8600", "kiosk-token")
    assert target(SERVICE + "[heartbeat]\nenabled = false\n", tmp_path) is None
    assert target(SIP2 + SERVICE, tmp_path) is None
    assert target(
        SIP2 + SERVICE + '[heartbeat]\nurl = "http://127.0.0.1:8700"\ntoken = "hb"\n', tmp_path
    ) == ("http://127.0.0.1:8700", "hb")
    # Plain http to another machine is refused as for the service: no heartbeat, no crash.
    assert target(SERVICE + '[heartbeat]\nurl = "http://regional.example"\n', tmp_path) is None


def test_a_wrong_heartbeat_setting_names_its_key() -> None:
    with pytest.raises(ConfigError, match=r"heartbeat\.interval_s"):
        parse_config("[heartbeat]\ninterval_s = 1\n")
    with pytest.raises(ConfigError, match=r"heartbeat\.url"):
        parse_config('[heartbeat]\nurl = "regional.example"\n')
