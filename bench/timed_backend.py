"""A service client wrapped to know how long the named calls spent waiting on the service."""

from __future__ import annotations

import time


class TimedBackend:
    """Passes every attribute through; the calls named in ``timed`` are clocked into
    ``calls`` (seconds each, in order)."""

    def __init__(self, inner: object, timed: tuple[str, ...]) -> None:
        self.inner = inner
        self.timed = timed
        self.calls: list[float] = []

    @property
    def waiting(self) -> float:
        return sum(self.calls)

    def __getattr__(self, name: str) -> object:
        attr = getattr(self.inner, name)
        if name not in self.timed:
            return attr

        def clocked(*args: object, **kwargs: object) -> object:
            t0 = time.monotonic()
            try:
                return attr(*args, **kwargs)
            finally:
                self.calls.append(time.monotonic() - t0)

        return clocked
