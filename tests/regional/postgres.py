"""A throwaway PostgreSQL cluster for the test session: initdb + pg_ctl in a temporary directory."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg


def find_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl: from PATH, else Debian's newest version.
    KIOSK_POSTGRES_BIN=none hides them (the tests of a machine without PostgreSQL)."""
    if os.environ.get("KIOSK_POSTGRES_BIN") == "none":
        return None
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PostgresCluster:
    bin_dir: Path
    root: Path
    port: int
    run_as: str | None  # initdb refuses to run as root, so as root the cluster runs as this user

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresCluster:
        run_as = None
        if os.geteuid() == 0:
            run_as = "postgres"
            try:
                pwd.getpwnam(run_as)
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", run_as], check=True)
        root = Path(tempfile.mkdtemp(prefix="regional-pg-"))
        if run_as:
            shutil.chown(root, user=run_as)
        cluster = cls(bin_dir, root, _free_port(), run_as)
        cluster.run(
            "initdb",
            "-D",
            str(root / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        # Durability is not what these tests are about; speed is.
        options = (
            f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        cluster.run(
            "pg_ctl",
            "-D",
            str(root / "data"),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        )
        return cluster

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (copied from ``template`` when given); returns its URL."""
        clause = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def drop_database(self, url_or_name: str) -> None:
        """Drop a test's database once it is done with it: the cluster stays small, so that
        removing it at the end of the run is quick even on a loaded machine."""
        name = url_or_name.rsplit("/", 1)[-1]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
