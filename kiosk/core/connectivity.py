"""Online or offline, decided on evidence with hysteresis, so no scan waits on a dead network."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum

log = logging.getLogger(__name__)


class Link(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


class ConnectivityMonitor:
    """Goes offline at the first sign the service is unreachable (so the next scan does not
    time out too) and back online only after ``recover_after`` successes in a row (so a
    flapping link does not flip the screen at every probe). Thread-safe."""

    def __init__(self, *, fail_after: int = 1, recover_after: int = 2) -> None:
        self._fail_after = fail_after
        self._recover_after = recover_after
        self._lock = threading.Lock()
        self._state = Link.ONLINE
        self._failures = 0
        self._successes = 0
        self._listeners: list[Callable[[Link], None]] = []

    @property
    def state(self) -> Link:
        return self._state

    @property
    def online(self) -> bool:
        return self._state == Link.ONLINE

    def subscribe(self, listener: Callable[[Link], None]) -> None:
        self._listeners.append(listener)

    def failure(self, reason: str = "") -> None:
        with self._lock:
            self._successes = 0
            self._failures += 1
            changed = self._state == Link.ONLINE and self._failures >= self._fail_after
            if changed:
                self._state = Link.OFFLINE
        if changed:
            log.warning("service unreachable (%s): offline mode", reason)
            self._notify(Link.OFFLINE)

    def success(self) -> None:
        with self._lock:
            self._failures = 0
            self._successes += 1
            changed = self._state == Link.OFFLINE and self._successes >= self._recover_after
            if changed:
                self._state = Link.ONLINE
        if changed:
            log.info("service reachable again: online mode")
            self._notify(Link.ONLINE)

    def _notify(self, state: Link) -> None:
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:
                log.exception("connectivity listener failed")
