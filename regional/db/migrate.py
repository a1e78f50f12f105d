"""Alembic configured in code (no alembic.ini): upgrade a database to the newest schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from regional.db.session import make_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Instances starting together on one PostgreSQL database take turns at the schema: the first
# migrates, the others wait for it and then find nothing left to do.
MIGRATION_LOCK_KEY = 0x6B696F736B  # "kiosk", a fixed advisory lock id


def alembic_config(url: str) -> Config:
    """An Alembic configuration for ``url`` pointing at ``regional/migrations``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` in one transaction."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held to the end of this transaction, which commits the whole upgrade.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (the schema is made only this way)."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine, revision)
    finally:
        engine.dispose()
