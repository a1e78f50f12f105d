"""The version the service reports in /v1/health and in its OpenAPI document."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("kiosk")
except PackageNotFoundError:  # running from a source tree that was never installed
    VERSION = "0.0.0"
