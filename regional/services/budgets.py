"""Per-kiosk budgets counted in the database, so every instance enforces the same limit."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete
from sqlalchemy.orm import Session

from regional.db.models import RequestBudget
from regional.db.upsert import insert_for
from regional.problems import Problem

MINUTE, HOUR = 60, 3600


def spend(session: Session, key: str, window_s: int, limit: int, now: dt.datetime) -> float:
    """Count one use of ``key`` in the current window of ``window_s`` seconds. Returns 0 when
    it is within ``limit``, else the seconds until the next window (the Retry-After)."""
    stamp = now.timestamp()
    window = int(stamp // window_s)
    statement = (
        insert_for(session, RequestBudget)
        .values(key=key, window=window, count=1)
        .on_conflict_do_update(
            index_elements=[RequestBudget.key, RequestBudget.window],
            set_={"count": RequestBudget.count + 1},
        )
        .returning(RequestBudget.count)
    )
    count = session.execute(statement).scalar_one()
    if count == 1:  # the first of a window: forget this key's older windows
        session.execute(
            delete(RequestBudget).where(RequestBudget.key == key, RequestBudget.window < window)
        )
    if count <= limit:
        return 0.0
    return max(1.0, math.ceil((window + 1) * window_s - stamp))


def over_budget(code: str, detail: str, wait: float) -> Problem:
    """The 429 for a spent budget, with when to try again."""
    return Problem(429, code, detail, headers={"Retry-After": str(int(wait))})


def spend_lookup(session: Session, kiosk_id: str, now: dt.datetime, per_minute: int) -> float:
    return spend(session, f"lookup:{kiosk_id}", MINUTE, per_minute, now)


def spend_registration(session: Session, kiosk_id: str, now: dt.datetime, per_hour: int) -> float:
    return spend(session, f"register:{kiosk_id}", HOUR, per_hour, now)
