"""Card number normalisation: hex, reversed bytes, decimal, zero padding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.cardline.normalise import CardValueError, UidFormat, normalise_uid


def test_printed_ten_digit_number_is_the_reversed_uid_in_decimal() -> None:
    # PROTOCOLS.md §3: 1C78F2BF → bytes reversed BFF2781C → 3220338716
    assert normalise_uid("1C78F2BF", "hex_reversed", 0) == "BFF2781C"
    assert normalise_uid("1C78F2BF", "decimal_reversed", 0) == "3220338716"


@pytest.mark.parametrize(
    ("raw", "uid_format", "pad_to", "value"),
    [
        ("  0012345678 ", "as_is", 0, "0012345678"),
        ("A12345", "as_is", 10, "0000A12345"),
        ("1c78f2bf", "hex", 0, "1C78F2BF"),
        ("1C 78 F2 BF", "hex", 0, "1C78F2BF"),
        ("1c78f2bf", "hex_reversed", 0, "BFF2781C"),
        ("1C78F2BF", "decimal", 0, str(0x1C78F2BF)),
        ("00000001", "decimal", 10, "0000000001"),
        ("01000000", "decimal_reversed", 10, "0000000001"),
        ("3220338716", "as_is", 4, "3220338716"),  # longer than pad_to: untouched
    ],
)
def test_formats_and_padding(raw: str, uid_format: UidFormat, pad_to: int, value: str) -> None:
    assert normalise_uid(raw, uid_format, pad_to) == value


@pytest.mark.parametrize(
    ("raw", "uid_format"),
    [
        ("", "as_is"),
        ("   ", "as_is"),
        ("", "hex"),
        ("1C78F2B", "hex"),  # odd length
        ("1C78F2BG", "hex_reversed"),
        ("0x1C78", "decimal"),
        ("12-34", "decimal_reversed"),
        ("1234", "base64"),
    ],
)
def test_bad_values_raise_a_typed_error(raw: str, uid_format: UidFormat) -> None:
    with pytest.raises(CardValueError) as info:
        normalise_uid(raw, uid_format, 0)
    assert isinstance(info.value, ValueError)
    assert str(info.value)


def test_error_message_does_not_repeat_the_card_value() -> None:
    with pytest.raises(CardValueError) as info:
        normalise_uid("9Z9Z9Z9Z", "hex", 0)
    assert "9Z9Z" not in str(info.value)


@given(uid=st.binary(min_size=1, max_size=10))
def test_decimal_reversed_is_hex_reversed_read_as_a_number(uid: bytes) -> None:
    text = uid.hex()
    reversed_hex = normalise_uid(text, "hex_reversed", 0)
    assert reversed_hex == uid[::-1].hex().upper()
    assert normalise_uid(text, "decimal_reversed", 0) == str(int(reversed_hex, 16))
    assert normalise_uid(text, "decimal", 0) == str(int(text, 16))
