"""A TCP proxy on loopback between kiosk and service that misbehaves: one fault on request
(``mode``), or, connection by connection, a seeded random mix (``weights``) of drops, delays,
resets mid-answer, 5xx and hung connections — so a failing run can be replayed."""

from __future__ import annotations

import random
import socket
import struct
import threading
import time


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


FAULTS = ("pass", "delay", "drop_before", "drop_response", "reset_mid_response", "http_503", "hang")


class FaultProxy:
    def __init__(
        self, upstream_port: int, seed: int = 0, weights: dict[str, float] | None = None
    ) -> None:
        self.upstream_port = upstream_port
        self._rng = random.Random(seed)
        # With no weights, every connection gets ``mode`` (set it between requests).
        self.mode = "pass"
        self._lock = threading.Lock()
        self.weights = weights or {}
        self.healed = False
        self.counts: dict[str, int] = dict.fromkeys(FAULTS, 0)
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._accept, name="chaos-proxy")
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for worker in self._workers:
            worker.join(5)
        self._sock.close()

    def _choose(self) -> str:
        with self._lock:
            if self.healed:
                fault = "pass"
            elif not self.weights:
                fault = self.mode
            else:
                names = list(self.weights)
                fault = self._rng.choices(names, [self.weights[n] for n in names])[0]
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            worker = threading.Thread(
                target=self._serve, args=(conn, self._choose()), name="chaos-conn"
            )
            self._workers = [w for w in self._workers if w.is_alive()]
            self._workers.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket, fault: str) -> None:
        conn.settimeout(5)
        with conn:
            request = _read_request(conn)
            if not request or fault == "drop_before":
                return
            if fault == "hang":
                self._stop.wait(3)  # longer than the kiosk's read timeout
                return
            if fault == "http_503":
                body = (
                    b'{"type":"about:blank","title":"busy","status":503,"detail":"x","code":"busy"}'
                )
                conn.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: "
                    b"application/problem+json\r\nConnection: close\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                return
            if fault == "delay":
                time.sleep(self._rng.uniform(0.0, 0.15))
            try:
                with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5) as up:
                    up.sendall(_with_connection_close(request))
                    response = b""
                    while chunk := up.recv(65536):
                        response += chunk
            except OSError:
                return
            if fault == "drop_response":
                return
            response = _with_connection_close(response)
            if fault == "reset_mid_response":
                conn.sendall(response[: len(response) // 2])
                # SO_LINGER 0: close with a TCP reset, as a dying middlebox would.
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            conn.sendall(response)

    @property
    def dropped(self) -> int:
        """Requests the service answered but the kiosk never heard back from."""
        return self.counts["drop_response"]
