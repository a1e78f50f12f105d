"""The shared line framer: every terminator, overlong frames, idle gaps, bounded memory."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.linebuffer import Dropped, LineFramer, RepeatFilter, is_printable_ascii, wrap_frame
from drivers.settings import Terminator

GAP = 0.05


@pytest.mark.parametrize(
    ("terminator", "stream"),
    [
        ("cr", b"ABC\rDEF\r"),
        ("lf", b"ABC\nDEF\n"),
        ("crlf", b"ABC\r\nDEF\r\n"),
        ("stx_etx", b"\x02ABC\x03\x02DEF\x03"),
    ],
)
def test_each_terminator_ends_frames(terminator: Terminator, stream: bytes) -> None:
    framer = LineFramer(terminator, GAP, 16)
    assert framer.feed(stream, 0.0) == [b"ABC", b"DEF"]
    assert framer.next_deadline() is None


@pytest.mark.parametrize("terminator", ["cr", "lf", "crlf"])
def test_any_line_terminator_accepts_lone_cr_or_lf_and_skips_empty_frames(
    terminator: Terminator,
) -> None:
    framer = LineFramer(terminator, GAP, 16)
    assert framer.feed(b"A\rB\nC\r\n\r\n\n\rD\n\r", 0.0) == [b"A", b"B", b"C", b"D"]


def test_crlf_split_between_cr_and_lf_gives_no_empty_frame() -> None:
    framer = LineFramer("crlf", GAP, 16)
    assert framer.feed(b"123\r", 0.0) == [b"123"]
    assert framer.feed(b"\n", 0.01) == []
    assert framer.feed(b"456\r\n", 0.02) == [b"456"]


def test_stx_etx_ignores_noise_outside_frames() -> None:
    framer = LineFramer("stx_etx", GAP, 16)
    assert framer.feed(b"junk\r\n\x02ABC\x03\xff\x00more\x02DEF\x03tail", 0.0) == [b"ABC", b"DEF"]


def test_stx_etx_new_stx_restarts_the_frame() -> None:
    framer = LineFramer("stx_etx", GAP, 16)
    assert framer.feed(b"\x02lost\x02ABC\x03", 0.0) == [Dropped("interrupted"), b"ABC"]


def test_stx_etx_empty_frame_gives_nothing() -> None:
    assert LineFramer("stx_etx", GAP, 16).feed(b"\x02\x03", 0.0) == []


def test_idle_gap_ends_frame_on_poll() -> None:
    framer = LineFramer("idle", GAP, 16)
    assert framer.feed(b"12", 1.0) == []
    assert framer.feed(b"34", 1.02) == []
    assert framer.next_deadline() == pytest.approx(1.07)
    assert framer.poll(1.06) == []
    assert framer.poll(1.07) == [b"1234"]
    assert framer.next_deadline() is None
    assert framer.poll(5.0) == []


def test_idle_gap_before_new_bytes_ends_the_previous_frame_without_a_poll() -> None:
    framer = LineFramer("idle", GAP, 16)
    framer.feed(b"AAA", 1.0)
    assert framer.feed(b"BBB", 1.2) == [b"AAA"]
    assert framer.poll(1.3) == [b"BBB"]


def test_line_terminators_never_have_a_deadline() -> None:
    framer = LineFramer("cr", GAP, 16)
    framer.feed(b"partial", 0.0)
    assert framer.next_deadline() is None
    assert framer.poll(100.0) == []


def test_frame_of_exactly_max_length_passes() -> None:
    assert LineFramer("cr", GAP, 4).feed(b"ABCD\r", 0.0) == [b"ABCD"]


@pytest.mark.parametrize(
    ("terminator", "stream", "after"),
    [
        ("cr", b"ABCDE", b"FGH\rOK\r"),
        ("crlf", b"ABCDEFGHIJ", b"\r\nOK\r\n"),
        ("stx_etx", b"\x02ABCDE", b"FGH\x03\x02OK\x03"),
    ],
)
def test_overlong_frame_is_dropped_whole_up_to_its_terminator(
    terminator: Terminator, stream: bytes, after: bytes
) -> None:
    framer = LineFramer(terminator, GAP, 4)
    assert framer.feed(stream, 0.0) == [Dropped("overlong")]
    assert framer.feed(after, 0.01) == [b"OK"]


def test_overlong_idle_frame_is_dropped_until_the_gap() -> None:
    framer = LineFramer("idle", GAP, 4)
    assert framer.feed(b"ABCDE", 0.0) == [Dropped("overlong")]
    assert framer.feed(b"FGH", 0.01) == []
    assert framer.next_deadline() == pytest.approx(0.06)
    assert framer.poll(0.06) == []
    assert framer.feed(b"OK", 0.2) == []
    assert framer.poll(0.3) == [b"OK"]


def test_stx_after_overlong_frame_starts_a_fresh_frame() -> None:
    framer = LineFramer("stx_etx", GAP, 4)
    assert framer.feed(b"\x02ABCDEFG\x02OK\x03", 0.0) == [Dropped("overlong"), b"OK"]


def test_reset_forgets_partial_frame() -> None:
    framer = LineFramer("cr", GAP, 16)
    framer.feed(b"half", 0.0)
    framer.reset()
    assert framer.feed(b"whole\r", 0.1) == [b"whole"]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        LineFramer("tab", GAP, 16)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        LineFramer("cr", GAP, 0)
    with pytest.raises(ValueError):
        LineFramer("idle", 0.0, 16)


def test_wrap_frame_matches_each_terminator() -> None:
    assert wrap_frame(b"X", "cr") == b"X\r"
    assert wrap_frame(b"X", "lf") == b"X\n"
    assert wrap_frame(b"X", "crlf") == b"X\r\n"
    assert wrap_frame(b"X", "stx_etx") == b"\x02X\x03"
    assert wrap_frame(b"X", "idle") == b"X"


def test_printable_ascii() -> None:
    assert is_printable_ascii(b" ~AZ09")
    assert not is_printable_ascii(b"A\x1fB")
    assert not is_printable_ascii(b"A\x7f")
    assert not is_printable_ascii("é".encode())


def test_repeat_filter_folds_within_window_per_value() -> None:
    repeats = RepeatFilter(1.0)
    assert repeats.accept("A", 0.0)
    assert repeats.accept("B", 0.1)
    assert not repeats.accept("A", 0.5)
    assert not repeats.accept("A", 0.99)  # measured from the accepted scan, not the repeat
    assert repeats.accept("A", 1.0)


def test_repeat_filter_with_zero_window_folds_nothing() -> None:
    repeats = RepeatFilter(0.0)
    assert repeats.accept("A", 0.0)
    assert repeats.accept("A", 0.0)


@given(
    terminator=st.sampled_from(["cr", "lf", "crlf", "stx_etx", "idle"]),
    chunks=st.lists(st.binary(max_size=200), max_size=20),
)
def test_memory_stays_bounded_on_any_input(terminator: Terminator, chunks: list[bytes]) -> None:
    framer = LineFramer(terminator, GAP, 8)
    now = 0.0
    for chunk in chunks:
        now += 0.01
        for out in framer.feed(chunk, now) + framer.poll(now):
            assert isinstance(out, Dropped) or 0 < len(out) <= 8
        assert framer.buffered <= 8
