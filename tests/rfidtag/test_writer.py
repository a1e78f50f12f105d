"""Planning a tag write per library settings: new tags, repairs over locked blocks, both models."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.rfid.tag import TagLayoutError, TagModel, decode_tag, tag_json
from drivers.rfid.tag import iso28560_2 as t2
from drivers.rfid.tag import iso28560_3 as t3
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write

VALUES = {
    "primary_item_id": "C0012345",
    "owner_institution": "CN-510100-CDL",
    "set_information": "0101",
    "shelf_location": "I247.5/123",
}


def _elements(memory: bytes) -> dict[str, str]:
    out = tag_json(decode_tag(memory))["elements"]
    assert isinstance(out, dict)
    return out


def test_new_iso28560_2_tag_locks_the_primary_item_id() -> None:
    layout = plan_write(VALUES, LibraryTagSettings(), memory_size=112)
    assert len(layout.memory) == 112
    got = _elements(layout.memory)
    assert {k: got[k] for k in VALUES} == VALUES
    pii_bytes = len(t2.make_element("primary_item_id", "C0012345").raw)
    assert layout.lock_blocks == frozenset(range(-(-pii_bytes // 4)))


def test_repair_keeps_locked_blocks_and_unknown_elements() -> None:
    first = plan_write(VALUES, LibraryTagSettings(), memory_size=112)
    # A vendor's element (OID 27) after the others, then a repair of the shelf location.
    used = len(t2.encode(t2.decode(first.memory)).rstrip(b"\0"))
    vendor = bytes([0x7F, 27 - 15, 2]) + b"v1"
    old = first.memory[:used] + vendor + bytes(112 - used - len(vendor))
    repaired = plan_write(
        {"shelf_location": "K825.6"},
        LibraryTagSettings(),
        memory_size=112,
        old_memory=old,
        locked_blocks=first.lock_blocks,
    )
    for b in first.lock_blocks:
        assert repaired.memory[b * 4 : b * 4 + 4] == old[b * 4 : b * 4 + 4]
    tag = decode_tag(repaired.memory)
    assert tag_json(tag)["unknown"] == [{"oid": 27, "compaction": 7, "data": "7631"}]
    assert _elements(repaired.memory)["shelf_location"] == "K825.6"
    with pytest.raises(TagLayoutError):
        plan_write(
            {"primary_item_id": "OTHER"},
            LibraryTagSettings(),
            memory_size=112,
            old_memory=old,
            locked_blocks=first.lock_blocks,
        )


def test_iso28560_3_library() -> None:
    settings = LibraryTagSettings(model=TagModel.ISO28560_3)
    layout = plan_write(VALUES, settings, memory_size=112)
    tag = decode_tag(layout.memory)
    assert isinstance(tag, t3.Iso28560_3Tag)
    assert (tag.primary_item_id, tag.country, tag.owner_library) == ("C0012345", "CN", "510100-CDL")
    assert tag.owner_institution == "CN-510100-CDL"
    assert layout.lock_blocks == frozenset()
    block = t3.extension_block(1, b"\x05")
    with_block = t3.encode(t3.Iso28560_3Tag("C0012345", "X", extensions=(block,), memory_size=112))
    repaired = plan_write(
        {"set_information": "0201"}, settings, memory_size=112, old_memory=with_block
    )
    again = decode_tag(repaired.memory)
    assert isinstance(again, t3.Iso28560_3Tag)
    assert (again.parts_in_item, again.part_number, again.extensions) == (2, 1, (block,))


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12)


@given(_text.filter(str.isprintable), _text, _text, _text)
def test_any_repair_over_a_locked_primary_item_id(
    pii: str, shelf: str, new_shelf: str, title: str
) -> None:
    first = plan_write(
        {"primary_item_id": pii, "shelf_location": shelf}, LibraryTagSettings(), memory_size=112
    )
    repaired = plan_write(
        {"shelf_location": new_shelf, "title": title},
        LibraryTagSettings(),
        memory_size=112,
        old_memory=first.memory,
        locked_blocks=first.lock_blocks,
    )
    for b in first.lock_blocks:
        assert repaired.memory[b * 4 : b * 4 + 4] == first.memory[b * 4 : b * 4 + 4]
    got = _elements(repaired.memory)
    assert (got["primary_item_id"], got["shelf_location"], got["title"]) == (pii, new_shelf, title)
