"""The SIP2 connection against scripted servers on loopback: answers, resends, faults, TLS."""

from __future__ import annotations

import shutil
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.errors import OutcomeUnknown, ServiceUnreachable
from kiosk.backend.sip2.codec import (
    ChecksumState,
    decode,
    dp2_checksum,
    encode,
)
from kiosk.backend.sip2.connection import ConnectionSettings, Direction, SipConnection
from kiosk.backend.sip2.dialect import Dialect, dialect
from kiosk.backend.sip2.messages import MessageCode
from tests.helpers import wait_until
from tests.sip2.sip_server import DROP, Handler, ScriptedSipServer

SC_STATUS = {"status_code": "0", "max_print_width": "080", "protocol_version": "2.00"}
ACS_STATUS = {
    "online_status": "Y",
    "checkin_ok": "Y",
    "checkout_ok": "Y",
    "acs_renewal_policy": "Y",
    "status_update_ok": "N",
    "offline_ok": "N",
    "timeout_period": "010",
    "retries_allowed": "003",
    "date_time_sync": "20240102    030405",
    "protocol_version": "2.00",
}
STANDARD = dialect("standard")


def status_reply(request: bytes, *, corrupt: bool = False) -> bytes:
    seq = decode(request).sequence
    raw = encode(MessageCode.ACS_STATUS, ACS_STATUS, {"AO": "lib", "AM": "Library"}, sequence=seq)
    if corrupt:
        raw = raw[:-5] + b"0000\r"
    return raw


def normal(frame: bytes) -> list[bytes]:
    return [status_reply(frame)]


def settings(port: int, **kw: object) -> ConnectionSettings:
    base: dict[str, object] = {"answer_timeout_s": 5.0, "connect_timeout_s": 5.0}
    base.update(kw)
    return ConnectionSettings("127.0.0.1", port, **base)  # type: ignore[arg-type]


@pytest.fixture
def serve() -> Iterator[list[ScriptedSipServer]]:
    servers: list[ScriptedSipServer] = []
    yield servers
    for server in servers:
        server.close()


def start(servers: list[ScriptedSipServer], handler: Handler, **kw: object) -> ScriptedSipServer:
    server = ScriptedSipServer(handler, **kw).start()  # type: ignore[arg-type]
    servers.append(server)
    return server


def connect(server: ScriptedSipServer, d: Dialect = STANDARD, **kw: object) -> SipConnection:
    return SipConnection(settings(server.port, **kw), d).open()


def test_a_normal_answer(serve: list[ScriptedSipServer]) -> None:
    server = start(serve, normal)
    traffic: list[tuple[Direction, bytes]] = []
    conn = SipConnection(
        settings(server.port), STANDARD, on_traffic=lambda d, b: traffic.append((d, b))
    )
    with conn:
        first = conn.request(MessageCode.SC_STATUS, SC_STATUS)
        second = conn.request(MessageCode.SC_STATUS, SC_STATUS)
    assert first.code is MessageCode.ACS_STATUS and first.checksum is ChecksumState.OK
    assert first.fixed["online_status"] == "Y"
    assert [decode(f).sequence for f in server.frames()] == [0, 1]
    assert (first.sequence, second.sequence) == (0, 1)
    assert [d for d, _ in traffic] == [Direction.SENT, Direction.RECEIVED] * 2
    assert not conn.connected


def test_the_server_asks_for_a_resend(serve: list[ScriptedSipServer]) -> None:
    asked: list[bool] = []

    def handler(frame: bytes) -> list[bytes]:
        if not asked:
            asked.append(True)
            return [b"96AZFEF6\r"]
        return normal(frame)

    server = start(serve, handler)
    with connect(server) as conn:
        answer = conn.request(MessageCode.SC_STATUS, SC_STATUS)
    assert answer.code is MessageCode.ACS_STATUS
    first, again = server.frames()
    assert first == again  # our last request, byte for byte


