"""pytest fixtures for the test library systems; a conftest imports the ones it needs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sip2_library.dp2_server import Dp2Sip2Server
from sip2_library.harness import dp2_library_server, standard_library_server
from sip2_library.standard_server import StandardSip2Server


@pytest.fixture
def standard_server(tmp_path: Path) -> Iterator[StandardSip2Server]:
    """The seeded standard server: login and error detection required, no block honoured."""
    with standard_library_server(tmp_path) as server:
        yield server


@pytest.fixture
def dp2_server(tmp_path: Path) -> Iterator[Dp2Sip2Server]:
    """The seeded dp2-dialect server (account ``kiosk1``, institution CQLIB, UTF-8 after login)."""
    with dp2_library_server(tmp_path) as server:
        yield server
