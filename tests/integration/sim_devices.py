"""A real driver over an in-process simulator: the simulator under a URL of its own, settings
that reach it and reconnect quickly, and the driver started and stopped around a test."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from drivers.settings import SerialSettings
from drivers.sim import registry
from drivers.sim.device import SimulatedDevice
from drivers.transport import DeviceDriver

SimT = TypeVar("SimT", bound=SimulatedDevice)
SettingsT = TypeVar("SettingsT", bound=SerialSettings)
DriverT = TypeVar("DriverT", bound=DeviceDriver)


@contextmanager
def registered(device: SimT) -> Iterator[SimT]:
    """``device`` reachable as ``kiosksim://<its name>`` while the block runs."""
    registry.register(device)
    try:
        yield device
    finally:
        registry.unregister(device)


def sim_settings(
    kind: type[SettingsT], sim: SimulatedDevice, values: Mapping[str, object]
) -> SettingsT:
    """Settings of ``kind`` for a driver of ``sim``: its URL and quick reconnects (20 ms, at
    most 100 ms), then ``values``."""
    merged: dict[str, object] = {
        "port": f"kiosksim://{sim.name}",
        "reconnect_initial_ms": 20,
        "reconnect_max_ms": 100,
    }
    merged.update(values)
    return kind.model_validate(merged)


@contextmanager
def started(driver: DriverT) -> Iterator[DriverT]:
    """``driver`` running while the block runs; closed after, its thread gone."""
    driver.start()
    try:
        yield driver
    finally:
        driver.close()
    assert not driver.running
