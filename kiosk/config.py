"""The kiosk's TOML configuration: typed, validated, with errors that name the key."""

from __future__ import annotations

import reprlib
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drivers.settings import (
    BarcodeScannerSettings,
    CardLineReaderSettings,
    IdCardReaderSettings,
    ReceiptPrinterSettings,
    RfidReaderSettings,
)
from kiosk.backend.settings import ServiceSettings
from kiosk.backend.sip2.settings import BackendChoice, BackendKind, Sip2Settings
from kiosk.core.receipt_desk import ReceiptSettings
from kiosk.core.rfid_pad import RfidSettings
from kiosk.core.settings import (
    HeartbeatSettings,
    JournalSettings,
    KioskIdentity,
    OfflinePolicy,
    SessionSettings,
    SyncSettings,
    TechnicianSettings,
)
from kiosk.core.ui_settings import UiSettings


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` lists each as 'key: what is wrong'."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DevicesConfig(_Section):
    """The serial devices, one section per role; a missing section means no such device."""

    id_card_reader: IdCardReaderSettings | None = None
    scanner: BarcodeScannerSettings | None = None
    card_reader: CardLineReaderSettings | None = None
    rfid_reader: RfidReaderSettings | None = None
    printer: ReceiptPrinterSettings | None = None


class LoggingConfig(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Least severe level written to the log."
    )
    file: str | None = Field(None, description="Log file path; unset: standard error.")


class KioskConfig(_Section):
    kiosk: KioskIdentity = Field(default_factory=KioskIdentity)
    devices: DevicesConfig = Field(default_factory=DevicesConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    backend: BackendChoice = Field(default_factory=BackendChoice)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
    sip2: Sip2Settings | None = None
    offline: OfflinePolicy = Field(default_factory=OfflinePolicy)
    journal: JournalSettings = Field(default_factory=JournalSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    heartbeat: HeartbeatSettings = Field(default_factory=HeartbeatSettings)
    session: SessionSettings = Field(default_factory=SessionSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    technician: TechnicianSettings = Field(default_factory=TechnicianSettings)
    rfid: RfidSettings = Field(default_factory=RfidSettings)
    receipt: ReceiptSettings = Field(default_factory=ReceiptSettings)

    @model_validator(mode="after")
    def _backend_has_its_section(self) -> KioskConfig:
        if self.backend.kind == BackendKind.SIP2 and self.sip2 is None:
            raise ValueError("backend.kind = 'sip2' needs a [sip2] section (host, port, …)")
        return self


ROLES = ("id_card_reader", "scanner", "card_reader", "rfid_reader", "printer")

# A wrong value is echoed in its message, but a deep or huge one only in part.
_SHORT = reprlib.Repr()  # keyword arguments only from Python 3.12
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist = 3, 80, 80, 8


def load_config(path: str | Path) -> KioskConfig:
    """Read and validate a config file; raises ConfigError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read the file: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), ["the file is not UTF-8 text"]) from exc
    return parse_config(text, str(path))


_TOO_DEEP = (
    "arrays or tables are nested too deeply to read (a handful of levels is all a config needs)"
)


def parse_config(text: str, source: str = "<config>") -> KioskConfig:
    """Validate config text; any bad text raises ConfigError, never another exception."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"not valid TOML: {exc}"]) from exc
    except RecursionError as exc:
        raise ConfigError(source, [_TOO_DEEP]) from exc
    except Exception as exc:
        # A parser failure of any other kind must still reach the technician as a message,
        # not a traceback at start-up.
        raise ConfigError(source, [f"not readable as TOML ({type(exc).__name__})"]) from exc
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        try:
            problems = [_describe(err) for err in exc.errors()]
        except RecursionError:
            problems = [_TOO_DEEP]
        raise ConfigError(source, problems) from exc
    except RecursionError as exc:
        raise ConfigError(source, [_TOO_DEEP]) from exc


def _describe(err: Any) -> str:
    key = ".".join(str(part) for part in err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"{key}: unknown key (check the spelling against config.example.toml)"
    if kind == "missing":
        return f"{key}: required but missing"
    msg = err["msg"].removeprefix("Value error, ")
    given = err.get("input")
    if kind in ("model_type", "dict_type"):
        return f"{key or '(top level)'}: must be a table, like [{key}]"
    shown = "" if isinstance(given, dict) else f" (got {_SHORT.repr(given)})"
    return f"{key or '(top level)'}: {msg}{shown}"
