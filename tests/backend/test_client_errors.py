"""The regional client maps every way a call can fail to a typed error (loopback servers)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from kiosk.backend.errors import (
    OutcomeUnknown,
    ProtocolViolation,
    ServiceMisconfigured,
    ServiceRefused,
    ServiceUnreachable,
)
from kiosk.backend.port import TxnRequest
from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.domain import ActKind, Credential

Behaviour = Callable[[socket.socket], None]


class RawServer:
    """A one-behaviour HTTP server on loopback: answers each connection with ``behaviour``."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, name="raw-http")
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self._conns.append(conn)
            conn.settimeout(2)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                0,
            )
            while len(body) < length:
                body += conn.recv(65536)
            self.requests.append(head + b"\r\n\r\n" + body)
            self.behaviour(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for conn in self._conns:
            conn.close()
        self.sock.close()


def respond(status: str, body: bytes, ctype: str = "application/json") -> Behaviour:
    def behaviour(conn: socket.socket) -> None:
        conn.sendall(
            f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode()
            + body
        )
        conn.close()

    return behaviour


def problem(status: int, detail: str, code: str) -> bytes:
    return json.dumps(
        {"type": "about:blank", "title": detail, "status": status, "detail": detail, "code": code}
    ).encode()


def hang_up(conn: socket.socket) -> None:
    conn.close()


def stay_silent(conn: socket.socket) -> None:
    pass  # keeps the connection open and never answers


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], RegionalClient]]:
    servers: list[RawServer] = []
    clients: list[RegionalClient] = []

    def make(behaviour: Behaviour) -> RegionalClient:
        server = RawServer(behaviour)
        servers.append(server)
        settings = ServiceSettings(
            url=f"http://127.0.0.1:{server.port}",
            token="t0k",
            connect_timeout_ms=300,
            read_timeout_ms=300,
        )
        clients.append(RegionalClient(settings))
        return clients[-1]

    yield make
    for c in clients:
        c.close()
    for s in servers:
        s.close()


BORROW = TxnRequest(
    "0b9a8f1e-1111-4111-8111-111111111111",
    ActKind.BORROW,
    "33191000105864",
    dt.datetime(2026, 11, 22, 2, 15, tzinfo=dt.UTC),
    session="a-session-id-of-the-patron",
)


def test_refused_connection_is_unreachable() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    client = RegionalClient(ServiceSettings(url=f"http://127.0.0.1:{port}", token="x"))
    try:
        with pytest.raises(ServiceUnreachable):
            client.submit(BORROW)
        with pytest.raises(ServiceUnreachable):
            client.health()
    finally:
        client.close()


def test_hang_up_after_sending_a_transaction_is_unknown_outcome(serve) -> None:
    with pytest.raises(OutcomeUnknown):
        serve(hang_up).submit(BORROW)


def test_hang_up_on_a_read_is_unreachable(serve) -> None:
    with pytest.raises(ServiceUnreachable):
        serve(hang_up).item("33191000105864")


def test_silence_after_sending_is_unknown_outcome(serve) -> None:
    with pytest.raises(OutcomeUnknown):
        serve(stay_silent).submit(BORROW)


def test_server_error_on_a_transaction_is_unknown_outcome(serve) -> None:
    with pytest.raises(OutcomeUnknown):
        serve(respond("500 Internal Server Error", b"oops", "text/plain")).submit(BORROW)


def test_problem_codes_become_typed_refusals(serve) -> None:
    body = problem(401, "wrong PIN", "pin_invalid")
    client = serve(respond("401 Unauthorized", body, "application/problem+json"))
    with pytest.raises(ServiceRefused) as info:
        client.lookup_patron(Credential("library_card", "0012345678"), pin="1234")
    assert info.value.code == "pin_invalid" and info.value.status == 401
    assert not isinstance(info.value, ServiceMisconfigured)


def test_bad_token_is_misconfiguration(serve) -> None:
    body = problem(401, "bad token", "unauthorized")
    with pytest.raises(ServiceMisconfigured):
        serve(respond("401 Unauthorized", body, "application/problem+json")).item("33191000105864")


def test_garbage_answers_are_protocol_violations(serve) -> None:
    with pytest.raises(ProtocolViolation):
        serve(respond("200 OK", b'{"unexpected": true}')).submit(BORROW)
    with pytest.raises(ProtocolViolation):
        serve(respond("200 OK", b"<html>captive portal</html>", "text/html")).item("33191000105864")


def test_request_carries_token_clock_and_no_credential_in_url() -> None:
    answer = (
        b'{"patron_id":"P-000123","display_name":"\xe5\xbc\xa0*","home_library":"CQL",'
        b'"status":"ok","blocks":[],"loan_limit":10,"fines_cents":0,"registered_now":true,'
        b'"loans":[],"holds_ready":[]}'
    )
    server = RawServer(respond("200 OK", answer))
    client = RegionalClient(ServiceSettings(url=f"http://127.0.0.1:{server.port}", token="t0k"))
    try:
        patron = client.lookup_patron(Credential("id_card", "500101199001011234", "张三"))
    finally:
        client.close()
        server.close()
    assert patron.patron_id == "P-000123" and patron.registered_now
    (raw,) = server.requests
    head, _, body = raw.partition(b"\r\n\r\n")
    request_line = head.split(b"\r\n")[0]
    assert request_line == b"POST /v1/patrons/lookup HTTP/1.1"
    assert b"Authorization: Bearer t0k" in head and b"X-Kiosk-Clock: " in head
    assert b"500101199001011234" in body


def test_settings_refuse_plain_http_to_another_host() -> None:
    with pytest.raises(ValueError, match="plain http"):
        ServiceSettings(url="http://regional.example.org")
    assert ServiceSettings(url="http://10.0.0.5:8600", allow_insecure_http=True)
    assert ServiceSettings(url="https://regional.example.org")
