"""Resident ID numbers (GB 11643): the ISO 7064 MOD 11-2 check character, validation, synthesis."""

from __future__ import annotations

import datetime as dt
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# re.ASCII: str.isdigit() and \d would also accept digits of other scripts such as "١".
_FIRST17 = re.compile(r"[0-9]{17}", re.ASCII)
_FULL = re.compile(r"[0-9]{17}[0-9Xx]", re.ASCII)
_REGION = re.compile(r"[0-9]{6}", re.ASCII)
_DATE = re.compile(r"[0-9]{8}", re.ASCII)


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits: ``"11010519491231002"`` → ``"X"``."""
    if not _FIRST17.fullmatch(first17):
        raise ValueError("the first part of an ID number must be exactly 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_yyyymmdd(text: str) -> dt.date | None:
    """``"19491231"`` → a date; None unless it is exactly 8 ASCII digits forming a real date."""
    # Not strptime: it accepts single-digit months and days, so "2020111" would pass.
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def birth_date(value: str) -> dt.date | None:
    """The birth date coded in characters 7–14 of an ID number, or None when it is no real date."""
    return parse_yyyymmdd(value[6:14])


def is_valid_id_number(value: str) -> bool:
    """18 characters, a real birth date, and the right check character (``x`` counts as ``X``)."""
    if not isinstance(value, str) or not _FULL.fullmatch(value):
        return False
    if birth_date(value) is None:
        return False
    return check_character(value[:17]) == value[17].upper()


def make_id_number(region: str, birth: dt.date, seq: int) -> str:
    """A valid synthetic number; an odd ``seq`` means male, an even one female, as on real cards."""
    if not _REGION.fullmatch(region):
        raise ValueError("region must be 6 digits")
    if not 0 <= seq <= 999:
        raise ValueError("seq must be 0..999")
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    if not _FIRST17.fullmatch(first17):  # years before 1000 do not format as four digits
        raise ValueError("birth year must have four digits")
    return first17 + check_character(first17)
