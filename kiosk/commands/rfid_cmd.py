"""``kiosk rfid decode-tag``: one tag's user memory (binary or hex on stdin) as one JSON object."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, BinaryIO, TextIO

from drivers.rfid.tag import TagDataError, TagModel, decode_tag, tag_json

EXIT_NOT_A_TAG = 2
_HEX_NOISE = re.compile(r"0x|[\s:,-]", re.IGNORECASE)


def add_parser(sub: argparse._SubParsersAction) -> None:
    rfid = sub.add_parser("rfid", help="RFID book tag tools")
    rsub = rfid.add_subparsers(dest="rfid_command", required=True)
    dec = rsub.add_parser(
        "decode-tag", help="one tag's user memory on standard input → one JSON object"
    )
    dec.add_argument(
        "--hex", action="store_true", help="the input is hex text (spaces, colons allowed)"
    )
    dec.add_argument(
        "--dsfid",
        type=lambda v: int(v, 16),
        help="the tag's DSFID in hex (06, 3E): picks the model",
    )
    dec.add_argument("--model", choices=[m.value for m in TagModel], help="read as this model only")
    dec.set_defaults(func=decode_command)


def decode_command(args: argparse.Namespace) -> int:
    return decode_stream(
        sys.stdin.buffer,
        sys.stdout,
        hex_input=args.hex,
        dsfid=args.dsfid,
        model=TagModel(args.model) if args.model else None,
    )


def decode_stream(
    source: BinaryIO,
    out: TextIO,
    *,
    hex_input: bool = False,
    dsfid: int | None = None,
    model: TagModel | None = None,
) -> int:
    """Write the JSON of the tag in ``source``; the exit status (0, or 2 for not a tag)."""
    raw = source.read()
    obj: dict[str, Any]
    status = 0
    try:
        memory = _from_hex(raw) if hex_input else raw
        obj = tag_json(decode_tag(memory, dsfid=dsfid, model=model))
    except (TagDataError, ValueError) as exc:
        obj = {"error": str(exc)}
        status = EXIT_NOT_A_TAG
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return status


def _from_hex(raw: bytes) -> bytes:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ValueError("--hex input that is not hex text") from exc
    digits = _HEX_NOISE.sub("", text)
    try:
        return bytes.fromhex(digits)
    except ValueError as exc:
        raise ValueError(f"--hex input that is not hex: {exc}") from exc
