"""Where the patron screen's resources live (themes, fonts, sounds, translations)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
THEMES = RESOURCES / "themes"
FONTS = RESOURCES / "fonts"
SOUNDS = RESOURCES / "sounds"
TRANSLATIONS = RESOURCES / "translations"
