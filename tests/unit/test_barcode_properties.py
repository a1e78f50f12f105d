"""Property tests of the barcode decoder: chunking never matters, noise never becomes a scan."""

from __future__ import annotations

from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

from drivers.barcode.classify import make_library_barcode
from drivers.barcode.decode import BarcodeDecoder
from drivers.events import BarcodeScanned, ProtocolEvent
from drivers.linebuffer import wrap_frame
from drivers.settings import BarcodeScannerSettings, Terminator

GAP_S = 0.05
MAX = 32
TERMINATORS: list[Terminator] = ["cr", "lf", "crlf", "stx_etx", "idle"]
FRAMING = {0x02, 0x03, 0x0A, 0x0D}
BAD_BYTES = [b for b in [*range(0x20), 0x7F, *range(0x80, 0x100)] if b not in FRAMING]

printable = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
library_codes = st.builds(
    make_library_barcode,
    st.sampled_from([2, 3]),
    st.integers(0, 9999),
    st.integers(0, 99_999_999),
)
digits = st.text(alphabet="0123456789", min_size=1, max_size=MAX - 2)
scans = st.one_of(
    st.text(alphabet=printable, min_size=1, max_size=MAX),
    library_codes,
    st.just("9780306406157"),
    digits.map(lambda d: f"A{d}B"),
    library_codes.map(lambda c: f"]F0A{c}B"),
    library_codes.map(lambda c: f"]C0{c}"),
)


@st.composite
def noise_frames(draw: st.DrawFn) -> bytes:
    """A frame with at least one control or non-ASCII byte, or one that is too long."""
    if draw(st.booleans()):
        text = draw(st.text(alphabet=printable, max_size=MAX)).encode()
        at = draw(st.integers(0, len(text)))
        return text[:at] + bytes([draw(st.sampled_from(BAD_BYTES))]) + text[at:]
    if draw(st.booleans()):
        return draw(st.text(alphabet="0123456789", min_size=MAX + 1, max_size=MAX + 8)).encode()
    return draw(st.text(alphabet=printable, min_size=MAX + 6, max_size=3 * MAX)).encode()


def decoder(terminator: Terminator) -> BarcodeDecoder:
    settings = BarcodeScannerSettings(
        port="kiosksim://scanner",
        terminator=terminator,
        idle_gap_ms=int(GAP_S * 1000),
        max_length=MAX,
        repeat_window_ms=0,  # every frame counts, so only framing decides the result
    )
    return BarcodeDecoder(settings)


def feed_whole(terminator: Terminator, frames: list[bytes]) -> list[ProtocolEvent]:
    dec = decoder(terminator)
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
    dec = decoder(terminator)
    wires = [wrap_frame(f, terminator) for f in frames]
    # Without a terminator, the silence between codes is what separates them.
    groups = wires if terminator == "idle" else [b"".join(wires)]
    now = 100.0
    events: list[ProtocolEvent] = []
    for group in groups:
        inner = range(1, len(group))
        cuts = sorted(
            data.draw(st.sets(st.sampled_from(inner), max_size=10) if inner else st.just(set()))
        )
        for start, end in zip([0, *cuts], [*cuts, len(group)], strict=True):
            now += data.draw(st.floats(0.0, GAP_S * 0.9))
            events += dec.feed(group[start:end], now)
            events += dec.poll(now)
        now += GAP_S * 2
        events += dec.poll(now)
    return events


@given(
    terminator=st.sampled_from(TERMINATORS),
    codes=st.lists(scans, min_size=1, max_size=6),
    data=st.data(),
)
def test_any_chunking_decodes_like_the_whole_stream(
    terminator: Terminator, codes: list[str], data: st.DataObject
) -> None:
    frames = [c.encode() for c in codes]
    whole = feed_whole(terminator, frames)
    assert feed_chunked(terminator, frames, data) == whole
    assert all(isinstance(e, BarcodeScanned) for e in whole)


@given(
    terminator=st.sampled_from(TERMINATORS),
    codes=st.lists(scans, max_size=4),
    noise=st.lists(noise_frames(), min_size=1, max_size=6),
    data=st.data(),
)
def test_noise_frames_never_yield_an_event(
    terminator: Terminator, codes: list[str], noise: list[bytes], data: st.DataObject
) -> None:
    frames: list[bytes] = [c.encode() for c in codes]
    for frame in noise:
        frames.insert(data.draw(st.integers(0, len(frames))), frame)
    expected = feed_whole(terminator, [c.encode() for c in codes])
    assert feed_whole(terminator, frames) == expected
    assert feed_chunked(terminator, frames, data) == expected
    assert feed_whole(terminator, noise) == []


@given(
    terminator=st.sampled_from(TERMINATORS),
    aim=st.sampled_from(["auto", "off"]),
    strip=st.booleans(),
    min_length=st.integers(1, 8),
    chunks=st.lists(st.tuples(st.binary(max_size=120), st.floats(0.0, 0.2)), max_size=20),
)
def test_random_bytes_never_raise(
    terminator: Terminator,
    aim: Literal["auto", "off"],
    strip: bool,
    min_length: int,
    chunks: list[tuple[bytes, float]],
) -> None:
    settings = BarcodeScannerSettings(
        port="kiosksim://scanner",
        terminator=terminator,
        aim=aim,
        strip_codabar=strip,
        min_length=min_length,
        max_length=16,
    )
    dec = BarcodeDecoder(settings)
    now = 0.0
    for chunk, dt in chunks:
        now += dt
        for event in dec.feed(chunk, now) + dec.poll(now):
            assert isinstance(event, BarcodeScanned)
            assert min_length <= len(event.data) <= 16
            assert event.data.isprintable() and event.data.isascii()
        deadline = dec.next_deadline()
        # Whatever is still pending after a poll is due later, never in the past.
        assert deadline is None or deadline > now
