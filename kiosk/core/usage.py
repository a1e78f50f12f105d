"""What a kiosk counts for the network's statistics (docs/HEALTH.md): the kinds, results and
keys of its hourly counts, and the events the kiosk loop reports beside its acts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class UsageKind(StrEnum):
    BORROW = "borrow"
    RETURN = "return"
    RENEW = "renew"
    SESSION = "session"
    TIMEOUT = "timeout"
    DEVICE_FAULT = "device_fault"
    RECEIPT = "receipt"


class UsageResult(StrEnum):
    DONE = "done"
    PROVISIONAL = "provisional"  # done offline
    REFUSED = "refused"  # the library side said no (reason: its code)
    FAILED = "failed"  # not done for another reason (no answer, journal, voided)
    PRINTED = "printed"
    DECLINED = "declined"
    NONE = ""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class UsageEvent:
    """One thing counted that the journal's acts do not show (reason: a device's role)."""

    kind: UsageKind
    result: UsageResult = UsageResult.NONE
    reason: str = ""
    occurred_at: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True, order=True)
class UsageKey:
    """What one hourly count counts. ``hour``: the start of an hour, UTC."""

    hour: dt.datetime
    kind: str
    result: str
    reason: str
    owner_library: str  # a return's owning library, else ""


class FleetObserver(Protocol):
    """What the kiosk loop tells the heartbeat. Called on the loop's thread (the GUI thread in
    the windowed kiosk): implementations take note and return at once."""

    def usage(self, event: UsageEvent) -> None: ...

    def devices_changed(self, states: Mapping[str, tuple[str, str]]) -> None: ...

    def service_state(self, out_of_service_reason: str | None) -> None: ...
