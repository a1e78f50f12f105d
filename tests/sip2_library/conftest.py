"""The test library systems' fixtures for the tests in this folder."""

from tests.sip2_library.fixtures import dp2_server, standard_server

__all__ = ["dp2_server", "standard_server"]
