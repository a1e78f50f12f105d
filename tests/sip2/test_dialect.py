"""Dialect profiles, overrides, and the mismatch detector's sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from kiosk.backend.sip2.codec import ChecksumRule, checksum, decode, dp2_checksum
from kiosk.backend.sip2.dialect import (
    PROFILES,
    ChecksumMode,
    ItemIdForm,
    PatronIdForm,
    Terminator,
    TextEncoding,
    dialect,
)
from kiosk.backend.sip2.messages import MessageCode
from kiosk.backend.sip2.mismatch import DialectMismatchDetector


def test_profiles() -> None:
    standard, dp2 = PROFILES["standard"], PROFILES["dp2"]
    assert standard.checksum_rule is ChecksumRule.STANDARD
    assert standard.terminator is Terminator.CR and standard.date_format == "sip18"
    assert standard.resend_request is MessageCode.REQUEST_ACS_RESEND
    assert dp2.encoding_before_login is TextEncoding.GBK
    assert dp2.checksum_rule is ChecksumRule.DP2
    assert dp2.fixed_reply_sequence == 4
    assert dp2.resend_request is MessageCode.REQUEST_SC_RESEND
    assert not dp2.honours_no_block and dp2.registration_extension


def test_overrides_apply_per_key_and_are_validated() -> None:
    d = dialect("dp2", {"encoding_after_login": "gb18030", "checksum_mode": "none"})
    assert d.encoding_after_login is TextEncoding.GB18030
    assert d.checksum_mode is ChecksumMode.NONE and not d.error_detection
    assert d.date_format == "yyyy-MM-dd"  # the rest of the profile stays
    with pytest.raises(ValidationError):
        dialect("standard", {"no_such_key": 1})
    with pytest.raises(ValidationError):
        dialect("standard", {"encoding_before_login": "latin-9"})
    with pytest.raises(ValidationError):
        dialect("standard", {"date_format": "dd/MM/yy hh"})
    with pytest.raises(ValidationError):
        dialect("standard", {"resend_request": "93"})
    with pytest.raises(ValidationError):
        dialect("standard", {"patron_id_prefix": "A|"})
    with pytest.raises(ValueError, match="unknown dialect"):
        dialect("koha")


def test_a_dialect_is_frozen() -> None:
    with pytest.raises(ValidationError):
        PROFILES["standard"].terminator = Terminator.LF  # type: ignore[misc]


def test_dates_in_each_format() -> None:
    when = dt.datetime(2024, 3, 9, 17, 5, 0)
    assert dialect("standard").format_date(when) == "20240309    170500"
    assert dialect("dp2").format_date(when) == "2024-03-09"
    assert dialect("dp2").parse_date("2024-03-09") == dt.datetime(2024, 3, 9)
    assert dialect("dp2").parse_date("20240309    170500") is None
    custom = dialect("standard", {"date_format": "yyyy/MM/dd HH:mm"})
    assert custom.format_date(when) == "2024/03/09 17:05"
    assert custom.parse_date("2024/03/09 17:05") == dt.datetime(2024, 3, 9, 17, 5)


def test_identifiers() -> None:
    assert dialect("standard").item_identifier("549096", "CN-1") == "549096"
    dp2 = dialect("dp2")
    assert dp2.item_id_form is ItemIdForm.INSTITUTION_DOT_BARCODE
    assert dp2.item_identifier("549096", "CN-1") == "CN-1.549096"
    assert dp2.item_identifier("CN-2.549096", "CN-1") == "CN-2.549096"
    assert dp2.item_identifier("549096", "") == "549096"
    assert dialect("standard").patron_identifier("11010119900307663x") == "11010119900307663x"
    prefixed = dialect(
        "standard", {"patron_id_form": PatronIdForm.PREFIXED, "patron_id_prefix": "ID:"}
    )
    assert prefixed.patron_identifier("11010119900307663x") == "ID:11010119900307663X"


def _dp2_reply(body: str) -> bytes:
    return (body + "|AY4AZ" + dp2_checksum(body)).encode("utf-8")


def _std(body: str, seq: int) -> bytes:
    raw = f"{body}|AY{seq}AZ".encode()
    return raw + checksum(raw).encode()


CHECKOUT = "121NNY20240102    030405AOlib|AAP1|AB1|AJT|AH{due}"


def test_detector_needs_several_replies_and_speaks_once() -> None:
    detector = DialectMismatchDetector(dialect("standard"), after=3)
    frames = [decode(_dp2_reply(CHECKOUT.format(due="20240109    030405"))) for _ in range(5)]
    results = [detector.observe(f) for f in frames]
    assert results[:2] == [None, None]
    assert (
        results[2] == "checksum mismatch on every reply — is this a dp2 server? set dialect = dp2"
    )
    assert results[3:] == [None, None]


def test_detector_stays_quiet_when_one_reply_verifies() -> None:
    detector = DialectMismatchDetector(dialect("standard"))
    due = "20240109    030405"
    detector.observe(decode(_std(CHECKOUT.format(due=due), 1)))
    for _ in range(5):
        assert detector.observe(decode(_dp2_reply(CHECKOUT.format(due=due)))) is None


def test_detector_on_a_dp2_dialect_facing_a_standard_server() -> None:
    detector = DialectMismatchDetector(dialect("dp2"))
    reply = CHECKOUT.format(due="20240109    030405")
    out = [detector.observe(decode(_std(reply, i)), sent_sequence=i) for i in range(4)]
    assert out[2] == (
        "checksum mismatch on every reply under dp2's rule, but each verifies under the "
        "standard's — is this a standard SIP2 server? set dialect = standard"
    )
    # The next reply brings the second finding: the dates are not yyyy-MM-dd.
    assert out[3] == (
        "dates in replies are SIP2's 18-character dates, not yyyy-MM-dd — is this a standard "
        'SIP2 server? set dialect = standard (or date_format = "sip18")'
    )
    assert detector.findings == [out[2], out[3]]


def test_detector_on_dates_alone() -> None:
    # Checksums off: only the due dates can tell.
    d = dialect("standard", {"checksum_mode": "none"})
    detector = DialectMismatchDetector(d)
    out = [detector.observe(decode(CHECKOUT.format(due="2024-01-09").encode())) for _ in range(3)]
    assert out[2] == (
        "dates in replies are yyyy-MM-dd, not SIP2's 18-character dates — is this a dp2 "
        'server? set dialect = dp2 (or date_format = "yyyy-MM-dd")'
    )


def test_detector_on_a_fixed_reply_sequence() -> None:
    detector = DialectMismatchDetector(dialect("standard"))
    sentences = []
    for sent in range(3):
        frame = decode(_std("941", 4))
        sentences.append(detector.observe(frame, sent_sequence=sent))
    assert sentences[2] == (
        "every reply carries sequence number 4 whatever the request's — is this a dp2 server? "
        "set dialect = dp2 (or fixed_reply_sequence = 4)"
    )


def test_detector_when_nothing_verifies() -> None:
    detector = DialectMismatchDetector(dialect("standard"))
    bad = b"941|AY1AZ0000"
    out = [detector.observe(decode(bad)) for _ in range(3)]
    assert out[2] is not None and "both the standard and dp2 rules" in out[2]
