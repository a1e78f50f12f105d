"""Fleet health: store a kiosk's heartbeat and hourly counts, and judge each kiosk's state."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from regional.db.models import KioskHeartbeat, KioskStatsHourly, KioskStatus, table_of
from regional.db.upsert import insert_for
from regional.fleet_schemas import DeviceLink, HeartbeatRequest, PrinterPaper
from regional.services.budgets import MINUTE, over_budget, spend


class FleetState(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"
    OFFLINE = "offline"
    OUT_OF_SERVICE = "out_of_service"


# Paper states that leave the kiosk unable to print a receipt, or about to be.
PAPER_TROUBLE = frozenset({PrinterPaper.NEAR_END, PrinterPaper.OUT, PrinterPaper.COVER_OPEN})


@dataclass(frozen=True)
class FleetSettings:
    """When the service calls a kiosk offline or degraded, and how long it keeps heartbeats."""

    offline_after_s: float = 180.0  # silent this long: offline (the contract's default, 3 min)
    pending_after_s: float = 900.0  # an act unsettled this long makes a kiosk degraded
    heartbeat_retention_days: int = 7
    # A kiosk sends one a minute and one per change (at most one a second in a burst); more is
    # a fault or an attack, and each would be a row of history.
    heartbeats_per_minute: int = 30


@dataclass(frozen=True)
class KioskFacts:
    """What the state rule needs of a kiosk_status row."""

    last_heartbeat_at: dt.datetime
    out_of_service: bool
    devices: dict[str, Any]
    printer_paper: str
    oldest_pending_s: int | None


def pending_age_s(facts: KioskFacts, now: dt.datetime) -> float | None:
    """The oldest unsettled act's age now: its age at the heartbeat plus the time since."""
    if facts.oldest_pending_s is None:
        return None
    return facts.oldest_pending_s + max(0.0, (now - facts.last_heartbeat_at).total_seconds())


def fleet_state(facts: KioskFacts, now: dt.datetime, settings: FleetSettings) -> FleetState:
    """The rule of the contract (ISSUE16): offline when silent too long, else out of service
    if it says so, else degraded when a device is not connected, the paper is in trouble or an
    act waits too long, else ok."""
    if (now - facts.last_heartbeat_at).total_seconds() > settings.offline_after_s:
        return FleetState.OFFLINE
    if facts.out_of_service:
        return FleetState.OUT_OF_SERVICE
    devices_down = any(
        isinstance(d, dict) and d.get("state") != DeviceLink.CONNECTED
        for d in facts.devices.values()
    )
    age = pending_age_s(facts, now)
    if (
        devices_down
        or facts.printer_paper in PAPER_TROUBLE
        or (age is not None and age > settings.pending_after_s)
    ):
        return FleetState.DEGRADED
    return FleetState.OK


def facts_of(row: KioskStatus) -> KioskFacts:
    return KioskFacts(
        row.last_heartbeat_at,
        row.out_of_service,
        row.devices,
        row.printer_paper,
        row.oldest_pending_s,
    )


def record_heartbeat(
    session: Session,
    kiosk_id: str,
    library_id: str,
    body: HeartbeatRequest,
    now: dt.datetime,
    settings: FleetSettings,
) -> int:
    """Store ``body`` as the kiosk's status and in its history (pruning what is past the
    retention), and replace its hourly counts; returns the number of counts stored. Over the
    kiosk's budget of heartbeats: 429 ``too_many_heartbeats``, nothing stored."""
    wait = spend(session, f"heartbeat:{kiosk_id}", MINUTE, settings.heartbeats_per_minute, now)
    if wait:
        raise over_budget("too_many_heartbeats", "this kiosk sends heartbeats too often", wait)
    fields: dict[str, Any] = {
        "library_id": library_id,
        "sent_at": body.sent_at,
        "version": body.version,
        "uptime_s": body.uptime_s,
        "devices": {role: d.model_dump(mode="json") for role, d in body.devices.items()},
        "printer_paper": str(body.printer_paper),
        "pending_count": body.pending_count,
        "oldest_pending_s": body.oldest_pending_s,
        "last_sync_at": body.last_sync_at,
        "clock_offset_s": body.clock_offset_s,
        "out_of_service": body.out_of_service,
        "out_of_service_reason": body.out_of_service_reason if body.out_of_service else None,
    }
    status = table_of(KioskStatus)
    insert = insert_for(session, status).values(
        kiosk_id=kiosk_id, first_seen=now, last_heartbeat_at=now, **fields
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[status.c.kiosk_id],
            set_={"last_heartbeat_at": now, **fields},
        )
    )
    session.add(KioskHeartbeat(kiosk_id=kiosk_id, received_at=now, **fields))
    # Pruned per kiosk as it reports: the (kiosk_id, received_at) index finds a few rows.
    cutoff = now - dt.timedelta(days=settings.heartbeat_retention_days)
    session.execute(
        delete(KioskHeartbeat).where(
            KioskHeartbeat.kiosk_id == kiosk_id, KioskHeartbeat.received_at < cutoff
        )
    )
    return _store_counts(session, kiosk_id, library_id, body)


def _store_counts(session: Session, kiosk_id: str, library_id: str, body: HeartbeatRequest) -> int:
    # The same key twice in one body: the last one holds (ON CONFLICT may not touch a row twice
    # in one statement on PostgreSQL).
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for count in body.stats:
        key = (count.hour, count.kind, count.result, count.reason, count.owner_library_id)
        rows[key] = {
            "kiosk_id": kiosk_id,
            "hour": count.hour,
            "kind": str(count.kind),
            "result": str(count.result),
            "reason": count.reason,
            "owner_library_id": count.owner_library_id,
            "library_id": library_id,
            "count": count.count,
        }
    if not rows:
        return 0
    stats = table_of(KioskStatsHourly)
    insert = insert_for(session, stats).values(list(rows.values()))
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[c for c in stats.primary_key.columns],
            set_={"count": insert.excluded.count, "library_id": insert.excluded.library_id},
        )
    )
    return len(rows)


@dataclass(frozen=True)
class FleetSummary:
    """The fleet as the metrics show it, from the database (every instance sees the same)."""

    kiosks_by_state: dict[tuple[str, FleetState], int]  # (library, state) -> kiosks
    # Offline kiosks count too: their unsent acts are the ones most likely to be old.
    oldest_pending_s: float  # 0 when nothing waits anywhere
    pending_acts: int


def fleet_summary(session: Session, now: dt.datetime, settings: FleetSettings) -> FleetSummary:
    by_state: Counter[tuple[str, FleetState]] = Counter()
    oldest = 0.0
    pending = 0
    for row in session.scalars(select(KioskStatus)):
        facts = facts_of(row)
        state = fleet_state(facts, now, settings)
        by_state[(row.library_id, state)] += 1
        pending += row.pending_count
        age = pending_age_s(facts, now)
        if age is not None:
            oldest = max(oldest, age)
    return FleetSummary(dict(by_state), oldest, pending)
