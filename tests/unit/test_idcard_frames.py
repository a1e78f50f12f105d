"""SAM frames: the worked examples of PROTOCOLS.md §1 byte for byte, and reassembly from chunks."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from drivers.events import FrameError, IdCardRead, ReaderStatus
from drivers.idcard.decode import IdCardReplyDecoder
from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from drivers.idcard.frames import (
    MAX_LENGTH,
    NO_SW3,
    PREAMBLE,
    FrameAssembler,
    SamFrame,
    build_reply,
    build_request,
    xor_checksum,
)
from drivers.idcard.status import CARD_RETRY, LINK_ERRORS, SAM_FAULTS, Sw3, status_code
from drivers.idcard.text import build_read_reply_data

TODAY = dt.date(2026, 1, 1)


def hx(text: str) -> bytes:
    return bytes.fromhex(text)


# ---- the worked examples --------------------------------------------------------------------

REQUESTS = [
    # (cmd, para, documented frame)
    (0x20, 0x01, "AA AA AA 96 69 00 03 20 01 22"),
    (0x20, 0x02, "AA AA AA 96 69 00 03 20 02 21"),
    (0x30, 0x01, "AA AA AA 96 69 00 03 30 01 32"),
    (0x11, 0xFF, "AA AA AA 96 69 00 03 11 FF ED"),
    (0x10, 0xFF, "AA AA AA 96 69 00 03 10 FF EC"),
    (0x12, 0xFF, "AA AA AA 96 69 00 03 12 FF EE"),
]


@pytest.mark.parametrize(("cmd", "para", "documented"), REQUESTS)
def test_request_frames_match_the_table(cmd: int, para: int, documented: str) -> None:
    assert build_request(cmd, para) == hx(documented)


@pytest.mark.parametrize(("cmd", "para", "documented"), REQUESTS)
def test_documented_requests_reassemble_to_cmd_and_para(
    cmd: int, para: int, documented: str
) -> None:
    [frame] = FrameAssembler().feed(hx(documented))
    assert isinstance(frame, SamFrame)
    assert (frame.cmd, frame.para, frame.request_data) == (cmd, para, b"")


REPLIES = [
    # (sw3, data, documented frame, stable code)
    (0x9F, bytes(4), "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", "card_found"),
    (0x80, b"", "AA AA AA 96 69 00 04 00 00 80 84", "no_card"),
    (0x90, bytes(8), "AA AA AA 96 69 00 0C 00 00 90" + " 00" * 8 + " 9C", "ok"),
    (0x81, b"", "AA AA AA 96 69 00 04 00 00 81 85", "select_failed"),
    (0x41, b"", "AA AA AA 96 69 00 04 00 00 41 45", "read_failed"),
    (0x90, b"", "AA AA AA 96 69 00 04 00 00 90 94", "ok"),
]


@pytest.mark.parametrize(("sw3", "data", "documented", "code"), REPLIES)
def test_reply_frames_match_the_table(sw3: int, data: bytes, documented: str, code: str) -> None:
    assert build_reply(sw3, data) == hx(documented)


@pytest.mark.parametrize(("sw3", "data", "documented", "code"), REPLIES)
def test_documented_replies_decode(sw3: int, data: bytes, documented: str, code: str) -> None:
    [frame] = FrameAssembler().feed(hx(documented))
    assert isinstance(frame, SamFrame)
    assert (frame.sw3, frame.data) == (sw3, data)
    assert IdCardReplyDecoder(TODAY).feed(hx(documented)) == [ReaderStatus(code=code, sw3=sw3)]


def test_read_reply_is_1295_bytes_with_the_documented_layout() -> None:
    frame = build_reply(0x90, build_read_reply_data(ZHANG_SAN))
    assert len(frame) == 1295
    assert frame[:14] == hx("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    assert frame[14:270].decode("utf-16-le").startswith("张三")  # text at offsets 14–269
    assert frame[270:1294] == ZHANG_SAN.photo  # photo at 270–1293
    assert frame[1294] == xor_checksum(frame[5:1294])  # CHK at 1294
    [event] = IdCardReplyDecoder(TODAY).feed(frame)
    assert isinstance(event, IdCardRead)
    assert event.card == ZHANG_SAN and event.card.photo == ZHANG_SAN.photo


def test_sam_id_reply_is_27_bytes() -> None:
    assert len(build_reply(0x90, bytes(16))) == 27


def test_length_counts_every_byte_after_it_including_chk() -> None:
    frame = build_request(0x20, 0x01, b"\x01\x02\x03")
    assert int.from_bytes(frame[5:7], "big") == len(frame) - 7 == 6


def test_checksum_is_xor_from_len_hi_to_the_byte_before_chk() -> None:
    frame = build_reply(0x9F, bytes(4))
    assert frame[-1] == xor_checksum(frame[5:-1]) == 0x08 ^ 0x9F
    assert xor_checksum(b"") == 0
    assert xor_checksum(hx("00 03 20 01")) == 0x22


def test_builders_reject_values_that_are_not_bytes() -> None:
    with pytest.raises(ValueError, match="cmd"):
        build_request(0x100, 0x01)
    with pytest.raises(ValueError, match="sw3"):
        build_reply(-1)
    with pytest.raises(ValueError, match="limit"):
        build_reply(0x90, bytes(MAX_LENGTH))


def test_sam_frame_views() -> None:
    frame = SamFrame(hx("00 00 9F 01 02"))
    assert (frame.sw3, frame.data) == (0x9F, hx("01 02"))
    assert (frame.cmd, frame.para, frame.request_data) == (0x00, 0x00, hx("9F 01 02"))
    assert SamFrame(hx("20 01")).sw3 == NO_SW3
    assert not SamFrame(hx("20 01")).has_status and frame.has_status


# ---- status codes ------------------------------------------------------------------------

STATUS_CODES = {
    0x90: "ok",
    0x9F: "card_found",
    0x80: "no_card",
    0x81: "select_failed",
    0x91: "no_content",
    0x10: "checksum_error",
    0x11: "length_error",
    0x21: "bad_command",
    0x23: "unauthorised",
    0x24: "unknown_error",
    0x31: "auth_failed",
    0x32: "auth_failed",
    0x33: "verification_error",
    0x40: "unknown_card_type",
    0x41: "read_failed",
    0x47: "random_number_failed",
    0x60: "sam_self_test_failed",
    0x66: "sam_not_authorised",
}


@pytest.mark.parametrize(("sw3", "code"), sorted(STATUS_CODES.items()))
def test_every_documented_sw3_has_its_code(sw3: int, code: str) -> None:
    assert status_code(sw3) == code
    assert status_code(Sw3(sw3)) == code
    assert IdCardReplyDecoder(TODAY).feed(build_reply(sw3)) == [ReaderStatus(code, sw3)]


def test_any_other_sw3_is_unknown_status() -> None:
    others = set(range(256)) - set(STATUS_CODES)
    assert {status_code(sw3) for sw3 in others} == {"unknown_status"}
    assert {int(member) for member in Sw3} == set(STATUS_CODES)


def test_named_sets() -> None:
    assert {0x60, 0x66, 0x23} == SAM_FAULTS
    assert {0x10, 0x11, 0x21} == LINK_ERRORS
    assert Sw3.READ_FAILED in CARD_RETRY and Sw3.NO_CARD not in CARD_RETRY


# ---- reassembly --------------------------------------------------------------------------

FIND_OK = hx("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
NO_CARD = hx("AA AA AA 96 69 00 04 00 00 80 84")


def test_garbage_before_and_between_frames_is_skipped_silently() -> None:
    items = FrameAssembler().feed(b"\x00\xffnoise" + FIND_OK + b"\xaa\xaa\x13" + NO_CARD + b"\x96")
    assert [item.sw3 for item in items if isinstance(item, SamFrame)] == [0x9F, 0x80]
    assert len(items) == 2


def test_extra_preamble_bytes_are_garbage() -> None:
    assert FrameAssembler().feed(b"\xaa\xaa" + NO_CARD) == [SamFrame(hx("00 00 80"))]


def test_bad_checksum_yields_an_error_and_the_next_frame_still_decodes() -> None:
    broken = NO_CARD[:-1] + bytes([NO_CARD[-1] ^ 0xFF])
    assert FrameAssembler().feed(broken + FIND_OK) == [
        FrameError(reason="checksum"),
        SamFrame(hx("00 00 9F 00 00 00 00")),
    ]


@pytest.mark.parametrize(
    "length", [b"\x00\x00", b"\x00\x01", b"\x00\x02", b"\x10\x01", b"\xff\xff"]
)
def test_impossible_length_yields_an_error_and_resynchronises(length: bytes) -> None:
    assembler = FrameAssembler()
    assert assembler.feed(PREAMBLE + length + b"\x00\x00\x90\x94" + FIND_OK) == [
        FrameError(reason="length"),
        SamFrame(hx("00 00 9F 00 00 00 00")),
    ]
    assert assembler.pending == 0


def test_frames_inside_a_truncated_frame_are_recovered() -> None:
    # The reader died halfway through a read reply (LEN 0x0508) and then answered polls: once
    # enough bytes arrived the stale frame fails its checksum and the search restarts inside it.
    truncated = build_reply(0x90, build_read_reply_data(ZHANG_SAN))[:40]
    polls = NO_CARD * 130  # 1430 bytes, more than the stale frame claims
    items = FrameAssembler().feed(truncated + polls)
    assert items[0] == FrameError(reason="checksum")
    assert items[1:] == [SamFrame(hx("00 00 80"))] * 130


def test_split_preamble_and_length_wait_for_more() -> None:
    assembler = FrameAssembler()
    for cut in (b"\xaa", b"\xaa\xaa\x96", b"\x69\x00", b"\x04\x00\x00\x80"):
        assert assembler.feed(cut) == []
    assert assembler.feed(b"\x84") == [SamFrame(hx("00 00 80"))]


def test_memory_is_bounded_by_one_frame() -> None:
    assembler = FrameAssembler()
    noise = bytes(random.Random(7).randrange(0, 0xAA) for _ in range(100_000)) + b"\xaa\xaa\xaa"
    assert assembler.feed(noise) == []
    assert assembler.pending == 3  # only the bytes that may still start a preamble
    assembler.feed(b"\x96\x69\x10\x00" + bytes(10_000))  # LEN 4096 announced, bytes keep coming
    assert assembler.pending <= 7 + MAX_LENGTH
    assembler.reset()
    assert assembler.pending == 0
    assert assembler.feed(NO_CARD) == [SamFrame(hx("00 00 80"))]


# ---- properties --------------------------------------------------------------------------

requests = st.builds(
    build_request,
    st.integers(0, 255),
    st.integers(0, 255),
    st.binary(max_size=40),
)
replies = st.builds(build_reply, st.integers(0, 255), st.binary(max_size=40))
read_replies = st.sampled_from(
    [build_reply(0x90, build_read_reply_data(card)) for card in (ZHANG_SAN, LI_SI)]
)
frames = st.one_of(requests, replies, read_replies)
# What a reader answers besides a text read: an OK with more than 16 bytes is a text read,
# so a random one of those is rightly a FrameError and has no place among well-formed replies.
status_replies = st.one_of(
    st.builds(
        build_reply, st.integers(0, 255).filter(lambda sw3: sw3 != Sw3.OK), st.binary(max_size=40)
    ),
    st.builds(build_reply, st.just(Sw3.OK), st.binary(max_size=16)),
)
reply_frames = st.one_of(status_replies, read_replies)
no_preamble = st.binary(max_size=60).filter(lambda b: PREAMBLE not in b)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


@settings(max_examples=60, deadline=None)
@given(st.lists(frames, min_size=1, max_size=6), st.lists(st.integers(0, 10_000), max_size=30))
def test_any_chunking_reassembles_the_same_frames(stream: list[bytes], cuts: list[int]) -> None:
    data = b"".join(stream)
    whole = FrameAssembler().feed(data)
    assembler = FrameAssembler()
    chunked = [item for chunk in _chunks(data, cuts) for item in assembler.feed(chunk)]
    assert chunked == whole
    assert [f.body for f in whole if isinstance(f, SamFrame)] == [s[7:-1] for s in stream]
    assert assembler.pending == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(reply_frames, min_size=1, max_size=6),
    st.lists(st.integers(0, 10_000), max_size=30),
)
def test_any_chunking_decodes_to_the_same_events(stream: list[bytes], cuts: list[int]) -> None:
    data = b"".join(stream)
    whole = IdCardReplyDecoder(TODAY).feed(data)
    decoder = IdCardReplyDecoder(TODAY)
    chunked = [event for chunk in _chunks(data, cuts) for event in decoder.feed(chunk)]
    assert chunked == whole
    assert len(whole) == len(stream)
    assert not any(isinstance(event, FrameError) for event in whole)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(no_preamble, frames), min_size=1, max_size=6), no_preamble)
def test_garbage_between_frames_is_skipped(pairs: list[tuple[bytes, bytes]], tail: bytes) -> None:
    data = b"".join(garbage + frame for garbage, frame in pairs) + tail
    items = FrameAssembler().feed(data)
    assert [item.body for item in items if isinstance(item, SamFrame)] == [
        frame[7:-1] for _, frame in pairs
    ]
    assert len(items) == len(pairs)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.lists(st.integers(0, 10_000), max_size=20))
def test_random_bytes_never_raise(data: bytes, cuts: list[int]) -> None:
    decoder = IdCardReplyDecoder(TODAY)
    for chunk in _chunks(data, cuts):
        decoder.feed(chunk)
    assert decoder.poll(0.0) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=30), st.just(PREAMBLE)), max_size=30))
def test_random_bytes_with_preambles_never_raise(parts: list[bytes]) -> None:
    events = IdCardReplyDecoder(TODAY).feed(b"".join(parts))
    assert all(isinstance(e, FrameError | ReaderStatus | IdCardRead) for e in events)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_without_a_preamble_yield_no_event(data: bytes) -> None:
    assume(PREAMBLE not in data)
    decoder = IdCardReplyDecoder(TODAY)
    assert decoder.feed(data) == []
