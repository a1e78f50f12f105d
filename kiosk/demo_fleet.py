"""More kiosks for the demo: headless kiosks at other libraries of the network, each with its
own simulated devices, journal and token, sending heartbeats to the demo's regional service so
the staff console's fleet has more than one machine. Qt-free."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from kiosk.backend.settings import ServiceSettings
from kiosk.config import KioskConfig, KioskIdentity
from kiosk.core.settings import JournalSettings

log = logging.getLogger(__name__)

# The libraries the extra kiosks stand in, in order (the windowed kiosk is at CQL).
FLEET_LIBRARIES = ("CDL", "SCL", "YZL", "CQU")
MAX_EXTRA_KIOSKS = len(FLEET_LIBRARIES)
TokenMaker = Callable[[str, str], str]  # (kiosk id, library) -> a kiosk token of the service


@dataclass
class FleetKiosk:
    kiosk_id: str
    library: str
    config_path: Path
    proc: subprocess.Popen[str]


class DemoFleet:
    """``count`` headless kiosks (``kiosk run --headless --simulate``), one per library of
    FLEET_LIBRARIES, each a process that ends when its standard input closes."""

    def __init__(self, folder: Path, base: KioskConfig, service_url: str) -> None:
        self.folder = folder
        self.base = base
        self.service_url = service_url
        self.kiosks: list[FleetKiosk] = []

    def start(self, count: int, create_token: TokenMaker) -> list[FleetKiosk]:
        if not 0 <= count <= MAX_EXTRA_KIOSKS:
            raise ValueError(f"the demo starts 0 to {MAX_EXTRA_KIOSKS} more kiosks")
        for n, library in enumerate(FLEET_LIBRARIES[:count], start=2):
            kiosk_id = f"{library}-DEMO{n}"
            home = self.folder / kiosk_id
            home.mkdir(parents=True, exist_ok=True)
            config = self.base.model_copy(
                update={
                    "kiosk": KioskIdentity(id=kiosk_id, library=library),
                    "service": ServiceSettings(
                        url=self.service_url, token=create_token(kiosk_id, library)
                    ),
                    "journal": JournalSettings(path=str(home / "journal.db")),
                }
            )
            path = home / "kiosk.toml"
            document = tomlkit.document()
            document.add(tomlkit.comment(f"Written by `kiosk demo`: the fleet's {kiosk_id}."))
            for key, value in config.model_dump(mode="json", exclude_none=True).items():
                document[key] = value
            path.write_text(tomlkit.dumps(document), encoding="utf-8")
            with (home / "kiosk.log").open("ab") as out:
                proc = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "kiosk", "run", "--headless", "--simulate"),
                        *("--config", str(path)),
                    ],
                    stdin=subprocess.PIPE,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            self.kiosks.append(FleetKiosk(kiosk_id, library, path, proc))
            log.info("demo fleet: %s at %s started", kiosk_id, library)
        return list(self.kiosks)

    def close(self, timeout: float = 15.0) -> None:
        """Close each kiosk's standard input (it stops as a kiosk does), then wait for it."""
        for kiosk in self.kiosks:
            if kiosk.proc.stdin is not None and not kiosk.proc.stdin.closed:
                kiosk.proc.stdin.close()
        for kiosk in self.kiosks:
            try:
                kiosk.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                kiosk.proc.kill()
                kiosk.proc.wait()
        self.kiosks.clear()
