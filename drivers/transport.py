"""One serial device on its own thread: open, run its protocol, report state, reconnect."""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from collections.abc import Callable
from typing import Literal

import serial
from serial.tools import list_ports

from drivers.events import DeviceReason, DeviceStateChanged, Event, LinkState
from drivers.ports import PortLister, PortNotFound, open_port, resolve_port
from drivers.settings import SerialSettings

log = logging.getLogger(__name__)

EventSink = Callable[[Event], None]
RawTap = Callable[[Literal["rx", "tx"], bytes], None]

# Slice of a blocking read when nothing is due: the thread wakes this often while the line is
# quiet (close() does not wait for it: it cancels the read). Drivers with a deadline (an idle
# gap, a reply timeout) shorten their reads to it.
READ_SLICE_S = 0.1


class DeviceDriver:
    """Base of every driver: owns one port and one thread; subclasses implement ``_run_session``.

    Events (decoded data and ``DeviceStateChanged``) are delivered to ``on_event`` on the
    driver's own thread; ``on_raw`` (optional) sees every byte read and written.
    """

    def __init__(
        self,
        role: str,
        settings: SerialSettings,
        on_event: EventSink,
        *,
        on_raw: RawTap | None = None,
        port_lister: PortLister = list_ports.comports,
    ) -> None:
        self.role = role
        self.settings = settings
        self._on_event = on_event
        self._on_raw = on_raw
        self._port_lister = port_lister
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.SerialBase | None = None
        self._port_lock = threading.Lock()
        self._state: LinkState | None = None
        self._state_reason: DeviceReason | None = None

    # ---- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.role} driver already started")
        self._thread = threading.Thread(target=self._run, name=f"device-{self.role}", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 2.0) -> None:
        """Stop the thread and close the port; returns within about ``timeout`` seconds."""
        self._stop.set()
        with self._port_lock:
            port = self._port
        if port is not None:
            with contextlib.suppress(OSError, serial.SerialException, AttributeError):
                port.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("%s driver thread did not stop within %.1f s", self.role, timeout)

    def __enter__(self) -> DeviceDriver:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def state(self) -> LinkState | None:
        return self._state

    @property
    def reason(self) -> DeviceReason | None:
        """Why the state is what it is (paper out, port busy …); None: nothing to add."""
        return self._state_reason

    def set_raw_tap(self, on_raw: RawTap | None) -> None:
        """Watch (or stop watching) the bytes in and out, e.g. for the technician's Test view."""
        self._on_raw = on_raw

    @property
    def raw_tapped(self) -> bool:
        """Whether someone watches the bytes (``set_raw_tap``)."""
        return self._on_raw is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ---- for subclasses -------------------------------------------------------------------
    def _run_session(self, port: serial.SerialBase) -> None:
        """Talk to an open port until ``self._stop`` is set; raise SerialException on loss."""
        raise NotImplementedError

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _read(self, port: serial.SerialBase) -> bytes:
        """Whatever has arrived, waiting at most one read slice for the first byte."""
        data = port.read(1)
        if data:
            waiting = port.in_waiting
            if waiting:
                data += port.read(waiting)
            tap = self._on_raw  # read once: another thread may swap it
            if tap is not None:
                tap("rx", data)
        return data

    def _write(self, port: serial.SerialBase, data: bytes) -> None:
        tap = self._on_raw
        if tap is not None:
            tap("tx", data)
        port.write(data)

    def _emit(self, event: Event) -> None:
        try:
            self._on_event(event)
        except Exception:  # a faulty consumer must not kill the device thread
            log.exception("%s: event consumer failed", self.role)

    def _set_state(
        self, state: LinkState, reason: DeviceReason | None = None, detail: str = ""
    ) -> None:
        if state == self._state and reason == self._state_reason:
            return
        self._state = state
        self._state_reason = reason
        log.info("%s: %s %s", self.role, state, reason or "")
        self._emit(DeviceStateChanged(self.role, state, reason, detail))

    # ---- the thread -----------------------------------------------------------------------
    def _run(self) -> None:
        backoff = self.settings.reconnect_initial_ms / 1000
        while not self._stop.is_set():
            try:
                url = resolve_port(self.settings, self._port_lister)
                port = open_port(url, self.settings, timeout=READ_SLICE_S)
            except PortNotFound as exc:
                self._set_state(LinkState.DISCONNECTED, DeviceReason.PORT_MISSING, str(exc))
            except (serial.SerialException, OSError, ValueError) as exc:
                busy = "lock" in str(exc).lower()
                reason = DeviceReason.PORT_BUSY if busy else DeviceReason.OPEN_FAILED
                self._set_state(LinkState.DISCONNECTED, reason, str(exc))
            else:
                backoff = self.settings.reconnect_initial_ms / 1000
                self._serve(port, url)
                continue
            # Jitter keeps several kiosks' devices (or several devices) from retrying in step.
            self._stop.wait(backoff * random.uniform(0.8, 1.2))
            backoff = min(backoff * 2, self.settings.reconnect_max_ms / 1000)

    def _serve(self, port: serial.SerialBase, url: str) -> None:
        with self._port_lock:
            self._port = port
        try:
            if self._stop.is_set():
                return
            self._set_state(LinkState.CONNECTED, None, url)
            self._run_session(port)
        except (serial.SerialException, OSError) as exc:
            if not self._stop.is_set():
                self._set_state(LinkState.DISCONNECTED, DeviceReason.LINK_LOST, str(exc))
                # A brief pause before reopening: an unplugged USB device takes a moment to go.
                self._stop.wait(self.settings.reconnect_initial_ms / 1000)
        except Exception as exc:  # a protocol bug must not end the device for good
            log.exception("%s: driver error", self.role)
            self._set_state(LinkState.ERROR, DeviceReason.DRIVER_ERROR, type(exc).__name__)
            self._stop.wait(self.settings.reconnect_initial_ms / 1000)
        finally:
            with self._port_lock:
                self._port = None
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()
        if self._stop.is_set():
            self._set_state(LinkState.DISCONNECTED, DeviceReason.CLOSED)
