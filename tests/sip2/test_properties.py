"""Properties: decode(encode(x)) == x for any clean message; random bytes never raise anything
but FrameError; the reader's frames do not depend on how the stream was cut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.backend.sip2.codec import (
    ChecksumRule,
    ChecksumState,
    FrameError,
    FrameReader,
    decode,
    encode,
    sanitize,
)
from kiosk.backend.sip2.dialect import TextEncoding
from kiosk.backend.sip2.messages import FIXED_FIELDS, MessageCode

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    max_size=20,
).map(sanitize)
_FIELD_ID = st.from_regex(r"\A[A-Z][A-Z0-9]\Z").filter(lambda f: f not in ("AY", "AZ"))
_FIXED_CHAR = st.characters(min_codepoint=0x20, max_codepoint=0x7E).filter(lambda c: c != "|")


@st.composite
def messages(draw: st.DrawFn) -> tuple[MessageCode, dict[str, str], dict[str, str | list[str]]]:
    code = draw(st.sampled_from(list(MessageCode)))
    fixed = {
        f.name: draw(st.text(alphabet=_FIXED_CHAR, min_size=f.length, max_size=f.length))
        for f in FIXED_FIELDS[code]
    }
    fields: dict[str, str | list[str]] = {}
    for fid in draw(st.lists(_FIELD_ID, max_size=6, unique=True)):
        values = draw(st.lists(_TEXT, min_size=1, max_size=3))
        fields[fid] = values[0] if len(values) == 1 else values
    return code, fixed, fields


@settings(max_examples=300, deadline=None)
@given(
    messages(),
    st.one_of(st.none(), st.integers(0, 9)),
    st.sampled_from(["utf-8", "gb18030"]),
    st.booleans(),
)
def test_decode_inverts_encode(
    message: tuple[MessageCode, dict[str, str], dict[str, str | list[str]]],
    sequence: int | None,
    encoding: str,
    error_detection: bool,
) -> None:
    code, fixed, fields = message
    if not error_detection:
        sequence = None
    raw = encode(
        code,
        fixed,
        fields,
        sequence=sequence,
        encoding=encoding,
        error_detection=error_detection,
        complete=False,
    )
    frame = decode(raw, encoding=encoding)
    assert (frame.code, frame.fixed, frame.fields, frame.sequence) == (
        code,
        fixed,
        fields,
        sequence,
    )
    assert frame.checksum is (ChecksumState.OK if error_detection else ChecksumState.ABSENT)


@settings(max_examples=500, deadline=None)
@given(
    st.binary(max_size=200),
    st.sampled_from([e.value for e in TextEncoding]),
    st.sampled_from(list(ChecksumRule)),
)
def test_random_bytes_decode_or_fail_cleanly(
    data: bytes, encoding: str, rule: ChecksumRule
) -> None:
    for candidate in (data, b"10" + data, b"64" + data, b"98" + data + b"|AY1AZ0000"):
        try:
            frame = decode(candidate, encoding=encoding, rule=rule)
        except FrameError:
            continue
        assert frame.checksum in ChecksumState


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.lists(st.integers(1, 40), min_size=1, max_size=20))
def test_reader_frames_do_not_depend_on_the_cuts(data: bytes, cuts: list[int]) -> None:
    whole = FrameReader()
    expected = whole.feed(data)
    pieces = FrameReader()
    got: list[bytes] = []
    pos, i = 0, 0
    while pos < len(data):
        size = cuts[i % len(cuts)]
        got.extend(pieces.feed(data[pos : pos + size]))
        pos += size
        i += 1
    assert got == expected
    assert pieces.pending == whole.pending
    assert all(b"\r" not in f and b"\n" not in f and f for f in got)
