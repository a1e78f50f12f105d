"""Line noise with no terminator (a USB adapter's junk at plug-in) followed, after a pause, by
a real scan or card: the scan comes through whole, whatever the noise and however the bytes
are cut. Bytes are fed exactly as the reader thread gets them: chunks, each with its time."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.barcode.classify import make_library_barcode
from drivers.barcode.decode import BarcodeDecoder
from drivers.cardline.decode import CardLineDecoder
from drivers.events import BarcodeKind, BarcodeScanned, CardPresented, ProtocolEvent
from drivers.linebuffer import CR, ETX, LF, Dropped, LineFramer, wrap_frame
from drivers.settings import (
    BarcodeScannerSettings,
    CardLineReaderSettings,
    Terminator,
)

ITEM = "33191000105864"
MAX = 32
TIMEOUT_S = 0.5
FRAMED: list[Terminator] = ["cr", "lf", "crlf", "stx_etx"]
# Noise ends nothing: no byte of it may be a terminator.
NOT_AN_END = [b for b in range(256) if b not in (CR, LF, ETX)]

NOISES = {
    "control and high bytes": b"\x00\xff\xfe\x13\x11",
    "printable junk": b"~~%%",
    "an aim prefix alone": b"]F0A3319",
    "a lone stx and junk": b"\x02\x80junk",
    "longer than max_length": b"9" * (3 * MAX),
}


def scanner(terminator: Terminator, **kw: Any) -> BarcodeDecoder:
    return BarcodeDecoder(
        BarcodeScannerSettings(
            port="kiosksim://scanner",
            terminator=terminator,
            max_length=MAX,
            partial_timeout_ms=int(TIMEOUT_S * 1000),
            **kw,
        )
    )


def card_reader(terminator: Terminator) -> CardLineDecoder:
    return CardLineDecoder(
        CardLineReaderSettings(
            port="kiosksim://card_reader",
            terminator=terminator,
            max_length=MAX,
            partial_timeout_ms=int(TIMEOUT_S * 1000),
        )
    )


@pytest.mark.parametrize("terminator", FRAMED)
@pytest.mark.parametrize("noise", NOISES.values(), ids=NOISES.keys())
def test_noise_then_a_pause_then_a_scan_gives_the_scan(
    terminator: Terminator, noise: bytes
) -> None:
    dec = scanner(terminator)
    assert dec.feed(noise, 10.0) == []
    events = dec.feed(wrap_frame(ITEM.encode(), terminator), 13.0)  # the first scan, later
    assert events == [BarcodeScanned(ITEM, None, BarcodeKind.ITEM)]


@pytest.mark.parametrize("terminator", FRAMED)
@pytest.mark.parametrize("noise", NOISES.values(), ids=NOISES.keys())
def test_noise_then_a_pause_then_a_card_gives_the_card(
    terminator: Terminator, noise: bytes
) -> None:
    dec = card_reader(terminator)
    assert dec.feed(noise, 10.0) == []
    events = dec.feed(wrap_frame(b"0012345678", terminator), 10.0 + TIMEOUT_S)
    assert [e.value for e in events if isinstance(e, CardPresented)] == ["0012345678"]


def test_the_scan_may_arrive_in_pieces_after_the_noise() -> None:
    dec = scanner("cr")
    assert dec.feed(b"\x00\xffjunk", 1.0) == []
    assert dec.feed(b"3319100", 4.0) == []
    assert dec.feed(b"0105864", 4.0 + TIMEOUT_S * 0.9) == []  # one burst: kept together
    assert dec.feed(b"\r", 4.0 + TIMEOUT_S * 1.8) == [BarcodeScanned(ITEM, None, BarcodeKind.ITEM)]


def test_a_frame_paused_inside_for_less_than_the_timeout_is_kept() -> None:
    framer = LineFramer("crlf", 0.05, 64, partial_timeout_s=TIMEOUT_S)
    assert framer.feed(b"ABC", 0.0) == []
    assert framer.feed(b"DEF\r\n", TIMEOUT_S * 0.99) == [b"ABCDEF"]


def test_the_framer_reports_what_it_dropped() -> None:
    framer = LineFramer("cr", 0.05, 64, partial_timeout_s=TIMEOUT_S)
    assert framer.feed(b"junk", 0.0) == []
    assert framer.feed(b"CODE\r", TIMEOUT_S) == [Dropped("stale"), b"CODE"]
    assert framer.feed(b"", 99.0) == []  # an empty read is no burst and drops nothing
    assert framer.buffered == 0


def test_idle_terminator_keeps_the_scan_too() -> None:
    dec = scanner("idle", idle_gap_ms=50)
    dec.feed(b"\x00\xff\xfe", 0.0)
    events = dec.feed(ITEM.encode(), 3.0) + dec.poll(3.1)
    assert events == [BarcodeScanned(ITEM, None, BarcodeKind.ITEM)]


def test_partial_timeout_is_validated() -> None:
    with pytest.raises(ValueError):
        LineFramer("cr", 0.05, 64, partial_timeout_s=0.0)
    with pytest.raises(ValueError, match="partial_timeout_ms"):
        BarcodeScannerSettings(port="x", partial_timeout_ms=5)


library_codes = st.builds(
    make_library_barcode, st.sampled_from([2, 3]), st.integers(0, 9999), st.integers(0, 10**8 - 1)
)
printable = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
scans = st.one_of(
    library_codes,
    library_codes.map(lambda c: f"]F0A{c}B"),
    st.text(alphabet=printable, min_size=1, max_size=MAX),
)


def _cut(data: st.DataObject, wire: bytes) -> list[bytes]:
    inner = range(1, len(wire))
    cuts = sorted(
        data.draw(st.sets(st.sampled_from(inner), max_size=8) if inner else st.just(set()))
    )
    return [wire[a:b] for a, b in zip([0, *cuts], [*cuts, len(wire)], strict=True)]


@given(
    terminator=st.sampled_from(FRAMED),
    garbage=st.lists(st.binary(min_size=1, max_size=80), min_size=1, max_size=4).map(
        lambda parts: [bytes(b for b in p if b in NOT_AN_END) or b"\x00" for p in parts]
    ),
    code=scans,
    gap=st.floats(TIMEOUT_S * 1.01, 3600.0),
    data=st.data(),
)
def test_leading_garbage_then_a_gap_then_a_scan_is_exactly_that_scan(
    terminator: Terminator, garbage: list[bytes], code: str, gap: float, data: st.DataObject
) -> None:
    """Garbage in any chunks, quickly; silence of at least the timeout; then one scan, cut
    anywhere with pauses shorter than the timeout: exactly the events of that scan alone."""
    expected = scanner(terminator).feed(wrap_frame(code.encode(), terminator), 0.0)
    dec = scanner(terminator)
    now = 100.0
    events: list[ProtocolEvent] = []
    for chunk in garbage:
        now += data.draw(st.floats(0.0, TIMEOUT_S * 0.9))
        events += dec.feed(chunk, now)
    now += gap
    for piece in _cut(data, wrap_frame(code.encode(), terminator)):
        events += dec.feed(piece, now)
        now += data.draw(st.floats(0.0, TIMEOUT_S * 0.45))
    assert events == expected
    if code.isdigit():  # a library code always decodes: the noise cost nothing
        assert [e.data for e in events if isinstance(e, BarcodeScanned)] == [code]
