"""Library RFID tag data models: ISO 28560-2 (= GB/T 35660.2) and ISO 28560-3, pure over bytes."""

from drivers.rfid.tag.errors import CompactionError, TagDataError, TagErrorCode, TagLayoutError
from drivers.rfid.tag.model import DecodedTag, TagModel, decode_tag, encode_tag, tag_json

__all__ = [
    "CompactionError",
    "DecodedTag",
    "TagDataError",
    "TagErrorCode",
    "TagLayoutError",
    "TagModel",
    "decode_tag",
    "encode_tag",
    "tag_json",
]
