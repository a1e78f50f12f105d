"""SIP2 frames: encode, decode, checksums, sequence numbers, dates, and splitting a byte stream."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.backend.sip2.messages import FIXED_FIELDS, MAY_BE_EMPTY, REQUIRED_FIELDS, MessageCode

FieldValue = str | list[str]
FieldsIn = Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]]

MAX_FRAME_BYTES = 64 * 1024
"""A frame longer than this is garbage (no terminator): the reader drops it."""


class FrameError(ValueError):
    """Bytes that are not a SIP2 message the kiosk knows (the clean error decode raises)."""


class ChecksumState(StrEnum):
    """What a frame's AZ checksum says under the rule it was checked with."""

    OK = "ok"
    BAD = "bad"
    ABSENT = "absent"


class ChecksumRule(StrEnum):
    """How a checksum is computed.

    ``standard``: SIP2 2.00 — the 16-bit two's complement of the sum of the frame's bytes, from
    the first byte up to and including "AZ". ``dp2``: dp2Capo's GetChecksum — the same
    arithmetic over the text's UTF-16 code units (not the encoded bytes), and over the text
    *before* the "|AY4AZ" it appends (dp2Capo/SipProcessor.cs, AddChecksumForMessage)."""

    STANDARD = "standard"
    DP2 = "dp2"


@dataclass(frozen=True)
class Frame:
    """One decoded message. ``raw`` is the frame's bytes without the terminator."""

    code: MessageCode
    fixed: dict[str, str]
    fields: dict[str, FieldValue]
    sequence: int | None = None
    checksum: ChecksumState = ChecksumState.ABSENT
    raw: bytes = field(default=b"", compare=False, repr=False)

    def first(self, field_id: str, default: str = "") -> str:
        """The field's value (its first, if it repeats)."""
        value = self.fields.get(field_id)
        if value is None:
            return default
        return value[0] if isinstance(value, list) else value

    def all(self, field_id: str) -> list[str]:
        """Every value of a field, in order ([] when absent)."""
        value = self.fields.get(field_id)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]


# ---- sanitising -------------------------------------------------------------------------------

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def sanitize(value: str) -> str:
    """A value safe to put in a field: no '|', CR, LF or other control/format characters
    (a scan or a card must never end a field or a frame, or smuggle one in)."""
    return "".join(
        ch for ch in value if ch != "|" and unicodedata.category(ch) not in _UNSAFE_CATEGORIES
    )


def is_clean(value: str) -> bool:
    """True when :func:`sanitize` would leave the value unchanged."""
    return sanitize(value) == value


# ---- checksums --------------------------------------------------------------------------------


def _complement(total: int) -> str:
    return f"{(-total) & 0xFFFF:04X}"


def checksum(data: bytes) -> str:
    """The standard checksum of ``data`` (everything up to and including "AZ"): 4 hex digits."""
    return _complement(sum(data))


def dp2_checksum(text: str) -> str:
    """dp2's checksum of ``text`` (the message before dp2's "|AY4AZ"): UTF-16 code units."""
    units = text.encode("utf-16-le", errors="surrogatepass")
    return _complement(
        sum(int.from_bytes(units[i : i + 2], "little") for i in range(0, len(units), 2))
    )


_TRAILER = re.compile(rb"(\|?)(?:AY([0-9])?)?AZ([0-9A-Fa-f]{4})\Z")


def _split_trailer(raw: bytes) -> tuple[bytes, int | None, str | None, int]:
    """(body without trailer, sequence, checksum hex, index where 'AY'/'AZ' starts)."""
    match = _TRAILER.search(raw)
    if match is None:
        seq = re.search(rb"\|?AY([0-9])\Z", raw)
        if seq is not None:
            return raw[: seq.start()], int(seq.group(1)), None, seq.start()
        return raw, None, None, len(raw)
    start = match.start() + len(match.group(1))
    sequence = int(match.group(2)) if match.group(2) is not None else None
    return raw[: match.start()], sequence, match.group(3).decode("ascii").upper(), start


