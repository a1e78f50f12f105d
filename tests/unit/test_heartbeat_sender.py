"""The heartbeat sender over a real journal file with a recording poster: the counts' window
starts on the hour, only changes go again, and the body is what docs/HEALTH.md says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kiosk.backend.errors import BackendError
from kiosk.core.results import ResultCode
from kiosk.core.settings import HeartbeatSettings
from kiosk.domain import ActKind, Told
from kiosk.store.journal import Journal
from kiosk.sync.heartbeat import RETRY_FIRST_S, HeartbeatSender, PrinterPaper

ITEM = "33191000105864"
NOW = dt.datetime(2026, 12, 4, 12, 40, tzinfo=dt.UTC)


class Recorder:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.bodies.append(body)
        return {"time": (NOW - dt.timedelta(seconds=5)).isoformat(), "stats_stored": 0}

    def close(self) -> None:
        pass


def test_the_first_hour_of_the_window_is_counted_whole(tmp_path: Path) -> None:
    clock = [NOW]
    poster = Recorder()
    with Journal(tmp_path / "journal.db") as journal:
        day_ago = NOW - dt.timedelta(days=1)  # 12:40 a day ago
        for minutes in (-20, 10):  # 12:20 and 12:50: both in the 12:00 hour
            at = day_ago + dt.timedelta(minutes=minutes)
            journal.record(ActKind.RETURN, ITEM, occurred_at=at, told=Told.PROVISIONAL)
        sender = HeartbeatSender(
            poster, journal, "CQL-K01", HeartbeatSettings(stats_days=1), clock=lambda: clock[0]
        )
        assert sender.beat().sent
        (stat,) = poster.bodies[0]["stats"]
        assert (stat["hour"], stat["kind"], stat["count"]) == (
            "2026-12-03T12:00:00+00:00",
            "return",
            2,
        )
        assert poster.bodies[0]["pending_count"] == 2
        assert poster.bodies[0]["printer_paper"] == "none"
        # Twenty minutes on, that hour has left the window: nothing is taken back from it.
        clock[0] = NOW + dt.timedelta(minutes=20)
        sender.set_printer_paper(PrinterPaper.NEAR_END)
        assert sender.beat().sent
        assert poster.bodies[1]["stats"] == []
        assert poster.bodies[1]["printer_paper"] == "near_end"
        # The service's clock was 5 s behind the kiosk's, as measured on the first beat.
        assert poster.bodies[1]["clock_offset_s"] == 5.0
        sender.close()


def test_the_printers_paper_is_read_from_its_device_state(tmp_path: Path) -> None:
    poster = Recorder()
    with Journal(tmp_path / "journal.db") as journal:
        sender = HeartbeatSender(poster, journal, "CQL-K01", HeartbeatSettings())
        papers = []
        for state, reason in [
            ("connected", ""),
            ("connected", "paper_near_end"),
            ("error", "paper_out"),
            ("disconnected", "link_lost"),  # says nothing of the paper: as last known
            ("error", "cover_open"),
        ]:
            sender.devices_changed({"scanner": ("connected", ""), "printer": (state, reason)})
            sender.beat()
            papers.append(poster.bodies[-1]["printer_paper"])
        assert papers == ["ok", "near_end", "out", "out", "cover_open"]
        assert poster.bodies[-1]["devices"]["printer"] == {"state": "error", "reason": "cover_open"}
        sender.devices_changed({"scanner": ("connected", "")})  # no printer configured
        sender.close()


class Unreachable(Recorder):
    """A poster whose service is away until ``back`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.back = False

    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if not self.back:
            raise BackendError("refused", ResultCode.SERVICE_UNREACHABLE)
        return super().heartbeat(kiosk_id, body)


def test_a_heartbeat_that_did_not_arrive_is_tried_again_sooner_and_when_the_service_is_back(
    tmp_path: Path,
) -> None:
    poster = Unreachable()
    with Journal(tmp_path / "journal.db") as journal:
        sender = HeartbeatSender(poster, journal, "CQL-K01", HeartbeatSettings(interval_s=60))
        waits = []
        for _ in range(6):
            sender.last = sender.beat()
            waits.append(sender.next_wait_s())
        # 5 s, doubling, never past the interval.
        assert waits == [RETRY_FIRST_S, 10.0, 20.0, 40.0, 60.0, 60.0]
        sender.service_back()
        assert sender._wake.is_set()  # the thread's wait ends at once
        poster.back = True
        sender._wake.clear()
        sender.last = sender.beat()
        assert sender.last.sent and sender.next_wait_s() == 60.0
        sender.service_back()  # nothing owed: no extra heartbeat
        assert not sender._wake.is_set()
        sender.close()
