"""Kiosk bearer tokens: created once, stored as SHA-256, each bound to a kiosk and a library."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from regional.db.models import KioskToken, Library


@dataclass(frozen=True)
class KioskIdentity:
    kiosk_id: str
    library_id: str


class UnknownLibrary(ValueError):
    pass


def token_hash(token: str) -> str:
    # A token is 256 random bits, so a fast unsalted hash is enough to make a stolen table useless.
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, kiosk_id: str, library_id: str, now: dt.datetime) -> str:
    """A new token for ``kiosk_id`` at ``library_id``; the caller shows it once."""
    if session.get(Library, library_id) is None:
        raise UnknownLibrary(f"no library {library_id!r}; run 'kiosk-regional seed' first?")
    token = secrets.token_urlsafe(32)
    session.add(
        KioskToken(
            kiosk_id=kiosk_id, library_id=library_id, token_hash=token_hash(token), created_at=now
        )
    )
    session.flush()
    return token


def authenticate(session: Session, token: str) -> KioskIdentity | None:
    row = session.scalars(
        select(KioskToken).where(
            KioskToken.token_hash == token_hash(token), KioskToken.revoked_at.is_(None)
        )
    ).first()
    return None if row is None else KioskIdentity(row.kiosk_id, row.library_id)


class TokenCache:
    """Tokens recently found valid, so that a kiosk's every request need not ask the database.

    Only acceptances are kept, for ``ttl`` seconds: a new token works at once, and a token
    revoked in the database stops working within ``ttl``."""

    def __init__(self, ttl: float = 5.0, max_entries: int = 10_000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[KioskIdentity, float]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> KioskIdentity | None:
        key = token_hash(token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[1] < time.monotonic():
                del self._entries[key]
                return None
            return entry[0]

    def put(self, token: str, identity: KioskIdentity) -> None:
        key = token_hash(token)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()  # a flood of distinct tokens; start afresh
            self._entries[key] = (identity, time.monotonic() + self.ttl)
