"""A TCP proxy on loopback between kiosk and service that misbehaves on request."""

from __future__ import annotations

import socket
import threading


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _with_connection_close(message: bytes) -> bytes:
    head, sep, body = message.partition(b"\r\n\r\n")
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + sep + body


class FaultProxy:
    """``mode``: 'pass' forwards; 'drop_response' forwards the request, lets the service
    answer, and hangs up on the kiosk without the answer (the outcome the kiosk cannot know)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.mode = "pass"
        self.dropped = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._accept, name="fault-proxy")
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for w in self._workers:
            w.join(5)
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            worker = threading.Thread(target=self._serve, args=(conn,), name="fault-proxy-conn")
            self._workers.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        with conn:
            request = _read_request(conn)
            if not request:
                return
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5) as up:
                up.sendall(_with_connection_close(request))
                response = b""
                while chunk := up.recv(65536):
                    response += chunk
            if self.mode == "drop_response":
                self.dropped += 1
                return  # the service applied it; the kiosk never hears back
            conn.sendall(_with_connection_close(response))
