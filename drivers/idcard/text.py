"""The 256-byte UCS-2 text block of a resident ID card and the read reply that carries it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import NamedTuple

from drivers.events import IdCard, IdCardRead
from drivers.idcard.frames import SamFrame
from drivers.idcard.status import Sw3
from patron_identity.id_number import is_valid_id_number, parse_yyyymmdd

TEXT_SIZE = 256
PHOTO_SIZE = 1024
NO_EXPIRY = "长期"
ENCODING = "utf-16-le"


class IdCardTextError(ValueError):
    """A read reply too short or inconsistent to hold a text block."""


class _Field(NamedTuple):
    offset: int
    size: int  # bytes, two per character


NAME = _Field(0, 30)
SEX = _Field(30, 2)
NATION = _Field(32, 4)
BIRTH = _Field(36, 16)
ADDRESS = _Field(52, 70)
ID_NUMBER = _Field(122, 36)
AUTHORITY = _Field(158, 30)
VALID_FROM = _Field(188, 16)
VALID_TO = _Field(204, 16)
RESERVED = _Field(220, 36)

_SEX_IN = {"1": "male", "2": "female"}
_SEX_OUT = {"male": "1", "female": "2"}
_SEX_UNKNOWN = "0"  # GB/T 2261.1 "unknown"; never "1" or "2", so it reads back as unknown


def _read(block: bytes, field: _Field) -> str:
    raw = block[field.offset : field.offset + field.size]
    # Fields are padded with spaces; some readers leave NULs in unused fields, which mean the same.
    return raw.decode(ENCODING, errors="replace").strip(" \x00")


def parse_text(block: bytes) -> IdCard:
    """Decode a text block; unreadable dates become None, as does a 长期 (no expiry) end date."""
    if len(block) < TEXT_SIZE:
        raise IdCardTextError(f"text block has {len(block)} bytes, needs {TEXT_SIZE}")
    valid_to = _read(block, VALID_TO)
    return IdCard(
        name=_read(block, NAME),
        sex=_SEX_IN.get(_read(block, SEX), "unknown"),
        nation=_read(block, NATION),
        birth=parse_yyyymmdd(_read(block, BIRTH)),
        address=_read(block, ADDRESS),
        id_number=_read(block, ID_NUMBER),
        authority=_read(block, AUTHORITY),
        valid_from=parse_yyyymmdd(_read(block, VALID_FROM)),
        valid_to=None if valid_to == NO_EXPIRY else parse_yyyymmdd(valid_to),
    )


def _encode_field(text: str, field: _Field) -> bytes:
    out = bytearray()
    for char in text:
        encoded = char.encode(ENCODING, errors="replace")
        if len(out) + len(encoded) > field.size:
            break  # cut at a character boundary, as a card writer would
        out += encoded
    return bytes(out) + " ".encode(ENCODING) * ((field.size - len(out)) // 2)


def _date_text(value: dt.date | None) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}" if value else ""


def encode_text(card: IdCard) -> bytes:
    """The 256-byte text block of ``card`` (for the simulator); over-long fields are cut."""
    values = (
        (NAME, card.name),
        (SEX, _SEX_OUT.get(card.sex, _SEX_UNKNOWN)),
        (NATION, card.nation),
        (BIRTH, _date_text(card.birth)),
        (ADDRESS, card.address),
        (ID_NUMBER, card.id_number),
        (AUTHORITY, card.authority),
        (VALID_FROM, _date_text(card.valid_from)),
        (VALID_TO, _date_text(card.valid_to) if card.valid_to else NO_EXPIRY),
        (RESERVED, ""),
    )
    block = b"".join(_encode_field(text, field) for field, text in values)
    assert len(block) == TEXT_SIZE
    return block


def build_read_reply_data(card: IdCard, *, fingerprint: bytes | None = None) -> bytes:
    """Reply data after SW3 of a 30 01 read (or of a 30 10 read when ``fingerprint`` is given).

    The photo is padded with zeros or cut to the 1024 bytes every reader sends.
    """
    photo = card.photo[:PHOTO_SIZE].ljust(PHOTO_SIZE, b"\x00")
    words = TEXT_SIZE.to_bytes(2, "big") + PHOTO_SIZE.to_bytes(2, "big")
    if fingerprint is None:
        return words + encode_text(card) + photo
    return words + len(fingerprint).to_bytes(2, "big") + encode_text(card) + photo + fingerprint


def parse_read_reply(frame: SamFrame) -> IdCard:
    """The card in a successful 30 01 or 30 10 read reply, told apart by their length words."""
    if frame.sw3 != Sw3.OK:
        raise IdCardTextError("not a successful read reply")
    data = frame.data
    if len(data) < 4:
        raise IdCardTextError(f"read reply has {len(data)} data bytes, too short for its header")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    # The two layouts cannot both fit one length: 30 10 is two header bytes longer at least.
    if len(data) == 4 + text_len + photo_len:
        start = 4
    elif len(data) >= 6 and len(data) == 6 + text_len + photo_len + int.from_bytes(
        data[4:6], "big"
    ):
        start = 6
    else:
        raise IdCardTextError(f"read reply of {len(data)} data bytes does not match its lengths")
    if text_len < TEXT_SIZE:
        raise IdCardTextError(f"text block has {text_len} bytes, needs {TEXT_SIZE}")
    card = parse_text(data[start : start + TEXT_SIZE])
    photo = data[start + text_len : start + text_len + photo_len]
    return dataclasses.replace(card, photo=photo)


def card_event(card: IdCard, today: dt.date) -> IdCardRead:
    """The event for one read; a card not valid yet (valid_from in the future) is not expired."""
    expired = card.valid_to is not None and card.valid_to < today
    return IdCardRead(
        card=card, id_number_valid=is_valid_id_number(card.id_number), expired=expired
    )
