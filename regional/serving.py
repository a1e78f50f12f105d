"""``kiosk-regional serve``: uvicorn in one process or several workers over one listening socket."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import tempfile
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from patron_identity.logging_setup import setup_logging
from regional import settings
from regional.app import create_app
from regional.auth import REVOCATION_BOUND_S
from regional.metrics import MULTIPROC_ENV

log = logging.getLogger(__name__)

# How ``serve`` hands its settings to worker processes, which build their own app.
_OPTIONS_ENV = "KIOSK_REGIONAL_SERVE"
DEFAULT_HEAD_TIMEOUT_S = 10.0
DEFAULT_BODY_TIMEOUT_S = 30.0
# The deadlines GuardedHttpToolsProtocol applies; set by ``serve`` (and in each worker process).
_deadlines = {"head": DEFAULT_HEAD_TIMEOUT_S, "body": DEFAULT_BODY_TIMEOUT_S}


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol over httptools (llhttp, in C), with Nagle's algorithm off and
    deadlines for a request's head and body.

    Nagle: with several workers uvicorn binds the socket itself without naming TCP as its
    protocol, and asyncio then leaves TCP_NODELAY unset on accepted connections: an answer
    written in two parts (head, body) waits for the client's delayed ACK, 40 ms on Linux.

    Deadlines: uvicorn bounds only the idle time between requests: a client that sends a head
    one byte every few seconds (slowloris) holds its socket, and a worker's memory, for ever.
    Here the head must be complete within the head deadline of its first byte (or of the
    connection), and the body within the body deadline of the head. A load balancer in front
    bounds the same (deploy/haproxy.cfg); this holds for an instance reached directly too.
    The parser's callbacks say where a request stands: a message begins (the head's first
    byte), its head is complete, the message is complete."""

    _guard: asyncio.TimerHandle | None = None
    _guarding: str | None = None

    # uvicorn declares BaseTransport; it always hands its HTTP protocol a socket transport.
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self._arm("head")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm("head")

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        # A request without a body completes at once, in the same feed, and disarms.
        self._arm("body")

    def on_message_complete(self) -> None:
        super().on_message_complete()
        # The app has the whole request; between requests uvicorn's keep-alive timeout applies.
        self._disarm()

    def _arm(self, what: str) -> None:
        if self._guarding == what:
            return  # a deadline runs from the first byte, not from the latest
        self._disarm()
        self._guarding = what
        self._guard = self.loop.call_later(_deadlines[what], self._expired, what)

    def _disarm(self) -> None:
        if self._guard is not None:
            self._guard.cancel()
        self._guard = None
        self._guarding = None

    def _expired(self, what: str) -> None:
        self._guard = None
        self._guarding = None
        if not self.transport.is_closing():
            log.info("closed a connection: the request's %s did not arrive in time", what)
            self.transport.close()


def setup_serve_logging(level: str) -> None:
    """The process's logging at ``level`` (WARNING by default: a line per act costs about a
    tenth of an act), with uvicorn's start and stop lines kept visible whatever the level."""
    setup_logging(level)
    lifecycle = logging.getLogger("uvicorn.error")
    if lifecycle.getEffectiveLevel() > logging.INFO:
        lifecycle.setLevel(logging.INFO)


def _make_app(options: dict[str, Any]) -> FastAPI:
    app = create_app(
        options["url"],
        credential_key=settings.load_credential_key(Path(options["data_dir"])),
        lookups_per_minute=options["lookups_per_minute"],
        registrations_per_hour=options["registrations_per_hour"],
        metrics_token=settings.load_metrics_token(),
    )
    # The app's token cache keeps tokens for the stated bound unless serve was given another.
    app.state.runtime.tokens.ttl = options["token_cache_s"]
    return app


def served_app() -> FastAPI:
    """The app of one worker process, built from the settings its parent left."""
    options = json.loads(os.environ[_OPTIONS_ENV])
    setup_serve_logging(options["log_level"])
    _deadlines.update(head=options["head_timeout"], body=options["body_timeout"])
    return _make_app(options)


def serve(
    url: str,
    data_dir: Path,
    *,
    host: str,
    port: int,
    log_level: str,
    workers: int = 1,
    head_timeout_s: float = DEFAULT_HEAD_TIMEOUT_S,
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S,
    lookups_per_minute: int = 120,
    registrations_per_hour: int = 60,
    token_cache_s: float = REVOCATION_BOUND_S,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve the (migrated) database at ``url`` until stopped. ``forwarded_allow_ips``: the
    proxies (comma-separated addresses or networks) whose X-Forwarded-For and -Proto are
    believed, so a request's client is the one the proxy saw; None: no proxy is believed."""
    options = {
        "url": url,
        "data_dir": str(data_dir),
        "log_level": log_level,
        "head_timeout": head_timeout_s,
        "body_timeout": body_timeout_s,
        "lookups_per_minute": lookups_per_minute,
        "registrations_per_hour": registrations_per_hour,
        "token_cache_s": token_cache_s,
    }
    _deadlines.update(head=head_timeout_s, body=body_timeout_s)
    # log_config=None: uvicorn logs through our handler, which scrubs ID numbers. No access log:
    # a line per request costs throughput and tells nothing the service's own log does not.
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": False,
        # Only a named proxy's X-Forwarded-For is believed (a client could write its own): the
        # console's per-client sign-in limit then counts the real client, not the proxy.
        "proxy_headers": bool(forwarded_allow_ips),
        "http": GuardedHttpToolsProtocol,
        # uvloop and httptools (C) instead of asyncio's Python loop and h11: a request costs
        # the serving layer a fraction of what it did (docs/BENCHMARKS.md, regional profile).
        "loop": "uvloop",
    }
    if forwarded_allow_ips:
        common["forwarded_allow_ips"] = forwarded_allow_ips
    if workers > 1:
        # Each worker is a fresh process that imports served_app; the settings go by environment.
        # Safe on SQLite (WAL, BEGIN IMMEDIATE: one writer at a time across processes) and on
        # PostgreSQL (row locks and constraints, as between any two connections).
        os.environ[_OPTIONS_ENV] = json.dumps(options)
        # The workers' counters go to files in one folder, so that a scrape of /metrics, which
        # one worker answers, adds up all of them (an operator's own folder is kept).
        with tempfile.TemporaryDirectory(prefix="kiosk-regional-metrics-") as metrics_dir:
            os.environ.setdefault(MULTIPROC_ENV, metrics_dir)
            uvicorn.run("regional.serving:served_app", factory=True, workers=workers, **common)
    else:
        uvicorn.run(_make_app(options), **common)
