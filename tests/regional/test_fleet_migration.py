"""Migration 0006 (fleet health) upgrades and downgrades on both databases and keeps the data
the earlier schema had."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from regional.db.migrate import alembic_config, upgrade_engine
from regional.db.session import make_engine

FLEET_TABLES = {"kiosk_status", "kiosk_heartbeats", "kiosk_stats_hourly"}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _downgrade(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def test_fleet_tables_come_and_go_with_0006(database_url: str) -> None:
    assert _tables(database_url) >= FLEET_TABLES
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            checks = {c["name"] for c in inspect(connection).get_check_constraints("kiosk_status")}
            assert "ck_kiosk_status_paper_known" in checks  # the name 0007 may refer to
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO kiosk_stats_hourly (kiosk_id, hour, kind, result, reason, "
                    "owner_library_id, library_id, count) VALUES "
                    "('CQL-K01', :hour, 'borrow', 'done', '', '', 'CQL', 3)"
                ),
                {"hour": dt.datetime(2026, 12, 4, 21, tzinfo=dt.UTC)},
            )
        _downgrade(database_url, "0005")
        tables = _tables(database_url)
        assert not FLEET_TABLES & tables
        assert "transactions" in tables and "libraries" in tables

        upgrade_engine(engine)
        assert _tables(database_url) >= FLEET_TABLES
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM kiosk_stats_hourly")).scalar() == 0
            libraries = connection.execute(text("SELECT count(*) FROM libraries")).scalar()
            assert libraries is not None and libraries > 0
    finally:
        engine.dispose()


def test_a_negative_count_or_an_unknown_kind_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    insert = text(
        "INSERT INTO kiosk_stats_hourly (kiosk_id, hour, kind, result, reason, "
        "owner_library_id, library_id, count) VALUES "
        "('CQL-K01', :hour, :kind, 'done', '', '', 'CQL', :count)"
    )
    hour = dt.datetime(2026, 12, 4, 21, tzinfo=dt.UTC)
    try:
        for kind, count in (("borrow", -1), ("lunch", 1)):
            with pytest.raises(IntegrityError, match=r"(?i)check"), engine.begin() as connection:
                connection.execute(insert, {"hour": hour, "kind": kind, "count": count})
    finally:
        engine.dispose()
