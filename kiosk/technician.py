"""What technician mode can do to a running kiosk, without Qt: devices, config file, queue, info."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from serial.tools import list_ports
from tomlkit.items import Integer, Trivia

from drivers.events import LinkState, RfidTagArrived
from drivers.ports import PortInfo, PortLister, list_serial_ports
from drivers.rfid.feig.reader import FeigReader
from drivers.rfid.security import ItemState
from drivers.settings import SerialSettings
from drivers.transport import RawTap
from kiosk.backend.sip2.settings import BackendKind, Sip2Settings
from kiosk.backend.sip2.status_check import SystemStatus, check_connection
from kiosk.backend.sip2.traffic import TrafficLine
from kiosk.backend.types import DATED_AT_REPLAY
from kiosk.config import ROLES, ConfigError, DevicesConfig, KioskConfig, load_config, parse_config
from kiosk.config_edit import ConfigEditor
from kiosk.core.kiosk_info import KioskInfo, gather_info
from kiosk.core.rfid_pad import RfidSettings
from kiosk.core.settings import TechnicianSettings
from kiosk.core.tag_writer import (
    TagReading,
    TagWriteOutcome,
    TagWriteReport,
    read_tag,
    write_tag,
)
from kiosk.core.technician_gate import GateAnswer, TechnicianGate
from kiosk.domain import EntryState
from kiosk.services import KioskServices, journal_path
from kiosk.store.journal import JournalStats
from kiosk.store.lockout import JournalLockoutStore
from kiosk.sync.heartbeat import HeartbeatStatus
from patron_identity.masking import mask_card_number

# Settings a touch screen cannot sensibly edit: the barcode rules are lists of expressions.
NOT_EDITABLE = frozenset({"classifier"})
# Where removable media appear on the Linux desktops and kiosk sessions we ship on.
MEDIA_ROOTS = (Path("/media"), Path("/run/media"))


class SettingsRefused(Exception):
    """Proposed settings are invalid; ``problems`` are 'key: reason' lines, as ``kiosk config
    check`` prints them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class NoConfigFile(Exception):
    """The kiosk was started without a config file path: there is nothing to save to."""


@dataclass(frozen=True)
class Field:
    """One editable device setting: its key, kind and limits, read from the settings model."""

    key: str
    kind: str  # "bool" | "choice" | "int" | "port" | "usb_id" | "usb_serial"
    choices: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class ProblemAct:
    """A conflict or rejection, as the technician sees it (patron data masked)."""

    txn_id: str
    kind: str
    state: EntryState
    item_barcode: str
    patron: str
    occurred_at: dt.datetime
    offline: bool
    reason: str


@dataclass(frozen=True)
class QueueView:
    stats: JournalStats
    problems: tuple[ProblemAct, ...]
    journal_ok: bool
    heartbeat: HeartbeatStatus | None = None  # None: this kiosk sends none


@dataclass(frozen=True)
class InfoView:
    info: KioskInfo
    devices: dict[str, LinkState | None]


def editable_fields(settings_type: type[SerialSettings]) -> list[Field]:
    """The settings of a role, in the model's order, with limits taken from the model."""
    from drivers.settings import STANDARD_BAUDRATES

    fields = []
    for key, info in settings_type.model_fields.items():
        if key in NOT_EDITABLE:
            continue
        annotation = info.annotation
        if key == "port":
            fields.append(Field(key, "port"))
        elif key == "usb_vid_pid":
            fields.append(Field(key, "usb_id"))
        elif key == "usb_serial_number":
            fields.append(Field(key, "usb_serial"))
        elif key == "baudrate":
            fields.append(Field(key, "choice", STANDARD_BAUDRATES))
        elif annotation is bool:
            fields.append(Field(key, "bool", (True, False)))
        elif typing.get_origin(annotation) is typing.Literal:
            fields.append(Field(key, "choice", typing.get_args(annotation)))
        elif annotation is int:
            low = next((m.ge for m in info.metadata if hasattr(m, "ge")), 0)
            high = next((m.le for m in info.metadata if hasattr(m, "le")), 1_000_000)
            fields.append(Field(key, "int", minimum=low, maximum=high))
    return fields


