"""The ID card text block, the read reply layouts, card events and the reply decoder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.events import FrameError, IdCard, IdCardRead, ReaderStatus
from drivers.idcard.decode import IdCardReplyDecoder
from drivers.idcard.demo_cards import JIKE_AYI, LI_SI, WANG_FANG, ZHANG_SAN
from drivers.idcard.frames import SamFrame, build_reply
from drivers.idcard.text import (
    IdCardTextError,
    build_read_reply_data,
    card_event,
    encode_text,
    parse_read_reply,
    parse_text,
)
from patron_identity.id_number import make_id_number

TODAY = dt.date(2026, 1, 1)

# Offsets and sizes straight from the table in PROTOCOLS.md §1, kept apart from the module's own
# table so a wrong offset there cannot hide behind the same mistake here.
DOC_FIELDS = {
    "name": (0, 30),
    "sex": (30, 2),
    "nation": (32, 4),
    "birth": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "reserved": (220, 36),
}


def hand_block(pad: str = " ", **values: str) -> bytes:
    block = bytearray(pad.encode("utf-16-le") * 128)
    for key, text in values.items():
        offset, size = DOC_FIELDS[key]
        raw = text.encode("utf-16-le")
        assert len(raw) <= size
        block[offset : offset + len(raw)] = raw
    return bytes(block)


SAMPLE = {
    "name": "张三",
    "sex": "1",
    "nation": "01",
    "birth": "19900307",
    "address": "重庆市渝中区解放碑街道民族路100号",
    "id_number": "500103199003070113",
    "authority": "重庆市公安局渝中区分局",
    "valid_from": "20150601",
    "valid_to": "20350601",
}


def test_documented_field_table_covers_256_bytes() -> None:
    assert sum(size for _, size in DOC_FIELDS.values()) == 256
    ends = sorted((o, o + s) for o, s in DOC_FIELDS.values())
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ends))


def test_parse_text_reads_every_field_at_its_documented_offset() -> None:
    card = parse_text(hand_block(**SAMPLE))
    assert card == IdCard(
        name="张三",
        sex="male",
        nation="01",
        birth=dt.date(1990, 3, 7),
        address="重庆市渝中区解放碑街道民族路100号",
        id_number="500103199003070113",
        authority="重庆市公安局渝中区分局",
        valid_from=dt.date(2015, 6, 1),
        valid_to=dt.date(2035, 6, 1),
    )
    assert card == ZHANG_SAN  # photos are not compared


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("1", "male"), ("2", "female"), ("0", "unknown"), ("9", "unknown"), ("", "unknown")],
)
def test_sex(raw: str, sex: str) -> None:
    assert parse_text(hand_block(**{**SAMPLE, "sex": raw})).sex == sex


def test_no_expiry_and_unreadable_dates_become_none() -> None:
    card = parse_text(
        hand_block(**{**SAMPLE, "valid_to": "长期", "birth": "1990037", "valid_from": "20150631"})
    )
    assert (card.valid_to, card.birth, card.valid_from) == (None, None, None)


def test_nul_padding_reads_like_space_padding() -> None:
    assert parse_text(hand_block(pad="\x00", **SAMPLE)) == ZHANG_SAN


def test_a_longer_block_uses_its_first_256_bytes_and_a_shorter_one_is_an_error() -> None:
    block = hand_block(**SAMPLE)
    assert parse_text(block + b"\xff" * 10) == ZHANG_SAN
    with pytest.raises(IdCardTextError, match="255 bytes"):
        parse_text(block[:255])


def test_garbage_text_never_raises() -> None:
    card = parse_text(b"\x00\xd8" * 128)  # unpaired surrogates everywhere
    assert card.sex == "unknown" and card.birth is None


@pytest.mark.parametrize("card", [ZHANG_SAN, LI_SI, WANG_FANG, JIKE_AYI])
def test_encode_text_is_the_inverse_of_parse_text(card: IdCard) -> None:
    block = encode_text(card)
    assert len(block) == 256
    assert parse_text(block) == card


def test_encode_text_layout() -> None:
    block = encode_text(LI_SI)
    assert block[204:220].decode("utf-16-le") == "长期" + " " * 6
    assert block[30:32] == "1".encode("utf-16-le")
    assert block[220:256] == " ".encode("utf-16-le") * 18


def test_encode_text_cuts_long_fields_and_marks_unknown_sex() -> None:
    card = dataclasses.replace(ZHANG_SAN, name="欧阳" * 10, sex="unknown", birth=None)
    decoded = parse_text(encode_text(card))
    assert decoded.name == "欧阳" * 7 + "欧"  # 15 characters fit in 30 bytes
    assert (decoded.sex, decoded.birth) == ("unknown", None)


field_text = st.text(
    alphabet=st.characters(codec="utf-16", exclude_categories=("Cs", "Zs", "Cc")),
    max_size=15,
)


@settings(max_examples=100)
@given(
    name=field_text,
    sex=st.sampled_from(["male", "female", "unknown"]),
    nation=st.from_regex(r"[0-9]{2}", fullmatch=True),
    birth=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
    address=st.text(
        alphabet=st.characters(codec="utf-16", exclude_categories=("Cs", "Zs", "Cc")), max_size=35
    ),
    authority=field_text,
    valid_from=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
    valid_to=st.none() | st.dates(min_value=dt.date(1000, 1, 1)),
)
def test_text_round_trip(
    name: str,
    sex: str,
    nation: str,
    birth: dt.date | None,
    address: str,
    authority: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
) -> None:
    # Characters outside the BMP take four bytes, so a long one may be cut: compare what fits.
    name, address, authority = (
        t.encode("utf-16-le")[:size].decode("utf-16-le", errors="ignore")
        for t, size in ((name, 30), (address, 70), (authority, 30))
    )
    card = IdCard(
        name, sex, nation, birth, address, "11010519491231002X", authority, valid_from, valid_to
    )
    assert parse_text(encode_text(card)) == card


# ---- read replies ---------------------------------------------------------------------------


def test_30_01_reply_round_trip() -> None:
    data = build_read_reply_data(ZHANG_SAN)
    assert len(data) == 4 + 256 + 1024
    card = parse_read_reply(SamFrame(b"\x00\x00\x90" + data))
    assert card == ZHANG_SAN and card.photo == ZHANG_SAN.photo


def test_photo_is_padded_or_cut_to_1024_bytes() -> None:
    short = build_read_reply_data(dataclasses.replace(ZHANG_SAN, photo=b"WLT"))
    assert short[260:] == b"WLT" + bytes(1021)
    long = build_read_reply_data(dataclasses.replace(ZHANG_SAN, photo=bytes(2000)))
    assert len(long) == 1284


def test_30_10_reply_has_its_text_at_frame_offset_16() -> None:
    fingerprint = bytes(range(256)) * 2
    frame = build_reply(0x90, build_read_reply_data(LI_SI, fingerprint=fingerprint))
    assert frame[10:16] == bytes.fromhex("01 00 04 00 02 00")
    assert frame[16:272] == encode_text(LI_SI)
    card = parse_read_reply(SamFrame(frame[7:-1]))
    assert card == LI_SI and card.photo == LI_SI.photo
    [event] = IdCardReplyDecoder(TODAY).feed(frame)
    assert isinstance(event, IdCardRead) and event.card == LI_SI


def test_30_10_reply_without_fingerprint() -> None:
    data = build_read_reply_data(LI_SI, fingerprint=b"")
    assert data[:6] == bytes.fromhex("01 00 04 00 00 00")
    assert parse_read_reply(SamFrame(b"\x00\x00\x90" + data)) == LI_SI


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\x00\x00\x90", "too short"),
        (b"\x00\x00\x90\x01\x00", "too short"),
        (b"\x00\x00\x90\x01\x00\x04\x00" + bytes(100), "does not match"),
        (b"\x00\x00\x90\x00\x10\x00\x00" + bytes(16), "needs 256"),
        (b"\x00\x00\x41", "not a successful"),
        (b"\x00\x00", "not a successful"),
    ],
)
def test_malformed_read_replies_raise_a_typed_error(body: bytes, message: str) -> None:
    with pytest.raises(IdCardTextError, match=message):
        parse_read_reply(SamFrame(body))
    assert issubclass(IdCardTextError, ValueError)


# ---- card events ----------------------------------------------------------------------------


def test_card_event_checks_number_and_expiry() -> None:
    assert card_event(ZHANG_SAN, TODAY) == IdCardRead(
        ZHANG_SAN, id_number_valid=True, expired=False
    )
    assert card_event(WANG_FANG, TODAY).expired
    assert not card_event(LI_SI, dt.date(2999, 1, 1)).expired  # 长期
    bad = dataclasses.replace(ZHANG_SAN, id_number="500103199003070112")
    assert not card_event(bad, TODAY).id_number_valid


def test_expiry_edges() -> None:
    last_day = dataclasses.replace(ZHANG_SAN, valid_to=TODAY)
    assert not card_event(last_day, TODAY).expired
    assert card_event(last_day, TODAY + dt.timedelta(days=1)).expired
    not_yet = dataclasses.replace(ZHANG_SAN, valid_from=TODAY + dt.timedelta(days=30))
    assert not card_event(not_yet, TODAY).expired


# ---- reply decoder --------------------------------------------------------------------------


def test_decoder_turns_a_read_into_one_event() -> None:
    decoder = IdCardReplyDecoder(TODAY)
    frame = build_reply(0x90, build_read_reply_data(WANG_FANG))
    assert decoder.feed(frame[:700]) == []
    [event] = decoder.feed(frame[700:])
    assert event == IdCardRead(WANG_FANG, id_number_valid=True, expired=True)


def test_decoder_judges_expiry_on_the_real_date_by_default() -> None:
    card = dataclasses.replace(ZHANG_SAN, valid_to=dt.date.today() - dt.timedelta(days=1))
    [event] = IdCardReplyDecoder().feed(build_reply(0x90, build_read_reply_data(card)))
    assert isinstance(event, IdCardRead) and event.expired


def test_decoder_reports_other_replies_as_status() -> None:
    decoder = IdCardReplyDecoder(TODAY)
    stream = build_reply(0x90) + build_reply(0x90, bytes(8)) + build_reply(0x90, bytes(16))
    stream += build_reply(0x60) + build_reply(0xEE, b"\x01")
    assert decoder.feed(stream) == [
        ReaderStatus("ok", 0x90),
        ReaderStatus("ok", 0x90),
        ReaderStatus("ok", 0x90),
        ReaderStatus("sam_self_test_failed", 0x60),
        ReaderStatus("unknown_status", 0xEE),
    ]
    assert decoder.poll(123.0) == []


def test_decoder_reports_a_malformed_text_reply_and_frame_errors() -> None:
    good = build_reply(0x90, build_read_reply_data(ZHANG_SAN))
    truncated_text = build_reply(0x90, good[10:200])
    bad_checksum = build_reply(0x80)[:-1] + b"\x00"
    request_shaped = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")  # a body too short for SW3
    events = IdCardReplyDecoder(TODAY).feed(truncated_text + bad_checksum + request_shaped + good)
    assert events == [
        FrameError("text"),
        FrameError("checksum"),
        FrameError("length"),
        IdCardRead(ZHANG_SAN, id_number_valid=True, expired=False),
    ]


def test_synthetic_cards_decode_with_a_valid_number() -> None:
    card = dataclasses.replace(
        JIKE_AYI, id_number=make_id_number("513401", dt.date(2007, 5, 20), 88)
    )
    [event] = IdCardReplyDecoder(TODAY).feed(build_reply(0x90, build_read_reply_data(card)))
    assert isinstance(event, IdCardRead) and event.id_number_valid and event.card.name == "吉克阿依"
