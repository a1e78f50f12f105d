"""Synthetic resident ID cards for the simulator and demos; no real person's data."""

from __future__ import annotations

import datetime as dt

from drivers.events import IdCard
from drivers.idcard.text import PHOTO_SIZE
from patron_identity.id_number import birth_date, is_valid_id_number, make_id_number


def _photo(seed: int) -> bytes:
    # Opaque filler standing in for the WLT photo. Neighbouring bytes always differ by 37, so it
    # can never contain the AA AA AA preamble and confuse a resynchronising reader.
    return bytes((seed + i * 37) & 0xFF for i in range(PHOTO_SIZE))


ZHANG_SAN = IdCard(
    name="张三",
    sex="male",
    nation="01",
    birth=dt.date(1990, 3, 7),
    address="重庆市渝中区解放碑街道民族路100号",
    id_number=make_id_number("500103", dt.date(1990, 3, 7), 11),
    authority="重庆市公安局渝中区分局",
    valid_from=dt.date(2015, 6, 1),
    valid_to=dt.date(2035, 6, 1),
    photo=_photo(1),
)
LI_SI = IdCard(  # over 46 at issue, so the card never expires (长期)
    name="李四",
    sex="male",
    nation="01",
    birth=dt.date(1958, 11, 20),
    address="四川省成都市武侯区人民南路四段12号",
    id_number=make_id_number("510107", dt.date(1958, 11, 20), 23),
    authority="成都市公安局武侯区分局",
    valid_from=dt.date(2010, 1, 15),
    valid_to=None,
    photo=_photo(2),
)
WANG_FANG = IdCard(  # expired
    name="王芳",
    sex="female",
    nation="01",
    birth=dt.date(1996, 8, 15),
    address="四川省成都市锦江区春熙路8号",
    id_number=make_id_number("510104", dt.date(1996, 8, 15), 42),
    authority="成都市公安局锦江区分局",
    valid_from=dt.date(2012, 9, 1),
    valid_to=dt.date(2022, 9, 1),
    photo=_photo(3),
)
JIKE_AYI = IdCard(  # a four-character name and a nation other than 汉 (07 彝)
    name="吉克阿依",
    sex="female",
    nation="07",
    birth=dt.date(2007, 5, 20),
    address="四川省凉山彝族自治州西昌市长安街道5号",
    id_number=make_id_number("513401", dt.date(2007, 5, 20), 86),
    authority="西昌市公安局",
    valid_from=dt.date(2023, 6, 1),
    valid_to=dt.date(2033, 6, 1),
    photo=_photo(4),
)

DEMO_CARDS: tuple[IdCard, ...] = (ZHANG_SAN, LI_SI, WANG_FANG, JIKE_AYI)

_SURNAMES = "赵钱孙李周吴郑王陈刘杨黄"
_GIVEN = ("伟", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "军", "杰", "娟")
# Synthesised addresses by the leading digits of the region code, most specific first.
_PLACES = (
    ("5101", "四川省成都市", "成都市公安局"),
    ("50", "重庆市", "重庆市公安局"),
    ("51", "四川省", "四川省公安厅"),
)
_ISSUED = dt.date(2020, 7, 1)


def _add_years(day: dt.date, years: int) -> dt.date:
    year = min(day.year + years, dt.MAXYEAR)  # a valid number may carry a birth year near 9999
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=year, day=28)


def _validity_years(age: int) -> int | None:
    # The statutory terms by age at issue: 5, 10, 20 years, then no expiry from 46 on.
    if age < 16:
        return 5
    if age < 26:
        return 10
    if age < 46:
        return 20
    return None


def card_for(id_number: str) -> IdCard:
    """The demo card with this number, or a plausible synthetic one for any other valid number."""
    number = id_number.strip().upper()
    if not is_valid_id_number(number):
        raise ValueError(
            "not a valid 18-character ID number (wrong length, date or last character)"
        )
    for card in DEMO_CARDS:
        if card.id_number == number:
            return card
    birth = birth_date(number)
    assert birth is not None  # is_valid_id_number checked it
    key = int(number[:17])
    place, authority = "", "公安局"
    for prefix, where, office in _PLACES:
        if number.startswith(prefix):
            place, authority = where, office
            break
    issued = max(_ISSUED, birth)
    age = issued.year - birth.year - ((issued.month, issued.day) < (birth.month, birth.day))
    years = _validity_years(age)
    return IdCard(
        name=_SURNAMES[key % len(_SURNAMES)] + _GIVEN[key // 7 % len(_GIVEN)],
        sex="male" if int(number[16]) % 2 else "female",
        nation="01",
        birth=birth,
        address=f"{place}幸福路{key % 200 + 1}号",
        id_number=number,
        authority=authority,
        valid_from=issued,
        valid_to=None if years is None else _add_years(issued, years),
        photo=_photo(key % 256),
    )
