"""Speak every row of resources/prompts/prompts.toml with espeak-ng into
resources/prompts/<language>/<key>.wav (mono, at most 16 kHz): `make prompts`. With
``--sync-results`` the result rows first take the screen's words (kiosk/ui/messages.py and the
Chinese translation), so the voice says what the screen shows."""

from __future__ import annotations

import argparse
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import tomlkit

from kiosk.core.speech_script import Language
from kiosk.ui.voice import VoiceError, espeak, synthesize

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "resources" / "prompts" / "prompts.toml"
ZH_TS = ROOT / "resources" / "translations" / "kiosk_zh_CN.ts"


def screen_texts() -> dict[str, dict[Language, str]]:
    """Each result prompt's words as the screen shows them: key -> language -> text."""
    from kiosk.core.results import ResultCode
    from kiosk.core.speech_script import GENERIC, result_prompt
    from kiosk.ui import messages

    zh: dict[str, str] = {}
    for context in ET.parse(ZH_TS).getroot().iter("context"):
        if context.findtext("name") == "Messages":
            for entry in context.iter("message"):
                zh[entry.findtext("source") or ""] = entry.findtext("translation") or ""
    english = {GENERIC.key: messages.GENERIC}
    for code in ResultCode:
        prompt = result_prompt(code)
        if prompt is not None and prompt != GENERIC:
            english[prompt.key] = messages._MESSAGES[code]
    return {
        key: {Language.EN: text, Language.ZH_CN: zh.get(text, "")} for key, text in english.items()
    }


def sync_results(path: Path) -> list[str]:
    """Rewrite the result rows of the table (comments kept) with the screen's words; the keys
    whose words changed."""
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    changed = []
    for key, texts in screen_texts().items():
        row = document.get(key)
        if row is None:
            row = tomlkit.table()
            document[key] = row
        for language, text in texts.items():
            if text and row.get(language.value) != text:
                row[language.value] = text
                changed.append(key)
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    return sorted(set(changed))


def load_table(path: Path) -> dict[str, dict[Language, str]]:
    """key -> language -> text; every row must have every language."""
    with path.open("rb") as f:
        raw = tomllib.load(f)
    table: dict[str, dict[Language, str]] = {}
    for key, row in raw.items():
        missing = [lang.value for lang in Language if not str(row.get(lang.value, "")).strip()]
        if missing:
            raise SystemExit(f"{path}: prompt {key!r} has no text for {', '.join(missing)}")
        table[key] = {lang: str(row[lang.value]) for lang in Language}
    return table


def build(table_path: Path, out: Path, *, keep_existing: bool = False) -> list[Path]:
    """Write a file per row and language; with ``keep_existing``, a file already there (a
    library's own recording) is left alone."""
    written = []
    for key, texts in load_table(table_path).items():
        for language, text in texts.items():
            path = out / language.value / f"{key}.wav"
            if keep_existing and path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(synthesize(text, language))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--table", type=Path, default=TABLE, help="the prompt table (TOML)")
    parser.add_argument("--out", type=Path, default=TABLE.parent, help="folder of <language>/")
    parser.add_argument(
        "--keep-existing", action="store_true", help="leave files already there (recordings)"
    )
    parser.add_argument(
        "--sync-results", action="store_true", help="result rows take the screen's words first"
    )
    args = parser.parse_args(argv)
    if args.sync_results:
        for key in sync_results(args.table):
            print(f"{key}: now as on the screen")
    if espeak() is None:
        print("espeak-ng not found: sudo make audio-runtime", file=sys.stderr)
        return 1
    try:
        written = build(args.table, args.out, keep_existing=args.keep_existing)
    except VoiceError as exc:
        print(exc, file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} prompt files, {size // 1024} KiB, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
