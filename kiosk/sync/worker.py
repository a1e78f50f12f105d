"""The sync worker: replays the journal to the service in order, until every act is final."""

from __future__ import annotations

import logging
import random
import threading
import time

from kiosk.backend.errors import BackendError, OutcomeUnknown, ServiceUnreachable
from kiosk.backend.port import CirculationBackend
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.settings import SyncSettings
from kiosk.store.database import JournalUnavailable
from kiosk.store.journal import Journal
from kiosk.sync.replay import Replayer, SyncPass

log = logging.getLogger(__name__)

__all__ = ["Replayer", "SyncPass", "SyncWorker"]


class SyncWorker:
    """One thread: replays while online, probes the service while offline, backs off with
    jitter after failures, and wakes at once when a new act is journalled."""

    def __init__(
        self,
        journal: Journal,
        backend: CirculationBackend,
        connectivity: ConnectivityMonitor,
        settings: SyncSettings,
    ) -> None:
        self.replayer = Replayer(journal, backend, settings.batch_size)
        self.backend = backend
        self.connectivity = connectivity
        self.settings = settings
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_pass: SyncPass | None = None
        self.passes = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        backoff = self.settings.backoff_initial_ms / 1000
        health_every = self.settings.health_interval_ms / 1000
        next_health = 0.0  # at once: the screen must not say online before anyone asked
        while not self._stop.is_set():
            self._wake.clear()
            if not self.connectivity.online or time.monotonic() >= next_health:
                next_health = time.monotonic() + health_every
                if not self._probe():  # offline now: probe again after the interval
                    self._sleep(self.settings.probe_interval_ms / 1000)
                    continue
            try:
                result = self.replayer.run_once()
            except JournalUnavailable as exc:
                result = SyncPass(0, 0, f"journal_unavailable: {exc}")
            except Exception:  # the worker must outlive any bug in one pass
                log.exception("sync pass failed")
                result = SyncPass(0, 0, "sync_error")
            self.last_pass = result
            self.passes += 1
            if result.error in (ServiceUnreachable.code, OutcomeUnknown.code):
                self.connectivity.failure(result.error)
            if result.error:
                self._sleep(backoff * random.uniform(0.5, 1.5))
                backoff = min(backoff * 2, self.settings.backoff_max_ms / 1000)
            else:
                backoff = self.settings.backoff_initial_ms / 1000
                # Idle until woken, the next health check is due, or a slow periodic pass
                # catches anything a wake missed.
                until_health = max(0.0, next_health - time.monotonic())
                self._sleep(min(self.settings.backoff_max_ms / 1000, until_health))

    def _probe(self) -> bool:
        try:
            self.backend.health()
        except BackendError:
            self.connectivity.failure("probe failed")
            return False
        self.connectivity.success()
        return self.connectivity.online

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
