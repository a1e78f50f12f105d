"""INSERT … ON CONFLICT for the two databases the service runs on."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's INSERT for ``table``, which has on_conflict_do_nothing/…_do_update."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
