"""`kiosk run --headless --simulate` as a process: sim commands in, JSON lines out."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from drivers.idcard.demo_cards import ZHANG_SAN
from kiosk.config import parse_config
from kiosk.headless import HeadlessKiosk
from tests.e2e.regional_process import RegionalService
from tests.helpers import wait_until


def write_config(path: Path, service: RegionalService, journal: Path) -> None:
    path.write_text(
        f"""
[kiosk]
id = "CQL-T1"
library = "CQL"
[service]
url = "{service.url}"
token = "{service.token}"
[journal]
path = "{journal}"
[session]
idle_timeout_s = 1
countdown_s = 20
summary_s = 20
[devices.id_card_reader]
port = "kiosksim://placeholder"
poll_interval_ms = 50
[devices.scanner]
port = "kiosksim://placeholder"
[devices.card_reader]
port = "kiosksim://placeholder"
""",
        encoding="utf-8",
    )


class Headless:
    """`kiosk run --headless --simulate --config CFG` as a process: ``send`` a tester command,
    ``lines`` its JSON output; ``close`` ends it (exit code) and keeps its standard error."""

    def __init__(self, cfg: Path) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk",
                "run",
                "--headless",
                "--simulate",
                "--config",
                str(cfg),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines = Lines(self.proc.stdout)
        self.stderr = ""

    def wait_connected(self) -> None:
        for role in ("id_card_reader", "scanner", "card_reader"):
            self.lines.wait(lambda x, r=role: x.get("role") == r and x.get("state") == "connected")

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def finish(self) -> int:
        """Close its input (the end of the commands) and wait for it to exit."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=30)

    def close(self) -> None:
        proc = self.proc
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        self.lines.thread.join(10)
        if proc.stdin is not None and not proc.stdin.closed:
            proc.stdin.close()
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        self.stderr = proc.stderr.read()
        proc.stderr.close()


class Lines:
    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.items: list[dict] = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,))
        self.thread.start()

    def _read(self, stream) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            with self.cond:
                self.items.append(json.loads(line))
                self.cond.notify_all()

    def wait(self, predicate, timeout: float = 20) -> dict:  # type: ignore[no-untyped-def]
        with self.cond:
            ok = self.cond.wait_for(lambda: any(predicate(x) for x in self.items), timeout)
            assert ok, f"no matching line in {self.items}"
            return next(x for x in self.items if predicate(x))


def usage(service: RegionalService) -> dict[tuple[str, ...], int]:
    """The kiosk's hourly counts as the service stored them, added over the hours."""
    rows = service.query(
        "SELECT kind, result, reason, owner_library_id, sum(count) FROM kiosk_stats_hourly "
        "WHERE kiosk_id = ? GROUP BY kind, result, reason, owner_library_id",
        "CQL-T1",
    )
    return {tuple(row[:4]): int(row[4]) for row in rows}


def test_headless_kiosk_lends_times_out_and_returns(
    tmp_path: Path, service: RegionalService
) -> None:
    cfg = tmp_path / "kiosk.toml"
    write_config(cfg, service, tmp_path / "journal.db")
    item = service.available_items("CDL", 1)[0]
    kiosk = Headless(cfg)
    lines, send = kiosk.lines, kiosk.send
    try:
        kiosk.wait_connected()
        send(f"card {ZHANG_SAN.id_number}")
        started = lines.wait(lambda x: x["event"] == "session_started")
        assert started["patron"] == "张*" and started["offline"] is False
        send(f"scan {item}")
        borrow = lines.wait(lambda x: x["event"] == "borrow")
        assert (borrow["outcome"], borrow["code"], borrow["item"]) == ("done", "ok", item)
        assert borrow["due"] and borrow["title"]
        send(f"press renew {item}")  # the patron's Renew button
        renew = lines.wait(lambda x: x["event"] == "renew")
        assert (renew["outcome"], renew["item"]) == ("done", item)
        assert renew["due"] > borrow["due"]
        # The idle timeout: 1 s, then the warning's countdown, which a configuration file
        # cannot set below 20 s (WCAG 2.2.1).
        lines.wait(lambda x: x["event"] == "session_ended", timeout=60)
        send("remove-card")
        send(f"scan {item}")
        ret = lines.wait(lambda x: x["event"] == "return")
        assert ret["outcome"] == "done" and ret["routing"] == {
            "action": "transit",
            "library": "CDL",
        }
        send("scan 9787536692930")
        assert lines.wait(lambda x: x["event"] == "scan_ignored")["code"] == "scan_library_label"
        send("unplug scanner")  # the same rule as on the screen: out of service
        stopped = lines.wait(lambda x: x["event"] == "out_of_service")
        assert stopped["reason"].startswith("scanner_")
        # The heartbeat tells the service at once, with the counts from the kiosk's journal.
        # (Its reason moves on as the driver retries: link lost, then open failed.)
        wait_until(
            lambda: (
                service.query(
                    "SELECT count(*) FROM kiosk_status WHERE kiosk_id = ? AND out_of_service "
                    "AND out_of_service_reason LIKE 'scanner_%'",
                    "CQL-T1",
                )
                == [(1,)]
            ),
            timeout=20,
            what="the out-of-service heartbeat",
        )
        wait_until(
            lambda: usage(service).get(("device_fault", "", "scanner", "")) == 1,
            timeout=20,
            what="the scanner's fault counted",
        )
        assert {
            key: n for key, n in usage(service).items() if key[0] in ("borrow", "renew", "return")
        } == {
            ("borrow", "done", "", ""): 1,
            ("renew", "done", "", ""): 1,
            ("return", "done", "", "CDL"): 1,
        }
        assert usage(service)[("session", "", "", "")] == 1
        assert usage(service)[("timeout", "", "", "")] == 1
        send("replug scanner")
        lines.wait(lambda x: x["event"] == "in_service")
        assert kiosk.finish() == 0
    finally:
        kiosk.close()
    stderr = kiosk.stderr
    assert "Traceback" not in stderr, stderr
    everything = json.dumps(lines.items, ensure_ascii=False) + stderr
    assert ZHANG_SAN.id_number not in everything and ZHANG_SAN.name not in everything
    assert service.active_loans(item) == 0
    status = subprocess.run(
        [sys.executable, "-m", "kiosk", "sync", "status", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "accepted   3" in status and "pending    0" in status


def test_headless_kiosk_is_out_of_service_while_its_journal_cannot_be_opened(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "journal.db"
    journal.mkdir()  # a folder where the journal's file should be: it cannot be opened
    config = parse_config(
        f'[journal]\npath = "{journal}"\n'
        '[service]\nurl = "http://127.0.0.1:9"\nconnect_timeout_ms = 100\n'
    )
    out: list[dict] = []
    kiosk = HeadlessKiosk(config, out.append)
    kiosk.start()
    try:
        wait_until(lambda: {"event": "out_of_service", "reason": "journal_unavailable"} in out)
        journal.rmdir()  # fixed: the kiosk's probes find out by themselves
        wait_until(lambda: {"event": "in_service"} in out, timeout=20)
    finally:
        kiosk.close()
