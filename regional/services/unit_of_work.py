"""Run one write transaction, retrying when the database reports a transient conflict: the
service's one retry policy, for whole transactions and for a batch's savepoints alike."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from regional.db.session import Database, WriterQueueTimeout
from regional.problems import Problem

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 8
# PostgreSQL: serialization failure, deadlock detected, lock not available.
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
_TRANSIENT_SQLITE = ("database is locked", "database is busy", "database table is locked")


def is_transient(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    return any(text in str(exc.orig) for text in _TRANSIENT_SQLITE)


def with_retries(attempt_once: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``attempt_once()`` again while it fails on a concurrent writer; 503 ``busy`` at the end.

    A unique-constraint violation means a concurrent writer got there first (the same txn_id,
    the same item, the same new card): the work is run again from the start, and then sees
    what the other committed. Deadlocks and serialization failures are retried the same way,
    and so is a whole transaction whose connection was found dead (``run_write``).
    """
    for attempt in range(1, attempts + 1):
        try:
            return attempt_once()
        except IntegrityError as exc:
            log.info("write conflict, attempt %d: %s", attempt, type(exc.orig).__name__)
        except ConnectionLost:
            log.warning("the database connection was lost, attempt %d: trying again", attempt)
            continue  # at once: the next connection is a new one
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            log.info("transient database error, attempt %d: %s", attempt, type(exc.orig).__name__)
        except WriterQueueTimeout:
            log.info("waited too long for a turn to write, attempt %d", attempt)
        time.sleep(random.uniform(0.001, 0.005) * attempt)  # spread out the next try
    raise Problem(503, "busy", "the database stayed busy; try again", headers={"Retry-After": "1"})


class ConnectionLost(Exception):
    """A whole transaction failed because its pooled connection had died."""


def run_write(db: Database, work: Callable[[Session], T], attempts: int = ATTEMPTS) -> T:
    """``work`` in one transaction, committed on return, retried as ``with_retries`` says."""

    def once() -> T:
        session = db.write()
        try:
            # The turn ends with the commit: giving the connection back to the pool, and the
            # session's bookkeeping, need not hold up the next writer (on SQLite).
            with db.write_turn(), session.begin():
                return work(session)
        except DBAPIError as exc:
            if exc.connection_invalidated:
                # The pool does not ping before use (a round trip per transaction), so a
                # connection that died while pooled (PostgreSQL restarted, an idle timeout)
                # fails here; SQLAlchemy has dropped it and every connection pooled before it.
                # Nothing of this transaction was committed, or it was and its txn_id replays
                # it: run it again on a new connection.
                raise ConnectionLost() from exc
            raise
        finally:
            session.close()

    return with_retries(once, attempts)
