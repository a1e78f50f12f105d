"""Regenerate the translation sources (.ts, by pyside6-lupdate) and the compiled .qm files.

Run after changing any user-visible text in kiosk/ui: ``python tools/build_translations.py``.
New Chinese texts come out ``unfinished`` (fill them in with pyside6-linguist or an editor; a
test fails until they are); English texts are the sources themselves and are filled in here.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "kiosk" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")


def tool(name: str) -> str:
    """The Qt tool PySide6 ships, next to the running Python or on PATH."""
    for candidate in (
        Path(sys.executable).parent / f"pyside6-{name}",
        shutil.which(f"pyside6-{name}"),
    ):
        if candidate and Path(candidate).exists():
            return str(candidate)
    import PySide6

    bundled = Path(PySide6.__file__).parent / name
    if bundled.exists():
        return str(bundled)
    raise SystemExit(f"pyside6-{name} not found: install PySide6 (pip install -e '.[ui]')")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"kiosk_{language}.ts"


def update(language: str) -> None:
    subprocess.run(
        [
            tool("lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            language,
            *sources(),
            "-ts",
            str(ts_path(language)),
        ],
        cwd=ROOT,
        check=True,
    )


def fill_english(path: Path) -> int:
    """English is the source language: an English text is its own translation."""
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None and translation.get("type") == "unfinished":
            translation.text = source
            del translation.attrib["type"]
            filled += 1
    if filled:
        ET.indent(tree, space="    ")
        with path.open("wb") as out:
            out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
            tree.write(out, encoding="utf-8", xml_declaration=False)
            out.write(b"\n")
    return filled


def release(language: str) -> None:
    qm = TRANSLATIONS / f"kiosk_{language}.qm"
    subprocess.run(
        [tool("lrelease"), "-silent", str(ts_path(language)), "-qm", str(qm)], cwd=ROOT, check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qm-only", action="store_true", help="only compile .ts into .qm")
    args = parser.parse_args()
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        if not args.qm_only:
            update(language)
            if language == "en":
                print(f"en: {fill_english(ts_path(language))} texts filled from their sources")
        release(language)
    unfinished = ts_path("zh_CN").read_text(encoding="utf-8").count('type="unfinished"')
    if unfinished:
        print(f"zh_CN: {unfinished} texts still need a Chinese translation", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
