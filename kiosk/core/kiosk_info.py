"""What the technician's information page shows: gathered off the GUI thread, as one value."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk import __version__
from kiosk.backend.errors import BackendError
from kiosk.backend.port import CirculationBackend


@dataclass(frozen=True)
class KioskInfo:
    version: str
    kiosk_id: str
    library: str
    service_url: str
    reachable: bool
    latency_ms: float | None
    clock_offset_s: float | None  # service clock minus ours; positive: we are behind
    service_error: str
    free_disk_bytes: int
    journal_bytes: int


def gather_info(
    backend: CirculationBackend,
    *,
    kiosk_id: str,
    library: str,
    service_url: str,
    journal_path: Path,
) -> KioskInfo:
    """Blocking (HTTP, disk): call from a worker thread."""
    reachable, latency, offset, error = False, None, None, ""
    try:
        sent = dt.datetime.now(dt.UTC)
        health = backend.health()
        reachable = True
        latency = health.round_trip_s * 1000
        if health.time is not None:
            midpoint = sent + dt.timedelta(seconds=health.round_trip_s / 2)
            offset = (health.time - midpoint).total_seconds()
    except BackendError as exc:
        error = exc.code
    folder = journal_path.parent if journal_path.parent.exists() else Path.cwd()
    journal_bytes = (
        sum(
            p.stat().st_size
            for p in journal_path.parent.glob(journal_path.name + "*")
            if p.is_file()
        )
        if journal_path.parent.exists()
        else 0
    )
    return KioskInfo(
        version=__version__,
        kiosk_id=kiosk_id,
        library=library,
        service_url=service_url,
        reachable=reachable,
        latency_ms=latency,
        clock_offset_s=offset,
        service_error=error,
        free_disk_bytes=shutil.disk_usage(folder).free,
        journal_bytes=journal_bytes,
    )
