"""The SIP2 codec: round trips of every message, checksum vectors, framing, dates, sanitising."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.backend.sip2.codec import (
    BLANK_SIP_DATE,
    ChecksumRule,
    ChecksumState,
    FrameError,
    FrameReader,
    checksum,
    checksum_state,
    decode,
    dp2_checksum,
    encode,
    format_sip_date,
    is_clean,
    parse_sip_date,
    sanitize,
)
from kiosk.backend.sip2.messages import (
    FIELD_NAMES,
    FIXED_FIELDS,
    MessageCode,
    PatronStatusFlag,
    SummaryItem,
    fixed_length,
    patron_status_flags,
    summary,
)


def sample_fixed(code: MessageCode) -> dict[str, str]:
    """Plausible fixed fields: dates as SIP dates, counts as digits, flags as Y/N/0/1."""
    out = {}
    for spec in FIXED_FIELDS[code]:
        if spec.length == 18:
            out[spec.name] = "20240102    030405"
        elif spec.name == "protocol_version":
            out[spec.name] = "2.00"
        elif spec.name == "patron_status":
            out[spec.name] = "Y" + " " * 13
        else:
            out[spec.name] = ("7" if spec.length > 1 else "Y") * spec.length
    return out


@pytest.mark.parametrize("code", list(MessageCode))
@pytest.mark.parametrize("error_detection", [True, False])
def test_every_message_round_trips(code: MessageCode, error_detection: bool) -> None:
    fields = {"AO": "库 1", "AB": ["a", "b"], "AF": ""}
    sequence = 7 if error_detection else None
    raw = encode(
        code,
        sample_fixed(code),
        fields,
        sequence=sequence,
        error_detection=error_detection,
        encoding="gb18030",
        complete=False,
    )
    frame = decode(raw, encoding="gb18030")
    assert frame.code is code
    assert frame.fixed == sample_fixed(code)
    assert frame.fields == {"AO": "库 1", "AB": ["a", "b"], "AF": ""}
    assert frame.sequence == sequence
    assert frame.checksum is (ChecksumState.OK if error_detection else ChecksumState.ABSENT)
    assert raw.endswith(b"\r")


def test_fixed_parts_have_the_lengths_of_the_spec() -> None:
    # A few totals straight from the 2.00 layout: 64 = 14+3+18+6×4, 98 = 6+3+3+18+4.
    assert fixed_length(MessageCode.PATRON_INFORMATION_RESPONSE) == 59
    assert fixed_length(MessageCode.ACS_STATUS) == 34
    assert fixed_length(MessageCode.CHECKOUT) == 38
    assert [f.name for f in FIXED_FIELDS[MessageCode.CHECKIN_RESPONSE]] == [
        "ok",
        "resensitize",
        "magnetic_media",
        "alert",
        "transaction_date",
    ]
    assert FIELD_NAMES["AO"] == "institution_id"
    assert FIELD_NAMES["CT"] == "destination_location"
    assert FIELD_NAMES["CV"] == "alert_type"


def test_checksum_by_hand() -> None:
    # The spec's rule: the 16-bit two's complement of the byte sum, up to and including "AZ".
    # "97AZ": 0x39 + 0x37 + 0x41 + 0x5A = 0x10B; 0x10000 - 0x10B = 0xFEF5 (the spec's example).
    assert checksum(b"97AZ") == "FEF5"
    assert encode(MessageCode.REQUEST_ACS_RESEND) == b"97AZFEF5\r"
    # "941AY3AZ": 57+52+49+65+89+51+65+90 = 518 = 0x206; 0x10000 - 0x206 = 0xFDFA, as in the
    # published login response "941AY3AZFDFA".
    assert checksum(b"941AY3AZ") == "FDFA"
    # dp2's rule sums characters, not bytes: "中" is U+4E2D (one unit) where UTF-8 has 3 bytes.
    assert dp2_checksum("中") == f"{0x10000 - 0x4E2D:04X}"


@pytest.mark.parametrize(
    "frame",
    [
        # Examples of the 3M SIP2 Developers' Guide, as dp2's own unit tests carry them
        # (DigitalPlatform/dp-library UnitTestSIP/TestMessage.cs: Test_99, Test_94, Test_63,
        # Test_17, Test_09, Test_35, Test_36).
        "9900401.00AY1AZFCA5",
        "941AY3AZFDFA",
        "6300119980723    091905Y         AOInstitutionID|AAPatronID|BP00001|BQ00005|AY1AZEA83",
        "1719980723    100000AOCertification Institute ID|ABItemBook|AY1AZEBEB",
        "09N19980821    085721                  APCertification Terminal Location|AO"
        "Certification Institute ID|ABCheckInBook|ACTPWord|BIN|AY2AZD6A5",
        "3519980723    094014AOCertification Institute ID|AAPatronID|AY3AZEBF2",
        # A self-check machine's checkin, left in dp2's test client
        # (DigitalPlatform/chord dp2SIPClient/MainForm.cs, line 428).
        "09N20170906    170441|AB378344|AOhuanshuji|AC|BIN|AP|AY1AZEFA4",
    ],
)
def test_published_frames_verify_under_the_standard_rule(frame: str) -> None:
    raw = frame.encode("ascii")
    assert checksum_state(raw, ChecksumRule.STANDARD) is ChecksumState.OK
    assert decode(raw).checksum is ChecksumState.OK
    flipped = raw[:-1] + (b"0" if raw[-1:] != b"0" else b"1")
    assert checksum_state(flipped, ChecksumRule.STANDARD) is ChecksumState.BAD


def test_decode_of_a_published_checkin() -> None:
    frame = decode(b"09N20170906    170441|AB378344|AOhuanshuji|AC|BIN|AP|AY1AZEFA4\r")
    # That client left out the return date: the fields still start at the '|'.
    assert frame.fixed == {
        "no_block": "N",
        "transaction_date": "20170906    170441",
        "return_date": "",
    }
    assert frame.fields == {"AB": "378344", "AO": "huanshuji", "AC": "", "BI": "N", "AP": ""}
    assert frame.sequence == 1


def test_missing_and_bad_pieces_are_clean_errors() -> None:
    with pytest.raises(FrameError):
        decode(b"")
    with pytest.raises(FrameError):
        decode(b"XX123")
    with pytest.raises(FrameError):
        decode(b"101YN")  # fixed part cut short, no '|'
    with pytest.raises(ValueError):
        encode(MessageCode.LOGIN_RESPONSE, {})
    with pytest.raises(ValueError):
        encode(MessageCode.LOGIN_RESPONSE, {"ok": "10"})
    with pytest.raises(ValueError):
        encode(MessageCode.LOGIN_RESPONSE, {"ok": "1", "extra": "x"})
    with pytest.raises(ValueError):
        encode(MessageCode.LOGIN_RESPONSE, {"ok": "1"}, sequence=10)
    with pytest.raises(ValueError):
        encode(MessageCode.LOGIN_RESPONSE, {"ok": "1"}, {"AY": "3"})


def test_a_checksum_without_sequence_and_a_sequence_without_checksum() -> None:
    assert decode(b"941AZFEF1").sequence is None
    frame = decode(b"941|AY5")
    assert (frame.sequence, frame.checksum) == (5, ChecksumState.ABSENT)
    assert decode(b"941").checksum is ChecksumState.ABSENT


def test_a_scan_cannot_inject_a_field() -> None:
    scan = "|AA123\r"
    raw = encode(
        MessageCode.ITEM_INFORMATION,
        {"transaction_date": BLANK_SIP_DATE},
        {"AO": "lib", "AB": "B1" + scan},
        sequence=1,
    )
    assert raw.count(b"\r") == 1 and raw.endswith(b"\r")
    frame = decode(raw)
    assert frame.fields == {"AO": "lib", "AB": "B1AA123"}
    assert "AA" not in frame.fields


def test_sanitize_strips_separators_and_control_characters() -> None:
    assert sanitize("a|b\rc\nd\x00e\x1bf\x7fg\u2028h\u200bi\x85j") == "abcdefghij"
    assert sanitize("张三 O'Brien-1") == "张三 O'Brien-1"
    assert is_clean("ABC 123") and not is_clean("A|B")


def test_a_fixed_field_with_a_separator_is_refused() -> None:
    with pytest.raises(ValueError):
        encode(
            MessageCode.SC_STATUS,
            {"status_code": "|", "max_print_width": "080", "protocol_version": "2.00"},
        )


def test_frame_reader_splits_mixed_terminators_across_reads() -> None:
    stream = b"941\r981\n9900302.00\r\n\r\n941AY3AZFDFA"
    for size in (1, 2, 3, 5, len(stream)):
        reader = FrameReader()
        frames: list[bytes] = []
        for i in range(0, len(stream), size):
            frames.extend(reader.feed(stream[i : i + size]))
        assert frames == [b"941", b"981", b"9900302.00"]
        assert reader.pending == b"941AY3AZFDFA"
        assert reader.feed(b"\n") == [b"941AY3AZFDFA"]


def test_frame_reader_remembers_the_terminator() -> None:
    reader = FrameReader()
    reader.feed(b"941\r")
    assert reader.last_terminator == b"\r"
    reader.feed(b"941\r")
    reader.feed(b"\n")
    assert reader.last_terminator == b"\r\n"
    reader.feed(b"941\n")
    assert reader.last_terminator == b"\n"


def test_frame_reader_drops_an_endless_frame() -> None:
    reader = FrameReader(max_frame=8)
    assert reader.feed(b"x" * 20) == []
    assert reader.dropped == 2
    assert reader.feed(b"\r941\r") == [b"xxxx", b"941"]


def test_sip_dates() -> None:
    local = dt.datetime(2024, 1, 2, 3, 4, 5)
    assert format_sip_date(local) == "20240102    030405"
    assert parse_sip_date("20240102    030405") == local
    utc = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert format_sip_date(utc) == "20240102   Z030405"
    assert parse_sip_date("20240102   Z030405") == utc
    shanghai = dt.datetime(2024, 1, 2, 11, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert format_sip_date(shanghai) == "20240102   Z030405"
    assert parse_sip_date(BLANK_SIP_DATE) is None
    assert parse_sip_date("2024-01-02") is None
    assert parse_sip_date("20241302    030405") is None
    assert parse_sip_date("2024010x    030405") is None


def test_checksum_like_text_in_the_fixed_part_is_data() -> None:
    raw = encode(
        MessageCode.END_SESSION_RESPONSE,
        {"end_session": "Y", "transaction_date": "20240102AY1AZ1234"[:18].ljust(18, "0")},
        error_detection=False,
    )
    frame = decode(raw)
    assert frame.fixed["transaction_date"] == "20240102AY1AZ12340"
    assert frame.checksum is ChecksumState.ABSENT
    tail = encode(
        MessageCode.END_SESSION_RESPONSE,
        {"end_session": "Y", "transaction_date": "2024010203AY1AZ1234"[-18:]},
        error_detection=False,
    )
    frame = decode(tail)
    assert frame.fixed["transaction_date"] == "024010203AY1AZ1234"
    assert (frame.checksum, frame.sequence) == (ChecksumState.ABSENT, None)


def test_patron_status_and_summary_positions() -> None:
    # dp2's Test_parse_patronInfoResponse: 14 blanks, then language 019 (Chinese).
    assert patron_status_flags(" " * 14) == frozenset()
    status = "Y" + " " * 3 + "Y" + "N" * 9
    assert patron_status_flags(status) == {
        PatronStatusFlag.CHARGE_PRIVILEGES_DENIED,
        PatronStatusFlag.CARD_REPORTED_LOST,
    }
    assert summary(SummaryItem.CHARGED_ITEMS) == "  Y       "
    assert summary() == " " * 10
    frame = decode(
        b"6300119980723    091905Y         AOInstitutionID|AAPatronID|BP00001|BQ00005|AY1AZEA83"
    )
    assert frame.fixed["summary"] == summary(SummaryItem.HOLD_ITEMS)


def test_required_fields() -> None:
    date = "20240102    030405"
    checkout = {
        "sc_renewal_policy": "Y",
        "no_block": "N",
        "transaction_date": date,
        "nb_due_date": date,
    }
    raw = encode(MessageCode.CHECKOUT, checkout, {"AO": "lib", "AA": "P1", "AB": "B1"})
    assert decode(raw).fields == {"AO": "lib", "AA": "P1", "AB": "B1", "AC": ""}
    with pytest.raises(ValueError, match="required field AB"):
        encode(MessageCode.CHECKOUT, checkout, {"AO": "lib", "AA": "P1"})
    status = {"language": "019", "transaction_date": date}
    raw = encode(MessageCode.PATRON_STATUS, status, {"AO": "lib", "AA": "P1", "AD": "9"})
    assert decode(raw).fields == {"AO": "lib", "AA": "P1", "AD": "9", "AC": ""}
