"""Hostile config files: every one is refused with a message naming the problem, never a
traceback, in `config check` and at the kiosk's start-up alike."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, parse_config

DEEP_ARRAY = "x = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_TABLE = "x = " + "{a = " * 5000 + "}" * 5000 + "\n"
DEEP_VALUE = '[devices.scanner]\nport = "x"\nmax_length = ' + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize("text", [DEEP_ARRAY, DEEP_TABLE, DEEP_VALUE])
@pytest.mark.parametrize("command", [["config", "check"], ["run", "--headless", "--config"]])
def test_deep_nesting_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, command: list[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    assert main([*command, str(path)]) == 2
    err = capsys.readouterr().err
    assert "nested too deeply" in err and str(path) in err


def test_an_unexpected_parser_failure_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> dict[str, object]:
        raise IndexError("parser bug")

    monkeypatch.setattr(tomllib, "loads", broken)
    with pytest.raises(ConfigError) as info:
        parse_config("a = 1\n")
    assert info.value.problems == ["not readable as TOML (IndexError)"]


def test_a_huge_wrong_value_is_shown_only_in_part() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config('[devices.scanner]\nport = "x"\nmax_length = "' + "9" * 100_000 + 'x"\n')
    (problem,) = info.value.problems
    assert problem.startswith("devices.scanner.max_length:") and len(problem) < 300


def test_missing_ca_file_fails_config_check_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kiosk.toml"
    missing = tmp_path / "no-such-ca.pem"
    path.write_text(
        f'[service]\nurl = "https://regional.example.org"\nca_file = "{missing}"\n',
        encoding="utf-8",
    )
    assert main(["config", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"service.ca_file: no such file: {missing}" in err
    missing.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    assert main(["config", "check", str(path)]) == 0
