"""One persistent SIP2 connection (TCP, optional TLS): bounded waits, resends, reconnect."""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from kiosk.backend.errors import OutcomeUnknown, ServiceUnreachable
from kiosk.backend.sip2.codec import (
    ChecksumRule,
    ChecksumState,
    FieldsIn,
    Frame,
    FrameError,
    FrameReader,
    decode,
    encode,
)
from kiosk.backend.sip2.dialect import ChecksumMode, Dialect
from kiosk.backend.sip2.messages import RESPONSE_TO, MessageCode
from kiosk.backend.sip2.mismatch import DialectMismatchDetector

log = logging.getLogger(__name__)

_RECV_BYTES = 4096


class Direction(StrEnum):
    """Which way a frame went (for the technician's traffic view)."""

    SENT = "sent"
    RECEIVED = "received"


TrafficListener = Callable[[Direction, bytes], None]
"""Called with every frame's raw bytes (unmasked: the listener masks before showing)."""


@dataclass(frozen=True)
class ConnectionSettings:
    """Where the SIP2 server is and how long to wait for it (seconds)."""

    host: str
    port: int
    tls: bool = False
    ca_file: str | None = None  # when set, the only CA trusted (as the HTTP client does)
    server_name: str | None = None  # name the certificate must carry (default: host)
    connect_timeout_s: float = 3.0
    answer_timeout_s: float = 10.0
    max_resends: int = 2  # per request: answers to 96, and 97s sent for bad checksums
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """Certificates verified, host name checked; ``ca_file`` replaces the system's CAs."""
    if ca_file:
        return ssl.create_default_context(cafile=ca_file)
    return ssl.create_default_context()


