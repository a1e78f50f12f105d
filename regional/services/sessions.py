"""Patron sessions (trust rules): opened by a successful lookup, bound to one kiosk and one
patron, idle and absolute expiry, named by every online borrow and renewal."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from regional.db.models import Patron, PatronSession, table_of
from regional.problems import Problem

# A patron at a kiosk is idle for a minute or two at most before the kiosk ends the session:
# the service allows a little more, and never more than half an hour in all.
IDLE = dt.timedelta(minutes=5)
ABSOLUTE = dt.timedelta(minutes=30)

_SESSIONS = table_of(PatronSession)
_OPEN = insert(_SESSIONS)
# A use marks the session used only when its mark is this old: most acts of a patron come
# seconds apart, and the idle expiry need not be exact to the second (at most this much later).
TOUCH_AFTER = dt.timedelta(seconds=30)
_PATRONS = table_of(Patron)
# One statement checks the session (this kiosk's, not ended, not idle too long, not too old)
# and reads its patron, in place of the patron's own read: an act costs no statement more.
_PATRON_OF = (
    select(*_PATRONS.c, _SESSIONS.c.last_used_at.label("session_used_at"))
    .select_from(_SESSIONS.join(_PATRONS, _PATRONS.c.id == _SESSIONS.c.patron_id))
    .where(
        _SESSIONS.c.id_hash == bindparam("b_id_hash"),
        _SESSIONS.c.kiosk_id == bindparam("kiosk"),
        _SESSIONS.c.library_id == bindparam("library"),
        _SESSIONS.c.ended_at.is_(None),
        _SESSIONS.c.last_used_at >= bindparam("idle_edge"),
        _SESSIONS.c.created_at >= bindparam("absolute_edge"),
    )
)
_TOUCH = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id_hash == bindparam("b_id_hash"))
    .values(last_used_at=bindparam("b_now"))
)
_END = (
    update(_SESSIONS)
    .where(
        _SESSIONS.c.id_hash == bindparam("b_id_hash"),
        _SESSIONS.c.kiosk_id == bindparam("kiosk"),
        _SESSIONS.c.ended_at.is_(None),
    )
    .values(ended_at=bindparam("b_now"))
)
# A kiosk's sessions past their absolute expiry are of no more use to anyone.
_FORGET_OLD = delete(_SESSIONS).where(
    _SESSIONS.c.kiosk_id == bindparam("kiosk"),
    _SESSIONS.c.created_at < bindparam("absolute_edge"),
)


@dataclass(frozen=True)
class OpenedSession:
    id: str
    expires: dt.datetime


class SessionRequired(Problem):
    def __init__(self, kind: str) -> None:
        super().__init__(
            401,
            "session_required",
            f"an online {kind} needs the patron session their lookup opened, not a patron id",
        )


class SessionInvalid(Problem):
    def __init__(self) -> None:
        super().__init__(
            401,
            "session_invalid",
            "the patron session has ended, expired or belongs to another kiosk: look the "
            "patron up again",
        )


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(
    session: Session, patron_id: int, kiosk_id: str, library_id: str, now: dt.datetime
) -> OpenedSession:
    """A new session for ``patron_id`` at ``kiosk_id``: 192 random bits, of which only the hash
    is stored."""
    session_id = secrets.token_urlsafe(24)
    session.execute(_FORGET_OLD, {"kiosk": kiosk_id, "absolute_edge": now - ABSOLUTE})
    session.execute(
        _OPEN,
        {
            "id_hash": _hash(session_id),
            "patron_id": patron_id,
            "kiosk_id": kiosk_id,
            "library_id": library_id,
            "created_at": now,
            "last_used_at": now,
            "ended_at": None,
        },
    )
    return OpenedSession(session_id, now + IDLE)  # if unused; each use moves it on


def use(
    session: Session, session_id: str, kiosk_id: str, library_id: str, now: dt.datetime
) -> Patron:
    """The patron of a live session of this kiosk, as a row no ORM session tracks (acts change
    patrons by UPDATEs); the session is marked used. SessionInvalid for any other session."""
    id_hash = _hash(session_id)
    connection = session.connection()
    row = connection.execute(
        _PATRON_OF,
        {
            "b_id_hash": id_hash,
            "kiosk": kiosk_id,
            "library": library_id,
            "idle_edge": now - IDLE,
            "absolute_edge": now - ABSOLUTE,
        },
    ).first()
    if row is None:
        raise SessionInvalid()
    fields = dict(row._mapping)
    if now - fields.pop("session_used_at") >= TOUCH_AFTER:
        connection.execute(_TOUCH, {"b_id_hash": id_hash, "b_now": now})
    return Patron(**fields)


def end(session: Session, session_id: str, kiosk_id: str, now: dt.datetime) -> bool:
    """End a session of this kiosk; False when there was none open (ended twice, foreign,
    unknown: the same answer, so nothing can be learnt by trying)."""
    result = cast(
        CursorResult[Any],
        session.execute(_END, {"b_id_hash": _hash(session_id), "kiosk": kiosk_id, "b_now": now}),
    )
    return bool(result.rowcount)
