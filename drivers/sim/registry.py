"""Named simulated devices that ``kiosksim://NAME`` URLs open, and the scheme's registration."""

from __future__ import annotations

import threading

import serial

from drivers.sim.device import SimulatedDevice

SCHEME = "kiosksim"
_lock = threading.Lock()
_devices: dict[str, SimulatedDevice] = {}


def install_url_scheme() -> None:
    """Let ``serial.serial_for_url`` open ``kiosksim://NAME`` (idempotent)."""
    with _lock:
        if "drivers.sim" not in serial.protocol_handler_packages:
            serial.protocol_handler_packages.append("drivers.sim")


def register(device: SimulatedDevice) -> str:
    """Make ``device`` openable as ``kiosksim://<device.name>``; returns that URL."""
    install_url_scheme()
    with _lock:
        if device.name in _devices and _devices[device.name] is not device:
            raise ValueError(f"a simulated device named {device.name!r} is already registered")
        _devices[device.name] = device
    return f"{SCHEME}://{device.name}"


def unregister(device: SimulatedDevice) -> None:
    with _lock:
        if _devices.get(device.name) is device:
            del _devices[device.name]


def lookup(name: str) -> SimulatedDevice | None:
    with _lock:
        return _devices.get(name)
