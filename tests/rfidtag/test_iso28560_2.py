"""ISO 28560-2 (GB/T 35660.2) tags: the standard's worked example, dp2's layouts, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.rfid.tag import iso28560_2 as t2
from drivers.rfid.tag.compaction import Compaction
from drivers.rfid.tag.errors import TagDataError, TagErrorCode, TagLayoutError
from drivers.rfid.tag.iso28560_2 import ElementId


def _hex(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


# The complete example closing GB/T 35660.2-2017 (= ISO 28560-2's annex example), 9 blocks of
# 4 bytes, blocks 0-1 and 6-8 locked; transcribed in DigitalPlatform/dp2
# UnitTestRFID/TestChip.cs (Test_chip_example_from),
# commit 4e3a3a32450a47da2deb1e2008c694e1e9b14822.
STANDARD_EXAMPLE = _hex(
    """91 00 05 1c  be 99 1a 14  02 01 d0 14  02 04 b3 46  07 44 1c b6
       e2 e3 35 d6  83 02 07 ac  c0 9e ba a0  6f 6b 00 00"""
)
# dp2 UnitTestRFID/TestChip.cs Test_chip_layout_3 (same commit): a title locked after the owner.
DP2_LAYOUT_3 = _hex(
    """91 00 05 1c  be 99 1a 14  02 02 d0 02  14 02 04 b3  c6 02 07 44  1c b6 e2 e3
       35 d6 00 00  03 07 ac c0  9e ba a0 6f  6b 7f 02 04  74 65 73 74"""
)
# dp2 UnitTestRFID/TestChip.cs Test_chip_complex_layout_2 (same commit): a content parameter
# with zero bytes, blocks "ll.....lll".
DP2_COMPLEX_2 = _hex(
    """91 00 05 1c  be 99 1a 14  02 05 d0 00  00 00 00 14  02 04 b3 46  07 44 1c b6
       e2 e3 35 d6  83 02 07 ac  c0 9e ba a0  6f 6b 00 00"""
)
EXAMPLE_VALUES = {
    "primary_item_id": "123456789012",
    "set_information": "1203",
    "shelf_location": "QA268.L55",
    "owner_institution": "US-InU-Mu",
}


def test_the_standards_worked_example_decodes() -> None:
    tag = t2.decode(STANDARD_EXAMPLE)
    assert tag.values == {**EXAMPLE_VALUES, "content_parameter": "D0"}
    assert [e.oid for e in tag.elements] == [1, 2, 4, 6, 3]
    assert t2.content_parameter_oids("D0") == [3, 4, 6]
    assert tag.unknown == ()
    assert t2.encode(tag) == STANDARD_EXAMPLE


def test_the_standards_worked_example_is_what_the_writer_lays_out() -> None:
    tag = t2.build(EXAMPLE_VALUES)
    layout = t2.lay_out(tag, lock=[ElementId.PRIMARY_ITEM_ID, ElementId.OWNER_INSTITUTION])
    assert layout.memory == STANDARD_EXAMPLE
    assert layout.block_map(4) == "ww....www"


def test_consecutive_locked_elements_share_one_run_dp2_layout_3() -> None:
    tag = t2.build({**EXAMPLE_VALUES, "title": "test"})
    layout = t2.lay_out(tag, lock=[1, 3, 17])
    assert layout.memory == DP2_LAYOUT_3
    assert layout.block_map(4) == "ww.....wwww"
    assert t2.decode(DP2_LAYOUT_3).text(ElementId.TITLE) == "test"


def test_primary_item_id_alone_is_padded_to_its_blocks() -> None:
    # dp2 TestChip.cs Test_chip_layout_4: no content parameter when only the PII is there.
    layout = t2.lay_out(t2.build({"primary_item_id": "123456789012"}), memory_size=16)
    assert layout.memory == _hex("91 00 05 1c be 99 1a 14") + bytes(8)
    assert layout.lock_blocks == {0, 1}


def test_content_parameter_with_zero_bytes_round_trips() -> None:
    tag = t2.decode(DP2_COMPLEX_2)
    assert tag.text(ElementId.CONTENT_PARAMETER) == "D000000000"
    assert tag.values["owner_institution"] == "US-InU-Mu"
    assert t2.encode(tag) == DP2_COMPLEX_2


def test_unknown_elements_are_kept_byte_for_byte() -> None:
    # OID 27 (not defined) as UTF-8, OID 9 under the application-defined code, and a title with
    # an offset of 3 padding bytes: none of them is re-encoded.
    pii = t2.make_element("primary_item_id", "B100")
    odd = bytes([0x7F, 27 - 15, 3]) + b"abc" + bytes([0x09, 2, 0xAB, 0xCD])
    title = bytes([0xFF, 17 - 15, 2, 2]) + b"ok" + bytes(2)
    memory = pii.raw + odd + title + bytes(6)
    tag = t2.decode(memory)
    assert [(u.oid, u.data) for u in tag.unknown] == [(27, b"abc"), (9, bytes([0xAB, 0xCD]))]
    assert tag.text(ElementId.TITLE) == "ok"
    assert t2.encode(tag) == memory
    changed = t2.replace_values(tag, {"shelf_location": "K825"})
    again = t2.decode(t2.encode(changed) + bytes(4))
    assert [(u.oid, u.data) for u in again.unknown] == [(27, b"abc"), (9, bytes([0xAB, 0xCD]))]
    assert again.values["shelf_location"] == "K825"


# Tags read in Chinese libraries, from DigitalPlatform/dp2 TestDp2Library/TestRfid.cs
# (test_logicChip_1, _3, _6, _8, _11; commit 4e3a3a32450a47da2deb1e2008c694e1e9b14822): a 6-bit
# PII with an OID-23 element through the extension byte, an integer PII alone, an empty owner
# institution, leftover bytes after the terminator, a vendor's "W_OK" in the last block.
FIELD_TAGS = {
    "zhiyan": (
        "C102071100B0C30C30CA00000203A80008830203D6593F0000250110370210405F080599A713063F",
        {
            "primary_item_id": "DPB000002",
            "content_parameter": "A80008",
            "owner_institution": "ZYLS",
            "type_of_usage": "10",
            "onix_media_format": "BA",
            "alternative_owner_institution": "Lib01",
        },
    ),
    "jiangxi": ("11030AA8AE" + "00" * 35, {"primary_item_id": "698542"}),
    "ganchuang": (
        "9101040142214B000201B80300650110660100670100" + "00" * 90,
        {
            "primary_item_id": "21111115",
            "content_parameter": "B8",
            "owner_institution": "",
            "type_of_usage": "10",
            "shelf_location": "\x00",
            "onix_media_format": "\x00",
        },
    ),
    "wanghu": (
        "E10108303130303136343300820001A0E30108534D33363130303100E5000132"
        + "00" * 20
        + "313000003631303000003334"
        + "00" * 48,
        {
            "primary_item_id": "01001643",
            "content_parameter": "A0",
            "owner_institution": "SM361001",
            "type_of_usage": "32",
        },
    ),
    "w_ok": (
        "E102074535353536373200000201B8030C1B81E130103A1AC9AB4C48BF650112660100670100"
        + "00" * 70
        + "575F4F4B",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(FIELD_TAGS))
def test_tags_from_the_field(name: str) -> None:
    hex_memory, expected = FIELD_TAGS[name]
    memory = bytes.fromhex(hex_memory)
    tag = t2.decode(memory)
    if expected is not None:
        assert tag.values == expected
    assert tag.values["primary_item_id"]
    assert t2.encode(tag) == memory


def test_a_malformed_field_tag_is_a_clean_error() -> None:
    # dp2 TestRfid.cs test_logicChip_10 ("cannot parse the second element yet"): a numeric PII
    # whose data holds the nibble A.
    with pytest.raises(TagDataError) as raised:
        t2.decode(_hex("21 04 00 00 61 0a 53 45 30 31 30 33 36 31 30 33 02 01 a0 03") + bytes(20))
    assert raised.value.code is TagErrorCode.BAD_COMPACTION


def test_relative_oid_above_14_uses_the_extension_byte() -> None:
    element = t2.make_element(ElementId.LOCAL_DATA_C, "X", Compaction.UTF8, padding=2)
    assert element.raw == bytes([0xFF, 26 - 15, 1, 1]) + b"X" + b"\0"


def test_rewrite_keeps_the_locked_primary_item_id_and_fills_up_to_the_locked_owner() -> None:
    old = STANDARD_EXAMPLE
    locked = {0, 1, 6, 7, 8}
    new = t2.build({**EXAMPLE_VALUES, "shelf_location": "TP393"})
    memory = t2.lay_out_over_locked(old, locked, new)
    for b in locked:
        assert memory[b * 4 : b * 4 + 4] == old[b * 4 : b * 4 + 4]
    tag = t2.decode(memory)
    assert tag.values["shelf_location"] == "TP393"
    assert tag.values["owner_institution"] == "US-InU-Mu"


def test_rewrite_refuses_to_change_a_locked_element() -> None:
    new = t2.build({**EXAMPLE_VALUES, "primary_item_id": "999"})
    with pytest.raises(TagLayoutError):
        t2.lay_out_over_locked(STANDARD_EXAMPLE, {0, 1}, new)


def test_rewrite_refuses_when_nothing_fills_the_gap_before_a_locked_block() -> None:
    values = {"primary_item_id": "123456789012", "owner_institution": "US-InU-Mu"}
    # With a content parameter, it takes the 16 free bytes (padded); without one, a zero byte
    # there would end the tag before the owner institution.
    padded = t2.lay_out_over_locked(STANDARD_EXAMPLE, {0, 1, 6, 7, 8}, t2.build(values))
    assert t2.decode(padded).values["owner_institution"] == "US-InU-Mu"
    with pytest.raises(TagLayoutError):
        t2.lay_out_over_locked(
            STANDARD_EXAMPLE, {0, 1, 6, 7, 8}, t2.build(values, content_parameter=False)
        )


@pytest.mark.parametrize(
    ("memory", "code"),
    [
        (bytes(16), TagErrorCode.BLANK),
        (_hex("14 02 04 b3 00 00"), TagErrorCode.NO_PRIMARY_ITEM_ID),  # set information first
        (_hex("11 05 1c be"), TagErrorCode.TRUNCATED),
        (_hex("11 01 05 11 01 06"), TagErrorCode.DUPLICATE_ELEMENT),
        (_hex("61 02 41 07"), TagErrorCode.BAD_TEXT),  # a control character in the PII
        (bytes([0x11, 20]) + b"\xff" * 20, TagErrorCode.BAD_TEXT),  # a PII of 49 digits
        (_hex("10 01 05"), TagErrorCode.BAD_PRECURSOR),
        (_hex("21 01 a5"), TagErrorCode.BAD_COMPACTION),
    ],
)
def test_bytes_that_are_not_a_tag(memory: bytes, code: TagErrorCode) -> None:
    with pytest.raises(TagDataError) as raised:
        t2.decode(memory)
    assert raised.value.code is code


_known = [e for e in ElementId if e is not ElementId.CONTENT_PARAMETER]
_text_value = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20
)
_printable_value = _text_value.filter(str.isprintable)
_isil_value = st.text(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-:/"),
    min_size=1,
    max_size=16,
)
_hex_value = st.binary(min_size=1, max_size=2).map(lambda b: b.hex().upper())


@st.composite
def _element_sets(draw: st.DrawFn) -> dict[str | int, str]:
    chosen = draw(st.lists(st.sampled_from(_known[1:]), unique=True, max_size=8))
    values: dict[str | int, str] = {"primary_item_id": draw(_printable_value)}
    for oid in chosen:
        if oid in t2.ISIL_ELEMENTS:
            values[oid.key] = draw(_isil_value)
        elif oid in t2.CODED_ELEMENTS:
            values[oid.key] = draw(_hex_value)
        else:
            values[oid.key] = draw(_text_value)
    return values


@given(_element_sets(), st.booleans(), st.sets(st.sampled_from([1, 3, 6, 17]), max_size=3))
def test_encode_then_decode_is_the_identity(
    values: dict[str | int, str], content_parameter: bool, lock: set[int]
) -> None:
    tag = t2.build(values, content_parameter=content_parameter)
    layout = t2.lay_out(tag, lock=lock | {1}, block_size=4)
    decoded = t2.decode(layout.memory)
    expected = {str(k): v for k, v in values.items()}
    got = {k: v for k, v in decoded.values.items() if k != "content_parameter"}
    assert got == expected
    assert decoded.unknown == ()
    assert t2.encode(decoded) == layout.memory


@given(st.binary(max_size=64))
def test_random_bytes_fail_cleanly_or_are_a_real_tag(memory: bytes) -> None:
    try:
        tag = t2.decode(memory)
    except TagDataError:
        return
    # Whatever decodes is a tag in earnest: a primary item id first, and the same bytes back.
    assert tag.elements[0].oid == ElementId.PRIMARY_ITEM_ID and tag.elements[0].text
    assert t2.encode(tag) == memory


@given(st.binary(min_size=16, max_size=64).filter(lambda b: b[0] & 0x0F != 1))
def test_random_bytes_without_a_primary_item_id_first_never_yield_a_tag(memory: bytes) -> None:
    with pytest.raises(TagDataError):
        t2.decode(memory)
