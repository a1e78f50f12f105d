"""One call to a seeded, running test library system: for tests, benchmarks and the demo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .dp2_server import Dp2Account, Dp2Sip2Server
from .library import LibrarySystem, Policy
from .seed import HOME, LOGIN_PASSWORD, LOGIN_USER, seed_library

if TYPE_CHECKING:
    # pysip2 comes with the dev extra only: a demo on the dp2 server runs without it.
    from .standard_server import StandardSip2Server


def open_library(path: Path, policy: Policy | None = None, *, seed: bool = True) -> LibrarySystem:
    """A library system on a SQLite file, seeded unless the file already held one."""
    fresh = not path.exists()
    library = LibrarySystem(path, policy)
    if seed and fresh:
        seed_library(library)
    return library


@contextmanager
def standard_library_server(
    directory: Path,
    *,
    policy: Policy | None = None,
    error_detection: bool = True,
    login_required: bool = True,
    encoding: str = "utf-8",
    port: int = 0,
) -> Iterator[StandardSip2Server]:
    """A seeded standard (pysip2) server on 127.0.0.1, stopped and its database closed on exit."""
    from .standard_server import StandardSip2Server

    library = open_library(directory / "standard-library.db", policy)
    server = StandardSip2Server(
        library,
        institution=HOME,
        accounts={LOGIN_USER: LOGIN_PASSWORD},
        error_detection=error_detection,
        login_required=login_required,
        encoding=encoding,
        port=port,
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()
        library.close()


@contextmanager
def dp2_library_server(
    directory: Path,
    *,
    policy: Policy | None = None,
    account: Dp2Account | None = None,
    port: int = 0,
) -> Iterator[Dp2Sip2Server]:
    """A seeded dp2-dialect server on 127.0.0.1, stopped and its database closed on exit."""
    library = open_library(directory / "dp2-library.db", policy)
    server = Dp2Sip2Server(
        library,
        accounts={LOGIN_USER: account or Dp2Account(LOGIN_PASSWORD, HOME)},
        port=port,
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()
        library.close()
