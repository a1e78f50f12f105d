"""``kiosk rfid decode-tag`` as a subprocess: one tag's memory in, one JSON object out."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.rfidtag.test_iso28560_2 import STANDARD_EXAMPLE
from tests.rfidtag.test_iso28560_3 import LIBDANRFID_TAG


def run(stdin: bytes, *args: str) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "rfid", "decode-tag", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1, done.stderr.decode()
    return done.returncode, json.loads(lines[0])


def test_binary_iso28560_2() -> None:
    code, out = run(STANDARD_EXAMPLE)
    assert code == 0
    assert out == {
        "model": "iso28560-2",
        "elements": {
            "primary_item_id": "123456789012",
            "content_parameter": "D0",
            "set_information": "1203",
            "shelf_location": "QA268.L55",
            "owner_institution": "US-InU-Mu",
        },
        "unknown": [],
    }


def test_hex_iso28560_3_with_spaces_and_newline() -> None:
    text = " ".join(f"{b:02x}" for b in LIBDANRFID_TAG) + "\n"
    code, out = run(text.encode(), "--hex")
    assert code == 0
    assert out["model"] == "iso28560-3"
    assert out["elements"]["primary_item_id"] == "11223344"  # type: ignore[index]


def test_not_a_tag_exits_2() -> None:
    code, out = run(b"\x42" * 40)
    assert code == 2 and "error" in out
    code, out = run(b"not hex", "--hex")
    assert code == 2 and "error" in out
