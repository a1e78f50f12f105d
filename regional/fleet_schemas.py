"""Bodies of the kiosk heartbeat (docs/HEALTH.md, our extension of the contract), as pydantic."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
)

from regional.schemas import Timestamp

# A heartbeat carries the hours whose counts changed since the kiosk's last heartbeat was
# answered; after a long offline spell the kiosk sends the backlog over several heartbeats.
MAX_STATS = 1000
MAX_DEVICES = 16
# A kiosk's clock may be wrong, but not by years; beyond this the value is a bug.
MAX_CLOCK_OFFSET_S = 366 * 24 * 3600.0

KioskId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
ShortText = Annotated[str, StringConstraints(max_length=200)]
# Types are strict as in the rest of the contract: a count is a JSON integer, a flag a boolean.
NonNegativeInt = Annotated[StrictInt, Field(ge=0)]
Role = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class PrinterPaper(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    COVER_OPEN = "cover_open"
    NONE = "none"  # no receipt printer configured


class DeviceLink(StrEnum):
    """A device's link as its driver reports it (drivers.events.LinkState)."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ERROR = "error"


class StatKind(StrEnum):
    BORROW = "borrow"
    RETURN = "return"
    RENEW = "renew"
    SESSION = "session"
    TIMEOUT = "timeout"
    DEVICE_FAULT = "device_fault"
    RECEIPT = "receipt"


class StatResult(StrEnum):
    DONE = "done"
    PROVISIONAL = "provisional"
    REFUSED = "refused"
    FAILED = "failed"
    PRINTED = "printed"
    DECLINED = "declined"
    NONE = ""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeviceReport(_Strict):
    state: DeviceLink
    reason: Annotated[str, StringConstraints(max_length=48)] | None = None


class HourlyCount(_Strict):
    hour: Timestamp = Field(description="Start of the hour (UTC, minutes and seconds zero).")
    kind: StatKind
    result: StatResult = StatResult.NONE
    reason: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{0,48}$")] = Field(
        "", description="A refusal's code, a faulty device's role, or empty."
    )
    owner_library_id: Annotated[str, StringConstraints(pattern=r"^([A-Z][A-Z0-9]{1,7})?$")] = Field(
        "", description="A return's owning library; empty for other kinds."
    )
    count: Annotated[StrictInt, Field(ge=0, le=1_000_000)]

    @field_validator("hour")
    @classmethod
    def _whole_hour(cls, value: dt.datetime) -> dt.datetime:
        utc = value.astimezone(dt.UTC)
        if (utc.minute, utc.second, utc.microsecond) != (0, 0, 0):
            raise ValueError("must be the start of an hour")
        return utc


class HeartbeatRequest(_Strict):
    sent_at: Timestamp = Field(description="The kiosk's clock when it sent this.")
    version: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    uptime_s: NonNegativeInt
    devices: dict[Role, DeviceReport] = Field(max_length=MAX_DEVICES)
    printer_paper: PrinterPaper
    pending_count: NonNegativeInt
    oldest_pending_s: NonNegativeInt | None = Field(
        None, description="Age of the oldest act not yet settled by the service; null: none."
    )
    last_sync_at: Timestamp | None = Field(None, description="Last time an act was settled.")
    clock_offset_s: StrictFloat = Field(
        ge=-MAX_CLOCK_OFFSET_S,
        le=MAX_CLOCK_OFFSET_S,
        description="Kiosk clock minus service clock, as the kiosk last measured it.",
    )
    out_of_service: StrictBool
    out_of_service_reason: ShortText | None = None
    stats: list[HourlyCount] = Field(default_factory=list, max_length=MAX_STATS)


class HeartbeatAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time: dt.datetime = Field(description="The service's time (the kiosk measures its offset).")
    stats_stored: int
