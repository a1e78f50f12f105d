"""Every user-visible text has a Chinese and an English translation, and the .qm files are
built from the current .ts files."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "kiosk" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _ts(language: str) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(TRANSLATIONS / f"kiosk_{language}.ts")
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in tree.iter("context")
        for message in context.iter("message")
    }


def _texts_in_code() -> set[tuple[str, str]]:
    """(context, source) of every translate(...), QT_TRANSLATE_NOOP(...) and self.tr(...)."""
    found = set()
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for inner in ast.walk(node):
                    classes[id(inner)] = node.name
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            args = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2:
                found.add((args[0], args[1]))
            elif name == "tr" and args and id(node) in classes:
                found.add((classes[id(node)], args[0]))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated(language: str) -> None:
    messages = _ts(language)
    problems = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in ("unfinished", "obsolete", "vanished"):
            problems.append(f"{context}: {source!r} is {translation.get('type')}")
        elif not (translation.text or "").strip():
            problems.append(f"{context}: {source!r} has an empty translation")
        elif set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translation.text or "")):
            problems.append(f"{context}: {source!r} loses or adds a {{placeholder}}")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_in_the_code_is_in_the_ts_file(language: str) -> None:
    in_code = _texts_in_code()
    assert len(in_code) > 100  # the scan really found the screens' texts
    missing = sorted(in_code - set(_ts(language)))
    assert missing == [], "run tools/build_translations.py and translate the new texts"


def test_chinese_is_really_chinese() -> None:
    for (_context, source), message in _ts("zh_CN").items():
        text = message.findtext("translation") or ""
        if re.search(r"[A-Za-z]{4,}", source.replace("ISBN", "")):
            assert re.search(r"[\u4e00-\u9fff]", text), f"{source!r} is not in Chinese: {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_qm_files_are_built_from_the_ts_files(language: str, tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.skip("pyside6-lrelease not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [lrelease, "-silent", str(TRANSLATIONS / f"kiosk_{language}.ts"), "-qm", str(fresh)],
        check=True,
    )
    shipped = TRANSLATIONS / f"kiosk_{language}.qm"
    assert shipped.read_bytes() == fresh.read_bytes(), "run tools/build_translations.py"
