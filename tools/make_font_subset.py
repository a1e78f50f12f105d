"""Make the bundled CJK font: Noto Sans CJK SC cut down to GB 18030's required repertoire
(names such as 玥, 珺, 祎 and 犇 lie outside GB2312) plus what the kiosk's own texts use.

One-off, reproducible: ``apt-get install fonts-noto-cjk`` (or ``apt-get download`` it and
``dpkg-deb -x`` it, then pass ``--source``), ``pip install fonttools`` (not a project
dependency), then ``python tools/make_font_subset.py``. Writes
resources/fonts/NotoSansCJKsc-{Regular,Bold}-kiosk.otf.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SYSTEM = Path("/usr/share/fonts/opentype/noto")
FACE = "Noto Sans CJK SC"
WEIGHTS = ("Regular", "Bold")

RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x2150, 0x218F),  # number forms (Ⅱ in book titles)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # fullwidth forms
)
# Text we ship ourselves must never show a missing-glyph box, even outside GB2312.
EXTRA_SOURCES = (
    "resources/translations/*.ts",
    "regional/demo_catalogue.py",
    "regional/seed.py",
    "kiosk/ui/**/*.py",
    "tools/screenshots.py",
)


def gb18030_required() -> set[int]:
    """GB 18030-2022 implementation level 1, the level every product must support: the one- and
    two-byte part (GBK's 21,886 characters and symbols, less those mapped to the private-use
    area), CJK Unified Ideographs with their later additions up to U+9FFF, and Extension A."""
    points: set[int] = set()
    for high in range(0x81, 0xFF):
        for low in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            try:
                char = bytes((high, low)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if not 0xE000 <= ord(char) <= 0xF8FF:
                points.add(ord(char))
    points |= set(range(0x3400, 0x4DC0)) | set(range(0x4E00, 0xA000))
    return points


def gb2312() -> set[str]:
    """Every character of GB2312, found by decoding each of its two-byte code points."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def shipped_text() -> set[str]:
    chars: set[str] = set()
    for pattern in EXTRA_SOURCES:
        for path in ROOT.glob(pattern):
            text = path.read_text(encoding="utf-8")
            chars |= set(re.findall(r"[^\x00-\x7f]", text))
    return chars


def wanted() -> set[int]:
    points = {cp for low, high in RANGES for cp in range(low, high + 1)}
    points |= {ord(c) for c in gb2312() | shipped_text()} | gb18030_required()
    return points


def make(weight: str, source_dir: Path, out_dir: Path, points: set[int]) -> Path:
    collection = TTCollection(str(source_dir / f"NotoSansCJK-{weight}.ttc"))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FACE)
    options = subset.Options()
    options.hinting = False  # large text on a fixed screen: hinting costs megabytes, adds little
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    # Level 2's name characters in Extensions B to F: whatever of them the font has.
    points = points | {cp for cp in font.getBestCmap() if cp >= 0x20000}
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    out = out_dir / f"NotoSansCJKsc-{weight}-kiosk.otf"
    font.save(str(out))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SYSTEM, help="folder of the .ttc files")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "fonts")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    points = wanted()
    for weight in WEIGHTS:
        path = make(weight, args.source, args.out, points)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
