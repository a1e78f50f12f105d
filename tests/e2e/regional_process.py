"""The reference service served by its own process, plus looks into its database for tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regional.served import ServedRegional


class ServiceDatabase:
    """Looks into a served instance's SQLite database (``db``), as the fault tests' checks do."""

    db: Path

    def query(self, sql: str, *args: object) -> list[tuple]:
        conn = sqlite3.connect(self.db, timeout=10)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def available_items(self, owner: str | None = None, n: int = 5) -> list[str]:
        sql = "SELECT barcode FROM items WHERE status='available' AND loanable=1"
        args: tuple = ()
        if owner:
            sql += " AND owner_library_id=?"
            args = (owner,)
        sql += " AND barcode NOT IN (SELECT item_barcode FROM holds) ORDER BY barcode LIMIT ?"
        return [r[0] for r in self.query(sql, *args, n)]

    def active_loans(self, barcode: str) -> int:
        return self.query(
            "SELECT count(*) FROM loans WHERE item_barcode=? AND returned_at IS NULL", barcode
        )[0][0]


class RegionalService(ServedRegional, ServiceDatabase):
    def __init__(self, folder: Path, template: Path, *, library: str = "CQL") -> None:
        super().__init__(folder, template=template, kiosk=f"{library}-T1", library=library)


class DatabaseOf(ServiceDatabase):
    """The database of an instance served by someone else (the demo's, in the UI tests)."""

    def __init__(self, served: ServedRegional) -> None:
        self.db = served.db
