"""Tell a scanned code apart: library item, patron card, ISBN from the cover, or unknown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drivers.barcode.pattern import compile_rule_pattern
from drivers.events import BarcodeKind
from drivers.settings import BarcodeClassifierSettings, BarcodeRule

ANY_LIBRARY = "*"
_ISBN_PREFIXES = ("978", "979")


def library_check_digit(first_digits: str) -> int:
    """Check digit of the 14-digit library Codabar scheme over all digits before it.

    Weights 2,1,2,1… from the left; a product over 9 has 9 taken off; the check brings the
    sum up to a multiple of ten. ``3319100010586`` → 4.
    """
    if not first_digits or not first_digits.isascii() or not first_digits.isdigit():
        raise ValueError("the digits before the check digit must be a non-empty run of 0-9")
    total = 0
    for position, char in enumerate(first_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def is_valid_library_barcode(code: str) -> bool:
    """True when ``code`` is all digits and its last digit is the library check digit."""
    if len(code) < 2 or not code.isascii() or not code.isdigit():
        return False
    return library_check_digit(code[:-1]) == int(code[-1])


def ean13_check_digit(first12: str) -> int:
    """EAN-13 check digit over the first 12 digits (weights 1,3 alternating from the left)."""
    if len(first12) != 12 or not first12.isascii() or not first12.isdigit():
        raise ValueError("an EAN-13 check digit needs exactly 12 digits")
    total = sum(
        int(char) * (1 if position % 2 == 0 else 3) for position, char in enumerate(first12)
    )
    return (10 - total % 10) % 10


def is_isbn(code: str) -> bool:
    """True for the EAN-13 printed on a book cover: 978 or 979 and a valid check digit."""
    if len(code) != 13 or not code.isascii() or not code.isdigit():
        return False
    return code.startswith(_ISBN_PREFIXES) and ean13_check_digit(code[:12]) == int(code[12])


def make_library_barcode(prefix_digit: int | str, institution: int | str, sequence: int) -> str:
    """Build a 14-digit library barcode: prefix (3 item, 2 patron), institution, sequence, check."""
    prefix = str(prefix_digit)
    inst = str(institution).zfill(4)
    if len(prefix) != 1 or not prefix.isdigit():
        raise ValueError(f"prefix must be one digit, not {prefix_digit!r}")
    if len(inst) != 4 or not inst.isascii() or not inst.isdigit():
        raise ValueError(f"institution must be at most 4 digits, not {institution!r}")
    if not 0 <= sequence <= 99_999_999:
        raise ValueError(f"sequence must be 0 to 99999999, not {sequence}")
    body = f"{prefix}{inst}{sequence:08d}"
    return body + str(library_check_digit(body))


@dataclass(frozen=True)
class _CompiledRule:
    library: str | None  # None for a rule that belongs to any library ("*")
    pattern: Any  # an RE2 pattern: see drivers/barcode/pattern.py
    mod10: bool

    @classmethod
    def of(cls, rule: BarcodeRule) -> _CompiledRule:
        library = None if rule.library == ANY_LIBRARY else rule.library
        return cls(library, compile_rule_pattern(rule.pattern), rule.check == "mod10")

    def matches(self, code: str) -> bool:
        if not self.pattern.fullmatch(code):
            return False
        return not self.mod10 or is_valid_library_barcode(code)


class BarcodeClassifier:
    """Item rules first, then patron rules, then ISBN; the first match wins."""

    def __init__(self, settings: BarcodeClassifierSettings) -> None:
        # Compiled once: classification runs on the device thread for every scan.
        self._rules = [(BarcodeKind.ITEM, _CompiledRule.of(r)) for r in settings.item_rules] + [
            (BarcodeKind.PATRON, _CompiledRule.of(r)) for r in settings.patron_rules
        ]

    def classify(self, code: str) -> tuple[BarcodeKind, str | None]:
        """The kind of ``code`` and the library id of the matching rule (None for ``*`` rules)."""
        for kind, rule in self._rules:
            if rule.matches(code):
                return kind, rule.library
        if is_isbn(code):
            return BarcodeKind.ISBN, None
        return BarcodeKind.UNKNOWN, None
