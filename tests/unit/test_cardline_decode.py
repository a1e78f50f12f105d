"""Line card reader decoder on real byte streams, with property tests against noise."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.cardline.decode import CardLineDecoder
from drivers.events import CardPresented, CredentialKind, FrameError, ProtocolEvent
from drivers.linebuffer import wrap_frame
from drivers.settings import CardLineReaderSettings, Terminator

GAP_S = 0.05
MAX = 24
TERMINATORS: list[Terminator] = ["cr", "lf", "crlf", "stx_etx", "idle"]
FRAMING = {0x02, 0x03, 0x0A, 0x0D}
BAD_BYTES = [b for b in [*range(0x20), 0x7F, *range(0x80, 0x100)] if b not in FRAMING]


def decoder(**settings: Any) -> CardLineDecoder:
    return CardLineDecoder(CardLineReaderSettings(port="kiosksim://card_reader", **settings))


def card(value: str, kind: CredentialKind = CredentialKind.LIBRARY_CARD) -> CardPresented:
    return CardPresented(kind=kind, value=value)


def test_hex_uid_with_crlf_read_as_the_printed_number() -> None:
    dec = decoder(terminator="crlf", uid_format="decimal_reversed")
    assert dec.feed(b"1C78F2BF\r\n", 0.0) == [card("3220338716")]


@pytest.mark.parametrize(
    ("terminator", "stream"),
    [
        ("cr", b"1C78F2BF\r"),
        ("lf", b"1C78F2BF\n"),
        ("crlf", b"1C78F2BF\r\n"),
        ("stx_etx", b"\x021C78F2BF\x03"),
    ],
)
def test_each_terminator(terminator: Terminator, stream: bytes) -> None:
    dec = decoder(terminator=terminator, uid_format="hex")
    assert dec.feed(stream, 0.0) == [card("1C78F2BF")]


def test_idle_gap_terminator() -> None:
    dec = decoder(terminator="idle", idle_gap_ms=50, uid_format="decimal_reversed")
    assert dec.feed(b"1C78", 1.0) == []
    assert dec.feed(b"F2BF", 1.01) == []
    assert dec.next_deadline() == pytest.approx(1.06)
    assert dec.poll(1.06) == [card("3220338716")]


def test_social_security_card_number_as_is_with_padding() -> None:
    dec = decoder(credential="social_security_card", pad_to=12)
    assert dec.feed(b" 5001012345 \r\n", 0.0) == [
        card("005001012345", CredentialKind.SOCIAL_SECURITY_CARD)
    ]


def test_printable_line_in_the_wrong_format_is_a_card_value_error() -> None:
    dec = decoder(uid_format="hex")
    assert dec.feed(b"NOT-A-UID\r\n1C78F2B\r\n", 0.0) == [
        FrameError(reason="card_value"),
        FrameError(reason="card_value"),
    ]


@pytest.mark.parametrize("noise", [b"1C78\x00F2BF", b"\x1b[0m", b"\xff\xfe", b"12\x7f"])
def test_noise_gives_no_event_and_the_next_tap_still_reads(noise: bytes) -> None:
    dec = decoder(uid_format="hex")
    assert dec.feed(noise + b"\r\n", 0.0) == []
    assert dec.feed(b"1C78F2BF\r\n", 0.1) == [card("1C78F2BF")]


def test_overlong_line_gives_no_event() -> None:
    dec = decoder(max_length=8)
    assert dec.feed(b"123456789\r\n", 0.0) == []
    assert dec.feed(b"12345678\r\n", 0.1) == [card("12345678")]


def test_same_card_within_window_is_one_tap() -> None:
    dec = decoder(repeat_window_ms=1500, uid_format="decimal_reversed")
    assert dec.feed(b"1C78F2BF\r\n", 0.0) == [card("3220338716")]
    assert dec.feed(b"1c78f2bf\r\n", 1.0) == []  # same card, whatever the case of the hex
    assert dec.feed(b"1C78F2BF\r\n", 1.5) == [card("3220338716")]


def test_another_card_within_window_is_a_new_tap() -> None:
    dec = decoder()
    assert dec.feed(b"1111\r\n2222\r\n", 0.0) == [card("1111"), card("2222")]


def test_event_repr_masks_the_card_number() -> None:
    (event,) = decoder(uid_format="decimal_reversed").feed(b"1C78F2BF\r\n", 0.0)
    assert "3220338716" not in repr(event)
    assert "8716" in repr(event)


def test_reset_forgets_partial_line_and_recent_taps() -> None:
    dec = decoder()
    dec.feed(b"1111\r\n22", 0.0)
    dec.reset()
    assert dec.feed(b"1111\r\n", 0.1) == [card("1111")]


# ---- properties ------------------------------------------------------------------------------

card_values = st.text(alphabet="0123456789ABCDEF", min_size=1, max_size=MAX // 2).map(
    lambda v: v if len(v) % 2 == 0 else v + "0"
)
lines = st.one_of(card_values, st.text(alphabet="GHIJ -", min_size=1, max_size=MAX))


@st.composite
def noise_frames(draw: st.DrawFn) -> bytes:
    """A frame with at least one control or non-ASCII byte, or one that is too long."""
    if draw(st.booleans()):
        text = draw(st.text(alphabet="0123456789ABCDEF", max_size=MAX)).encode()
        at = draw(st.integers(0, len(text)))
        return text[:at] + bytes([draw(st.sampled_from(BAD_BYTES))]) + text[at:]
    return draw(st.text(alphabet="0123456789ABCDEF", min_size=MAX + 1, max_size=3 * MAX)).encode()


def prop_decoder(terminator: Terminator) -> CardLineDecoder:
    return decoder(
        terminator=terminator,
        idle_gap_ms=int(GAP_S * 1000),
        max_length=MAX,
        uid_format="hex",
        repeat_window_ms=0,
    )


def feed_whole(terminator: Terminator, frames: list[bytes]) -> list[ProtocolEvent]:
    dec = prop_decoder(terminator)
    wires = [wrap_frame(f, terminator) for f in frames]
    if terminator != "idle":
        return dec.feed(b"".join(wires), 0.0)
    events: list[ProtocolEvent] = []
    for i, wire in enumerate(wires):
        events += dec.feed(wire, float(i))
    return events + dec.poll(float(len(wires)))


def feed_chunked(
    terminator: Terminator, frames: list[bytes], data: st.DataObject
) -> list[ProtocolEvent]:
    """Cut the stream anywhere, with pauses shorter than the idle gap between the pieces."""
    dec = prop_decoder(terminator)
    wires = [wrap_frame(f, terminator) for f in frames]
    groups = wires if terminator == "idle" else [b"".join(wires)]
    now = 100.0
    events: list[ProtocolEvent] = []
    for group in groups:
        inner = range(1, len(group))
        cuts = sorted(data.draw(st.sets(st.sampled_from(inner), max_size=10)) if inner else [])
        for start, end in zip([0, *cuts], [*cuts, len(group)], strict=True):
            now += data.draw(st.floats(0.0, GAP_S * 0.9))
            events += dec.feed(group[start:end], now)
            events += dec.poll(now)
        now += GAP_S * 2
        events += dec.poll(now)
    return events


@given(
    terminator=st.sampled_from(TERMINATORS),
    values=st.lists(lines, min_size=1, max_size=6),
    data=st.data(),
)
def test_any_chunking_decodes_like_the_whole_stream(
    terminator: Terminator, values: list[str], data: st.DataObject
) -> None:
    frames = [v.encode() for v in values]
    whole = feed_whole(terminator, frames)
    assert feed_chunked(terminator, frames, data) == whole
    assert len(whole) == len(values)  # every clean line is a tap or a card_value error


@given(
    terminator=st.sampled_from(TERMINATORS),
    values=st.lists(lines, max_size=4),
    noise=st.lists(noise_frames(), min_size=1, max_size=6),
    data=st.data(),
)
def test_noise_frames_never_yield_an_event(
    terminator: Terminator, values: list[str], noise: list[bytes], data: st.DataObject
) -> None:
    frames = [v.encode() for v in values]
    for frame in noise:
        frames.insert(data.draw(st.integers(0, len(frames))), frame)
    expected = feed_whole(terminator, [v.encode() for v in values])
    assert feed_chunked(terminator, frames, data) == expected
    assert feed_whole(terminator, noise) == []


@given(
    terminator=st.sampled_from(TERMINATORS),
    uid_format=st.sampled_from(["as_is", "hex", "hex_reversed", "decimal", "decimal_reversed"]),
    pad_to=st.integers(0, 32),
    chunks=st.lists(st.tuples(st.binary(max_size=120), st.floats(0.0, 0.2)), max_size=20),
)
def test_random_bytes_never_raise(
    terminator: Terminator, uid_format: str, pad_to: int, chunks: list[tuple[bytes, float]]
) -> None:
    dec = decoder(terminator=terminator, uid_format=uid_format, pad_to=pad_to, max_length=16)
    now = 0.0
    for chunk, dt in chunks:
        now += dt
        for event in dec.feed(chunk, now) + dec.poll(now):
            assert isinstance(event, CardPresented | FrameError)
