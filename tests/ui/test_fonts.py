"""Every character a patron's name or a book title may hold has a glyph in the bundled font:
the demo data's, common name characters outside GB2312 (玥, 珺, 祎, 犇 …), and a sample of GB
18030's required repertoire, in both weights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QRawFont

from kiosk.ui.paths import FONTS

ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = (
    "regional/seed.py",
    "regional/demo_catalogue.py",
    "drivers/idcard/demo_cards.py",
)
# Given-name characters parents choose that GB2312 lacks (and a few it has, for company).
NAME_CHARS = (
    "玥珺祎犇喆堃昇琇璟翀垚鋆赟燊彧玙瑄芃颢镕䶮昳晞沄婕歆玮珅钰琤珩煊曌淼焱鑫昊晟皓煜烨"
    "妍婧琰珏昕蔚頔祺禕瑀琬璇瑾瑜琦琪璐瑶颖颀昀昉暐炜烜焜熠燚嬛娉姝婳嫣媛"
)


def demo_characters() -> set[str]:
    chars: set[str] = set()
    for name in DEMO_DATA:
        text = (ROOT / name).read_text(encoding="utf-8")
        chars |= set(re.findall(r"[^\x00-\x7f]", text))
    return chars


def gb18030_sample() -> set[str]:
    """Every 7th code of the two-byte part, and the start of CJK Extension A."""
    chars = set()
    for high in range(0x81, 0xFF):
        for low in range(0x40, 0xFF, 7):
            try:
                char = bytes((high, low)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if char.isprintable() and not 0xE000 <= ord(char) <= 0xF8FF:
                chars.add(char)
    return chars | {chr(cp) for cp in range(0x3400, 0x3500)}


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_every_name_and_title_character_has_a_glyph(qapp, weight: str) -> None:
    font = QRawFont(str(FONTS / f"NotoSansCJKsc-{weight}-kiosk.otf"), 24)
    assert font.isValid()
    wanted = demo_characters() | set(NAME_CHARS) | gb18030_sample()
    # Separators and marks in the sources (·, —, ×, …) are in the font as well.
    missing = sorted(c for c in wanted if not font.supportsCharacter(ord(c)))
    assert not missing, f"{len(missing)} without a glyph: {''.join(missing[:80])}"
