"""Settings of the connection to the regional borrowing service."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ServiceSettings(BaseModel):
    """Where the regional service is and how to reach it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field("http://127.0.0.1:8600", description="Base URL of the regional service.")
    token: str = Field("", description="This kiosk's bearer token (kiosk-regional token create).")
    ca_file: str | None = Field(
        None, description="PEM file of the CA that signed the service's certificate."
    )
    connect_timeout_ms: int = Field(1_500, ge=100, le=30_000, description="Connect timeout, ms.")
    read_timeout_ms: int = Field(5_000, ge=100, le=120_000, description="Read timeout, ms.")
    allow_insecure_http: bool = Field(
        False, description="Allow plain http:// to a host other than this machine (never in use)."
    )

    @model_validator(mode="after")
    def _scheme(self) -> ServiceSettings:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("url must look like https://host[:port]")
        host = parts.hostname
        loopback = host in ("localhost", "::1") or host.startswith("127.")
        if parts.scheme == "http" and not loopback and not self.allow_insecure_http:
            raise ValueError(
                "plain http:// is allowed only to this machine; use https:// "
                "(or set allow_insecure_http = true for a test network)"
            )
        return self
