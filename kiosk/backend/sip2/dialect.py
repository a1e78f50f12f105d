"""How a library system actually speaks SIP2: built-in dialect profiles and per-key overrides."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.backend.sip2.codec import ChecksumRule, format_sip_date, parse_sip_date
from kiosk.backend.sip2.messages import MessageCode


class Terminator(StrEnum):
    """What ends the frames the kiosk sends. ``answer_in_kind``: the kiosk sends CR and the
    server answers with whatever ended the request (dp2's SipServer.cs FindTerminator); the
    kiosk reads CR, LF and CRLF whatever is set."""

    CR = "cr"
    LF = "lf"
    CRLF = "crlf"
    ANSWER_IN_KIND = "answer_in_kind"

    @property
    def wire(self) -> bytes:
        return {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}.get(self.value, b"\r")


class TextEncoding(StrEnum):
    """Character sets a SIP2 server is known to use."""

    UTF8 = "utf-8"
    GB18030 = "gb18030"
    GBK = "gbk"
    CP850 = "cp850"


class ChecksumMode(StrEnum):
    """``verify``: replies must pass the standard checksum (else the kiosk asks for a resend);
    ``accept_dialect``: replies must pass the dialect's own rule; ``none``: no AY/AZ sent, and
    replies' checksums ignored."""

    VERIFY = "verify"
    ACCEPT_DIALECT = "accept_dialect"
    NONE = "none"


class ItemIdForm(StrEnum):
    """How the kiosk writes an item identifier (AB)."""

    BARCODE = "barcode"
    # dp2's UII: "<institution>.<barcode>" (dp2Capo/SipProcessor.cs AddOI; a barcode that
    # already holds a '.' is sent as it is).
    INSTITUTION_DOT_BARCODE = "institution_dot_barcode"


class PatronIdForm(StrEnum):
    """How a resident ID card number becomes the patron identifier (AA)."""

    AS_IS = "as_is"
    UPPERCASE = "uppercase"  # a final check character 'x' written 'X'
    PREFIXED = "prefixed"  # patron_id_prefix + the number (uppercase)


SIP18 = "sip18"
_PATTERN_TOKENS = re.compile(r"yyyy|MM|dd|HH|mm|ss|[^A-Za-z]+")
_STRFTIME = {"yyyy": "%Y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}


def _strftime_pattern(pattern: str) -> str:
    """A .NET-style date pattern (as dp2 configures it) → strftime; ValueError if unsupported."""
    pos, out = 0, []
    for match in _PATTERN_TOKENS.finditer(pattern):
        if match.start() != pos:
            break
        token = match.group(0)
        out.append(_STRFTIME.get(token, token.replace("%", "%%")))
        pos = match.end()
    if pos != len(pattern) or not pattern:
        raise ValueError(f"date format {pattern!r}: use 'sip18' or yyyy MM dd HH mm ss")
    return "".join(out)


class Dialect(BaseModel):
    """One way of speaking SIP2. Build one with :func:`dialect` (a profile plus overrides)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field("standard", description="Profile the settings came from.")
    terminator: Terminator = Field(Terminator.CR, description="What ends the frames we send.")
    encoding_before_login: TextEncoding = Field(
        TextEncoding.UTF8, description="Character set until the login is accepted."
    )
    encoding_after_login: TextEncoding = Field(
        TextEncoding.UTF8, description="Character set once the login is accepted."
    )
    checksum_mode: ChecksumMode = Field(ChecksumMode.VERIFY, description="See ChecksumMode.")
    checksum_rule: ChecksumRule = Field(
        ChecksumRule.STANDARD, description="How this system computes the checksums it sends."
    )
    date_format: str = Field(
        SIP18, description="Dates in variable fields (due dates): 'sip18' or e.g. 'yyyy-MM-dd'."
    )
    item_id_form: ItemIdForm = Field(ItemIdForm.BARCODE, description="How AB is written.")
    patron_id_form: PatronIdForm = Field(
        PatronIdForm.AS_IS, description="How an ID card number becomes AA."
    )
    patron_id_prefix: str = Field("", description="Prefix for patron_id_form = prefixed.")
    honours_no_block: bool = Field(
        True, description="The system applies no block = Y with the original transaction date."
    )
    screen_messages_patron_friendly: bool = Field(
        False, description="AF screen messages may be shown to the patron as they are."
    )
    fixed_reply_sequence: int | None = Field(
        None, ge=0, le=9, description="Replies carry this AY whatever ours was (dp2: 4)."
    )
    resend_request: MessageCode = Field(
        MessageCode.REQUEST_ACS_RESEND,
        description="What the kiosk sends to have the last reply sent again (dp2 answers 96).",
    )
    registration_extension: bool = Field(
        False, description="The system takes 81/82 patron registration (dp2)."
    )

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, value: str) -> str:
        if value != SIP18:
            _strftime_pattern(value)
        return value

    @field_validator("resend_request")
    @classmethod
    def _resend(cls, value: MessageCode) -> MessageCode:
        if value not in (MessageCode.REQUEST_ACS_RESEND, MessageCode.REQUEST_SC_RESEND):
            raise ValueError("resend_request must be 97 (the standard) or 96 (dp2)")
        return value

    @field_validator("patron_id_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if "|" in value or any(ord(ch) < 32 for ch in value):
            raise ValueError("the prefix must not hold '|' or control characters")
        return value

    def with_overrides(self, overrides: Mapping[str, Any]) -> Dialect:
        """This dialect with some keys set otherwise (validated; unknown keys refused)."""
        return Dialect.model_validate({**self.model_dump(), **overrides})

    @property
    def error_detection(self) -> bool:
        """Whether requests carry AY/AZ."""
        return self.checksum_mode is not ChecksumMode.NONE

    def format_date(self, when: dt.datetime) -> str:
        """A date for a variable field, in this dialect's format."""
        if self.date_format == SIP18:
            return format_sip_date(when)
        return when.strftime(_strftime_pattern(self.date_format))

    def parse_date(self, value: str) -> dt.datetime | None:
        """A date from a variable field; None if it is not in this dialect's format."""
        return parse_date_as(
            value.strip() if self.date_format != SIP18 else value, self.date_format
        )

    def item_identifier(self, barcode: str, institution: str) -> str:
        """The AB value for a barcode."""
        dotted = self.item_id_form is ItemIdForm.INSTITUTION_DOT_BARCODE
        if dotted and institution and "." not in barcode:
            return f"{institution}.{barcode}"
        return barcode

    def patron_identifier(self, id_number: str) -> str:
        """The AA value for a resident ID card number."""
        if self.patron_id_form is PatronIdForm.AS_IS:
            return id_number
        if self.patron_id_form is PatronIdForm.UPPERCASE:
            return id_number.upper()
        return self.patron_id_prefix + id_number.upper()


def parse_date_as(value: str, date_format: str) -> dt.datetime | None:
    """``value`` read with ``date_format`` ('sip18' or a yyyy-MM-dd style pattern), else None."""
    if date_format == SIP18:
        return parse_sip_date(value)
    try:
        return dt.datetime.strptime(value, _strftime_pattern(date_format))
    except ValueError:
        return None


PROFILES: dict[str, Dialect] = {
    "standard": Dialect(name="standard"),
    "dp2": Dialect(
        name="dp2",
        terminator=Terminator.ANSWER_IN_KIND,
        encoding_before_login=TextEncoding.GBK,
        encoding_after_login=TextEncoding.UTF8,
        checksum_mode=ChecksumMode.ACCEPT_DIALECT,
        checksum_rule=ChecksumRule.DP2,
        date_format="yyyy-MM-dd",
        item_id_form=ItemIdForm.INSTITUTION_DOT_BARCODE,
        patron_id_form=PatronIdForm.UPPERCASE,
        honours_no_block=False,
        screen_messages_patron_friendly=True,
        fixed_reply_sequence=4,
        resend_request=MessageCode.REQUEST_SC_RESEND,
        registration_extension=True,
    ),
}
"""Built-in profiles (sources in docs/SIP2.md)."""


def dialect(name: str = "standard", overrides: Mapping[str, Any] | None = None) -> Dialect:
    """The named profile with ``overrides`` applied; ValueError for an unknown name or key."""
    try:
        base = PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown dialect {name!r}: one of {', '.join(PROFILES)}") from None
    return base.with_overrides(overrides) if overrides else base
