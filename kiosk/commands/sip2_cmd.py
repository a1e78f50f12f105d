"""``kiosk sip2 decode``: SIP2 frames from a capture as JSON, patron data masked."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, BinaryIO, TextIO

from kiosk.backend.sip2.codec import FrameError, FrameReader, decode
from kiosk.backend.sip2.dialect import PROFILES, TextEncoding, dialect
from kiosk.backend.sip2.display import frame_json
from kiosk.backend.sip2.messages import MessageCode
from kiosk.commands import sip2_probe_cmd

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
    sip2_probe_cmd.add_parser(ssub)


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
