"""AIM symbology identifiers: splitting them off and naming them."""

from __future__ import annotations

import pytest

from drivers.barcode.aim import SYMBOLOGIES, is_codabar, split_aim, symbology_name


@pytest.mark.parametrize(
    ("identifier", "name"),
    [
        ("]C0", "Code 128"),
        ("]C1", "GS1-128"),
        ("]E0", "EAN/UPC"),
        ("]E3", "EAN with add-on"),
        ("]E4", "EAN-8"),
        ("]X0", "Bookland (ISBN)"),
        ("]A0", "Code 39"),
        ("]F0", "Codabar"),
        ("]I0", "ITF"),
        ("]Q1", "QR Code"),
    ],
)
def test_every_identifier_of_the_protocol_notes_is_named(identifier: str, name: str) -> None:
    assert SYMBOLOGIES[identifier] == name
    assert symbology_name(identifier) == name
    assert split_aim(identifier + "12345") == (identifier, "12345")


def test_unlisted_modifier_falls_back_to_the_family_name() -> None:
    assert symbology_name("]F1") == "Codabar"
    assert symbology_name("]d2") == "Data Matrix"
    assert symbology_name("]Z9") is None
    assert symbology_name("F0") is None


def test_text_without_identifier_comes_back_whole() -> None:
    assert split_aim("33191000105864") == (None, "33191000105864")
    assert split_aim("]") == (None, "]")
    assert split_aim("]F") == (None, "]F")
    assert split_aim("]F-123") == (None, "]F-123")  # "-" is no modifier


def test_identifier_alone_leaves_empty_data() -> None:
    assert split_aim("]E0") == ("]E0", "")


def test_is_codabar() -> None:
    assert is_codabar("]F0")
    assert is_codabar("]F1")
    assert not is_codabar("]C0")
    assert not is_codabar(None)
