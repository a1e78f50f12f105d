"""SIP2 frames as they may be shown (decode command, traffic view): patron data masked."""

from __future__ import annotations

from typing import Any

from kiosk.backend.sip2.codec import Frame, FrameError, decode
from kiosk.backend.sip2.messages import (
    ID_NUMBER_FIELDS,
    PATRON_ID_FIELDS,
    PATRON_NAME_FIELDS,
    SECRET_FIELDS,
)
from patron_identity.masking import mask_card_number, mask_id_number, mask_name, scrub


def mask_field(field_id: str, value: str, reveal: bool = False) -> str:
    """A field's value as it may be shown: names, patron ids, ID numbers and secrets masked;
    anything else through the ID-number scrubber."""
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


def frame_json(frame: Frame, *, reveal: bool = False) -> dict[str, Any]:
    """A frame as ``kiosk sip2 decode`` prints it."""
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


def masked_frame_text(raw: bytes, encoding: str = "utf-8") -> str:
    """One frame's text for a traffic view, patron fields masked; a frame that does not decode
    is shown by its length only (it may hold anything)."""
    raw = raw.rstrip(b"\r\n")
    try:
        frame = decode(raw, encoding=encoding)
    except FrameError:
        return f"<{len(raw)} unreadable bytes>"
    fixed = "".join(frame.fixed.values())
    parts = [f"{fid}{mask_field(fid, v)}|" for fid in frame.fields for v in frame.all(fid)]
    trailer = ""
    if frame.sequence is not None:
        trailer += f"AY{frame.sequence}"
    if frame.checksum.value != "absent":
        trailer += "AZ" + raw[-4:].decode("ascii", "replace")
    return frame.code.value + fixed + "".join(parts) + trailer
