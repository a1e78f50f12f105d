"""Finding and opening serial ports: by USB VID:PID and serial number, or by path or URL."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import serial
from serial.tools import list_ports

from drivers.settings import SerialSettings


class PortNotFound(serial.SerialException):
    """No port matches the configured USB identity (the device is unplugged)."""


@dataclass(frozen=True)
class PortInfo:
    """One serial port present on the machine."""

    device: str
    description: str
    vid: int | None
    pid: int | None
    serial_number: str | None

    @property
    def vid_pid(self) -> str | None:
        if self.vid is None or self.pid is None:
            return None
        return f"{self.vid:04X}:{self.pid:04X}"


PortLister = Callable[[], Iterable[Any]]


def list_serial_ports(lister: PortLister = list_ports.comports) -> list[PortInfo]:
    """Serial ports present now, sorted by path."""
    ports = [
        PortInfo(
            device=p.device,
            description=p.description or "",
            vid=p.vid,
            pid=p.pid,
            serial_number=p.serial_number,
        )
        for p in lister()
    ]
    return sorted(ports, key=lambda p: p.device)


def resolve_port(settings: SerialSettings, lister: PortLister = list_ports.comports) -> str:
    """The path or URL to open: by VID:PID (+ serial number) when configured, else ``port``."""
    if not settings.usb_vid_pid:
        return settings.port
    matches = [
        p
        for p in list_serial_ports(lister)
        if p.vid_pid == settings.usb_vid_pid
        and (settings.usb_serial_number is None or p.serial_number == settings.usb_serial_number)
    ]
    if not matches:
        wanted = settings.usb_vid_pid + (
            f" serial {settings.usb_serial_number}" if settings.usb_serial_number else ""
        )
        raise PortNotFound(f"no serial port with USB id {wanted}")
    return matches[0].device


def open_port(url: str, settings: SerialSettings, timeout: float) -> serial.SerialBase:
    """Open ``url`` exclusively with the configured line settings."""
    if url.startswith("kiosksim://"):
        from drivers.sim.registry import install_url_scheme

        install_url_scheme()
    return serial.serial_for_url(
        url,
        baudrate=settings.baudrate,
        bytesize=serial.EIGHTBITS,
        parity=settings.parity,
        stopbits=serial.STOPBITS_ONE,
        timeout=timeout,
        write_timeout=2.0,
        exclusive=True,
    )
