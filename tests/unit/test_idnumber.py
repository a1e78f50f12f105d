"""ID numbers: the MOD 11-2 check character, validation, synthesis and the demo cards."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.demo_cards import DEMO_CARDS, JIKE_AYI, LI_SI, WANG_FANG, ZHANG_SAN, card_for
from patron_identity.id_number import (
    birth_date,
    check_character,
    is_valid_id_number,
    make_id_number,
    parse_yyyymmdd,
)


def test_documented_example() -> None:
    assert check_character("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")


def test_check_character_by_hand() -> None:
    # 5·7+0·9+0·10+1·5+0·8+3·4+1·2+9·1+9·6+0·3+0·7+3·9+0·10+7·5+0·8+1·4+1·2 = 185; 185 mod 11 = 9
    assert check_character("50010319900307011") == "3"


@pytest.mark.parametrize(
    "first17", ["1101051949123100", "110105194912310021", "1101051949123100A", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢"]
)
def test_check_character_needs_17_ascii_digits(first17: str) -> None:
    with pytest.raises(ValueError, match="17 digits"):
        check_character(first17)


def test_lowercase_x_is_accepted() -> None:
    assert is_valid_id_number("11010519491231002x")


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310021",  # wrong check character
        "11010519491231002Y",  # not a check character at all
        "11010519491231002",  # 17 characters
        "11010519491231002XX",  # 19 characters
        " 11010519491231002X",  # surrounding space is the caller's to strip
        "110105194902300020",  # 30 February (check character right for these digits)
        "11010500000101001X",  # year 0 (check character right)
        "１１０１０５１９４９１２３１００２X",  # full-width digits
        "",
    ],
)
def test_invalid_numbers(value: str) -> None:
    assert not is_valid_id_number(value)


def test_bad_dates_fail_on_the_date_not_the_check_character() -> None:
    assert check_character("11010519490230002") == "0"
    assert check_character("11010500000101001") == "X"


def test_birth_date_and_date_parsing() -> None:
    assert birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert parse_yyyymmdd("20240229") == dt.date(2024, 2, 29)
    for bad in ("20230229", "2024011", "2024 1 1", "202401011", "abcdefgh", ""):
        assert parse_yyyymmdd(bad) is None


@settings(max_examples=200)
@given(
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.dates(min_value=dt.date(1000, 1, 1)),
    st.integers(0, 999),
)
def test_made_numbers_are_valid(region: str, birth: dt.date, seq: int) -> None:
    number = make_id_number(region, birth, seq)
    assert len(number) == 18 and number.startswith(region)
    assert is_valid_id_number(number)
    assert birth_date(number) == birth
    wrong = next(c for c in "0123456789X" if c != number[17])
    assert not is_valid_id_number(number[:17] + wrong)


@settings(max_examples=200)
@given(st.text(max_size=20))
def test_validation_never_raises(value: str) -> None:
    is_valid_id_number(value)


@pytest.mark.parametrize(
    ("region", "seq"),
    [("50010", 1), ("5001030", 1), ("50010a", 1), ("500103", -1), ("500103", 1000)],
)
def test_make_id_number_rejects_bad_parts(region: str, seq: int) -> None:
    with pytest.raises(ValueError):
        make_id_number(region, dt.date(1990, 1, 1), seq)


def test_make_id_number_rejects_short_years() -> None:
    with pytest.raises(ValueError, match="four digits"):
        make_id_number("500103", dt.date(999, 1, 1), 1)


# ---- demo cards ----------------------------------------------------------------------------


def test_demo_cards_are_consistent() -> None:
    assert len({card.id_number for card in DEMO_CARDS}) == len(DEMO_CARDS)
    for card in DEMO_CARDS:
        assert is_valid_id_number(card.id_number)
        assert birth_date(card.id_number) == card.birth
        # The 17th digit is odd for men and even for women.
        assert card.sex == ("male" if int(card.id_number[16]) % 2 else "female")
        assert len(card.photo) == 1024
    assert {ZHANG_SAN.name, LI_SI.name, WANG_FANG.name} == {"张三", "李四", "王芳"}
    assert LI_SI.valid_to is None
    assert WANG_FANG.valid_to is not None and WANG_FANG.valid_to < dt.date(2026, 1, 1)
    assert JIKE_AYI.nation == "07"


def test_card_for_a_demo_number_is_that_card() -> None:
    assert card_for(LI_SI.id_number) is LI_SI
    assert card_for(f" {LI_SI.id_number.lower()} ") is LI_SI


def test_card_for_any_valid_number_is_plausible() -> None:
    card = card_for("11010519491231002x")
    assert card.id_number == "11010519491231002X"
    assert card.birth == dt.date(1949, 12, 31)
    assert card.sex == "female"  # 17th digit 2
    assert card.name and card.address and card.authority
    assert card.valid_to is None  # over 46 when issued
    assert card_for("11010519491231002X") == card  # deterministic


def test_card_for_chooses_the_term_by_age() -> None:
    young = card_for(make_id_number("510104", dt.date(2015, 5, 1), 1))
    assert young.address.startswith("四川省成都市")
    assert young.valid_from is not None and young.valid_to is not None
    assert young.valid_to.year - young.valid_from.year == 5
    chongqing = card_for(make_id_number("500112", dt.date(1985, 2, 28), 2))
    assert chongqing.address.startswith("重庆市")
    assert chongqing.valid_to is not None and chongqing.valid_from is not None
    assert chongqing.valid_to.year - chongqing.valid_from.year == 20


def test_card_for_a_birth_year_near_the_end_of_the_calendar() -> None:
    card = card_for(make_id_number("510104", dt.date(9999, 2, 1), 3))
    assert card.valid_from == dt.date(9999, 2, 1)


@pytest.mark.parametrize("value", ["110105194912310021", "abc", ""])
def test_card_for_refuses_invalid_numbers_plainly(value: str) -> None:
    with pytest.raises(ValueError, match="not a valid 18-character ID number"):
        card_for(value)
