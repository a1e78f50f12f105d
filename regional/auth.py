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

# How long a revoked token may still be taken, on any instance (TokenCache's time to live).
REVOCATION_BOUND_S = 5.0


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


@dataclass(frozen=True)
class TokenInfo:
    """A token as staff see it: never the token itself, which is not kept."""

    id: int
    kiosk_id: str
    library_id: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def list_tokens(session: Session, *, include_revoked: bool = False) -> list[TokenInfo]:
    query = select(KioskToken).order_by(KioskToken.id)
    if not include_revoked:
        query = query.where(KioskToken.revoked_at.is_(None))
    return [
        TokenInfo(row.id, row.kiosk_id, row.library_id, row.created_at, row.revoked_at)
        for row in session.scalars(query)
    ]


def revoke_tokens(
    session: Session, now: dt.datetime, *, token_id: int | None = None, kiosk_id: str | None = None
) -> list[TokenInfo]:
    """Revoke one token by its id, or every live token of a kiosk; returns those revoked."""
    if (token_id is None) == (kiosk_id is None):
        raise ValueError("give a token id or a kiosk id")
    query = select(KioskToken).where(KioskToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(KioskToken.id == token_id)
    else:
        query = query.where(KioskToken.kiosk_id == kiosk_id)
    revoked = []
    for row in session.scalars(query):
        row.revoked_at = now
        revoked.append(TokenInfo(row.id, row.kiosk_id, row.library_id, row.created_at, now))
    session.flush()
    return revoked


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
    revoked in the database stops working within ``ttl`` on every instance (each instance
    keeps its own cache, and none keeps a token longer)."""

    def __init__(self, ttl: float = REVOCATION_BOUND_S, max_entries: int = 10_000) -> None:
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
