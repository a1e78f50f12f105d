"""The reference regional service as a real process on loopback, stoppable and restartable."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "regional.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout


def make_template(folder: Path) -> Path:
    """Migrate and seed the demo network once; tests copy the file."""
    db = folder / "regional-template.db"
    _cli("seed", "--db", f"sqlite:///{db}")
    return db


class RegionalService:
    """One kiosk's view of a served reference instance: its URL and token."""

    def __init__(self, folder: Path, template: Path, *, library: str = "CQL") -> None:
        self.folder = folder
        self.db = folder / "regional.db"
        shutil.copy(template, self.db)
        self.url_db = f"sqlite:///{self.db}"
        self.library = library
        self.token = (
            _cli(
                "token",
                "create",
                "--db",
                self.url_db,
                "--kiosk",
                f"{library}-T1",
                "--library",
                library,
            )
            .strip()
            .splitlines()[-1]
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / "regional.log"

    def start(self, timeout: float = 30.0) -> None:
        assert self.proc is None
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "regional.cli",
                    "serve",
                    "--db",
                    self.url_db,
                    "--port",
                    str(self.port),
                    "--log-level",
                    "WARNING",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"regional service exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/v1/health", timeout=0.5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.02)
        raise RuntimeError("regional service did not answer in time")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    # ---- looking into the service's database (to pick test data and check outcomes) -------
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
