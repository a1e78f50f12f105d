"""``kiosk sip2 decode``: SIP2 frames from a capture as JSON, patron data masked."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, BinaryIO, TextIO

from kiosk.backend.sip2.codec import Frame, FrameError, FrameReader, decode
from kiosk.backend.sip2.dialect import PROFILES, TextEncoding, dialect
from kiosk.backend.sip2.messages import (
    ID_NUMBER_FIELDS,
    PATRON_ID_FIELDS,
    PATRON_NAME_FIELDS,
    SECRET_FIELDS,
    MessageCode,
)
from patron_identity.masking import mask_card_number, mask_id_number, mask_name, scrub

_CHUNK = 4096


def add_parser(sub: argparse._SubParsersAction) -> None:
    sip2 = sub.add_parser("sip2", help="SIP2 (library system) tools")
    ssub = sip2.add_subparsers(dest="sip2_command", required=True)
    dec = ssub.add_parser(
        "decode", help="raw SIP2 bytes on standard input → one JSON object per frame"
    )
    dec.add_argument("--dialect", default="standard", choices=sorted(PROFILES))
    dec.add_argument(
        "--encoding",
        choices=[e.value for e in TextEncoding],
        help="character set of every frame (default: the dialect's, switching after login)",
    )
    dec.add_argument("--reveal", action="store_true", help="show patron data unmasked")
    dec.set_defaults(func=decode_command)


def decode_command(args: argparse.Namespace) -> int:
    decode_stream(
        sys.stdin.buffer,
        sys.stdout,
        dialect_name=args.dialect,
        encoding=args.encoding,
        reveal=args.reveal,
    )
    return 0


def decode_stream(
    source: BinaryIO,
    out: TextIO,
    *,
    dialect_name: str = "standard",
    encoding: str | None = None,
    reveal: bool = False,
) -> int:
    """Decode every frame of ``source`` (a last frame without terminator too); the number of
    frames written."""
    chosen = dialect(dialect_name)
    logged_in = False
    reader = FrameReader()
    written = 0

    def emit(raw: bytes) -> None:
        nonlocal logged_in, written
        charset = (
            encoding
            or (chosen.encoding_after_login if logged_in else chosen.encoding_before_login).value
        )
        try:
            frame = decode(raw, encoding=charset, rule=chosen.checksum_rule)
        except FrameError as exc:
            obj: dict[str, Any] = {"error": str(exc), "length": len(raw)}
        else:
            obj = frame_json(frame, reveal=reveal)
            if frame.code is MessageCode.LOGIN_RESPONSE and frame.fixed.get("ok") == "1":
                logged_in = True
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        written += 1

    while chunk := source.read1(_CHUNK) if hasattr(source, "read1") else source.read(_CHUNK):
        for raw in reader.feed(chunk):
            emit(raw)
    if reader.pending:
        emit(reader.pending)
    out.flush()
    return written


def frame_json(frame: Frame, *, reveal: bool = False) -> dict[str, Any]:
    """A frame as the decode command prints it."""
    fields: dict[str, Any] = {}
    for fid, value in frame.fields.items():
        if isinstance(value, list):
            fields[fid] = [mask_field(fid, v, reveal) for v in value]
        else:
            fields[fid] = mask_field(fid, value, reveal)
    return {
        "code": frame.code.value,
        "checksum": frame.checksum.value,
        "sequence": frame.sequence,
        "fixed": dict(frame.fixed),
        "fields": fields,
    }


def mask_field(field_id: str, value: str, reveal: bool = False) -> str:
    """A field's value as it may be shown: names, patron ids, ID numbers and secrets masked."""
    if reveal or not value:
        return value
    if field_id in SECRET_FIELDS:
        return "****"
    if field_id in PATRON_NAME_FIELDS:
        return mask_name(value)
    if field_id in ID_NUMBER_FIELDS:
        return mask_id_number(value)
    if field_id in PATRON_ID_FIELDS:
        masked = scrub(value)
        return masked if masked != value else mask_card_number(value)
    return scrub(value)
