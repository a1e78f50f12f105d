"""`kiosk run --headless --simulate` with the SIP2 backend against a dp2-speaking library
system: a resident ID card registers on first use and borrows, and a loan comes back."""

from __future__ import annotations

import json
from pathlib import Path

from drivers.idcard.demo_cards import ZHANG_SAN
from sip2_library.harness import dp2_library_server
from sip2_library.library import EventKind
from sip2_library.seed import HOME, ITEMS, LOGIN_PASSWORD, LOGIN_USER
from tests.e2e.test_headless import Headless


def write_config(path: Path, port: int, journal: Path) -> None:
    path.write_text(
        f"""
[kiosk]
id = "CQ-SIP-1"
library = "{HOME}"
[backend]
kind = "sip2"
[sip2]
host = "127.0.0.1"
port = {port}
login_user = "{LOGIN_USER}"
login_password = "{LOGIN_PASSWORD}"
institution_id = "{HOME}"
location_code = "{HOME}"
dialect = "dp2"
answer_timeout_ms = 5000
[journal]
path = "{journal}"
[devices.id_card_reader]
port = "kiosksim://placeholder"
poll_interval_ms = 50
[devices.scanner]
port = "kiosksim://placeholder"
# The test library's own barcodes (39…, no check digit).
[[devices.scanner.classifier.item_rules]]
library = "*"
pattern = '39\\d{{12}}'
check = "none"
[devices.card_reader]
port = "kiosksim://placeholder"
""",
        encoding="utf-8",
    )


def test_headless_kiosk_over_sip2_registers_lends_and_takes_back(tmp_path: Path) -> None:
    with dp2_library_server(tmp_path) as server:
        cfg = tmp_path / "kiosk.toml"
        write_config(cfg, server.port, tmp_path / "journal.db")
        kiosk = Headless(cfg)
        lines, send = kiosk.lines, kiosk.send
        try:
            kiosk.wait_connected()
            send(f"card {ZHANG_SAN.id_number}")
            started = lines.wait(lambda x: x["event"] == "session_started")
            assert started["patron"] == "张*" and started["offline"] is False
            send(f"scan {ITEMS.available}")
            borrow = lines.wait(lambda x: x["event"] == "borrow")
            assert (borrow["outcome"], borrow["code"]) == ("done", "ok") and borrow["due"]
            send("press finish")
            lines.wait(lambda x: x["event"] == "session_ended")
            send("remove-card")
            send(f"scan {ITEMS.on_loan_normal}")  # someone else's loan comes back
            ret = lines.wait(lambda x: x["event"] == "return")
            assert ret["outcome"] == "done"
            assert kiosk.finish() == 0
        finally:
            kiosk.close()
        stderr = kiosk.stderr
        assert "Traceback" not in stderr, stderr
        everything = json.dumps(lines.items, ensure_ascii=False) + stderr
        assert ZHANG_SAN.id_number not in everything and ZHANG_SAN.name not in everything
        library = server.library
        assert library.registered_barcode(ZHANG_SAN.id_number) is not None
        assert library.count_events(EventKind.CHECKOUT, ITEMS.available) == 1
        loan = library.loan(ITEMS.available)
        assert loan is not None and loan.patron_barcode == ZHANG_SAN.id_number
        assert library.count_events(EventKind.CHECKIN, ITEMS.on_loan_normal) == 1
        assert library.loan(ITEMS.on_loan_normal) is None
