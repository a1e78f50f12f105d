"""The technician PIN's lockout kept in the journal's database, so a restart does not reset it."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from kiosk.core.technician_gate import LockoutState
from kiosk.store.database import JournalUnavailable
from kiosk.store.journal import Journal
from kiosk.store.models import TechnicianLockoutRow

log = logging.getLogger(__name__)


class JournalLockoutStore:
    """A LockoutStore over the kiosk's journal. Times are the wall clock (seconds since the
    epoch): a monotonic clock starts again at every boot. Never raises: while the journal is
    unavailable the gate counts in memory (the technician may be there to fix the disk)."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def load(self) -> LockoutState | None:
        if not self.journal.opened:
            return None
        try:
            with self.journal.transaction() as session:
                row = session.scalar(select(TechnicianLockoutRow))
        except JournalUnavailable:
            log.warning("technician lockout not read: the journal is unavailable")
            return None
        if row is None:
            return None
        until = row.locked_until.timestamp() if row.locked_until else 0.0
        return LockoutState(row.wrong_pins, until)

    def save(self, state: LockoutState) -> None:
        if not self.journal.opened:
            return
        until = (
            dt.datetime.fromtimestamp(state.locked_until, dt.UTC) if state.locked_until else None
        )
        values = {"id": 1, "wrong_pins": state.wrong, "locked_until": until}
        upsert = insert(TechnicianLockoutRow).values(values)
        upsert = upsert.on_conflict_do_update(index_elements=["id"], set_=values)
        try:
            with self.journal.transaction() as session:
                session.execute(upsert)
        except JournalUnavailable:
            log.warning("technician lockout not kept: the journal is unavailable")
