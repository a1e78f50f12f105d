"""Drivers that run callers' jobs (a receipt, a tag write) on the device thread between polls."""

from __future__ import annotations

import queue
import threading
from typing import Any, Generic, TypeVar

import serial

from drivers.events import DeviceReason, LinkState
from drivers.transport import DeviceDriver

JobT = TypeVar("JobT")


class JobQueueDriver(DeviceDriver, Generic[JobT]):
    """A driver whose callers queue jobs that its own thread runs: each job ends exactly once,
    and the jobs that a closed driver, a lost link or an unplugged device leave end as failed at
    once instead of waiting for a reconnect that may not come.

    Subclasses end one job in :meth:`_carry_out` and fail one in :meth:`_fail_job`.
    """

    # How the jobs a gone link leaves are failed, in the device's words.
    _link_lost = "link lost"
    _not_connected = "not connected"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # DeviceDriver's arguments: each driver spells them out with its own settings type.
        super().__init__(*args, **kwargs)
        self._jobs: queue.Queue[JobT] = queue.Queue()
        self._wake = threading.Event()

    def close(self, timeout: float = 2.0) -> None:
        self._wake.set()
        super().close(timeout)
        self._fail_jobs("driver closed")

    # ---- for subclasses -------------------------------------------------------------------
    def _carry_out(self, port: serial.SerialBase, job: JobT) -> None:
        """Run ``job`` on the device thread and end it."""
        raise NotImplementedError

    def _fail_job(self, job: JobT, detail: str) -> None:
        """End ``job`` as not done because the device cannot be reached (``detail`` says why)."""
        raise NotImplementedError

    def _queue_job(self, job: JobT) -> None:
        self._jobs.put(job)
        self._wake.set()

    def _idle(self, seconds: float) -> None:
        """Wait up to ``seconds`` before the next poll, unless a job is or gets queued."""
        if seconds > 0 and self._jobs.empty():
            self._wake.wait(seconds)
        self._wake.clear()

    def _run_jobs(self, port: serial.SerialBase) -> None:
        while not self.stopping:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            try:
                self._carry_out(port, job)
            except BaseException:
                self._fail_job(job, self._link_lost)
                raise

    def _fail_jobs(self, detail: str) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            self._fail_job(job, detail)

    def _set_state(
        self, state: LinkState, reason: DeviceReason | None = None, detail: str = ""
    ) -> None:
        super()._set_state(state, reason, detail)
        if state == LinkState.DISCONNECTED:
            self._fail_jobs(self._not_connected)
