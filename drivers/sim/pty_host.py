"""Serve a simulated device on a pseudo-terminal, behind a stable symlink like /dev/serial/by-id."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
import tty
from pathlib import Path

from drivers.sim.device import SimulatedDevice, Unplugged

log = logging.getLogger(__name__)


class _Plug:
    """One plugged-in period: a pty pair and the thread that reads what the kiosk writes.

    Its file descriptors are closed only after its reader thread has stopped, so no thread
    ever touches a descriptor number the kernel has since handed to someone else."""

    def __init__(self, device: SimulatedDevice, link: Path) -> None:
        self.device = device
        self.master, self.slave = os.openpty()
        # A new pty is cooked with echo; a serial line is raw. Set it before anyone opens it.
        tty.setraw(self.slave)
        os.set_blocking(self.master, False)
        self.generation = device.generation
        self.stop = threading.Event()
        tmp = link.with_name(link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(self.slave))
        os.replace(tmp, link)  # atomic: the link never points nowhere while plugged
        self.reader = threading.Thread(
            target=self._pump_to_device, name=f"pty-{device.name}-rx", daemon=True
        )
        self.reader.start()

    def _pump_to_device(self) -> None:
        """Bytes the kiosk writes on the slave → the device model."""
        while not self.stop.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                data = os.read(self.master, 4096) if ready else b""
            except OSError:
                self.stop.wait(0.02)
                continue
            if data:
                with contextlib.suppress(Unplugged):
                    self.device.host_write(data, self.generation)

    def write(self, data: bytes, stopping: threading.Event) -> None:
        while data and not stopping.is_set():
            try:
                written = os.write(self.master, data)
            except BlockingIOError:
                stopping.wait(0.005)
                continue
            except OSError:
                return
            data = data[written:]

    def close(self) -> None:
        self.stop.set()
        self.reader.join(2)
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class PtyHost:
    """Bridges a device model to a pty. Unplug closes the pty (the reader sees an I/O error,
    as with a USB unplug); replug makes a new one and points the same link at it."""

    def __init__(self, device: SimulatedDevice, link: str | Path) -> None:
        self.device = device
        self.link = Path(link)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._plug: _Plug | None = None
        self.last_write_at = 0.0

    @property
    def path(self) -> str:
        """The stable path a config points at."""
        return str(self.link)

    def start(self) -> None:
        self._plug = _Plug(self.device, self.link)
        self._thread = threading.Thread(
            target=self._pump_to_host, name=f"pty-{self.device.name}-tx", daemon=True
        )
        self._thread.start()

    def close(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self.device.wake()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._plug is not None:
            self._plug.close()
            self._plug = None
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()

    def __enter__(self) -> PtyHost:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pump_to_host(self) -> None:
        """Bytes the device model sends → the master; also follows unplug and replug.
        Only this thread makes and closes plugs after start()."""
        while not self._stop.is_set():
            plug = self._plug
            if plug is None:
                if self.device.wait_plugged(0.05) and not self._stop.is_set():
                    self._plug = _Plug(self.device, self.link)
                continue
            try:
                # Blocks until bytes, an unplug or close() (which sets _stop and wakes it):
                # a quiet device costs nothing.
                data = self.device.host_read(4096, None, plug.generation, self._stop)
            except Unplugged:
                with contextlib.suppress(FileNotFoundError):
                    self.link.unlink()
                self._plug = None
                plug.close()
                continue
            if data:
                plug.write(data, self._stop)
                self.last_write_at = time.monotonic()  # when bytes reached the tty (benchmarks)