def test_a_server_that_always_asks_again_gives_up(serve: list[ScriptedSipServer]) -> None:
    server = start(serve, lambda frame: [b"96\r"])
    with connect(server, max_resends=2) as conn:
        with pytest.raises(OutcomeUnknown, match="96"):
            conn.request(MessageCode.SC_STATUS, SC_STATUS)
        assert not conn.connected
    assert len(server.frames()) == 3  # the request and two resends


def test_a_bad_checksum_is_answered_with_97(serve: list[ScriptedSipServer]) -> None:
    last: list[bytes] = []

    def handler(frame: bytes) -> list[bytes]:
        if frame.startswith(b"97"):
            return [status_reply(last[0])]
        last.append(frame)
        return [status_reply(frame, corrupt=True)]

    server = start(serve, handler)
    with connect(server) as conn:
        answer = conn.request(MessageCode.SC_STATUS, SC_STATUS)
    assert answer.checksum is ChecksumState.OK
    assert server.frames()[1] == b"97AZFEF5"


def test_checksums_that_never_verify_are_an_unknown_outcome(
    serve: list[ScriptedSipServer],
) -> None:
    first: list[bytes] = []

    def handler(frame: bytes) -> list[bytes]:
        if not first:
            first.append(frame)
        return [status_reply(first[0], corrupt=True)]

    server = start(serve, handler)
    with connect(server, max_resends=1) as conn, pytest.raises(OutcomeUnknown):
        conn.request(MessageCode.SC_STATUS, SC_STATUS)
    assert [f[:2] for f in server.frames()] == [b"99", b"97"]


def test_connection_dropped_mid_reply(serve: list[ScriptedSipServer]) -> None:
    server = start(serve, lambda frame: [status_reply(frame)[:15], DROP])
    with connect(server) as conn:
        with pytest.raises(OutcomeUnknown, match="closed"):
            conn.request(MessageCode.SC_STATUS, SC_STATUS)
        assert not conn.connected


def test_connect_refused_is_unreachable_and_backs_off() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    now = [100.0]
    conn = SipConnection(
        settings(port, backoff_initial_s=1.0, backoff_max_s=4.0), STANDARD, clock=lambda: now[0]
    )
    with pytest.raises(ServiceUnreachable, match="cannot connect"):
        conn.request(MessageCode.SC_STATUS, SC_STATUS)
    # Within the backoff nothing is tried, and nothing was sent either way.
    with pytest.raises(ServiceUnreachable, match=r"next try in 1\.0 s"):
        conn.request(MessageCode.SC_STATUS, SC_STATUS)
    delays = []
    for _ in range(4):
        now[0] += 100
        with pytest.raises(ServiceUnreachable, match="cannot connect"):
            conn.request(MessageCode.SC_STATUS, SC_STATUS)
        with pytest.raises(ServiceUnreachable, match="next try") as info:
            conn.request(MessageCode.SC_STATUS, SC_STATUS)
        delays.append(str(info.value))
    assert [d.split("next try in ")[1] for d in delays] == ["2.0 s", "4.0 s", "4.0 s", "4.0 s"]
    conn.close()


def test_a_slow_server_is_waited_for_a_bounded_time(serve: list[ScriptedSipServer]) -> None:
    silent = [True]
    server = start(serve, lambda frame: [] if silent[0] else normal(frame))
    with connect(server, answer_timeout_s=0.3) as conn:
        with pytest.raises(OutcomeUnknown, match="no answer"):
            conn.request(MessageCode.SC_STATUS, SC_STATUS)
        # The connection was dropped, so a late answer cannot pass for the next request's.
        assert not conn.connected
        silent[0] = False
        assert conn.request(MessageCode.SC_STATUS, SC_STATUS).code is MessageCode.ACS_STATUS
    assert server.connections == 2


def test_a_connection_the_server_closed_while_idle_is_reopened(
    serve: list[ScriptedSipServer],
) -> None:
    server = start(serve, lambda frame: [status_reply(frame), DROP])
    with connect(server) as conn:
        conn.request(MessageCode.SC_STATUS, SC_STATUS)
        wait_until(lambda: server.finished == 1, what="the server to hang up")
        # Not an unknown outcome: the dead connection is noticed before anything is sent.
        assert conn.request(MessageCode.SC_STATUS, SC_STATUS).code is MessageCode.ACS_STATUS
    assert server.connections == 2


