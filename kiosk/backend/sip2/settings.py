"""Settings of the connection to a library system over SIP2: where, who the kiosk logs in as,
and which dialect the system speaks (a built-in profile plus per-key overrides)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kiosk.backend.sip2.connection import ConnectionSettings
from kiosk.backend.sip2.dialect import PROFILES, Dialect, dialect


class BackendKind(StrEnum):
    """Which library side the kiosk talks to."""

    REGIONAL = "regional"
    SIP2 = "sip2"


class BackendChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: BackendKind = Field(
        BackendKind.REGIONAL,
        description="regional: the reference regional service ([service]); sip2: a library "
        "system over SIP2 ([sip2]).",
    )


class Sip2Settings(BaseModel):
    """The library system's SIP2 server and how to speak to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field("127.0.0.1", min_length=1, description="SIP2 server's host name or address.")
    port: int = Field(6001, ge=1, le=65535, description="SIP2 server's TCP port.")
    tls: bool = Field(False, description="Speak TLS (a SIP2 server behind a TLS tunnel).")
    ca_file: str | None = Field(
        None,
        description="PEM file of the CA that signed the server's certificate (unset: the "
        "system's CAs).",
    )
    server_name: str | None = Field(
        None, description="Name the server's certificate must carry (unset: host)."
    )
    login_user: str = Field("", description="93 login: user id (CN); empty: no login.")
    login_password: str = Field("", description="93 login: password (CO).")
    location_code: str = Field("", description="93 login and 09 checkin: location code (CP/AP).")
    institution_id: str = Field("", description="Institution id (AO) on every request.")
    terminal_password: str = Field(
        "", description="Terminal password (AC), if the system wants one."
    )
    dialect: str = Field("standard", description="Built-in profile: standard or dp2.")
    dialect_overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="Per-key changes to the profile: terminator, encoding_before_login, "
        "encoding_after_login, checksum_mode, date_format, item_id_form, patron_id_form, "
        "patron_id_prefix, honours_no_block, screen_messages_patron_friendly.",
    )
    screen_message_language: str = Field(
        "zh_CN",
        description="Language of the system's screen messages (AF), shown to a patron reading "
        "it when the dialect says they are written for patrons: zh_CN or en.",
    )
    pin_for_library_cards: bool = Field(
        True, description="A library card needs its PIN (AD); ID and social-security cards do not."
    )
    connect_timeout_ms: int = Field(3_000, ge=100, le=60_000, description="Connect timeout, ms.")
    answer_timeout_ms: int = Field(
        10_000, ge=100, le=120_000, description="Longest wait for one answer, ms."
    )
    max_resends: int = Field(2, ge=0, le=10, description="Resends per request (96/97).")
    account_items: int = Field(
        20, ge=0, le=100, description="Most loans and holds the account screen asks titles for."
    )

    @field_validator("dialect")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        if value not in PROFILES:
            raise ValueError(f"unknown dialect {value!r}; known: {', '.join(sorted(PROFILES))}")
        return value

    @field_validator("ca_file")
    @classmethod
    def _ca_file_exists(cls, value: str | None) -> str | None:
        if value and not Path(value).is_file():
            raise ValueError(f"no such file: {value}")
        return value or None

    @model_validator(mode="after")
    def _overrides_make_a_dialect(self) -> Sip2Settings:
        self.build_dialect()  # raises with the key's name when an override is wrong
        return self

    def build_dialect(self) -> Dialect:
        return dialect(self.dialect, self.dialect_overrides)

    def connection(self) -> ConnectionSettings:
        return ConnectionSettings(
            host=self.host,
            port=self.port,
            tls=self.tls,
            ca_file=self.ca_file,
            server_name=self.server_name,
            connect_timeout_s=self.connect_timeout_ms / 1000,
            answer_timeout_s=self.answer_timeout_ms / 1000,
            max_resends=self.max_resends,
        )
