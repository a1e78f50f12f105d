"""Test helpers: an event recorder and wait-for-condition (never a bare sleep)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from drivers.events import DeviceStateChanged, Event, LinkState

T = TypeVar("T")


class Recorder:
    """Collects driver events from any thread; tests wait on conditions over them."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._cond = threading.Condition()

    def __call__(self, event: Event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def of(self, kind: type[T]) -> list[T]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def states(self) -> list[LinkState]:
        return [e.state for e in self.of(DeviceStateChanged)]

    def wait_for(self, predicate: Callable[[Recorder], Any], timeout: float = 5.0) -> None:
        with self._cond:
            ok = self._cond.wait_for(lambda: predicate(self), timeout)
        assert ok, f"condition not met within {timeout} s; events: {self.events!r}"

    def wait_count(self, kind: type, n: int, timeout: float = 5.0) -> list[Any]:
        self.wait_for(lambda r: len(r.of(kind)) >= n, timeout)
        return self.of(kind)

    def wait_state(self, state: LinkState, reason: str | None = None, timeout: float = 5.0) -> None:
        def seen(r: Recorder) -> bool:
            last = r.of(DeviceStateChanged)
            return (
                bool(last)
                and last[-1].state == state
                and (reason is None or last[-1].reason == reason)
            )

        self.wait_for(seen, timeout)


def wait_until(condition: Callable[[], Any], timeout: float = 5.0, what: str = "") -> None:
    """Poll ``condition`` every few ms until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(0.005)