def test_a_stale_reply_of_another_kind_is_skipped(serve: list[ScriptedSipServer]) -> None:
    server = start(
        serve, lambda frame: [encode(MessageCode.LOGIN_RESPONSE, {"ok": "1"}), *normal(frame)]
    )
    with connect(server) as conn:
        assert conn.request(MessageCode.SC_STATUS, SC_STATUS).code is MessageCode.ACS_STATUS


def dp2_server_handler(log: list[tuple[bytes, bytes]]) -> Handler:
    """Answers as dp2Capo does: GBK until login, then UTF-8; its checksum rule; AY4; the
    terminator of the request; and 96 from the client means "send your last reply again"."""
    state = {"encoding": "gbk", "last": ""}

    def handler(frame: bytes) -> list[bytes]:
        text = frame.decode(state["encoding"])
        if text.startswith("93"):
            state["encoding"] = "utf-8"
            body = "941"
        elif text.startswith("96"):
            body = state["last"]
        else:
            seq_free = decode(frame, encoding=state["encoding"]).fields
            body = (
                f"98YYYYYN01000320240102    0304052.00AOdp2Library|AM{seq_free['AM']}|AF连接成功!"
            )
        state["last"] = body
        reply = body + "|AY4AZ" + dp2_checksum(body)
        log.append((frame, reply.encode(state["encoding"])))
        return [reply.encode(state["encoding"]) + b"\n"]

    return handler


def test_the_dp2_dialect_end_to_end(serve: list[ScriptedSipServer]) -> None:
    log: list[tuple[bytes, bytes]] = []
    server = start(serve, dp2_server_handler(log))
    d = dialect("dp2")

    def login(conn: SipConnection) -> None:
        answer = conn.request(
            MessageCode.LOGIN,
            {"uid_algorithm": "0", "pwd_algorithm": "0"},
            {"CN": "自助机", "CO": "secret", "CP": "总馆"},
        )
        assert answer.fixed["ok"] == "1"

    with SipConnection(settings(server.port), d, on_connect=login).open() as conn:
        assert conn.logged_in and conn.encoding == "utf-8"
        answer = conn.request(MessageCode.SC_STATUS, SC_STATUS, {"AM": "图书馆"})
        assert conn.mismatch is None
    assert answer.first("AF") == "连接成功!" and answer.sequence == 4
    assert answer.first("AM") == "图书馆"
    login_frame, status_frame = (request for request, _ in log)
    assert "自助机".encode("gbk") in login_frame  # before login: GBK
    assert "图书馆".encode() in status_frame  # after login: the account's UTF-8


def test_the_dp2_dialect_asks_for_a_resend_with_96(serve: list[ScriptedSipServer]) -> None:
    log: list[tuple[bytes, bytes]] = []
    inner = dp2_server_handler(log)
    corrupted: list[bool] = []

    def handler(frame: bytes) -> list[bytes]:
        out = inner(frame)
        if frame.startswith(b"99") and not corrupted:
            corrupted.append(True)
            return [out[0][:-5] + b"0000\n"]
        return out

    server = start(serve, handler)
    with connect(server, dialect("dp2")) as conn:
        answer = conn.request(MessageCode.SC_STATUS, SC_STATUS, {"AM": "x"})
    assert answer.checksum is ChecksumState.OK
    assert [f[:2] for f in server.frames()] == [b"99", b"96"]


def test_a_standard_dialect_facing_dp2_says_so(serve: list[ScriptedSipServer]) -> None:
    log: list[tuple[bytes, bytes]] = []
    server = start(serve, dp2_server_handler(log))
    relaxed = dialect("standard", {"checksum_mode": "accept_dialect"})
    # accept_dialect with the standard rule still fails every dp2 reply: the detector speaks.
    with connect(server, relaxed, max_resends=0) as conn:
        for _ in range(3):
            with pytest.raises(OutcomeUnknown):
                conn.request(MessageCode.SC_STATUS, SC_STATUS, {"AM": "x"})
        assert conn.mismatch == (
            "checksum mismatch on every reply — is this a dp2 server? set dialect = dp2"
        )


