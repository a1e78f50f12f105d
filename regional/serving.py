"""``kiosk-regional serve``: uvicorn in one process or several workers over one listening socket."""

from __future__ import annotations

import asyncio
import json
import os
import socket
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from patron_identity.logging_setup import setup_logging
from regional import settings
from regional.app import create_app

# How ``serve`` hands its settings to worker processes, which build their own app.
_OPTIONS_ENV = "KIOSK_REGIONAL_SERVE"


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm always off.

    With several workers uvicorn binds the socket itself without naming TCP as its protocol,
    and asyncio then leaves TCP_NODELAY unset on accepted connections: an answer written in
    two parts (head, body) waits for the client's delayed ACK, 40 ms on Linux, every time."""

    # uvicorn declares BaseTransport; it always hands its HTTP protocol a socket transport.
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def _make_app(options: dict[str, Any]) -> FastAPI:
    return create_app(
        options["url"],
        credential_key=settings.load_credential_key(Path(options["data_dir"])),
        skew_threshold_s=options["skew_threshold"],
    )


def served_app() -> FastAPI:
    """The app of one worker process, built from the settings its parent left."""
    options = json.loads(os.environ[_OPTIONS_ENV])
    setup_logging(options["log_level"])
    return _make_app(options)


def serve(
    url: str,
    data_dir: Path,
    *,
    host: str,
    port: int,
    skew_threshold_s: float,
    log_level: str,
    workers: int = 1,
) -> None:
    """Serve the (migrated) database at ``url`` until stopped."""
    options = {
        "url": url,
        "data_dir": str(data_dir),
        "skew_threshold": skew_threshold_s,
        "log_level": log_level,
    }
    # log_config=None: uvicorn logs through our handler, which scrubs ID numbers. No access log:
    # a line per request costs throughput and tells nothing the service's own log does not.
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,
        "proxy_headers": False,
        "http": NoDelayH11Protocol,
    }
    if workers > 1:
        # Each worker is a fresh process that imports served_app; the settings go by environment.
        # Safe on SQLite (WAL, BEGIN IMMEDIATE: one writer at a time across processes) and on
        # PostgreSQL (row locks and constraints, as between any two connections).
        os.environ[_OPTIONS_ENV] = json.dumps(options)
        uvicorn.run("regional.serving:served_app", factory=True, workers=workers, **common)
    else:
        uvicorn.run(_make_app(options), **common)
