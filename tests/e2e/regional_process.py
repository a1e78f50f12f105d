"""The reference service served by its own process, plus looks into its database for tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from regional.served import ServedRegional


def _bound(sql: str, args: tuple[object, ...]) -> tuple[Any, dict[str, object]]:
    names = iter(range(len(args)))
    named = re.sub(r"\?", lambda _m: f":p{next(names)}", sql)
    return text(named), {f"p{i}": a for i, a in enumerate(args)}


class ServiceDatabase:
    """Looks into a served instance's database (SQLite or PostgreSQL, at ``database_url``), as
    the fault tests' checks do. Queries are written with ``?`` placeholders."""

    database_url: str

    def query(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        engine = create_engine(self.database_url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(*_bound(sql, args))]
        finally:
            engine.dispose()

    def execute(self, sql: str, *args: object) -> None:
        """A change made behind the service's back (a staff edit), committed."""
        engine = create_engine(self.database_url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                conn.execute(*_bound(sql, args))
        finally:
            engine.dispose()

    def available_items(self, owner: str | None = None, n: int = 5) -> list[str]:
        sql = "SELECT barcode FROM items WHERE status='available' AND loanable"
        args: tuple[object, ...] = ()
        if owner:
            sql += " AND owner_library_id=?"
            args = (owner,)
        sql += " AND barcode NOT IN (SELECT item_barcode FROM holds) ORDER BY barcode LIMIT ?"
        return [r[0] for r in self.query(sql, *args, n)]

    def active_loans(self, barcode: str) -> int:
        count: int = self.query(
            "SELECT count(*) FROM loans WHERE item_barcode=? AND returned_at IS NULL", barcode
        )[0][0]
        return count


class RegionalService(ServedRegional, ServiceDatabase):
    def __init__(
        self,
        folder: Path,
        template: Path | None,
        *,
        library: str = "CQL",
        database_url: str | None = None,
        port: int | None = None,
        serve_args: tuple[str, ...] = (),
    ) -> None:
        # The fault suites play hours of a kiosk's patrons in seconds: the per-kiosk budgets
        # (tested on their own in tests/regional/test_pin_lockout.py) are lifted here.
        serve_args = (
            "--lookups-per-minute",
            "1000000",
            "--registrations-per-hour",
            "1000000",
            *serve_args,
        )
        super().__init__(
            folder,
            template=template,
            kiosk=f"{library}-T1",
            library=library,
            database_url=database_url,
            port=port,
            serve_args=serve_args,
        )

    def create_token(self, kiosk: str, library: str) -> str:
        """What `kiosk-regional token create` does, in this process: a CLI process for every
        served instance costs a second of CPU each (the command itself is tested in
        tests/regional/test_cli_and_seed.py, and the demo's instances still use it)."""
        from regional.auth import create_token
        from regional.db.session import Database
        from regional.services.clock import utc_now
        from regional.services.unit_of_work import run_write

        db = Database(self.database_url)
        try:
            return run_write(db, lambda session: create_token(session, kiosk, library, utc_now()))
        finally:
            db.dispose()


class DatabaseOf(ServiceDatabase):
    """The database of an instance served by someone else (the demo's, in the UI tests)."""

    def __init__(self, served: ServedRegional) -> None:
        self.database_url = served.database_url
