"""The heartbeat: every minute, and at once on a change, the kiosk tells the regional service
its state and its hourly counts. Its own thread and HTTP session, apart from the journal's sync
queue: a slow or missing service never holds up a patron's act, and the loop only takes note."""

from __future__ import annotations

import collections
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from kiosk import __version__
from kiosk.backend.errors import BackendError
from kiosk.core.settings import HeartbeatSettings
from kiosk.core.usage import UsageEvent, UsageKey, UsageKind, UsageResult, utcnow
from kiosk.store.database import JournalUnavailable
from kiosk.store.journal import Journal
from kiosk.store.usage import hourly_counts, last_settled_at, record_usage

log = logging.getLogger(__name__)

MAX_STATS = 1000  # per heartbeat, as the service accepts; a backlog goes over several
MIN_GAP_S = 1.0  # changes in a burst (a device flapping) make one heartbeat, not many
# After a heartbeat that did not arrive, the next tries come sooner than the interval (what it
# carried may be a change staff should see), doubling from this up to the interval.
RETRY_FIRST_S = 5.0


class PrinterPaper(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    COVER_OPEN = "cover_open"
    NONE = "none"  # no receipt printer


# The receipt printer's role, and its paper as its driver says it in the device state's reason
# (drivers.events.DeviceReason): the heartbeat reports it without any other wiring.
PRINTER_ROLE = "printer"
_PAPER_BY_REASON = {
    "paper_near_end": PrinterPaper.NEAR_END,
    "paper_out": PrinterPaper.OUT,
    "cover_open": PrinterPaper.COVER_OPEN,
}


def paper_of(state: str, reason: str, known: PrinterPaper) -> PrinterPaper:
    """The paper a printer's device state tells of; ``known`` while it tells nothing (a
    printer not connected, or another fault)."""
    if reason in _PAPER_BY_REASON:
        return _PAPER_BY_REASON[reason]
    if state == "connected":
        return PrinterPaper.OK
    return PrinterPaper.OK if known == PrinterPaper.NONE else known


class HeartbeatPoster(Protocol):
    def heartbeat(self, kiosk_id: str, body: dict[str, Any]) -> dict[str, Any]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BeatResult:
    """What one heartbeat did (for tests and the technician)."""

    sent: bool
    stats_sent: int = 0
    error: str | None = None


@dataclass(frozen=True)
class HeartbeatStatus:
    """For the technician's sync page: when a heartbeat last arrived, and why the latest did
    not (None: it did, or none was tried yet)."""

    last_delivered_at: dt.datetime | None
    error: str | None
    interval_s: float


class HeartbeatSender:
    """Implements kiosk.core.usage.FleetObserver: the loop's calls only take note (a lock held
    for an assignment, an event set); the thread does the journal work and the HTTP."""

    def __init__(
        self,
        poster: HeartbeatPoster,
        journal: Journal,
        kiosk_id: str,
        settings: HeartbeatSettings,
        *,
        version: str = __version__,
        clock: Callable[[], dt.datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.poster = poster
        self.journal = journal
        self.kiosk_id = kiosk_id
        self.settings = settings
        self.version = version
        self._clock = clock
        self._monotonic = monotonic
        self._started_at = monotonic()
        self._lock = threading.Lock()
        self._events: collections.deque[UsageEvent] = collections.deque()
        self._devices: dict[str, tuple[str, str]] = {}
        self._out_of_service: str | None = None
        self._paper = PrinterPaper.NONE
        # Counts the service has acknowledged: only what changed is sent again.
        self._acked: dict[UsageKey, int] = {}
        self._clock_offset_s = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.beats = 0
        self.last: BeatResult | None = None
        self._failed_in_a_row = 0
        self._delivered_at: dt.datetime | None = None

    # ---- what the kiosk tells it (any thread, never blocks) -----------------------------------
    def usage(self, event: UsageEvent) -> None:
        self._events.append(event)  # deque.append is atomic

    def devices_changed(self, states: Mapping[str, tuple[str, str]]) -> None:
        with self._lock:
            changed = states != self._devices
            self._devices = dict(states)
            printer = states.get(PRINTER_ROLE)
            if printer is not None:
                self._paper = paper_of(str(printer[0]), str(printer[1]), self._paper)
        if changed:
            self._wake.set()

    def service_state(self, out_of_service_reason: str | None) -> None:
        with self._lock:
            changed = out_of_service_reason != self._out_of_service
            self._out_of_service = out_of_service_reason
        if changed:
            self._wake.set()

    def set_printer_paper(self, paper: PrinterPaper) -> None:
        """The paper and cover as they change, for a printer that does not say them in its
        device state (the ``printer`` role's reasons are read in ``devices_changed``)."""
        with self._lock:
            changed = paper != self._paper
            self._paper = paper
        if changed:
            self._wake.set()

    def status(self) -> HeartbeatStatus:
        last = self.last
        error = last.error if last is not None and not last.sent else None
        return HeartbeatStatus(self._delivered_at, error, self.settings.interval_s)

    def service_back(self) -> None:
        """The service answers again (the kiosk's link came back): a heartbeat that did not
        arrive goes now, not at its next try."""
        last = self.last
        if last is not None and not last.sent:
            self._wake.set()

    def receipt(self, result: UsageResult) -> None:
        """For the receipt flow: a receipt printed, declined by the patron, or failed."""
        self.usage(UsageEvent(UsageKind.RECEIPT, result))

    # ---- the thread ---------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._keep_events()  # what the last interval counted stays on disk
        self.poster.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.last = self.beat()
            except Exception:  # the thread must outlive any bug in one beat
                log.exception("heartbeat failed")
            self.beats += 1
            self._wake.wait(self.next_wait_s())
            self._stop.wait(MIN_GAP_S)

    def next_wait_s(self) -> float:
        """The interval, or after beats that did not arrive a shorter, doubling retry."""
        if self._failed_in_a_row == 0:
            return self.settings.interval_s
        retry = RETRY_FIRST_S * 2 ** min(self._failed_in_a_row - 1, 16)
        return min(self.settings.interval_s, retry)

    def beat(self) -> BeatResult:
        """One heartbeat now (the thread's work; tests call it directly)."""
        self._keep_events()
        now = self._clock()
        try:
            stats = self.journal.stats()
            settled = last_settled_at(self.journal)
            counts = hourly_counts(self.journal, self._window(now))
        except JournalUnavailable as exc:
            # The state still goes out (the journal's trouble is in it); the counts wait.
            log.warning("heartbeat without counts: %s", exc)
            stats, settled, counts = None, None, None
        changed = self._changed_counts(counts or {}, now) if counts is not None else {}
        body = self._body(now, stats, settled, changed)
        sent_at = self._clock()
        try:
            answer = self.poster.heartbeat(self.kiosk_id, body)
        except BackendError as exc:
            if self._failed_in_a_row == 0:  # once per spell, not once a minute
                log.warning("heartbeat not delivered: %s (trying again soon)", exc.code)
            self._failed_in_a_row += 1
            return BeatResult(False, error=exc.code)
        if self._failed_in_a_row:
            log.info("heartbeat delivered again")
        self._failed_in_a_row = 0
        received_at = self._clock()
        self._delivered_at = received_at
        self._acked.update(changed)
        self._measure_offset(sent_at, received_at, answer)
        return BeatResult(True, len(changed))

    def _keep_events(self) -> None:
        events: list[UsageEvent] = []
        while self._events:
            events.append(self._events.popleft())
        if not events:
            return
        try:
            record_usage(self.journal, events)
        except JournalUnavailable:
            self._events.extendleft(reversed(events))  # kept in memory until the disk is back

    def _window(self, now: dt.datetime) -> dt.datetime:
        """Where the counts sent start: on the hour, or the first hour would be counted in part
        (and its count would shrink as the window moves on)."""
        start = now.astimezone(dt.UTC) - dt.timedelta(days=self.settings.stats_days)
        return start.replace(minute=0, second=0, microsecond=0)

    def _changed_counts(self, counts: dict[UsageKey, int], now: dt.datetime) -> dict[UsageKey, int]:
        window = self._window(now)
        for key in [k for k in self._acked if k.hour < window]:
            del self._acked[key]
        changed = {k: n for k, n in counts.items() if self._acked.get(k) != n}
        # A count that moved to another key (a return whose owner the service named later).
        changed.update({k: 0 for k, n in self._acked.items() if n and k not in counts})
        return dict(sorted(changed.items())[:MAX_STATS])  # the oldest first

    def _body(
        self,
        now: dt.datetime,
        stats: Any,
        settled: dt.datetime | None,
        changed: dict[UsageKey, int],
    ) -> dict[str, Any]:
        with self._lock:
            devices = dict(self._devices)
            reason = self._out_of_service
            paper = self._paper
        if stats is None:
            reason = reason or "journal_unavailable"
        oldest = stats.oldest_pending if stats is not None else None
        return {
            "sent_at": now.isoformat(),
            "version": self.version,
            "uptime_s": int(self._monotonic() - self._started_at),
            "devices": {
                role: {"state": state, "reason": why or None}
                for role, (state, why) in sorted(devices.items())
            },
            "printer_paper": str(paper),
            "pending_count": stats.pending if stats is not None else 0,
            "oldest_pending_s": (
                max(0, int((now - oldest).total_seconds())) if oldest is not None else None
            ),
            "last_sync_at": settled.isoformat() if settled is not None else None,
            "clock_offset_s": round(self._clock_offset_s, 3),
            "out_of_service": reason is not None,
            "out_of_service_reason": reason,
            "stats": [
                {
                    "hour": key.hour.isoformat(),
                    "kind": key.kind,
                    "result": key.result,
                    "reason": key.reason,
                    "owner_library_id": key.owner_library,
                    "count": n,
                }
                for key, n in changed.items()
            ],
        }

    def _measure_offset(
        self, sent_at: dt.datetime, received_at: dt.datetime, answer: dict[str, Any]
    ) -> None:
        try:
            service_time = dt.datetime.fromisoformat(str(answer["time"]))
        except (KeyError, ValueError):
            return
        if service_time.tzinfo is None:
            return
        # The service read its clock about halfway through the round trip.
        midway = sent_at + (received_at - sent_at) / 2
        self._clock_offset_s = (midway - service_time).total_seconds()