def _problems(exc: ConfigError, role: str) -> list[str]:
    """Only the lines about this device when there are some (others were there before)."""
    mine = [p for p in exc.problems if p.startswith(f"devices.{role}")]
    return mine or exc.problems


@dataclass(frozen=True)
class LibraryChoice:
    """Which library side the kiosk talks to, and its SIP2 settings (None: no [sip2])."""

    kind: BackendKind
    sip2: Sip2Settings | None


def _library_problems(exc: ConfigError) -> list[str]:
    mine = [p for p in exc.problems if p.startswith(("sip2", "backend"))]
    return mine or exc.problems


def _rfid_problems(exc: ConfigError) -> list[str]:
    mine = [p for p in exc.problems if p.startswith("rfid")]
    return mine or exc.problems


def _flat(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    """{'rfid.tags.model': …} from nested tables."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}.{key}"))
        else:
            out[f"{prefix}.{key}"] = value
    return out


PIN_REFUSALS = {
    GateAnswer.WRONG: TagWriteOutcome.PIN_WRONG,
    GateAnswer.LOCKED: TagWriteOutcome.PIN_LOCKED,
    GateAnswer.NOT_SET: TagWriteOutcome.PIN_NOT_SET,
}


class TechnicianDesk:
    """The technician's view of one running kiosk. Methods marked blocking touch serial
    ports, the disk or the network: the UI calls them from its worker thread."""

    def __init__(
        self,
        services: KioskServices,
        config_path: str | Path | None,
        settings: TechnicianSettings,
        *,
        port_lister: PortLister = list_ports.comports,
        clock: Callable[[], float] = time.time,
        media_roots: tuple[Path, ...] = MEDIA_ROOTS,
    ) -> None:
        self.services = services
        self.config_path = Path(config_path) if config_path else None
        self.settings = settings
        self._port_lister = port_lister
        self._clock = clock
        self._media_roots = media_roots
        # Wall clock (``clock``): the lockout is kept in the journal's database across restarts.
        self._gate = TechnicianGate(
            settings.pin_hash or None,
            settings.max_attempts,
            settings.lockout_s,
            store=JournalLockoutStore(services.journal),
        )
        self._gate_lock = threading.Lock()
        self._taps: dict[str, RawTap] = {}

    # ---- entry --------------------------------------------------------------------------
    @property
    def pin_set(self) -> bool:
        return bool(self.settings.pin_hash)

    def lock_seconds_left(self) -> float:
        with self._gate_lock:
            return self._gate.seconds_left(self._clock())

    def attempts_left(self) -> int:
        with self._gate_lock:
            return self.settings.max_attempts - self._gate.wrong

    def try_pin(self, pin: str) -> GateAnswer:
        """Blocking (a slow hash, about 50 ms)."""
        with self._gate_lock:
            return self._gate.try_pin(pin, self._clock())

    # ---- devices ------------------------------------------------------------------------
    @property
    def config(self) -> KioskConfig:
        return self.services.config

    def list_ports(self) -> list[PortInfo]:
        """Blocking (reads sysfs)."""
        return list_serial_ports(self._port_lister)

    def current(self, role: str) -> SerialSettings | None:
        return typing.cast(SerialSettings | None, getattr(self.config.devices, role))

    def settings_type(self, role: str) -> type[SerialSettings]:
        annotation = DevicesConfig.model_fields[role].annotation
        return next(a for a in typing.get_args(annotation) if a is not type(None))

    def device_state(self, role: str) -> LinkState | None:
        driver = self.services.drivers.get(role)
        return driver.state if driver is not None else None

    def device_reason(self, role: str) -> str:
        """Why the device is in its state ('paper_out', 'port_busy' …), '' if nothing."""
        driver = self.services.drivers.get(role)
        return str(driver.reason or "") if driver is not None else ""

    def propose(self, role: str, changes: dict[str, Any]) -> SerialSettings:
        """The role's settings with ``changes``, validated as the config file would be:
        raises SettingsRefused with 'devices.<role>.<key>: reason' lines."""
        current = self.current(role)
        base = current.model_dump(mode="json") if current else {}
        data = self.config.model_dump(mode="json", exclude_none=True)
        device = {k: v for k, v in {**base, **changes}.items() if v is not None}
        data.setdefault("devices", {})[role] = device
        try:
            config = parse_config(tomlkit.dumps(data), "settings")
        except ConfigError as exc:
            raise SettingsRefused(_problems(exc, role)) from exc
        proposed = getattr(config.devices, role)
        assert isinstance(proposed, SerialSettings)
        return proposed

    def apply(self, role: str, settings: SerialSettings) -> None:
        """Blocking: reopen the device with ``settings`` (the Test view keeps watching)."""
        self.services.reconfigure(role, settings)
        tap = self._taps.get(role)
        driver = self.services.drivers.get(role)
        if tap is not None and driver is not None:
            driver.set_raw_tap(tap)

    def save(self, role: str, settings: SerialSettings) -> Path:
        """Blocking: write the role's settings into the config file in place (comments and
        layout kept, FILE.bak made, atomic). Only keys that differ from the file are touched.
        Returns the backup's path; raises SettingsRefused, NoConfigFile or OSError."""
        config, editor = self._config_file()
        on_file = getattr(config.devices, role)
        old = on_file.model_dump() if on_file is not None else {}
        for key, value in settings.model_dump().items():
            if key in NOT_EDITABLE or old.get(key) == value:
                continue
            if value is None:
                table = editor.document.get("devices", {}).get(role, {})
                if key in table:
                    del table[key]
            else:
                editor.set(f"devices.{role}.{key}", value)
        try:
            return editor.save()
        except ConfigError as exc:
            raise SettingsRefused(_problems(exc, role)) from exc

    def set_raw_tap(self, role: str, tap: RawTap | None) -> None:
        """Watch (or stop watching) one device's bytes; kept across Apply."""
        if tap is None:
            self._taps.pop(role, None)
        else:
            self._taps[role] = tap
        driver = self.services.drivers.get(role)
        if driver is not None:
            driver.set_raw_tap(tap)

    def clear_taps(self) -> None:
        for role in list(self._taps):
            self.set_raw_tap(role, None)

    # ---- library system -----------------------------------------------------------------
    def library(self) -> LibraryChoice:
        """What the running kiosk was started with."""
        return LibraryChoice(self.config.backend.kind, self.config.sip2)

    def propose_library(self, kind: BackendKind, sip2: dict[str, Any] | None) -> LibraryChoice:
        """``kind`` and the [sip2] keys (None values left out), validated as the config file
        would be: raises SettingsRefused with 'sip2.<key>: reason' lines."""
        data = self.config.model_dump(mode="json", exclude_none=True)
        data["backend"] = {"kind": kind.value}
        if sip2 is None:
            data.pop("sip2", None)
        else:
            data["sip2"] = {k: v for k, v in sip2.items() if v is not None}
        try:
            config = parse_config(tomlkit.dumps(data), "settings")
        except ConfigError as exc:
            raise SettingsRefused(_library_problems(exc)) from exc
        return LibraryChoice(config.backend.kind, config.sip2)

    def _config_file(self) -> tuple[KioskConfig, ConfigEditor]:
        """The config file as it is now, and an editor on it. Raises NoConfigFile, or
        SettingsRefused when the file itself no longer passes."""
        if self.config_path is None:
            raise NoConfigFile("the kiosk was started without a config file")
        try:
            return load_config(self.config_path), ConfigEditor(self.config_path)
        except ConfigError as exc:
            raise SettingsRefused(exc.problems) from exc

    def save_library(self, choice: LibraryChoice) -> Path:
        """Blocking: write [backend] kind and the [sip2] keys that differ from the file, in
        place (comments kept, FILE.bak made, atomic). The running kiosk keeps its backend until
        it is restarted. Raises SettingsRefused, NoConfigFile or OSError."""
        on_file, editor = self._config_file()
        if on_file.backend.kind != choice.kind:
            editor.set("backend.kind", choice.kind.value)
        if choice.sip2 is not None:
            old = on_file.sip2.model_dump() if on_file.sip2 is not None else {}
            new = choice.sip2.model_dump(mode="json")
            if on_file.sip2 is None:
                old = {}  # a new [sip2] section: say where, even when it is the default
                new_keys = {"host", "port"} | {
                    k for k, v in new.items() if Sip2Settings.model_fields[k].default != v
                }
                new = {k: v for k, v in new.items() if k in new_keys or k == "dialect_overrides"}
            table = editor.document.get("sip2", {})
            for key, value in new.items():
                if old.get(key) == value and key in old:
                    continue
                if value is None or (key == "dialect_overrides" and value == {}):
                    if key in table:
                        del table[key]
                    continue
                editor.set(f"sip2.{key}", value)
        try:
            return editor.save()
        except ConfigError as exc:
            raise SettingsRefused(_library_problems(exc)) from exc

    def test_library(self, settings: Sip2Settings) -> SystemStatus:
        """Blocking (the network): log in with ``settings`` on a connection of its own, 99 → 98,
        close it. Its frames go to the traffic view as the test's. Raises CheckFailed."""
        d = settings.build_dialect()
        encodings = (d.encoding_after_login.value, d.encoding_before_login.value)
        return check_connection(
            settings, on_traffic=self.services.traffic.listener("test", encodings)
        )

    def traffic(self, since: int = 0) -> list[TrafficLine]:
        """The masked SIP2 frames recorded after number ``since`` (cheap: a lock and a copy)."""
        return self.services.traffic.since(since)

    # ---- RFID book pad ------------------------------------------------------------------
    @property
    def has_pad(self) -> bool:
        return self.config.devices.rfid_reader is not None

    def rfid(self) -> RfidSettings:
        """What the running kiosk reads and secures its tags with."""
        return self.config.rfid

    def propose_rfid(self, values: dict[str, Any]) -> RfidSettings:
        """The [rfid] keys (nested as in the file), validated as the config file would be:
        raises SettingsRefused with 'rfid.<key>: reason' lines."""
        data = self.config.model_dump(mode="json", exclude_none=True)
        data["rfid"] = values
        try:
            config = parse_config(tomlkit.dumps(data), "settings")
        except ConfigError as exc:
            raise SettingsRefused(_rfid_problems(exc)) from exc
        return config.rfid

    def save_rfid(self, settings: RfidSettings) -> Path:
        """Blocking: write the [rfid] keys that differ from the file, in place (comments kept,
        FILE.bak made, atomic), then read and secure tags with them from now on. Raises
        SettingsRefused, NoConfigFile or OSError."""
        on_file, editor = self._config_file()
        old = _flat(on_file.rfid.model_dump(mode="json"), "rfid")
        for key, value in _flat(settings.model_dump(mode="json"), "rfid").items():
            if old.get(key) == value:
                continue
            if key.rsplit(".", 1)[-1].startswith("afi_"):
                # In hex, as ISO 28560-1 and reader manuals name them (TOML reads 0xC2).
                value = Integer(value, Trivia(), f"0x{value:02X}")
            editor.set(key, value)
        try:
            backup = editor.save()
        except ConfigError as exc:
            raise SettingsRefused(_rfid_problems(exc)) from exc
        # Nobody borrows while technician mode is open: the pad takes them for the next patron.
        self.services.config = self.config.model_copy(update={"rfid": settings})
        self.services.pad.settings = settings
        return backup

    def _pad_reader(self) -> FeigReader | None:
        reader = self.services.drivers.get("rfid_reader")
        return reader if isinstance(reader, FeigReader) else None

    def tags_on_pad(self) -> list[TagReading]:
        """The tags in the field as the reader last read them (a copy: no serial wait)."""
        reader = self._pad_reader()
        if reader is None:
            return []
        security = self.rfid().tags.security
        return [read_tag(tag, security) for tag in reader.present()]

    def pad_tag(self, uid: str) -> RfidTagArrived | None:
        """One tag in the field with its memory, as the reader last read it (a copy)."""
        reader = self._pad_reader()
        tags = reader.present() if reader is not None else ()
        return next((t for t in tags if t.uid.upper() == uid.upper()), None)

    def write_tag(
        self, pin: str, uid: str, values: dict[str, str], state: ItemState | None = None
    ) -> TagWriteReport:
        """Blocking (a slow hash, then the reader's verified writes): program or repair the tag
        ``uid`` with ``values`` (item id, owner, set, shelf; empty ones left as on the tag) and,
        with ``state``, its security; only if ``pin`` is the technician PIN: a wrong one counts
        toward the lockout and writes nothing."""
        answer = self.try_pin(pin)
        if answer is not GateAnswer.OPEN:
            return TagWriteReport(PIN_REFUSALS[answer], uid.upper())
        reader = self._pad_reader()
        if reader is None:
            return TagWriteReport(TagWriteOutcome.NO_READER, uid.upper())
        settings = self.rfid()
        timeout_s = settings.write_timeout_ms / 1000
        return write_tag(reader, uid, values, settings.tags, timeout_s=timeout_s, state=state)

    # ---- sync queue ---------------------------------------------------------------------
    def queue(self, limit: int = 200) -> QueueView:
        """Blocking (the journal)."""
        journal = self.services.journal
        stats = journal.stats()
        entries = journal.entries(states={EntryState.CONFLICT, EntryState.REJECTED}, limit=limit)
        # Accepted, but dated by the library system at replay time: worth a look too.
        accepted = journal.entries(states={EntryState.ACCEPTED}, limit=limit)
        entries += [e for e in accepted if e.result_code == DATED_AT_REPLAY]
        problems = tuple(
            ProblemAct(
                txn_id=e.txn_id,
                kind=str(e.kind),
                state=e.state,
                item_barcode=e.item_barcode,
                patron=e.credential.masked()
                if e.credential
                else (mask_card_number(e.patron_id) if e.patron_id else ""),
                occurred_at=e.occurred_at,
                offline=e.offline,
                reason=e.result_code or e.last_error or "",
            )
            for e in entries
        )
        heartbeat = self.services.heartbeat
        return QueueView(
            stats,
            problems,
            self.services.journal_ok,
            heartbeat.status() if heartbeat is not None else None,
        )

    def retry_now(self) -> None:
        """Replay (or probe the service) at once instead of waiting out the back-off."""
        self.services.sync.wake()

    def export_folders(self) -> list[Path]:
        """Blocking (lists mounts): removable media first, then the journal's folder."""
        found: list[Path] = []
        for root in self._media_roots:
            try:
                # /media/<user>/<label> on desktops, /media/<label> with udisks' shared mode.
                for entry in sorted(root.iterdir()):
                    if not entry.is_dir():
                        continue
                    children = sorted(c for c in entry.iterdir() if c.is_dir())
                    mounts = [c for c in children if os.path.ismount(c)]
                    if os.path.ismount(entry):
                        found.append(entry)
                    found += mounts
            except OSError:
                continue
        found.append(journal_path(self.config).parent)
        return found

    def export_csv(self, folder: Path) -> Path:
        """Blocking: the whole journal as CSV (patron data masked) into ``folder``."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(folder) / f"journal-{self.config.kiosk.id}-{stamp}.csv"
        tmp = target.with_name(target.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as out:
            self.services.journal.export_csv(out)
            out.flush()
            os.fsync(out.fileno())  # a stick pulled right after must still hold the file
        os.replace(tmp, target)
        return target

    # ---- information --------------------------------------------------------------------
    def info(self) -> InfoView:
        """Blocking (HTTP health call, disk)."""
        config = self.config
        info = gather_info(
            self.services.backend,
            kiosk_id=config.kiosk.id,
            library=config.kiosk.library,
            service_url=config.service.url,
            journal_path=journal_path(config),
        )
        devices = {
            role: self.device_state(role)
            for role in ROLES
            if getattr(config.devices, role) is not None
        }
        return InfoView(info, devices)
