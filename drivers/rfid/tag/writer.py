"""What to write on a tag for a library's settings: a new tag, or a repair over locked blocks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from pydantic import BaseModel, ConfigDict, Field

from drivers.rfid.security import TagSecuritySettings
from drivers.rfid.tag import iso28560_2, iso28560_3
from drivers.rfid.tag.errors import TagDataError, TagLayoutError
from drivers.rfid.tag.iso28560_2 import ElementId, Layout
from drivers.rfid.tag.model import TagModel, decode_tag


class LibraryTagSettings(BaseModel):
    """One library's tags: their data model, what is locked when a tag is written, security."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: TagModel = Field(
        TagModel.ISO28560_2,
        description="Data model written on new tags (iso28560-2 = GB/T 35660.2, or iso28560-3); "
        "tags of either model are read.",
    )
    lock_primary_item_id: bool = Field(
        True,
        description="Write-protect the blocks of the primary item id on a new ISO 28560-2 tag "
        "(an ISO 28560-3 tag is left writable: its CRC covers the type of usage).",
    )
    content_parameter: bool = Field(
        True, description="Write a content parameter on new ISO 28560-2 tags."
    )
    security: TagSecuritySettings = Field(
        default_factory=TagSecuritySettings, description="AFI and EAS per item state."
    )


def plan_write(
    values: Mapping[str, str],
    settings: LibraryTagSettings,
    *,
    memory_size: int,
    block_size: int = 4,
    old_memory: bytes | None = None,
    locked_blocks: Iterable[int] = (),
) -> Layout:
    """The bytes to write (``memory_size`` of them) and the blocks to lock afterwards.

    ``values`` by snake_case element name (ISO 28560-3 takes primary_item_id,
    owner_institution, set_information and type_of_usage). With ``old_memory`` the tag is
    repaired: elements not named in ``values`` (unknown ones too) stay; locked blocks stay
    byte for byte (TagLayoutError if a value there would change)."""
    locked = frozenset(locked_blocks)
    old = _old_tag(old_memory)
    if settings.model is TagModel.ISO28560_3 or isinstance(old, iso28560_3.Iso28560_3Tag):
        return _plan_iso28560_3(values, memory_size, block_size, old, old_memory, locked)
    if isinstance(old, iso28560_2.Iso28560_2Tag):
        tag = iso28560_2.replace_values(old, values)
    else:
        tag = iso28560_2.build(values, content_parameter=settings.content_parameter)
    if locked and old_memory is not None:
        memory = iso28560_2.lay_out_over_locked(old_memory, locked, tag, block_size=block_size)
        return Layout(memory.ljust(memory_size, b"\0")[:memory_size], frozenset())
    lock = [ElementId.PRIMARY_ITEM_ID] if settings.lock_primary_item_id else []
    return iso28560_2.lay_out(tag, block_size=block_size, memory_size=memory_size, lock=lock)


def _old_tag(
    old_memory: bytes | None,
) -> iso28560_2.Iso28560_2Tag | iso28560_3.Iso28560_3Tag | None:
    if old_memory is None:
        return None
    try:
        return decode_tag(old_memory)
    except TagDataError:
        return None  # a blank or unreadable tag is written afresh


def _plan_iso28560_3(
    values: Mapping[str, str],
    memory_size: int,
    block_size: int,
    old: iso28560_2.Iso28560_2Tag | iso28560_3.Iso28560_3Tag | None,
    old_memory: bytes | None,
    locked: frozenset[int],
) -> Layout:
    base = (
        old
        if isinstance(old, iso28560_3.Iso28560_3Tag)
        else iso28560_3.Iso28560_3Tag(primary_item_id="", owner_library="")
    )
    country, library = base.country, base.owner_library
    if "owner_institution" in values:
        prefix, _, rest = values["owner_institution"].partition("-")
        country, library = (prefix, rest) if rest and len(prefix) == 2 else ("", prefix)
    parts, part = base.parts_in_item, base.part_number
    if "set_information" in values:
        text = values["set_information"]
        half = len(text) // 2
        if len(text) not in (4, 6) or not text.isdigit():
            raise TagLayoutError(f"set information {text!r} is not NNMM or NNNMMM")
        parts, part = int(text[:half]), int(text[half:])
    usage = base.type_of_usage
    if "type_of_usage" in values:
        usage = int(values["type_of_usage"][:1], 16)
    tag = replace(
        base,
        primary_item_id=values.get("primary_item_id", base.primary_item_id),
        country=country,
        owner_library=library,
        parts_in_item=parts,
        part_number=part,
        type_of_usage=usage,
        memory_size=memory_size,
    )
    if not tag.primary_item_id:
        raise TagLayoutError("a tag needs a primary item identifier")
    memory = iso28560_3.encode(tag)
    if old_memory is not None:
        for b in locked:
            span = slice(b * block_size, (b + 1) * block_size)
            if memory[span] != old_memory[span]:
                raise TagLayoutError(f"the new data would change locked block {b}")
    # Nothing is locked: the basic block's CRC covers the type of usage, which changes.
    return Layout(memory, frozenset())
