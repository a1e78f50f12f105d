"""Everything the demo runs besides the window: a seeded local service and simulated devices."""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from drivers.idcard.demo_cards import DEMO_CARDS
from drivers.sim.console import SimulatorConsole
from kiosk.backend.settings import ServiceSettings
from kiosk.commands.run_cmd import simulated
from kiosk.config import KioskConfig, parse_config
from kiosk.core.settings import JournalSettings, TechnicianSettings
from patron_identity.pins import hash_pin
from regional.served import ServedRegional

log = logging.getLogger(__name__)

DEMO_DEVICES = """
[devices.id_card_reader]
port = "kiosksim://placeholder"
poll_interval_ms = 200
[devices.scanner]
port = "kiosksim://placeholder"
[devices.card_reader]
port = "kiosksim://placeholder"
"""


# The demo's technician PIN (a real kiosk sets its own with `kiosk config set-pin`).
DEMO_TECHNICIAN_PIN = "2468"


@dataclass(frozen=True)
class DemoBook:
    barcode: str
    title: str
    owner: str
    status: str


@dataclass(frozen=True)
class DemoLibraryCard:
    number: str
    pin: str
    name: str


DEMO_LIBRARY_CARDS = (
    DemoLibraryCard("25001000000017", "1234", "林小雨"),
    DemoLibraryCard("25100000000017", "1357", "钱多多 (fines)"),
)


class DemoEnvironment:
    """A seeded reference service in its own folder and the three simulated devices."""

    def __init__(
        self,
        folder: Path | None = None,
        base: KioskConfig | None = None,
        *,
        template: Path | None = None,
    ) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
            folder = Path(self._tmp.name)
        self.folder = folder
        self.base = base or parse_config(DEMO_DEVICES)
        self.template = template  # a seeded data folder to copy instead of seeding anew
        self.console = SimulatorConsole(transport="inprocess")
        self.service: ServedRegional | None = None
        self.config: KioskConfig | None = None
        self.config_path = self.folder / "kiosk.toml"

    def start(self) -> KioskConfig:
        """Seed and serve the network, plug the devices in; returns the kiosk's config."""
        log.info("seeding the demo network in %s", self.folder)
        self.service = ServedRegional(
            self.folder / "regional", template=self.template, kiosk="CQL-DEMO", library="CQL"
        )
        self.service.start()
        self.console.start()
        config = simulated(self.base, self.console.ports())
        self.config = config.model_copy(
            update={
                "service": ServiceSettings(url=self.service.url, token=self.service.token),
                "journal": JournalSettings(path=str(self.folder / "journal.db")),
                "technician": TechnicianSettings(pin_hash=hash_pin(DEMO_TECHNICIAN_PIN)),
            }
        )
        return self.config

    def write_config(self, config: KioskConfig) -> Path:
        """The kiosk's config as a file in the demo folder, so technician mode can save it."""
        document = tomlkit.document()
        document.add(tomlkit.comment("Written by `kiosk demo`: simulated devices, local service."))
        document.add(tomlkit.comment(f"Technician PIN: {DEMO_TECHNICIAN_PIN}"))
        for key, value in config.model_dump(mode="json", exclude_none=True).items():
            document[key] = value
        self.config_path.write_text(tomlkit.dumps(document), encoding="utf-8")
        return self.config_path

    def close(self) -> None:
        self.console.close()
        if self.service is not None:
            self.service.stop()
        if self._tmp is not None:
            self._tmp.cleanup()

    # ---- what the tester panel offers -----------------------------------------------------
    def id_cards(self) -> list[tuple[str, str]]:
        """(id number, label) of the demo resident ID cards."""
        labels = []
        for card in DEMO_CARDS:
            note = " (长期)" if card.valid_to is None else ""
            if card.valid_to is not None and card.valid_to.year < 2026:
                note = " (expired)"
            labels.append((card.id_number, f"{card.name}{note}"))
        return labels

    def books(self, limit: int = 12) -> list[DemoBook]:
        """Some books to lend (available here and elsewhere) and some on loan (to return)."""
        if self.service is None:
            return []
        conn = sqlite3.connect(self.service.db)
        try:
            rows = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE loanable=1 "
                "AND status IN ('available', 'on_loan') ORDER BY status, owner_library_id != 'CQL',"
                " barcode LIMIT ?",
                (limit,),
            ).fetchall()
            on_loan = conn.execute(
                "SELECT barcode, title, owner_library_id, status FROM items WHERE status="
                "'on_loan' ORDER BY barcode LIMIT ?",
                (max(2, limit // 3),),
            ).fetchall()
        finally:
            conn.close()
        seen: dict[str, DemoBook] = {}
        for row in [*rows, *on_loan]:
            seen.setdefault(row[0], DemoBook(*row))
        return list(seen.values())