def checksum_state(raw: bytes, rule: ChecksumRule, encoding: str = "utf-8") -> ChecksumState:
    """Whether the frame ``raw`` (no terminator) carries a checksum that verifies under ``rule``."""
    _, _, given, start = _split_trailer(raw)
    if given is None:
        return ChecksumState.ABSENT
    if rule is ChecksumRule.STANDARD:
        upto = raw.rindex(b"AZ") + 2
        return ChecksumState.OK if checksum(raw[:upto]) == given else ChecksumState.BAD
    text = raw[:start].decode(encoding, errors="replace")
    # dp2 appends "AY4AZ" after a message that already ends in '|', else "|AY4AZ": the text it
    # summed is ours with or without that last '|'.
    candidates = {text, text.removesuffix("|")}
    ok = any(dp2_checksum(c) == given for c in candidates)
    return ChecksumState.OK if ok else ChecksumState.BAD


# ---- encode / decode --------------------------------------------------------------------------


def _field_pairs(fields: FieldsIn) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    items = fields.items() if isinstance(fields, Mapping) else fields
    for fid, value in items:
        if isinstance(value, str):
            pairs.append((fid, value))
        else:
            pairs.extend((fid, v) for v in value)
    return pairs


def encode(
    code: MessageCode | str,
    fixed: Mapping[str, str] | None = None,
    fields: FieldsIn = (),
    *,
    sequence: int | None = None,
    error_detection: bool = True,
    encoding: str = "utf-8",
    terminator: bytes = b"\r",
    complete: bool = True,
) -> bytes:
    """One message as bytes: code, fixed fields in spec order, variable fields (each value
    sanitised, each ended by '|'), then "AY<n>AZ<checksum>" when error detection is on
    ("AZ<checksum>" alone when ``sequence`` is None).

    With ``complete``, a required field left out (``REQUIRED_FIELDS``) is added empty if it may
    be (AC, AD). ``ValueError`` for any other left out, for a missing, extra or wrongly sized
    fixed field, a bad field id or a sequence number outside 0–9; ``UnicodeEncodeError`` for
    text the encoding lacks."""
    msg = MessageCode(code)
    fixed = dict(fixed or {})
    parts = [msg.value]
    for spec in FIXED_FIELDS[msg]:
        value = fixed.pop(spec.name, None)
        if value is None:
            raise ValueError(f"{msg.value}: fixed field {spec.name} missing")
        if len(value) != spec.length or not is_clean(value):
            raise ValueError(f"{msg.value}: {spec.name} must be {spec.length} plain characters")
        parts.append(value)
    if fixed:
        raise ValueError(f"{msg.value}: no fixed field named {', '.join(sorted(fixed))}")
    pairs = _field_pairs(fields)
    present = {fid for fid, _ in pairs}
    for fid in REQUIRED_FIELDS.get(msg, ()) if complete else ():
        if fid not in present:
            if fid not in MAY_BE_EMPTY:
                raise ValueError(f"{msg.value}: required field {fid} missing")
            pairs.append((fid, ""))
    for fid, value in pairs:
        if len(fid) != 2 or not fid.isascii() or not fid.isalnum() or fid in ("AY", "AZ"):
            raise ValueError(f"bad field id {fid!r}")
        parts.append(f"{fid}{sanitize(value)}|")
    body = "".join(parts).encode(encoding)
    if error_detection:
        # Without a sequence number only AZ is written (the spec's resend messages: 97AZFEF5).
        if sequence is not None:
            if not 0 <= sequence <= 9:
                raise ValueError("sequence number must be 0–9")
            body += f"AY{sequence}".encode("ascii")
        body += b"AZ"
        body += checksum(body).encode("ascii")
    elif sequence is not None:
        raise ValueError("a sequence number needs error detection")
    return body + terminator


