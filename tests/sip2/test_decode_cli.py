"""``kiosk sip2 decode`` as a subprocess: frames on stdin, one JSON object per frame out."""

from __future__ import annotations

import json
import subprocess
import sys

from kiosk.backend.sip2.codec import dp2_checksum, encode
from kiosk.backend.sip2.display import masked_frame_text
from kiosk.backend.sip2.messages import MessageCode

CHECKIN_REPLY = encode(
    MessageCode.CHECKIN_RESPONSE,
    {
        "ok": "1",
        "resensitize": "Y",
        "magnetic_media": "N",
        "alert": "Y",
        "transaction_date": "20240102    030405",
    },
    {
        "AO": "CN-1",
        "AB": "B100",
        "AQ": "main",
        "AA": "510102199001011234",
        "AE": "张三丰",
        "CT": "Branch",
        "CV": "04",
        "AF": ["in transit", "to Branch"],
    },
    sequence=4,
)
LOGIN = encode(
    MessageCode.LOGIN,
    {"uid_algorithm": "0", "pwd_algorithm": "0"},
    {"CN": "kiosk", "CO": "hunter2", "CP": "lobby"},
    sequence=0,
    terminator=b"\r\n",
)
PATRON = encode(
    MessageCode.PATRON_STATUS,
    {"language": "019", "transaction_date": "20240102    030405"},
    {"AO": "CN-1", "AA": "L905071", "AD": "1234"},
    terminator=b"\n",
)


def run(stdin: bytes, *args: str) -> tuple[int, list[dict[str, object]], str]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "sip2", "decode", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    lines = done.stdout.decode("utf-8").splitlines()
    return done.returncode, [json.loads(line) for line in lines], done.stderr.decode()


def test_frames_with_mixed_terminators_masked() -> None:
    tampered = CHECKIN_REPLY[:-3] + b"00\r"
    code, out, err = run(LOGIN + CHECKIN_REPLY + PATRON + tampered)
    assert code == 0, err
    assert [o["code"] for o in out] == ["93", "10", "23", "10"]
    login, checkin, patron, bad = out
    assert login["fields"] == {"CN": "kiosk", "CO": "****", "CP": "lobby"}
    assert login["sequence"] == 0 and login["checksum"] == "ok"
    assert checkin == {
        "code": "10",
        "checksum": "ok",
        "sequence": 4,
        "fixed": {
            "ok": "1",
            "resensitize": "Y",
            "magnetic_media": "N",
            "alert": "Y",
            "transaction_date": "20240102    030405",
        },
        "fields": {
            "AO": "CN-1",
            "AB": "B100",
            "AQ": "main",
            "AA": "510102********1234",
            "AE": "张**",
            "CT": "Branch",
            "CV": "04",
            "AF": ["in transit", "to Branch"],
        },
    }
    assert patron["fields"] == {"AO": "CN-1", "AA": "***5071", "AD": "****", "AC": ""}
    assert patron["checksum"] == "ok"
    assert bad["checksum"] == "bad"
    assert "510102199001011234" not in json.dumps(out, ensure_ascii=False)


def test_reveal_shows_patron_data() -> None:
    code, out, _ = run(CHECKIN_REPLY + PATRON, "--reveal")
    assert code == 0
    assert out[0]["fields"]["AA"] == "510102199001011234"  # type: ignore[index]
    assert out[0]["fields"]["AE"] == "张三丰"  # type: ignore[index]
    assert out[1]["fields"]["AD"] == "1234"  # type: ignore[index]


def test_dp2_frames_in_gbk_and_a_last_frame_without_terminator() -> None:
    body = "121NNY20240102    030405AOdp2Library|AAL905071|AB549096|AJ川味家常菜|AH2024-01-30"
    dp2_reply = (body + "|AY4AZ" + dp2_checksum(body)).encode("gbk")
    code, out, _ = run(
        b"941|AY4AZ" + dp2_checksum("941").encode() + b"\n" + dp2_reply,
        "--dialect",
        "dp2",
        "--encoding",
        "gbk",
    )
    assert code == 0
    assert [o["checksum"] for o in out] == ["ok", "ok"]
    assert out[1]["fields"]["AJ"] == "川味家常菜"  # type: ignore[index]
    code, out, _ = run(dp2_reply)
    assert out[0]["checksum"] == "bad"  # the standard rule does not verify dp2's checksum


def test_garbage_and_empty_input() -> None:
    code, out, _ = run(b"\x00\xff garbage\r\r\n10\r")
    assert code == 0
    assert [sorted(o) for o in out] == [["error", "length"], ["error", "length"]]
    code, out, _ = run(b"")
    assert (code, out) == (0, [])


def test_traffic_view_text_is_masked() -> None:
    text = masked_frame_text(CHECKIN_REPLY)
    assert text.startswith("101YNY20240102    030405AOCN-1|")
    assert "AA510102********1234|" in text and "AE张**|" in text
    assert "510102199001011234" not in text and "三丰" not in text
    assert text.endswith("AY4AZ" + CHECKIN_REPLY.decode().rstrip("\r")[-4:])
    assert masked_frame_text(b"\x00secret 510102199001011234\r") == "<26 unreadable bytes>"
