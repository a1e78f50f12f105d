"""Builds the kiosk's Qt-free parts from a config: journal, backend, core, sync, drivers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import platformdirs

from drivers.events import Event
from drivers.factory import make_driver
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.status import PrinterPaper
from drivers.rfid.feig.reader import FeigReader
from drivers.settings import SerialSettings
from drivers.transport import DeviceDriver
from kiosk.backend.port import CirculationBackend
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.backend.sip2.connection import TrafficListener
from kiosk.backend.sip2.settings import BackendKind
from kiosk.backend.sip2.traffic import TrafficLog
from kiosk.config import ROLES, KioskConfig
from kiosk.core.circulation import Circulation, Clock
from kiosk.core.connectivity import ConnectivityMonitor, Link
from kiosk.core.receipt_desk import PRINTER_ROLE, ReceiptChoice, ReceiptDesk
from kiosk.core.rfid_pad import RfidPad
from kiosk.core.usage import UsageResult
from kiosk.store.database import JournalUnavailable
from kiosk.store.journal import Journal
from kiosk.store.usage import purge_usage
from kiosk.sync.heartbeat import HeartbeatSender
from kiosk.sync.worker import SyncWorker

log = logging.getLogger(__name__)

APP_NAME = "library-kiosk"


def journal_path(config: KioskConfig) -> Path:
    if config.journal.path:
        return Path(config.journal.path)
    return Path(platformdirs.user_data_dir(APP_NAME)) / "journal.db"


def make_backend(
    config: KioskConfig, on_traffic: TrafficListener | None = None
) -> CirculationBackend:
    """The library side the config names: the regional service or a library system over SIP2
    (``on_traffic`` sees its frames: the technician's traffic view)."""
    if config.backend.kind == BackendKind.SIP2 and config.sip2 is not None:
        from kiosk.backend.sip2.backend import Sip2Backend  # only kiosks that speak SIP2

        return Sip2Backend(
            config.sip2, on_traffic=on_traffic, offline_loan_days=config.offline.loan_days
        )
    return RegionalClient(config.service)


def sip2_encodings(config: KioskConfig) -> tuple[str, ...]:
    """The character sets the configured SIP2 dialect uses, after login first."""
    if config.sip2 is None:
        return ("utf-8",)
    d = config.sip2.build_dialect()
    return (d.encoding_after_login.value, d.encoding_before_login.value)


def make_heartbeat(config: KioskConfig, journal: Journal) -> HeartbeatSender | None:
    """The heartbeat the config asks for: to the regional service, or over SIP2 (which has
    none) only to a ``[heartbeat]`` url named for it; None when off."""
    chosen = config.heartbeat
    if not chosen.enabled:
        return None
    if config.backend.kind == BackendKind.SIP2 and not chosen.url:
        return None
    try:
        settings = ServiceSettings.model_validate(
            {
                **config.service.model_dump(),
                "url": chosen.url or config.service.url,
                "token": chosen.token or config.service.token,
            }
        )
    except ValueError as exc:
        log.error("no heartbeat: [heartbeat] url is not usable (%s)", exc)
        return None
    return HeartbeatSender(RegionalClient(settings), journal, config.kiosk.id, chosen)


def _ignore_event(event: Event) -> None:
    pass


class KioskServices:
    """Everything but the screen. ``start`` opens the journal (running migrations), voids acts
    a crash left unconfirmed, and starts the sync worker and the device drivers.

    Built from its parts; ``from_config`` builds the parts as the kiosk runs them."""

    def __init__(
        self,
        config: KioskConfig,
        *,
        journal: Journal,
        backend: CirculationBackend,
        connectivity: ConnectivityMonitor,
        sync: SyncWorker,
        circulation: Circulation,
        drivers: dict[str, DeviceDriver],
        on_device_event: Callable[[Event], None] = _ignore_event,
        traffic: TrafficLog | None = None,
        heartbeat: HeartbeatSender | None = None,
    ) -> None:
        self.config = config
        # The heartbeat to the regional service; the kiosk loop tells it what it counts.
        self.heartbeat = heartbeat
        self.traffic = traffic or TrafficLog()  # SIP2 frames, masked, for the technician
        self.journal = journal
        self.backend = backend
        self.connectivity = connectivity
        self.sync = sync
        self.circulation = circulation
        self.drivers = drivers
        self.journal_ok = True
        self._on_device_event = on_device_event  # for drivers a technician reconfigures
        # The RFID book pad: its tags come as events from the reader, when there is one, and
        # its writes go to the reader configured now.
        self.pad = RfidPad(config.rfid, self._rfid_writer())
        # Receipts go to the printer configured at the time (a technician may reconfigure it).
        self.receipts = ReceiptDesk(
            config.receipt,
            self.printer,
            kiosk_id=config.kiosk.id,
            library_id=config.kiosk.library,
            on_choice=self._count_receipt,
        )

    def _count_receipt(self, choice: ReceiptChoice) -> None:
        """A receipt printed, declined or failed, in the statistics the heartbeat sends."""
        if self.heartbeat is not None:
            self.heartbeat.receipt(UsageResult(choice.value))

    def printer(self) -> ReceiptPrinter | None:
        """The receipt printer's driver, if this kiosk has one."""
        driver = self.drivers.get(PRINTER_ROLE)
        return driver if isinstance(driver, ReceiptPrinter) else None

    def printer_paper(self) -> PrinterPaper:
        """The receipt printer's paper as last polled, for the heartbeat (``none``: no printer,
        or it does not answer). Any thread; never blocks."""
        return self.receipts.paper

    def _rfid_writer(self) -> FeigReader | None:
        reader = self.drivers.get("rfid_reader")
        return reader if isinstance(reader, FeigReader) else None

    @classmethod
    def from_config(
        cls,
        config: KioskConfig,
        on_device_event: Callable[[Event], None] = _ignore_event,
        *,
        connectivity: ConnectivityMonitor | None = None,
        with_drivers: bool = True,
        clock: Clock | None = None,
    ) -> KioskServices:
        """The parts as ``config`` says. ``connectivity``: a monitor of one's own (tests that
        want the link back after one success); ``with_drivers=False``: no devices at all;
        ``clock``: the time acts are dated by (tests of acts made a while ago)."""
        journal = Journal(journal_path(config))
        traffic = TrafficLog(encodings=sip2_encodings(config))
        backend = make_backend(config, traffic.listener("kiosk"))
        connectivity = connectivity or ConnectivityMonitor()
        sync = SyncWorker(journal, backend, connectivity, config.sync)
        circulation = Circulation(
            journal,
            backend,
            connectivity,
            config.offline,
            on_journal=sync.wake,
            clock=clock,
        )
        drivers: dict[str, DeviceDriver] = {}
        for role in ROLES if with_drivers else ():
            settings = getattr(config.devices, role)
            if settings is not None and settings.enabled:
                drivers[role] = make_driver(role, settings, on_device_event)
        return cls(
            config,
            journal=journal,
            backend=backend,
            connectivity=connectivity,
            sync=sync,
            circulation=circulation,
            drivers=drivers,
            on_device_event=on_device_event,
            traffic=traffic,
            heartbeat=make_heartbeat(config, journal),
        )

    def open_journal(self) -> bool:
        """Open the journal (running migrations), void what a crash left unconfirmed and purge
        old settled acts. False (and ``journal_ok`` False) when it cannot be opened."""
        try:
            self.journal.open()
            voided = self.journal.recover()
            if voided:
                log.warning("%d act(s) left unconfirmed by the last run will be voided", voided)
            purged = self.journal.purge(self.config.journal.purge_after_days)
            purge_usage(self.journal, self.config.journal.purge_after_days)
            if purged:
                log.info("purged %d settled act(s)", purged)
        except JournalUnavailable:
            log.exception("the journal cannot be opened")
            self.journal_ok = False
        return self.journal_ok

    def start(self) -> None:
        """Starts even when the journal cannot be opened (``journal_ok`` is then False): the
        screen says so and the kiosk recovers when the disk does."""
        self.open_journal()
        self.sync.start()
        if self.heartbeat is not None:
            heartbeat = self.heartbeat
            self.connectivity.subscribe(
                lambda link: heartbeat.service_back() if link == Link.ONLINE else None
            )
            heartbeat.start()
        for driver in self.drivers.values():
            driver.start()

    def reconfigure(self, role: str, settings: SerialSettings | None) -> None:
        """Reopen one device with new settings (technician's Apply), without a restart.
        Blocking for up to the driver's close time: call from a worker thread."""
        old = self.drivers.pop(role, None)
        if old is not None:
            old.close()
        if settings is not None and settings.enabled:
            driver = make_driver(role, settings, self._on_device_event)
            self.drivers[role] = driver
            driver.start()
        self.config = self.config.model_copy(
            update={"devices": self.config.devices.model_copy(update={role: settings})}
        )
        if role == "rfid_reader":
            self.pad.writer = self._rfid_writer()

    def close(self) -> None:
        for driver in self.drivers.values():
            driver.close()
        self.sync.close()
        if self.heartbeat is not None:
            self.heartbeat.close()
        self.backend.close()
        self.journal.close()
