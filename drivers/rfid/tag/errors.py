"""Typed errors of the tag data models, each with a stable code."""

from __future__ import annotations

from enum import StrEnum


class TagErrorCode(StrEnum):
    BLANK = "blank"
    TRUNCATED = "truncated"
    BAD_PRECURSOR = "bad_precursor"
    BAD_COMPACTION = "bad_compaction"
    NO_PRIMARY_ITEM_ID = "no_primary_item_id"
    DUPLICATE_ELEMENT = "duplicate_element"
    BAD_CRC = "bad_crc"
    BAD_CHECKSUM = "bad_checksum"
    BAD_VERSION = "bad_version"
    BAD_TEXT = "bad_text"
    NOT_A_TAG = "not_a_tag"


class TagDataError(ValueError):
    """Bytes that are not a tag of the model asked for (or of any model)."""

    def __init__(self, code: TagErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


class CompactionError(ValueError):
    """A value that the chosen compaction scheme cannot represent."""


class TagLayoutError(ValueError):
    """Elements that cannot be laid out on the tag (too long, or a locked element changed)."""
