"""The circumstances of one act: where, by which kiosk, when it happened and when it arrived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Act:
    txn_id: str
    kiosk_id: str
    place: str  # the library where it happens; a return is routed from here
    at: dt.datetime  # the time of record: now online, as measured by the kiosk offline
    received_at: dt.datetime
    offline: bool
