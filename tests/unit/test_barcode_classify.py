"""Check digits and the item / patron / ISBN / unknown classification."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.barcode.classify import (
    BarcodeClassifier,
    ean13_check_digit,
    is_isbn,
    is_valid_library_barcode,
    library_check_digit,
    make_library_barcode,
)
from drivers.events import BarcodeKind
from drivers.settings import BarcodeClassifierSettings, BarcodeRule


@pytest.mark.parametrize(("first", "check"), [("3319100010586", 4), ("3023400051786", 1)])
def test_library_check_digit_verified_examples(first: str, check: int) -> None:
    assert library_check_digit(first) == check
    assert is_valid_library_barcode(f"{first}{check}")
    assert not is_valid_library_barcode(f"{first}{(check + 1) % 10}")


def test_ean13_check_digit_example() -> None:
    assert ean13_check_digit("978030640615") == 7
    assert is_isbn("9780306406157")
    assert not is_isbn("9780306406158")


def test_isbn_needs_978_or_979_and_13_digits() -> None:
    body = "977123456789"  # ISSN prefix, not a book
    assert not is_isbn(body + str(ean13_check_digit(body)))
    body = "979100000000"
    assert is_isbn(body + str(ean13_check_digit(body)))
    assert not is_isbn("978030640615")
    assert not is_isbn("978030640615X")


@pytest.mark.parametrize("bad", ["", "12a", "١٢٣"])
def test_check_digit_functions_refuse_non_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        library_check_digit(bad)
    with pytest.raises(ValueError):
        ean13_check_digit(bad)
    assert not is_valid_library_barcode(bad)


def test_make_library_barcode_reproduces_the_verified_examples() -> None:
    assert make_library_barcode(3, 3191, 10586) == "33191000105864"
    assert make_library_barcode("3", "0234", 51786) == "30234000517861"
    assert make_library_barcode(2, 12, 1) == "20012000000019"  # institution zero-padded


@pytest.mark.parametrize(
    ("prefix", "institution", "sequence"),
    [(10, 1, 1), ("x", 1, 1), (3, 12345, 1), (3, "12a", 1), (3, 1, -1), (3, 1, 100_000_000)],
)
def test_make_library_barcode_refuses_out_of_range_parts(
    prefix: int | str, institution: int | str, sequence: int
) -> None:
    with pytest.raises(ValueError):
        make_library_barcode(prefix, institution, sequence)


@given(
    prefix=st.integers(0, 9), institution=st.integers(0, 9999), sequence=st.integers(0, 99_999_999)
)
def test_made_barcodes_are_valid_and_a_changed_digit_is_caught(
    prefix: int, institution: int, sequence: int
) -> None:
    code = make_library_barcode(prefix, institution, sequence)
    assert len(code) == 14
    assert is_valid_library_barcode(code)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not is_valid_library_barcode(wrong)


def test_default_rules() -> None:
    classifier = BarcodeClassifier(BarcodeClassifierSettings())
    assert classifier.classify(make_library_barcode(3, 3191, 42)) == (BarcodeKind.ITEM, None)
    assert classifier.classify(make_library_barcode(2, 3191, 42)) == (BarcodeKind.PATRON, None)
    assert classifier.classify("9780306406157") == (BarcodeKind.ISBN, None)
    assert classifier.classify("HELLO") == (BarcodeKind.UNKNOWN, None)
    assert classifier.classify("33191000105865") == (BarcodeKind.UNKNOWN, None)  # bad check


def test_rules_with_library_ids_and_no_check_digit() -> None:
    settings = BarcodeClassifierSettings(
        item_rules=[
            BarcodeRule(library="cq", pattern=r"CQ\d{6}", check="none"),
            BarcodeRule(library="sc", pattern=r"3\d{13}", check="mod10"),
        ],
        patron_rules=[BarcodeRule(library="cq", pattern=r"P\d{4}", check="none")],
    )
    classifier = BarcodeClassifier(settings)
    assert classifier.classify("CQ000123") == (BarcodeKind.ITEM, "cq")
    assert classifier.classify("33191000105864") == (BarcodeKind.ITEM, "sc")
    assert classifier.classify("P0042") == (BarcodeKind.PATRON, "cq")
    assert classifier.classify("CQ0001234") == (BarcodeKind.UNKNOWN, None)  # fullmatch only


def test_item_rules_win_over_patron_rules_and_isbn() -> None:
    settings = BarcodeClassifierSettings(
        item_rules=[BarcodeRule(library="a", pattern=r"\d+", check="none")],
        patron_rules=[BarcodeRule(library="b", pattern=r"\d+", check="none")],
    )
    assert BarcodeClassifier(settings).classify("9780306406157") == (BarcodeKind.ITEM, "a")


def test_mod10_rule_on_non_digit_pattern_never_matches() -> None:
    settings = BarcodeClassifierSettings(
        item_rules=[BarcodeRule(library="x", pattern=r"[A-Z]+", check="mod10")], patron_rules=[]
    )
    assert BarcodeClassifier(settings).classify("ABC") == (BarcodeKind.UNKNOWN, None)