# ---- TLS --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    from tests.backend.test_client_tls_and_redirects import _self_signed

    folder = tmp_path_factory.mktemp("sip2certs")
    return {name: _self_signed(folder, name) for name in ("sip", "other")}


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_tls_with_the_configured_ca(
    serve: list[ScriptedSipServer], certs: dict[str, tuple[Path, Path]]
) -> None:
    server = start(serve, normal, tls=_server_context(*certs["sip"]))
    with connect(server, tls=True, ca_file=str(certs["sip"][0])) as conn:
        assert conn.request(MessageCode.SC_STATUS, SC_STATUS).code is MessageCode.ACS_STATUS


def test_tls_refuses_a_certificate_of_another_ca(
    serve: list[ScriptedSipServer], certs: dict[str, tuple[Path, Path]]
) -> None:
    server = start(serve, normal, tls=_server_context(*certs["sip"]))
    conn = SipConnection(settings(server.port, tls=True, ca_file=str(certs["other"][0])), STANDARD)
    with pytest.raises(ServiceUnreachable, match="certificate"):
        conn.open()
    assert server.frames() == []


def test_frames_split_across_reads(serve: list[ScriptedSipServer]) -> None:
    def handler(frame: bytes) -> list[bytes]:
        reply = status_reply(frame)
        return [reply[:7], reply[7:20], reply[20:]]

    server = start(serve, handler)
    with connect(server) as conn:
        assert conn.request(MessageCode.SC_STATUS, SC_STATUS).fields["AM"] == "Library"


def test_a_reply_with_another_sequence_number_is_skipped(serve: list[ScriptedSipServer]) -> None:
    def handler(frame: bytes) -> list[bytes]:
        seq = decode(frame).sequence
        assert seq is not None
        stale = encode(MessageCode.ACS_STATUS, ACS_STATUS, {"AM": "stale"}, sequence=(seq + 9) % 10)
        fresh = encode(MessageCode.ACS_STATUS, ACS_STATUS, {"AM": "fresh"}, sequence=seq)
        return [stale, fresh]

    server = start(serve, handler)
    with connect(server) as conn:
        assert conn.request(MessageCode.SC_STATUS, SC_STATUS).first("AM") == "fresh"


def test_a_failed_login_closes_the_connection(serve: list[ScriptedSipServer]) -> None:
    server = start(serve, lambda frame: [encode(MessageCode.LOGIN_RESPONSE, {"ok": "0"})])

    def login(conn: SipConnection) -> None:
        answer = conn.request(
            MessageCode.LOGIN,
            {"uid_algorithm": "0", "pwd_algorithm": "0"},
            {"CN": "kiosk", "CO": "wrong"},
        )
        if answer.fixed["ok"] != "1":
            raise PermissionError("login refused")

    conn = SipConnection(settings(server.port), STANDARD, on_connect=login)
    with pytest.raises(PermissionError):
        conn.open()
    assert not conn.connected and not conn.logged_in
    conn.close()


def test_one_request_at_a_time_from_several_threads(serve: list[ScriptedSipServer]) -> None:
    def handler(frame: bytes) -> list[bytes]:
        request = decode(frame)
        return [
            encode(
                MessageCode.ACS_STATUS,
                ACS_STATUS,
                {"AM": request.first("AM")},
                sequence=request.sequence,
            )
        ]

    server = start(serve, handler)
    wrong: list[str] = []
    with connect(server) as conn:

        def worker(name: str) -> None:
            for i in range(10):
                answer = conn.request(MessageCode.SC_STATUS, SC_STATUS, {"AM": f"{name}{i}"})
                if answer.first("AM") != f"{name}{i}":
                    wrong.append(answer.first("AM"))

        threads = [threading.Thread(target=worker, args=(n,)) for n in "abc"]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads)
    assert wrong == []
    assert len(server.frames()) == 30