def decode(
    raw: bytes, *, encoding: str = "utf-8", rule: ChecksumRule = ChecksumRule.STANDARD
) -> Frame:
    """One frame (terminator optional) → :class:`Frame`; :class:`FrameError` if it is not a
    message the kiosk knows or its fixed part is short."""
    raw = raw.rstrip(b"\r\n")
    if len(raw) < 2:
        raise FrameError("frame shorter than a message code")
    try:
        code = MessageCode(raw[:2].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise FrameError(f"unknown message code {raw[:2]!r}") from None
    body, sequence, _, start = _split_trailer(raw)
    if start < 2 + sum(f.length for f in FIXED_FIELDS[code]):
        # "AZ" and four hex digits inside the fixed part are data, not a checksum.
        body, sequence, state = raw, None, ChecksumState.ABSENT
    else:
        state = checksum_state(raw, rule, encoding)
    text = body.decode(encoding, errors="replace")
    pos = 2
    fixed: dict[str, str] = {}
    specs = FIXED_FIELDS[code]
    for spec in specs:
        value = text[pos : pos + spec.length]
        if "|" in value:
            # A fixed part cut short (dp2's own sample checkin leaves out the return date): the
            # fields start after the '|'; the missing fixed fields read as blank.
            value = value[: value.index("|")]
            pos += len(value)
            fixed[spec.name] = value
            break
        if len(value) != spec.length:
            raise FrameError(f"{code.value}: fixed field {spec.name} cut short")
        fixed[spec.name] = value
        pos += spec.length
    for spec in specs:
        fixed.setdefault(spec.name, "")
    fields: dict[str, FieldValue] = {}
    for chunk in text[pos:].split("|"):
        if len(chunk) < 2:
            continue  # the empty piece after the last '|', or a stray byte
        fid, value = chunk[:2], chunk[2:]
        have = fields.get(fid)
        if have is None:
            fields[fid] = value
        elif isinstance(have, list):
            have.append(value)
        else:
            fields[fid] = [have, value]
    return Frame(code, fixed, fields, sequence, state, raw)


# ---- stream splitting -------------------------------------------------------------------------


class FrameReader:
    """Splits a byte stream into frames on CR, LF or CRLF (any mix; empty lines skipped),
    across reads split anywhere. Remembers the terminator last seen (for answering in kind)."""

    def __init__(self, max_frame: int = MAX_FRAME_BYTES) -> None:
        self._buffer = bytearray()
        self._max = max_frame
        self.last_terminator: bytes | None = None
        self.dropped = 0
        self._after_cr = False

    def feed(self, data: bytes) -> list[bytes]:
        """Frames completed by ``data`` (without terminators)."""
        frames: list[bytes] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if byte == 0x0A and self._after_cr:
                    self.last_terminator = b"\r\n"
                elif self._buffer:
                    self.last_terminator = b"\r" if byte == 0x0D else b"\n"
                self._after_cr = byte == 0x0D
                if self._buffer:
                    frames.append(bytes(self._buffer))
                    self._buffer.clear()
                continue
            self._after_cr = False
            if len(self._buffer) >= self._max:
                self._buffer.clear()
                self.dropped += 1
            self._buffer.append(byte)
        return frames

    @property
    def pending(self) -> bytes:
        """Bytes of an unfinished frame."""
        return bytes(self._buffer)


# ---- dates ------------------------------------------------------------------------------------

SIP_DATE_LENGTH = 18
_UTC_ZONE = "   Z"


def format_sip_date(when: dt.datetime) -> str:
    """``YYYYMMDDZZZZHHMMSS``: a naive time as local ("    "), an aware one in UTC ("   Z")."""
    if when.tzinfo is None:
        return when.strftime("%Y%m%d") + "    " + when.strftime("%H%M%S")
    utc = when.astimezone(dt.UTC)
    return utc.strftime("%Y%m%d") + _UTC_ZONE + utc.strftime("%H%M%S")


def parse_sip_date(value: str) -> dt.datetime | None:
    """An 18-character SIP date → datetime (aware for zone "Z", else naive local);
    None for blanks or anything that is not one."""
    if len(value) != SIP_DATE_LENGTH or not value.strip():
        return None
    day, zone, clock = value[:8], value[8:12], value[12:]
    if not (day.isdigit() and clock.isdigit()):
        return None
    try:
        parsed = dt.datetime.strptime(day + clock, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    if zone.strip() in ("Z", "UTC", "GMT"):
        return parsed.replace(tzinfo=dt.UTC)
    return parsed


BLANK_SIP_DATE = " " * SIP_DATE_LENGTH
"""An absent date in a fixed field (e.g. no-block due date)."""
