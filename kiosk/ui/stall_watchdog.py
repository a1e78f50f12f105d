"""Measures how long the GUI thread went without running its event loop (tests, benches, logs)."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Qt, QTimer

log = logging.getLogger(__name__)


class StallWatchdog(QObject):
    """A precise timer ticks every ``interval_ms`` on the GUI thread; any gap beyond that is
    time the thread was busy or blocked. ``longest_ms`` is the worst gap since ``reset``."""

    def __init__(
        self,
        interval_ms: int = 5,
        log_above_ms: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.log_above_ms = log_above_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        self._last = time.perf_counter()
        self.longest_ms = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        stall = (now - self._last) * 1000 - self.interval_ms
        self._last = now
        self.ticks += 1
        if stall > self.longest_ms:
            self.longest_ms = stall
        if self.log_above_ms is not None and stall > self.log_above_ms:
            log.warning("GUI thread stalled %.0f ms", stall)
