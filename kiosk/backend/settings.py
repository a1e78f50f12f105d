"""Settings of the connection to the regional borrowing service."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class ServiceSettings(BaseModel):
    """Where the regional service is and how to reach it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field("http://127.0.0.1:8600", description="Base URL of the regional service.")
    token: str = Field("", description="This kiosk's bearer token (kiosk-regional token create).")
    ca_file: str | None = Field(
        None,
        description="PEM file of the CA that signed the service's certificate; when set, it "
        "is the only CA trusted (REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE do not override it).",
    )
    connect_timeout_ms: int = Field(1_500, ge=100, le=30_000, description="Connect timeout, ms.")
    read_timeout_ms: int = Field(5_000, ge=100, le=120_000, description="Read timeout, ms.")
    allow_insecure_http: bool = Field(
        False, description="Allow plain http:// to a host other than this machine (never in use)."
    )

    @field_validator("ca_file")
    @classmethod
    def _ca_file_exists(cls, value: str | None) -> str | None:
        if not value:
            return None
        # Checked here, not at the first request: a missing CA must fail `config check` and
        # start-up with the key's name rather than every sync attempt later.
        path = Path(value)
        if not path.is_file():
            raise ValueError(f"no such file: {value}")
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise ValueError(f"cannot read {value}: {exc.strerror or exc}") from exc
        return value

    @model_validator(mode="after")
    def _scheme(self) -> ServiceSettings:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("url must look like https://host[:port]")
        if (
            parts.scheme == "http"
            and not _is_loopback(parts.hostname)
            and not self.allow_insecure_http
        ):
            raise ValueError(
                "plain http:// is allowed only to this machine; use https:// "
                "(or set allow_insecure_http = true for a test network)"
            )
        return self


def _is_loopback(host: str) -> bool:
    """True for 'localhost' and loopback IP addresses (127.0.0.0/8, ::1); a name that merely
    starts with '127.' (127.evil.example) is some other machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
