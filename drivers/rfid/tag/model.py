"""Which data model a tag's user memory holds, and its elements as plain JSON-able values."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from drivers.rfid.tag import iso28560_2, iso28560_3
from drivers.rfid.tag.errors import TagDataError, TagErrorCode
from drivers.rfid.tag.iso28560_2 import Iso28560_2Tag
from drivers.rfid.tag.iso28560_3 import Iso28560_3Tag

DecodedTag = Iso28560_2Tag | Iso28560_3Tag


class TagModel(StrEnum):
    ISO28560_2 = "iso28560-2"
    ISO28560_3 = "iso28560-3"


DSFIDS = {iso28560_2.DSFID: TagModel.ISO28560_2, iso28560_3.DSFID: TagModel.ISO28560_3}


def model_of(tag: DecodedTag) -> TagModel:
    return TagModel.ISO28560_2 if isinstance(tag, Iso28560_2Tag) else TagModel.ISO28560_3


def decode_tag(
    memory: bytes, *, dsfid: int | None = None, model: TagModel | None = None
) -> DecodedTag:
    """The tag in ``memory``: of ``model`` if given, else the one ``dsfid`` names, else the
    ISO 28560-3 basic block when its CRC matches, else ISO 28560-2. TagDataError otherwise."""
    chosen = model or DSFIDS.get(dsfid if dsfid is not None else -1)
    if chosen is TagModel.ISO28560_2:
        return iso28560_2.decode(memory)
    if chosen is TagModel.ISO28560_3:
        return iso28560_3.decode(memory)
    if iso28560_3.looks_like(memory):
        return iso28560_3.decode(memory)
    try:
        return iso28560_2.decode(memory)
    except TagDataError as exc:
        if exc.code is TagErrorCode.BLANK:
            raise
        raise TagDataError(
            TagErrorCode.NOT_A_TAG, f"neither ISO 28560-2 ({exc}) nor ISO 28560-3"
        ) from exc


def encode_tag(tag: DecodedTag) -> bytes:
    if isinstance(tag, Iso28560_2Tag):
        return iso28560_2.encode(tag)
    return iso28560_3.encode(tag)


def tag_json(tag: DecodedTag) -> dict[str, Any]:
    """{"model", "elements": {snake_case: text}, "unknown": [...]} for logs and the CLI."""
    if isinstance(tag, Iso28560_2Tag):
        unknown = [
            {"oid": e.oid, "compaction": int(e.compaction), "data": e.data.hex().upper()}
            for e in tag.unknown
        ]
        return {"model": TagModel.ISO28560_2.value, "elements": tag.values, "unknown": unknown}
    blocks = [{"block_id": b.block_id, "data": b.data.hex().upper()} for b in tag.extensions]
    return {"model": TagModel.ISO28560_3.value, "elements": tag.values, "unknown": blocks}
