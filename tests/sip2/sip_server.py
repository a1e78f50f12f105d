"""A scripted SIP2 server on loopback for the connection tests: each request frame goes to a
handler that says what to send back (bytes), to close the connection (DROP), or nothing."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable

from kiosk.backend.sip2.codec import FrameReader

DROP = b"<drop>"
Handler = Callable[[bytes], list[bytes]]


class ScriptedSipServer:
    """Serves one connection at a time; ``received`` holds every request frame in order."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self.handshake_failures = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.connections = 0
        self.finished = 0  # connections this side has closed
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="sip2-test-server")

    def start(self) -> ScriptedSipServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()
        assert not self._thread.is_alive()

    def frames(self) -> list[bytes]:
        with self._lock:
            return list(self.received)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with self._lock:
                self.connections += 1
            try:
                if self.tls is not None:
                    conn.settimeout(5)
                    try:
                        conn = self.tls.wrap_socket(conn, server_side=True)
                    except (ssl.SSLError, OSError):
                        with self._lock:
                            self.handshake_failures += 1
                        continue
                self._talk(conn)
            finally:
                conn.close()
                with self._lock:
                    self.finished += 1

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        reader = FrameReader()
        while not self._stop.is_set():
            try:
                data = conn.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            for frame in reader.feed(data):
                with self._lock:
                    self.received.append(frame)
                for out in self.handler(frame):
                    if out == DROP:
                        return
                    conn.sendall(out)
