"""Where an act's time goes: statements per act in process, and py-spy over a served worker.

Run: .venv/bin/python bench/regional_profile.py [--postgres] [--seconds 8] [--kiosks 4]
(py-spy: `pip install py-spy`; it samples the serving process, so it needs ptrace rights.)
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.regional import (
    PATRONS_PER_KIOSK,
    Answer,
    Backend,
    Kiosk,
    postgres_backend,
    served,
    sqlite_backend,
    start_cluster,
)
from regional import settings
from regional.app import create_app

# Where a sampled frame's own time is booked, by the first path fragment its file contains.
_LAYERS = (
    ("sqlalchemy/orm/", "SQLAlchemy ORM"),
    ("sqlalchemy/", "SQLAlchemy Core and engine"),
    ("sqlite3", "database driver"),
    ("psycopg", "database driver"),
    ("pydantic", "pydantic"),
    ("fastapi/", "FastAPI"),
    ("starlette/", "Starlette"),
    ("anyio/", "thread-pool hops (anyio, threading, asyncio)"),
    ("concurrent/", "thread-pool hops (anyio, threading, asyncio)"),
    ("threading.py", "thread-pool hops (anyio, threading, asyncio)"),
    ("asyncio/", "thread-pool hops (anyio, threading, asyncio)"),
    ("uvloop", "thread-pool hops (anyio, threading, asyncio)"),
    ("h11", "HTTP parsing and writing (uvicorn, h11/httptools)"),
    ("httptools", "HTTP parsing and writing (uvicorn, h11/httptools)"),
    ("uvicorn/", "HTTP parsing and writing (uvicorn, h11/httptools)"),
    ("logging/", "logging"),
    ("json/", "JSON"),
    ("regional/", "the service's own code"),
    ("patron_identity/", "the service's own code"),
)
# SQLAlchemy's frames that call into the database driver's C code: without native frames,
# py-spy books the time spent inside the database library to them.
_DRIVER_CALLS = ("do_execute", "do_commit", "do_rollback", "do_ping", "do_begin")


def layer_of(frame: str) -> str:
    function, _, where = frame.partition(" (")
    if "sqlalchemy/engine/default.py" in where and function in _DRIVER_CALLS:
        return "database engine (driver's C code, SQLite itself)"
    for fragment, name in _LAYERS:
        if fragment in where:
            return name
    return "other"


def summarise(raw: Path, top: int = 25) -> str:
    """Self time by layer and by function, from py-spy's collapsed stacks."""
    layers: collections.Counter[str] = collections.Counter()
    functions: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        leaf = stack.split(";")[-1]
        layers[layer_of(leaf)] += count
        functions[leaf] += count
        total += count
    out = [
        f"{total} samples of the thread holding the GIL (Python's CPU; C code that lets the GIL "
        "go, e.g. SQLite's own work and socket waits, is not in them)",
        "",
        "By layer (self):",
    ]
    out += [f"  {100 * n / total:5.1f}%  {name}" for name, n in layers.most_common()]
    out += ["", f"Top {top} functions (self):"]
    out += [f"  {100 * n / total:5.1f}%  {name}" for name, n in functions.most_common(top)]
    return "\n".join(out)


class InProcessKiosk(Kiosk):
    """The bench's kiosk, sending through a TestClient (the app in this process)."""

    def __init__(self, client: TestClient, token: str, items: list[str]) -> None:
        super().__init__("http://testserver", token, 0, items)
        self.client = client

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Answer:
        headers = {"Authorization": self.auth}
        response = self.client.request(method, path, json=body, headers=headers)
        return Answer(response.status_code, response.content)


