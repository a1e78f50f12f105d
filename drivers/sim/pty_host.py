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


class PtyHost:
    """Bridges a device model to a pty. Unplug closes the pty (the reader sees an I/O error,
    as with a USB unplug); replug makes a new one and points the same link at it."""

    def __init__(self, device: SimulatedDevice, link: str | Path) -> None:
        self.device = device
        self.link = Path(link)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self._generation = -1
        self.last_write_at = 0.0

    @property
    def path(self) -> str:
        """The stable path a config points at."""
        return str(self.link)

    def start(self) -> None:
        self._make_pty()
        for target, name in ((self._pump_to_device, "rx"), (self._pump_to_host, "tx")):
            thread = threading.Thread(
                target=target, name=f"pty-{self.device.name}-{name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def close(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self.device.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._close_pty()
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()

    def __enter__(self) -> PtyHost:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- pty lifecycle --------------------------------------------------------------------
    def _make_pty(self) -> None:
        master, slave = os.openpty()
        # A new pty is cooked with echo; a serial line is raw. Set it before anyone opens it.
        tty.setraw(slave)
        os.set_blocking(master, False)
        tmp = self.link.with_name(self.link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self.link)  # atomic: the link never points nowhere while plugged
        with self._lock:
            # Keep our slave fd open so the master never reads EIO while the kiosk has no handle.
            self._master, self._slave = master, slave
            self._generation = self.device.generation

    def _close_pty(self) -> None:
        with self._lock:
            fds = [fd for fd in (self._master, self._slave) if fd is not None]
            self._master = self._slave = None
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _unplugged(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        self._close_pty()
        while not self._stop.is_set():
            if self.device.wait_plugged(0.05):
                self._make_pty()  # only this (tx) thread makes ptys after start()
                return

    # ---- pumps ----------------------------------------------------------------------------
    def _pump_to_device(self) -> None:
        """Bytes the kiosk writes on the slave → the device model."""
        while not self._stop.is_set():
            with self._lock:
                master, generation = self._master, self._generation
            if master is None:
                self._stop.wait(0.02)
                continue
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except (OSError, ValueError):
                self._stop.wait(0.02)  # the pty is being replaced
                continue
            if data:
                with contextlib.suppress(Unplugged):
                    self.device.host_write(data, generation)

    def _pump_to_host(self) -> None:
        """Bytes the device model sends → the master, so the kiosk reads them on the slave."""
        while not self._stop.is_set():
            with self._lock:
                master, generation = self._master, self._generation
            if master is None or generation != self.device.generation:
                self._unplugged()
                continue
            try:
                data = self.device.host_read(4096, 0.05, generation)
            except Unplugged:
                self._unplugged()
                continue
            while data and not self._stop.is_set():
                try:
                    written = os.write(master, data)
                except BlockingIOError:
                    self._stop.wait(0.005)
                    continue
                except OSError:
                    break
                data = data[written:]
                self.last_write_at = time.monotonic()  # when bytes reached the tty (benchmarks)
