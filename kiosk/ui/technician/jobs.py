"""One worker thread for technician mode's blocking calls; answers come back as queued signals."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class JobRunner(QObject):
    """Runs blocking calls (serial, HTTP, disk, a slow hash) one at a time, in order, on its
    own thread. ``on_done``/``on_failed`` run later on the GUI thread.

    A Python thread rather than a QThreadPool: it stops and joins on ``close`` like every
    other kiosk thread, and the tests' leak check can see it.
    """

    _finished = Signal(object)  # (callback, value)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[tuple[Callable[[], Any], Done, Failed | None] | None] = (
            queue.Queue()
        )
        self._thread: threading.Thread | None = None
        self._closed = False
        self._finished.connect(self._deliver)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="technician", daemon=True)
            self._thread.start()

    def close(self, timeout: float = 10.0) -> None:
        self._closed = True  # a timer firing during shutdown must not start the thread again
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def submit(
        self, call: Callable[[], Any], on_done: Done, on_failed: Failed | None = None
    ) -> None:
        if self._closed:
            return
        self.start()
        self._queue.put((call, on_done, on_failed))

    def idle(self) -> bool:
        return self._queue.unfinished_tasks == 0

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                call, on_done, on_failed = job
                try:
                    value = call()
                except Exception as exc:
                    if on_failed is None:
                        log.exception("technician job failed")
                    else:
                        self._finished.emit((on_failed, exc))
                else:
                    self._finished.emit((on_done, value))
            finally:
                self._queue.task_done()

    @Slot(object)
    def _deliver(self, payload: tuple[Callable[[Any], None], Any]) -> None:
        if self._closed:
            return  # the widgets it would update are being torn down
        callback, value = payload
        callback(value)
