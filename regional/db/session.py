"""Engines and sessions: SQLite (WAL, serialised writers) or PostgreSQL, chosen by URL only."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from regional.db.policies import POLICIES_KEY, PolicyCache

READ_ONLY = "regional_read_only"
SQLITE_BUSY_TIMEOUT_MS = 15_000
PG_CONNECT_TIMEOUT_S = 5


class WriterQueueTimeout(Exception):
    """A writer waited for its turn as long as SQLite's busy timeout; the caller may retry."""


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own implicit BEGIN would be DEFERRED; we issue BEGIN ourselves below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue on busy_timeout instead of
        # both reading and then failing to upgrade their locks (SQLite's form of a deadlock).
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url``: ``sqlite:///FILE`` or ``postgresql+psycopg://…``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        in_memory = parsed.database in (None, "", ":memory:")
        pool: dict[str, Any] = {} if in_memory else {"pool_size": 8, "max_overflow": 16}
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **pool,
        )
        _configure_sqlite(engine)
        return engine
    # A database that cannot be reached must fail an act (and the readiness check) in bounded
    # time, not after the operating system's TCP timeout. No pre-ping: it is a round trip
    # before every transaction; a pooled connection found dead (a restart of PostgreSQL, an
    # idle timeout) fails its statement instead, SQLAlchemy then drops every connection the
    # pool held before it, and the unit of work runs the transaction again on a new one.
    return create_engine(
        parsed,
        pool_size=10,
        max_overflow=20,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
    )


class Database:
    """One engine and its session factories: ``write()`` for acts, ``read()`` for queries."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        # Both kinds of session share one cache of the libraries' policies.
        self.policies = PolicyCache()
        info = {POLICIES_KEY: self.policies}
        self._write = sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._read = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False, info=info
        )
        # SQLite lets one writer in at a time and makes the others poll, sleeping longer and
        # longer (up to 100 ms) between tries. Queueing writers instead, on a lock in this process
        # and on a file lock between the processes of one service (serve --workers), hands the
        # database to the next writer the moment the last one commits.
        self._writers: threading.Lock | None = None
        self._lock_file: int | None = None
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            self._writers = threading.Lock()
            if parsed.database not in (None, "", ":memory:"):
                path = f"{parsed.database}.writers.lock"
                self._lock_file = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    @contextmanager
    def write_turn(self) -> Iterator[None]:
        """Hold this for the whole of a write transaction (a no-op but on SQLite)."""
        if self._writers is None:
            yield
            return
        if not self._writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise WriterQueueTimeout()
        try:
            if self._lock_file is None:
                yield
                return
            # Blocking is fine: only this service's writers take it, each for one transaction.
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        finally:
            self._writers.release()

    def write(self) -> Session:
        return self._write()

    def read(self) -> Session:
        return self._read()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._lock_file is not None:
            os.close(self._lock_file)
            self._lock_file = None
