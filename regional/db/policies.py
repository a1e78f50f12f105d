"""Libraries' lending policies, read once and kept for a short while: every act needs one or
two of them, and they change only when staff re-seed the network."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from regional.db.models import Library

# Where a session finds its Database's cache (``sessionmaker(info=...)``); a session without
# one reads the table each time.
POLICIES_KEY = "regional_library_policies"
DEFAULT_TTL_S = 30.0


@dataclass(frozen=True)
class Policy:
    """One library's rules, named as on ``Library``."""

    id: str
    loan_days: int
    renew_days: int
    max_renewals: int
    fine_cents_per_day: int
    fine_limit_cents: int
    loan_limit: int
    hold_shelf_days: int
    pin_required: bool
    pin_max_failures: int = 5
    pin_lock_minutes: int = 15
    offline_window_days: int = 14
    offline_item_limit: int = 3


_COLUMNS = (
    Library.id,
    Library.loan_days,
    Library.renew_days,
    Library.max_renewals,
    Library.fine_cents_per_day,
    Library.fine_limit_cents,
    Library.loan_limit,
    Library.hold_shelf_days,
    Library.pin_required,
    Library.pin_max_failures,
    Library.pin_lock_minutes,
    Library.offline_window_days,
    Library.offline_item_limit,
)


def load_policies(session: Session) -> dict[str, Policy]:
    rows = session.execute(select(*_COLUMNS)).all()
    return {row[0]: Policy(*row) for row in rows}


class PolicyCache:
    """Every library's policy, read again after ``ttl`` seconds (a changed policy applies
    within that time) or at once when asked for a library it has not seen."""

    def __init__(
        self, ttl: float = DEFAULT_TTL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self._clock = clock
        self._policies: dict[str, Policy] = {}
        self._read_at = -float("inf")
        self._lock = threading.Lock()

    def get(self, session: Session, library_id: str) -> Policy | None:
        with self._lock:
            policies, read_at = self._policies, self._read_at
        found = policies.get(library_id)
        if found is not None and self._clock() - read_at < self.ttl:
            return found
        policies = load_policies(session)
        with self._lock:
            self._policies, self._read_at = policies, self._clock()
        return policies.get(library_id)


def policy_of(session: Session, library_id: str) -> Policy | None:
    """The policy of ``library_id``, from the session's cache when it has one."""
    cache = session.info.get(POLICIES_KEY)
    if isinstance(cache, PolicyCache):
        return cache.get(session, library_id)
    return load_policies(session).get(library_id)


def policy(session: Session, library_id: str) -> Policy:
    """The policy of a library a foreign key says exists."""
    found = policy_of(session, library_id)
    if found is None:
        raise LookupError(f"no library {library_id!r}")
    return found
