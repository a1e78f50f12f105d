"""A reference instance served by its own process on loopback: for the demo, tests and benches."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def regional_cli(*args: str, timeout: float = 120) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "regional.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return out.stdout


def seed_data_dir(folder: Path, database_url: str | None = None) -> Path:
    """Migrate and seed the demo network into ``folder`` (its database and credential key), or
    into ``database_url`` with the credential key in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    db_args = ("--db", database_url) if database_url else ()
    regional_cli("seed", "--data-dir", str(folder), *db_args)
    return folder


class PortTaken(RuntimeError):
    """Another process listens on the port the service was to serve on."""


class ServedRegional:
    """One served instance with its own data folder; ``start``/``stop`` as often as needed."""

    def __init__(
        self,
        folder: Path,
        *,
        template: Path | None = None,
        port: int | None = None,
        kiosk: str = "CQL-K01",
        library: str = "CQL",
        database_url: str | None = None,
        serve_args: tuple[str, ...] = (),
    ) -> None:
        """``database_url``: an already seeded database (PostgreSQL) instead of the SQLite file
        in ``folder``; the folder then holds only the credential key and the log."""
        self.folder = folder
        if template is not None:
            shutil.copytree(template, folder, dirs_exist_ok=True)
        elif database_url is None:
            seed_data_dir(folder)
        self.db = folder / "regional.db"
        self.database_url = database_url or f"sqlite:///{self.db}"
        self._db_args = ("--db", database_url) if database_url else ()
        self.library = library
        self.serve_args = serve_args  # more `kiosk-regional serve` options
        self.token = self.create_token(kiosk, library)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "serve.log"
        self.proc: subprocess.Popen[bytes] | None = None
        # A port picked here may be taken by another process before the service binds it:
        # then, and only before the URL was ever served, another port is picked.
        self._port_chosen_here = port is None
        self._served_once = False

    def create_token(self, kiosk: str, library: str) -> str:
        """A new token for another kiosk of this instance (tests with two kiosks)."""
        out = regional_cli(
            "token",
            "create",
            "--data-dir",
            str(self.folder),
            *self._db_args,
            "--kiosk",
            kiosk,
            "--library",
            library,
        )
        return out.strip().splitlines()[-1]

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        if self.running:
            return
        for _attempt in range(3):
            try:
                self._start_once(timeout)
            except PortTaken:
                if self._served_once or not self._port_chosen_here:
                    raise
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
                continue
            self._served_once = True
            return
        raise RuntimeError("no free port for the regional service after 3 tries")

    def _start_once(self, timeout: float) -> None:
        # Only this start's lines of the log (it is appended to across restarts) say whether
        # this process bound the port: an answer on the port before that may be another
        # process's, which took the port first.
        since = self.log.stat().st_size if self.log.exists() else 0
        bound = f"Uvicorn running on {self.url}".encode()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "regional.cli",
                    "serve",
                    "--data-dir",
                    str(self.folder),
                    *self._db_args,
                    "--port",
                    str(self.port),
                    "--log-level",
                    "WARNING",
                    "--exit-with-parent",
                    *self.serve_args,
                ],
                # The service stops when this pipe closes: when we stop it, and when this
                # process dies in any way (kill -9 included), so no orphan keeps the port.
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                ours = self._log_since(since)
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
                self.proc = None
                if b"error while attempting to bind" in ours:
                    raise PortTaken(self.port)
                tail = ours.decode(errors="replace")[-2000:]
                raise RuntimeError(f"the regional service exited:\n{tail}")
            try:
                if (
                    bound in self._log_since(since)
                    and requests.get(self.url + "/v1/health", timeout=0.5).status_code == 200
                ):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("the regional service did not answer in time")

    def _log_since(self, offset: int) -> bytes:
        with self.log.open("rb") as log:
            log.seek(offset)
            return log.read()

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def kill(self) -> None:
        """kill -9, as when the power goes: nothing is finished, flushed or rolled back."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc = None
