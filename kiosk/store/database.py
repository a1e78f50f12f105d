"""Opening the journal's SQLite file: WAL, durable commits, schema brought up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = "kiosk.store:migrations"
# Execution option: this connection only reads, at length (an export), from a snapshot.
READ_SNAPSHOT = "kiosk_read_snapshot"


class JournalUnavailable(Exception):
    """The journal cannot be opened or written (disk full, read-only, missing folder)."""

    code = "journal_unavailable"


def create_journal_engine(path: str | Path) -> Engine:
    """An engine on ``path`` in WAL mode with ``synchronous=FULL``: a commit is on disk."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JournalUnavailable(f"cannot create {path.parent}: {exc.strerror}") from exc
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": 10, "check_same_thread": False},
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN be the only transaction control (pysqlite's own is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # fsync at every commit: journal first means it
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Take the write lock up front so two threads never deadlock upgrading a read lock. A
        # long read takes none: in WAL mode it reads a snapshot while acts are still committed.
        if conn.get_execution_options().get(READ_SNAPSHOT):
            conn.exec_driver_sql("BEGIN DEFERRED")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the journal's schema to ``revision`` (run at every start; a no-op when current)."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
