"""The fleet page's rows: every kiosk with its state by the service's rule (services/fleet.py),
its devices, paper, pending acts and the time since it was last heard from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regional.db.models import KioskStatus, KioskToken
from regional.services.fleet import FleetSettings, FleetState, facts_of, fleet_state, pending_age_s


@dataclass(frozen=True)
class KioskRow:
    kiosk_id: str
    library_id: str
    state: FleetState
    last_heartbeat_at: dt.datetime | None  # None: a kiosk with a token, never heard from
    silent_s: float | None
    devices: dict[str, Any]
    printer_paper: str
    pending_count: int
    oldest_pending_s: float | None
    version: str
    out_of_service_reason: str | None
    clock_offset_s: float | None

    @property
    def red(self) -> bool:
        """Silent longer than the threshold (or never heard): the row staff must see first."""
        return self.state == FleetState.OFFLINE


def fleet_rows(
    session: Session, scope: str | None, now: dt.datetime, settings: FleetSettings
) -> list[KioskRow]:
    """Every kiosk in ``scope`` (a library, or None for all), red ones first."""
    statuses = select(KioskStatus)
    tokens = select(KioskToken.kiosk_id, KioskToken.library_id).where(
        KioskToken.revoked_at.is_(None)
    )
    if scope is not None:
        statuses = statuses.where(KioskStatus.library_id == scope)
        tokens = tokens.where(KioskToken.library_id == scope)
    rows = []
    for status in session.scalars(statuses):
        facts = facts_of(status)
        rows.append(
            KioskRow(
                kiosk_id=status.kiosk_id,
                library_id=status.library_id,
                state=fleet_state(facts, now, settings),
                last_heartbeat_at=status.last_heartbeat_at,
                silent_s=max(0.0, (now - status.last_heartbeat_at).total_seconds()),
                devices=status.devices,
                printer_paper=status.printer_paper,
                pending_count=status.pending_count,
                oldest_pending_s=pending_age_s(facts, now),
                version=status.version,
                out_of_service_reason=status.out_of_service_reason,
                clock_offset_s=status.clock_offset_s,
            )
        )
    heard = {row.kiosk_id for row in rows}
    for kiosk_id, library_id in sorted(set(session.execute(tokens))):
        if kiosk_id not in heard:
            heard.add(kiosk_id)
            rows.append(
                KioskRow(
                    kiosk_id, library_id, FleetState.OFFLINE, None, None, {}, "none", 0, None,
                    "", None, None,
                )
            )  # fmt: skip
    order = [FleetState.OFFLINE, FleetState.OUT_OF_SERVICE, FleetState.DEGRADED, FleetState.OK]
    rows.sort(key=lambda r: (order.index(r.state), r.library_id, r.kiosk_id))
    return rows