# ---- statements per act, in process ----------------------------------------------------------
def count_statements(backend: Backend, url: str, acts: int) -> str:
    """The service in process (no HTTP server): statements, transactions and connection
    checkouts per act, by kind, with the database's engine events."""
    app = create_app(url, credential_key=settings.load_credential_key(backend.key_dir))
    engine = app.state.runtime.db.engine
    counts: collections.Counter[str] = collections.Counter()

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(*_args: Any) -> None:
        counts["statements"] += 1

    @event.listens_for(engine, "commit")
    def _commit(*_args: Any) -> None:
        counts["commits"] += 1

    @event.listens_for(engine.pool, "checkout")
    def _checkout(*_args: Any) -> None:
        counts["checkouts"] += 1

    per_kind: dict[str, collections.Counter[str]] = {}
    with TestClient(app) as client:
        kiosk = InProcessKiosk(client, backend.tokens[0][2], backend.items[:200])
        kiosk.register(PATRONS_PER_KIOSK)
        for _ in range(acts):
            kind = kiosk._choose(lookups=False)
            body = kiosk._plan(kind)
            counts.clear()
            answer = kiosk._post("/v1/transactions", body)
            answer.raise_for_status()
            mine = per_kind.setdefault(kind, collections.Counter())
            mine["acts"] += 1
            mine.update(counts)
    lines = ["kind     acts  statements/act  commits/act  connection checkouts/act"]
    for kind, c in sorted(per_kind.items()):
        n = c["acts"]
        lines.append(
            f"{kind:8} {n:4}  {c['statements'] / n:14.1f}  {c['commits'] / n:11.1f}  "
            f"{c['checkouts'] / n:24.1f}"
        )
    return "\n".join(lines)


# ---- py-spy over a served worker ---------------------------------------------------------------
def profile_served(backend: Backend, url: str, root: Path, kiosks: int, seconds: float) -> str:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    raw = root / "profile.txt"
    with served(url, backend.key_dir, 1, root / "profile-serve.log") as base:
        # `served` runs the CLI, which execs nothing: its one child with workers=1 is the server.
        pid = _server_pid(base)
        clients = [
            Kiosk(base, token, i, backend.items[i::kiosks])
            for i, (_, _, token) in enumerate(backend.tokens[:kiosks])
        ]
        for kiosk in clients:
            kiosk.register(PATRONS_PER_KIOSK)
        stop = threading.Event()
        done = [0]

        def work(kiosk: Kiosk) -> None:
            while not stop.is_set():
                kind = kiosk._choose(lookups=False)
                kiosk._post("/v1/transactions", kiosk._plan(kind)).raise_for_status()
                done[0] += 1

        threads = [threading.Thread(target=work, args=(k,)) for k in clients]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        started, before = time.perf_counter(), done[0]
        subprocess.run(
            [
                py_spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(int(seconds)),
                "--rate",
                "250",
                "--gil",
                "--format",
                "raw",
                "--output",
                str(raw),
                "--nonblocking",
            ],
            check=True,
            capture_output=True,
        )
        rate = (done[0] - before) / (time.perf_counter() - started)
        stop.set()
        for thread in threads:
            thread.join()
        for kiosk in clients:
            kiosk.close()
    return f"{rate:.0f} acts/s closed loop over {kiosks} kiosks, 1 worker\n" + summarise(raw)


def _server_pid(base: str) -> int:
    port = base.rsplit(":", 1)[1]
    out = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split("pid=", 1)[1].split(",", 1)[0])


@contextmanager
def _backend(postgres: bool, root: Path, kiosks: int) -> Iterator[Backend]:
    if not postgres:
        yield sqlite_backend(root, kiosks)
        return
    cluster = start_cluster()
    try:
        yield postgres_backend(root, cluster, kiosks)
    finally:
        cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--acts", type=int, default=200, help="acts for the statement count")
    parser.add_argument("--raw", help="keep py-spy's collapsed stacks in this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regional-profile-") as tmp:
        root = Path(tmp)
        with _backend(args.postgres, root, args.kiosks) as backend:
            print(count_statements(backend, backend.fresh("count"), args.acts), flush=True)
            print()
            print(profile_served(backend, backend.fresh("spy"), root, args.kiosks, args.seconds))
            if args.raw:
                shutil.copyfile(root / "profile.txt", args.raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
