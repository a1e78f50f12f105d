"""`kiosk devices decode|list` as a technician runs them: bytes in, JSON lines out."""

from __future__ import annotations

import json
import subprocess
import sys

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from drivers.idcard.frames import build_reply
from drivers.idcard.text import build_read_reply_data
from patron_identity.masking import mask_id_number

FIND_OK = bytes.fromhex("AAAAAA9669000800009F0000000097")
NO_CARD = bytes.fromhex("AAAAAA966900040000 8084".replace(" ", ""))
SELECT_OK = bytes.fromhex("AAAAAA9669000C00009000000000000000009C")


def _decode(args: list[str], data: bytes) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "decode", *args],
        input=data,
        capture_output=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    return proc.returncode, lines, proc.stderr.decode()


def test_idcard_capture_binary_masked() -> None:
    read = build_reply(0x90, build_read_reply_data(ZHANG_SAN))
    stream = NO_CARD + b"\x13\x37noise" + FIND_OK + SELECT_OK + read[:700] + read[700:]
    rc, events, _ = _decode(["--protocol", "idcard"], stream)
    assert rc == 0
    assert [e["event"] for e in events] == ["reader_status"] * 3 + ["id_card"]
    assert [(e["code"], e["sw3"]) for e in events[:3]] == [
        ("no_card", "80"),
        ("card_found", "9F"),
        ("ok", "90"),
    ]
    card = events[3]
    assert card["id_number"] == mask_id_number(ZHANG_SAN.id_number)
    assert card["name"] == ZHANG_SAN.name[0] + "*" * (len(ZHANG_SAN.name) - 1)
    assert card["sex"] in ("male", "female") and card["nation"] == ZHANG_SAN.nation
    assert card["birth"] == ZHANG_SAN.birth.isoformat()
    assert card["id_number_valid"] is True and card["expired"] is False
    assert set(card) == {
        "event",
        "name",
        "sex",
        "nation",
        "birth",
        "address",
        "id_number",
        "authority",
        "valid_from",
        "valid_to",
        "id_number_valid",
        "expired",
    }


def test_idcard_capture_hex_revealed_with_bad_checksum() -> None:
    read = build_reply(0x90, build_read_reply_data(LI_SI))
    bad = bytearray(FIND_OK)
    bad[-1] ^= 0xFF
    text = (bytes(bad) + read).hex(" ").upper()
    rc, events, _ = _decode(["--protocol", "idcard", "--hex", "--reveal"], text.encode())
    assert rc == 0
    assert events[0] == {"event": "frame_error", "reason": "checksum"}
    assert events[1]["id_number"] == LI_SI.id_number and events[1]["name"] == LI_SI.name
    assert events[1]["valid_to"] is None  # 长期


def test_barcode_and_cardline_captures() -> None:
    rc, events, _ = _decode(
        ["--protocol", "barcode"],
        b"]F0A33191000105864B\r\x00\x01\xff\r9787536692930\rHELLO\r",
    )
    assert rc == 0
    assert events == [
        {"event": "barcode", "data": "33191000105864", "symbology": "]F0", "kind": "item"},
        {"event": "barcode", "data": "9787536692930", "symbology": None, "kind": "isbn"},
        {"event": "barcode", "data": "HELLO", "symbology": None, "kind": "unknown"},
    ]
    rc, events, _ = _decode(["--protocol", "cardline", "--reveal"], b"12345678\r\n")
    assert rc == 0
    assert events == [{"event": "card", "kind": "library_card", "value": "12345678"}]


def test_empty_and_bad_input() -> None:
    assert _decode(["--protocol", "idcard"], b"") == (0, [], "")
    rc, events, _ = _decode(["--protocol", "idcard"], bytes(range(256)) * 8)
    assert rc == 0 and events == []
    rc, _, err = _decode(["--protocol", "idcard", "--hex"], b"zz top")
    assert rc == 2 and "not hex" in err


def test_decode_takes_framing_from_config(tmp_path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(
        '[devices.card_reader]\nport = "/dev/null"\nterminator = "cr"\n'
        'uid_format = "decimal_reversed"\npad_to = 10\ncredential = "social_security_card"\n',
        encoding="utf-8",
    )
    rc, events, _ = _decode(
        ["--protocol", "cardline", "--config", str(cfg), "--reveal"], b"1C78F2BF\r"
    )
    assert rc == 0
    assert events == [{"event": "card", "kind": "social_security_card", "value": "3220338716"}]


def test_devices_list_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    for line in proc.stdout.splitlines():
        assert set(json.loads(line)) == {"device", "description", "vid_pid", "serial_number"}


# What `kiosk devices monitor --raw` printed while a USB adapter was plugged in (junk, no
# terminator) and the first label was scanned three seconds later, read in two pieces.
PLUG_IN_LOG = """\
23:59:58.120 rx 00 FE 7E 5D 46 30 41 33
{"time": "23:59:58.121", "event": "state", "role": "scanner", "state": "connected"}
00:00:01.480 rx 5D 46 30 41 33 33 31 39 31 30 30 30
00:00:01.483 rx 31 30 35 38 36 34 42 0D
00:00:01.484 tx 06
"""


def test_noise_then_scan_decodes_from_a_timed_log() -> None:
    rc, events, err = _decode(["--protocol", "barcode", "--hex"], PLUG_IN_LOG.encode())
    assert (rc, err) == (0, "")
    assert events == [
        {"event": "barcode", "data": "33191000105864", "symbology": "]F0", "kind": "item"}
    ]


def test_a_timed_log_with_a_foreign_line_is_refused() -> None:
    rc, events, err = _decode(
        ["--protocol", "barcode", "--hex"], (PLUG_IN_LOG + "hello there\n").encode()
    )
    assert rc == 2 and events == [] and "line 6" in err


def test_a_scanned_library_card_is_masked_unless_revealed() -> None:
    stream = b"23191000000018\r500101199001011234\rHELLO\r"
    rc, events, _ = _decode(["--protocol", "barcode"], stream)
    assert rc == 0
    assert [(e["kind"], e["data"]) for e in events] == [
        ("patron", "**********0018"),
        ("unknown", mask_id_number("500101199001011234")),
        ("unknown", "HELLO"),
    ]
    rc, events, _ = _decode(["--protocol", "barcode", "--reveal"], stream)
    assert [e["data"] for e in events] == ["23191000000018", "500101199001011234", "HELLO"]
