"""Slow clients cannot hold the served process's sockets: a request's head and body each have a
deadline (`serve --head-timeout/--body-timeout`), counted from their first byte, while
well-behaved kiosks are served meanwhile."""

from __future__ import annotations

import contextlib
import selectors
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.e2e.regional_process import RegionalService

HEAD_S, BODY_S = 1.0, 1.5


@pytest.fixture
def guarded(tmp_path: Path, regional_template: Path) -> Iterator[RegionalService]:
    svc = RegionalService(
        tmp_path / "svc",
        regional_template,
        serve_args=("--head-timeout", str(HEAD_S), "--body-timeout", str(BODY_S)),
    )
    svc.start()
    yield svc
    svc.stop()


def _closed_by_server(sockets: list[socket.socket], trickle: bool, limit: float) -> int:
    """Wait (at most ``limit`` s) until the server has closed every socket; returns how many it
    closed. With ``trickle``, each open socket sends one more byte of its head now and then."""
    selector = selectors.DefaultSelector()
    for sock in sockets:
        selector.register(sock, selectors.EVENT_READ)
    closed = 0
    deadline = time.monotonic() + limit
    next_trickle = time.monotonic()
    while closed < len(sockets) and time.monotonic() < deadline:
        if trickle and time.monotonic() >= next_trickle:
            for key in selector.get_map().values():
                with contextlib.suppress(OSError):  # closed meanwhile
                    key.fileobj.send(b"X")  # type: ignore[union-attr]
            next_trickle = time.monotonic() + 0.2
        for key, _ in selector.select(timeout=0.05):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            try:
                data = sock.recv(4096)
            except OSError:
                data = b""
            if not data:  # EOF (or reset): the server let go of it
                selector.unregister(sock)
                closed += 1
    selector.close()
    return closed


def _open(url_port: int, first: bytes, n: int) -> list[socket.socket]:
    sockets = []
    for _ in range(n):
        sock = socket.create_connection(("127.0.0.1", url_port), timeout=5)
        sock.sendall(first)
        sockets.append(sock)
    return sockets


@pytest.mark.parametrize("trickle", [False, True], ids=["stalled", "trickling"])
def test_a_head_that_never_ends_is_cut_off(guarded: RegionalService, trickle: bool) -> None:
    sockets = _open(guarded.port, b"POST /v1/transactions HTTP/1.1\r\nHost: k\r\nX-A: ", 200)
    try:
        # Meanwhile a kiosk is served as usual.
        assert requests.get(guarded.url + "/v1/health", timeout=10).status_code == 200
        # Bounded wait for the behaviour; the deadline itself is the server's (HEAD_S).
        assert _closed_by_server(sockets, trickle, limit=30) == len(sockets)
    finally:
        for sock in sockets:
            sock.close()


def test_a_body_that_never_ends_is_cut_off(guarded: RegionalService) -> None:
    head = (
        b"POST /v1/transactions HTTP/1.1\r\nHost: k\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\nAuthorization: Bearer " + guarded.token.encode() + b"\r\n\r\n{"
    )
    sockets = _open(guarded.port, head, 50)
    try:
        assert _closed_by_server(sockets, False, limit=30) == len(sockets)
    finally:
        for sock in sockets:
            sock.close()


def test_a_kiosk_that_pauses_between_requests_keeps_its_connection_working(
    guarded: RegionalService,
) -> None:
    with requests.Session() as kiosk:
        for _ in range(2):
            assert kiosk.get(guarded.url + "/v1/health", timeout=10).status_code == 200
            time.sleep(HEAD_S + 0.5)  # idle longer than the head deadline: not a slow head
        assert kiosk.get(guarded.url + "/v1/health", timeout=10).status_code == 200
