"""Per-kiosk budgets counted in the database, so every instance enforces the same limit."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from regional.db.models import LookupBudget


def spend_lookup(session: Session, kiosk_id: str, now: dt.datetime, per_minute: int) -> float:
    """Count one patron lookup by ``kiosk_id`` in this minute. Returns 0 when it is within the
    budget, else the seconds until the next minute (the Retry-After)."""
    stamp = now.timestamp()
    minute = int(stamp // 60)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(LookupBudget)
        .values(kiosk_id=kiosk_id, minute=minute, count=1)
        .on_conflict_do_update(
            index_elements=[LookupBudget.kiosk_id, LookupBudget.minute],
            set_={"count": LookupBudget.count + 1},
        )
        .returning(LookupBudget.count)
    )
    count = session.execute(statement).scalar_one()
    if count == 1:  # the first of a minute: forget the kiosk's older minutes
        session.execute(
            delete(LookupBudget).where(
                LookupBudget.kiosk_id == kiosk_id, LookupBudget.minute < minute
            )
        )
    if count <= per_minute:
        return 0.0
    return max(1.0, math.ceil((minute + 1) * 60 - stamp))
