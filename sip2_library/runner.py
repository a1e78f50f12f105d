"""Runs a test SIP2 server on loopback in its own thread and event loop, with fault knobs."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from .library import LibrarySystem


@dataclass
class _Counters:
    resend: int = 0
    drop_mid_reply: int = 0
    bad_checksum: int = 0


class Faults:
    """Misbehaviour on request, safe to flip from the test thread while the server runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters = _Counters()
        self.delay = 0.0  # seconds before every reply
        self.replies = 0  # replies written so far (faulty ones included)

    def answer_96(self, times: int = 1) -> None:
        """Answer the next ``times`` requests with 96 (request SC resend) and do nothing else."""
        with self._lock:
            self._counters.resend += times

    def drop_mid_reply(self, times: int = 1) -> None:
        """Carry out the next ``times`` requests, then send half the reply and close the socket."""
        with self._lock:
            self._counters.drop_mid_reply += times

    def corrupt_checksums(self, times: int = 1) -> None:
        """Send the next ``times`` replies with a wrong checksum."""
        with self._lock:
            self._counters.bad_checksum += times

    def clear(self) -> None:
        with self._lock:
            self._counters = _Counters()
            self.delay = 0.0

    def take(self, name: str) -> bool:
        """Consume one pending fault of that kind (server side)."""
        with self._lock:
            left = getattr(self._counters, name)
            if left <= 0:
                return False
            setattr(self._counters, name, left - 1)
            return True


def corrupt_checksum(frame: bytes) -> bytes:
    """The same frame with its four checksum digits changed (terminator kept)."""
    body = frame.rstrip(b"\r\n")
    tail = frame[len(body) :]
    if len(body) < 4:
        return frame
    digits = body[-4:]
    try:
        wrong = f"{(int(digits, 16) + 1) & 0xFFFF:04X}".encode("ascii")
    except ValueError:
        return frame
    return body[:-4] + wrong + tail


class ServerThread:
    """Base of both servers: start/stop/restart on one loopback port, in a thread of its own."""

    thread_name = "sip2-library"

    def __init__(self, library: LibrarySystem, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.library = library
        self.host = host
        self.port = port
        self.faults = Faults()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # -- to implement ---------------------------------------------------------------------------

    def _serve(
        self, ready: Callable[[int], None], stop: asyncio.Event
    ) -> Coroutine[Any, Any, None]:
        raise NotImplementedError

    # -- control ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> None:
        """Listen (on the same port as before, after a restart) and serve until :meth:`stop`."""
        if self.running:
            raise RuntimeError("server already running")
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("SIP2 test server did not start")
        if self._error is not None:
            self._thread.join(timeout)
            raise RuntimeError("SIP2 test server failed to start") from self._error

    def stop(self, timeout: float = 10.0) -> None:
        """Close the listener and every open connection, end the loop, join the thread."""
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None:
            return
        if loop is not None and stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        thread.join(timeout)
        if thread.is_alive():
            raise RuntimeError("SIP2 test server thread did not stop")
        self._thread = None

    def restart(self) -> None:
        """Stop, then start again on the same port with the same database."""
        self.stop()
        self.start()

    def __enter__(self) -> ServerThread:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        return self.host, self.port

    def connect(self, timeout: float = 5.0) -> socket.socket:
        """A plain client socket to the server (the test closes it)."""
        return socket.create_connection(self.address, timeout=timeout)

    # -- thread -------------------------------------------------------------------------------

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._stop = asyncio.Event()
            loop.run_until_complete(self._serve(self._bound, self._stop))
        except BaseException as exc:  # reported to start(); the thread must end either way
            self._error = exc
        finally:
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()
                self._ready.set()

    def _bound(self, port: int) -> None:
        self.port = port
        self._ready.set()
