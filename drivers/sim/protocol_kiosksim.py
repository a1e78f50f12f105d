"""pyserial handler for ``kiosksim://NAME``: a port whose other end is an in-process simulator."""

from __future__ import annotations

import threading
import urllib.parse

from serial.serialutil import PortNotOpenError, SerialBase, SerialException, Timeout

from drivers.sim.device import SimulatedDevice, Unplugged
from drivers.sim.registry import lookup

_open_lock = threading.Lock()
_open_exclusive: set[str] = set()


class Serial(SerialBase):
    """Opens like any pyserial port, so the real driver code runs unchanged over a simulator."""

    is_open: bool

    def open(self) -> None:
        if self._port is None:
            raise SerialException("Port must be configured before it can be used.")
        if self.is_open:
            raise SerialException("Port is already open.")
        name = _device_name(self._port)
        device = lookup(name)
        if device is None or not device.plugged:
            raise SerialException(2, f"could not open port {self._port}: no such device")
        with _open_lock:
            if self._exclusive and name in _open_exclusive:
                raise SerialException(11, f"Could not exclusively lock port {self._port}")
            if self._exclusive:
                _open_exclusive.add(name)
        self._device: SimulatedDevice = device
        self._name = name
        self._generation = device.generation
        self._cancelled = threading.Event()
        self.is_open = True
        # A wrong baud rate garbles every byte; the model keeps its own speed.
        device.on_host_baudrate(self._baudrate)

    def close(self) -> None:
        if self.is_open:
            self.is_open = False
            self._cancelled.set()  # a read blocked in another thread ends
            with _open_lock:
                _open_exclusive.discard(self._name)
            self._device.wake()

    def _reconfigure_port(self, force_update: bool = False) -> None:
        if self.is_open:
            self._device.on_host_baudrate(self._baudrate)

    @property
    def in_waiting(self) -> int:
        self._check_open()
        try:
            return self._device.host_in_waiting(self._generation)
        except Unplugged as exc:
            raise SerialException(f"read failed: device {exc} disconnected") from exc

    def read(self, size: int = 1) -> bytes:
        self._check_open()
        out = bytearray()
        timeout = Timeout(self._timeout)
        self._cancelled.clear()
        while len(out) < size:
            left = timeout.time_left()
            # cancel_read() and close() end the device's wait themselves (wake): no slicing, so
            # a quiet simulated line costs nothing while it waits.
            wait = None if left is None else max(0.0, left)
            try:
                out += self._device.host_read(
                    size - len(out), wait, self._generation, self._cancelled
                )
            except Unplugged as exc:
                raise SerialException(
                    "device reports readiness to read but returned no data "
                    f"(device {exc} disconnected)"
                ) from exc
            if self._cancelled.is_set() or not self.is_open or timeout.expired():
                break
            if out and self._timeout is not None and self._timeout == 0:
                break
        return bytes(out)

    def write(self, data: bytes) -> int:
        self._check_open()
        payload = bytes(data)
        try:
            self._device.host_write(payload, self._generation)
        except Unplugged as exc:
            raise SerialException(f"write failed: device {exc} disconnected") from exc
        return len(payload)

    def cancel_read(self) -> None:
        if self.is_open:
            self._cancelled.set()
            self._device.wake()

    def reset_input_buffer(self) -> None:
        self._check_open()
        self._device.host_flush_input(self._generation)

    def reset_output_buffer(self) -> None:
        self._check_open()

    def flush(self) -> None:
        self._check_open()

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        pass

    def _update_break_state(self) -> None:
        pass

    def _check_open(self) -> None:
        if not self.is_open:
            raise PortNotOpenError()


def _device_name(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "kiosksim" or not parts.netloc:
        raise SerialException(f"expected a URL of the form kiosksim://NAME, not {url!r}")
    return parts.netloc
