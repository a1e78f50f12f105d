"""Migration 0007 (the staff console) flags the acts recorded before it for the desk, and
comes and goes on both databases."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from regional.db.migrate import alembic_config, upgrade_engine
from regional.db.session import make_engine
from tests.console.conftest import Console

_RECORDS = sa.table(
    "transactions",
    sa.column("txn_id", sa.String),
    sa.column("kiosk_id", sa.String),
    sa.column("library_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("received_at", sa.DateTime(timezone=True)),
    sa.column("offline", sa.Boolean),
    sa.column("status", sa.String),
    sa.column("code", sa.String),
    sa.column("result", sa.JSON),
    sa.column("offline_lent", sa.Boolean),
)


def _row(txn_id: str, offline: bool, status: str, exceptions: list[dict[str, str]]) -> dict:
    return {
        "txn_id": txn_id,
        "kiosk_id": "CQL-K01",
        "library_id": "CQL",
        "kind": "borrow",
        "received_at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        "offline": offline,
        "status": status,
        "code": "ok" if status == "accepted" else "patron_not_found",
        "result": {"txn_id": txn_id, "status": status, "exceptions": exceptions},
        "offline_lent": False,
    }


def test_0007_flags_the_earlier_acts_the_desk_must_list(console: Console) -> None:
    engine = make_engine(console.database_url)
    try:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        with engine.begin() as connection:
            assert "staff_accounts" not in sa.inspect(connection).get_table_names()
            connection.execute(
                sa.insert(_RECORDS),
                [
                    _row("a", True, "accepted", [{"code": "patron_blocked", "detail": "x"}]),
                    _row("b", True, "rejected", []),
                    _row("c", False, "rejected", []),
                    _row("d", True, "accepted", []),
                ],
            )
        upgrade_engine(engine)
        with engine.connect() as connection:
            flagged = connection.execute(
                sa.text("SELECT txn_id FROM transactions WHERE needs_staff ORDER BY txn_id")
            ).scalars()
            assert list(flagged) == ["a", "b"]
    finally:
        engine.dispose()
