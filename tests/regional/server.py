"""The service on a real uvicorn server on loopback, in a thread the test stops again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port; yields the base URL; stops and joins after."""
    before = set(threading.enumerate())
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_config=None, lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    ready = threading.Event()
    while not (server.started or not thread.is_alive()):
        ready.wait(0.005)  # the flag is set inside the server's own loop
    try:
        assert server.started, "the server did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive(), "the server did not stop"
        # The thread pool that ran the endpoints is told to stop when the loop ends.
        for worker in set(threading.enumerate()) - before:
            worker.join(timeout=5)
