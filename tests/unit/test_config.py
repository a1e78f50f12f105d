"""The config loader: the example is valid and complete, and each mistake names its key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drivers.settings import BarcodeRule
from kiosk.cli import main
from kiosk.config import ConfigError, DevicesConfig, KioskConfig, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.toml"


def test_example_is_valid() -> None:
    config = load_config(EXAMPLE)
    assert config.devices.id_card_reader is not None
    assert config.devices.id_card_reader.baudrate == 115200
    assert config.devices.scanner is not None and config.devices.scanner.terminator == "cr"


def _all_keys(model: type, prefix: str = "") -> set[str]:
    keys = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        ann = field.annotation
        for sub in getattr(ann, "__args__", (ann,)):
            if isinstance(sub, type) and hasattr(sub, "model_fields"):
                keys |= _all_keys(sub)
    return keys


def test_example_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    keys = _all_keys(KioskConfig) | _all_keys(DevicesConfig) | _all_keys(BarcodeRule)
    missing = [
        k for k in sorted(keys) if not re.search(rf"^#?\s*{k}\s*=|[\[.]{k}[\].]", text, re.M)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            '[devices.scanner]\nport = "x"\nbaudrate = 9601\n',
            "devices.scanner.baudrate: must be one of",
        ),
        (
            '[devices.scanner]\nport = "x"\nterminatr = "cr"\n',
            "devices.scanner.terminatr: unknown key",
        ),
        ('[devices.scanner]\nport = "x"\nterminator = "tab"\n', "devices.scanner.terminator:"),
        (
            "[devices.id_card_reader]\nenabled = true\n",
            "devices.id_card_reader: set 'port' or 'usb_vid_pid'",
        ),
        (
            '[devices.id_card_reader]\nport = "x"\npoll_interval_ms = 10\n',
            "devices.id_card_reader.poll_interval_ms:",
        ),
        (
            '[devices.card_reader]\nport = "x"\nusb_vid_pid = "12:34"\n',
            "devices.card_reader.usb_vid_pid: must be four hex digits",
        ),
        ('[[devices.scanner.classifier.item_rules]]\npattern = "3(\\\\d"\n', "devices.scanner"),
        ('[logging]\nlevel = "LOUD"\n', "logging.level:"),
        ("devices = 3\n", "devices: must be a table"),
        ("[devices\n", "not valid TOML"),
    ],
)
def test_each_problem_names_its_key(toml: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(toml)
    assert any(p.startswith(expected) for p in info.value.problems), info.value.problems


def test_config_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(EXAMPLE)]) == 0
    assert "valid" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[devices.scanner]\nport = "x"\nbaudrate = 9601\nparity = "Q"\n', encoding="utf-8"
    )
    assert main(["config", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "devices.scanner.baudrate" in err and "devices.scanner.parity" in err
    assert main(["config", "check", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_a_sip2_backend_needs_its_section_and_a_known_dialect() -> None:
    from kiosk.backend.sip2.settings import BackendKind
    from kiosk.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"needs a \[sip2\] section"):
        parse_config('[backend]\nkind = "sip2"\n')
    with pytest.raises(ConfigError, match=r"sip2\.dialect"):
        parse_config('[backend]\nkind = "sip2"\n[sip2]\ndialect = "koha9"\n')
    with pytest.raises(ConfigError, match="sip2"):
        parse_config('[sip2]\ndialect_overrides = { terminator = "tab" }\n')
    config = parse_config(
        '[backend]\nkind = "sip2"\n[sip2]\nhost = "sip.example"\ndialect = "dp2"\n'
        "dialect_overrides = { honours_no_block = true }\n"
    )
    assert config.backend.kind == BackendKind.SIP2 and config.sip2 is not None
    assert config.sip2.build_dialect().honours_no_block  # the override over dp2's profile
