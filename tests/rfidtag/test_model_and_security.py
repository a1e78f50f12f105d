"""Model detection by DSFID and content, the JSON view, and the security wanted per state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from drivers.rfid.security import (
    ItemState,
    TagSecurity,
    TagSecuritySettings,
    security_for,
    security_matches,
    state_of,
)
from drivers.rfid.tag import TagDataError, TagErrorCode, TagModel, decode_tag, encode_tag, tag_json
from tests.rfidtag.test_iso28560_2 import STANDARD_EXAMPLE
from tests.rfidtag.test_iso28560_3 import LIBDANRFID_TAG


def test_models_told_apart_by_content_and_by_dsfid() -> None:
    assert tag_json(decode_tag(STANDARD_EXAMPLE))["model"] == "iso28560-2"
    assert tag_json(decode_tag(LIBDANRFID_TAG))["model"] == "iso28560-3"
    assert tag_json(decode_tag(LIBDANRFID_TAG, dsfid=0x3E))["model"] == "iso28560-3"
    with pytest.raises(TagDataError):
        decode_tag(LIBDANRFID_TAG, dsfid=0x06)  # 0x11 0x01 0x01 is no ISO 28560-2 tag
    with pytest.raises(TagDataError):
        decode_tag(STANDARD_EXAMPLE, model=TagModel.ISO28560_3)


def test_json_view() -> None:
    assert tag_json(decode_tag(LIBDANRFID_TAG))["elements"]["primary_item_id"] == "11223344"
    out = tag_json(decode_tag(STANDARD_EXAMPLE))
    assert out["elements"]["owner_institution"] == "US-InU-Mu"
    assert out["unknown"] == []


@given(st.binary(max_size=80))
def test_random_bytes_give_a_clean_error_or_the_same_bytes_back(memory: bytes) -> None:
    try:
        tag = decode_tag(memory)
    except TagDataError as exc:
        assert exc.code in set(TagErrorCode)
        return
    assert encode_tag(tag)[: len(memory)] == memory


def test_defaults_are_iso_28560_1_afis_and_eas() -> None:
    settings = TagSecuritySettings()
    assert security_for(ItemState.ON_SHELF, settings) == TagSecurity(afi=0x07, eas=True)
    assert security_for(ItemState.ON_LOAN, settings) == TagSecurity(afi=0xC2, eas=False)


def test_a_library_without_eas_or_with_its_own_afis() -> None:
    settings = TagSecuritySettings(afi_on_shelf=0x9A, afi_on_loan=0x9B, use_eas=False)
    wanted = security_for(ItemState.ON_LOAN, settings)
    assert wanted == TagSecurity(afi=0x9B, eas=None)
    assert security_matches(wanted, afi=0x9B, eas=True)  # EAS not used: not compared
    assert not security_matches(wanted, afi=0x9A, eas=False)
    assert state_of(0x9A, None, settings) is ItemState.ON_SHELF
    assert state_of(0x07, None, settings) is None


def test_afi_and_eas_that_disagree_say_no_state() -> None:
    settings = TagSecuritySettings()
    assert state_of(0x07, True, settings) is ItemState.ON_SHELF
    assert state_of(0xC2, False, settings) is ItemState.ON_LOAN
    assert state_of(0x07, False, settings) is None


def test_settings_are_validated() -> None:
    with pytest.raises(ValidationError):
        TagSecuritySettings(afi_on_shelf=0x07, afi_on_loan=0x07)
    with pytest.raises(ValidationError):
        TagSecuritySettings(afi_on_loan=256)
    with pytest.raises(ValidationError):
        TagSecuritySettings.model_validate({"afi": 7})
