"""The bundled font covers every Chinese text we ship; sound cues exist and never block."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QRawFont

from kiosk.ui.fonts import FAMILY, register_fonts
from kiosk.ui.paths import FONTS, SOUNDS, TRANSLATIONS
from kiosk.ui.sound import CUES, SoundPlayer

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_font_registers_and_covers_our_chinese(qapp) -> None:
    assert register_fonts() == FAMILY
    texts = [
        m.findtext("translation") or ""
        for m in ET.parse(TRANSLATIONS / "kiosk_zh_CN.ts").iter("message")
    ]
    texts.append((ROOT / "regional" / "demo_catalogue.py").read_text(encoding="utf-8"))
    chars = {c for text in texts for c in re.findall(r"[^\x00-\x7f]", text)}
    for path in sorted(FONTS.glob("*.otf")):
        font = QRawFont(str(path), 24)
        assert font.isValid(), path.name
        # glyph 0 is "missing"; supportsCharacter() misreads large CFF fonts
        missing = sorted(c for c in chars if font.glyphIndexesForString(c) == [0])
        assert missing == [], f"{path.name} lacks {''.join(missing)}"


def test_font_licence_ships_with_the_font() -> None:
    assert "SIL OPEN FONT LICENSE" in (FONTS / "LICENSE-OFL.txt").read_text(encoding="utf-8")


def test_sound_cues(qapp) -> None:
    for cue in CUES:
        assert (SOUNDS / f"{cue}.wav").stat().st_size > 1000
    muted = SoundPlayer(enabled=False)
    assert muted.backend == "off"
    muted.play("success")  # does nothing, raises nothing
    player = SoundPlayer(enabled=True)
    assert player.backend in ("paplay", "aplay", "none")
    player.play("no-such-cue")
    player.close()
