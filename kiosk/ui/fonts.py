"""Registers the bundled CJK font so Chinese renders on a machine with no CJK font installed."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from kiosk.ui.paths import FONTS

log = logging.getLogger(__name__)

FAMILY = "Noto Sans CJK SC"
_registered: list[str] = []


def register_fonts() -> str:
    """Add resources/fonts/*.otf to Qt's font database once; returns the family to use."""
    if _registered:
        return _registered[0]
    families: list[str] = []
    for path in sorted(FONTS.glob("*.otf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load the font %s", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        log.warning("no bundled font in %s: Chinese may not render", FONTS)
    _registered.append(FAMILY if FAMILY in families else (families[0] if families else FAMILY))
    return _registered[0]