class SipConnection:
    """A SIP2 client connection. One request at a time (a lock); never on the GUI thread.

    ``on_connect`` runs after every (re)connect, before the request that caused it, and may
    itself call :meth:`request` (the backend logs in there); if it raises, the connection is
    closed and the error passes on."""

    def __init__(
        self,
        settings: ConnectionSettings,
        dialect: Dialect,
        *,
        on_connect: Callable[[SipConnection], None] | None = None,
        on_traffic: TrafficListener | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.dialect = dialect
        self._on_connect = on_connect
        self._on_traffic = on_traffic
        self._clock = clock
        self._lock = threading.RLock()
        self._sock: socket.socket | None = None
        self._reader = FrameReader()
        self._pending: deque[bytes] = deque()
        self._sequence = -1
        self._logged_in = False
        self._failures = 0
        self._next_attempt = 0.0
        self._connecting = False
        self.detector = DialectMismatchDetector(dialect)

    # ---- lifecycle ----------------------------------------------------------------------
    def open(self) -> SipConnection:
        """Connect now (ServiceUnreachable if the server cannot be reached)."""
        with self._lock:
            self._ensure_connected(respect_backoff=False)
        return self

    def close(self) -> None:
        with self._lock:
            self._drop()

    def __enter__(self) -> SipConnection:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connected(self) -> bool:
        return self._sock is not None

    @property
    def logged_in(self) -> bool:
        """A 94 with ok = 1 came on this connection (the after-login encoding is in use)."""
        return self._logged_in

    @property
    def encoding(self) -> str:
        d = self.dialect
        return (d.encoding_after_login if self._logged_in else d.encoding_before_login).value

    @property
    def mismatch(self) -> str | None:
        """The first dialect mismatch noticed on this connection's replies, if any."""
        return self.detector.finding

    # ---- requests -----------------------------------------------------------------------
    def request(
        self,
        code: MessageCode,
        fixed: Mapping[str, str] | None = None,
        fields: FieldsIn = (),
    ) -> Frame:
        """Send one request and return its answer.

        ServiceUnreachable: nothing was sent (no connection, or waiting out a reconnect
        backoff). OutcomeUnknown: the request was sent and no valid answer came (timeout, the
        connection dropped, resends exhausted); the connection is closed, so a late answer
        can never be taken for the next request's."""
        with self._lock:
            self._ensure_connected(respect_backoff=True)
            self._sequence = (self._sequence + 1) % 10
            sequence = self._sequence if self.dialect.error_detection else None
            data = encode(
                code,
                fixed,
                fields,
                sequence=sequence,
                error_detection=self.dialect.error_detection,
                encoding=self.encoding,
                terminator=self.dialect.terminator.wire,
            )
            self._send(data, first=True)
            frame = self._await_answer(MessageCode(code), data, sequence)
            if frame.code is MessageCode.LOGIN_RESPONSE and frame.fixed.get("ok") == "1":
                self._logged_in = True
            return frame

    def _await_answer(self, code: MessageCode, data: bytes, sequence: int | None) -> Frame:
        expected = RESPONSE_TO.get(code)
        deadline = self._clock() + self.settings.answer_timeout_s
        resends = 0
        while True:
            raw = self._read_frame(deadline)
            try:
                frame = decode(raw, encoding=self.encoding, rule=self.dialect.checksum_rule)
            except FrameError as exc:
                log.warning("SIP2: unreadable reply (%s)", exc)
                frame = None
            if frame is not None:
                self._observe(frame, sequence)
            if frame is not None and frame.code is MessageCode.REQUEST_SC_RESEND:
                # dp2 never sends 96 to a client; a standard ACS does when our checksum failed.
                resends = self._count_resend(resends, "the server asked again and again (96)")
                log.info("SIP2: server asked for a resend (96)")
                self._send(data, first=False)
                continue
            if frame is None or not self._checksum_acceptable(frame):
                resends = self._count_resend(resends, "replies kept failing their checksum")
                log.info("SIP2: reply failed its checksum; asking for it again")
                ask = self.dialect.resend_request
                self._send(
                    encode(
                        ask,
                        error_detection=self.dialect.error_detection,
                        encoding=self.encoding,
                        terminator=self.dialect.terminator.wire,
                    ),
                    first=False,
                )
                continue
            if expected is not None and frame.code is not expected:
                log.warning(
                    "SIP2: ignored a %s reply while waiting for %s", frame.code.value, expected
                )
                continue
            if not self._sequence_matches(frame, sequence):
                # Not the answer to this request (the ACS echoes AY): an old one, skipped.
                log.warning(
                    "SIP2: ignored a reply with sequence %s (sent %s)", frame.sequence, sequence
                )
                continue
            return frame

    def _sequence_matches(self, frame: Frame, sequence: int | None) -> bool:
        if sequence is None or frame.sequence is None:
            return True
        if self.dialect.fixed_reply_sequence is not None:
            return frame.sequence in (sequence, self.dialect.fixed_reply_sequence)
        return frame.sequence == sequence

    def _count_resend(self, resends: int, why: str) -> int:
        if resends >= self.settings.max_resends:
            self._drop()
            raise OutcomeUnknown(f"no valid answer after {resends} resends: {why}")
        return resends + 1

    def _checksum_acceptable(self, frame: Frame) -> bool:
        mode = self.dialect.checksum_mode
        if mode is ChecksumMode.NONE or frame.checksum is ChecksumState.ABSENT:
            return True
        if mode is ChecksumMode.ACCEPT_DIALECT:
            return frame.checksum is ChecksumState.OK
        if self.dialect.checksum_rule is ChecksumRule.STANDARD:
            return frame.checksum is ChecksumState.OK
        # verify under a non-standard dialect: the standard rule decides.
        return (
            decode(frame.raw, encoding=self.encoding, rule=ChecksumRule.STANDARD).checksum
            is ChecksumState.OK
        )

    def _observe(self, frame: Frame, sequence: int | None) -> None:
        finding = self.detector.observe(frame, encoding=self.encoding, sent_sequence=sequence)
        if finding:
            log.warning("SIP2 %s:%s: %s", self.settings.host, self.settings.port, finding)

    # ---- the socket ---------------------------------------------------------------------
    def _ensure_connected(self, *, respect_backoff: bool) -> None:
        if self._sock is not None and self._peer_closed():
            log.info("SIP2: the server closed the idle connection; reconnecting")
            self._drop()
        if self._sock is not None:
            return
        now = self._clock()
        if respect_backoff and now < self._next_attempt:
            raise ServiceUnreachable(
                f"SIP2 server unreachable; next try in {self._next_attempt - now:.1f} s"
            )
        try:
            self._sock = self._connect()
        except OSError as exc:
            self._failures += 1
            delay = min(
                self.settings.backoff_initial_s * 2 ** (self._failures - 1),
                self.settings.backoff_max_s,
            )
            self._next_attempt = self._clock() + delay
            raise ServiceUnreachable(f"cannot connect to the SIP2 server: {exc}") from exc
        self._failures = 0
        self._next_attempt = 0.0
        self._reader = FrameReader()
        self._pending.clear()
        self._logged_in = False
        if self._on_connect is not None and not self._connecting:
            self._connecting = True
            try:
                self._on_connect(self)
            except BaseException:
                self._drop()
                raise
            finally:
                self._connecting = False

    def _connect(self) -> socket.socket:
        s = self.settings
        sock = socket.create_connection((s.host, s.port), timeout=s.connect_timeout_s)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if s.tls:
                sock.settimeout(s.connect_timeout_s)
                return tls_context(s.ca_file).wrap_socket(
                    sock, server_hostname=s.server_name or s.host
                )
            return sock
        except BaseException:
            sock.close()
            raise

    def _peer_closed(self) -> bool:
        """True when the idle connection has been closed by the server (or is broken); stray
        bytes that arrived while idle are read and dropped."""
        sock = self._sock
        assert sock is not None
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable and not (isinstance(sock, ssl.SSLSocket) and sock.pending()):
                return False
            sock.settimeout(0)
            data = sock.recv(_RECV_BYTES)
        except (ssl.SSLWantReadError, BlockingIOError):
            return False
        except OSError:
            return True
        if not data:
            return True
        stray = self._reader.feed(data)
        if stray or self._pending:
            self._pending.clear()
            log.warning("SIP2: dropped %d unsolicited frame(s)", len(stray))
        return False

    def _send(self, data: bytes, *, first: bool) -> None:
        sock = self._sock
        if sock is None:  # dropped by a failed on_connect or an earlier error
            raise ServiceUnreachable("SIP2 connection closed")
        try:
            sock.settimeout(self.settings.answer_timeout_s)
            sock.sendall(data)
        except OSError as exc:
            self._drop()
            # Part of the request may have left: only a caller that knows better may say
            # "not sent".
            raise OutcomeUnknown(f"sending to the SIP2 server failed: {exc}") from exc
        if self._on_traffic is not None:
            self._on_traffic(Direction.SENT, data)

    def _read_frame(self, deadline: float) -> bytes:
        while True:
            if self._pending:
                return self._received(self._pending.popleft())
            remaining = deadline - self._clock()
            sock = self._sock
            if sock is None or remaining <= 0:
                self._drop()
                raise OutcomeUnknown(
                    f"no answer from the SIP2 server within {self.settings.answer_timeout_s} s"
                )
            try:
                sock.settimeout(remaining)
                data = sock.recv(_RECV_BYTES)
            except TimeoutError:
                continue
            except OSError as exc:
                self._drop()
                raise OutcomeUnknown(f"SIP2 connection failed before the answer: {exc}") from exc
            if not data:
                self._drop()
                raise OutcomeUnknown(
                    "the SIP2 server closed the connection before its answer was complete"
                )
            # More than one frame in a read: the others wait for the next call.
            self._pending.extend(self._reader.feed(data))

    def _received(self, raw: bytes) -> bytes:
        if self._on_traffic is not None:
            self._on_traffic(Direction.RECEIVED, raw)
        return raw

    def _drop(self) -> None:
        sock, self._sock = self._sock, None
        self._logged_in = False
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()
