"""Where the patron screen's resources live (themes, fonts, sounds, translations)."""

from __future__ import annotations

import sysconfig
from pathlib import Path

# In a checkout (and an editable install) the top-level resources/ folder beside the package;
# an installed wheel carries the same files as data under <prefix>/share/library-kiosk/.
_SOURCE_TREE = Path(__file__).resolve().parents[2] / "resources"
_INSTALLED = Path(sysconfig.get_path("data")) / "share" / "library-kiosk" / "resources"


def _resources() -> Path:
    for candidate in (_SOURCE_TREE, _INSTALLED):
        if (candidate / "themes").is_dir():
            return candidate
    return _SOURCE_TREE  # nothing found: callers then name the missing file in their error


RESOURCES = _resources()
THEMES = RESOURCES / "themes"
FONTS = RESOURCES / "fonts"
SOUNDS = RESOURCES / "sounds"
TRANSLATIONS = RESOURCES / "translations"
PROMPTS = RESOURCES / "prompts"
