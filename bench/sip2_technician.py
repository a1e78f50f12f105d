"""The technician's SIP2 tools on loopback: Test connection's round trip (connect, 93/94 login,
99/98, close) against pysip2's server, and the cost of recording one frame in the traffic view
(masking included, on the backend's thread).

Run: .venv/bin/python bench/sip2_technician.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.backend.sip2.connection import Direction
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.backend.sip2.status_check import check_connection
from kiosk.backend.sip2.traffic import TrafficLog
from sip2_library.library import LibrarySystem
from sip2_library.seed import HOME, LOGIN_PASSWORD, LOGIN_USER, seed_library
from sip2_library.standard_server import StandardSip2Server

TESTS = 50
FRAMES = 10_000
FRAME = b"6300120261204    193015 Y        AOCQLIB|AA21000000000001|ACterm|AD1234|AY1AZF00D\r"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        library = LibrarySystem(Path(folder) / "ils.db")
        seed_library(library)
        try:
            with StandardSip2Server(
                library, institution=HOME, accounts={LOGIN_USER: LOGIN_PASSWORD}
            ) as server:
                settings = Sip2Settings(
                    port=server.port,
                    login_user=LOGIN_USER,
                    login_password=LOGIN_PASSWORD,
                    institution_id=HOME,
                )
                log = TrafficLog()
                times = []
                for _ in range(TESTS):
                    started = time.perf_counter()
                    check_connection(settings, on_traffic=log.listener("test"))
                    times.append((time.perf_counter() - started) * 1000)
        finally:
            library.close()
    print(
        f"test connection ×{TESTS}: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms"
    )
    started = time.perf_counter()
    for _ in range(FRAMES):
        log.record("kiosk", Direction.SENT, FRAME)
    each_us = (time.perf_counter() - started) / FRAMES * 1e6
    print(f"traffic view: {each_us:.1f} µs to record one frame (masked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
