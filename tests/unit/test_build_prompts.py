"""tools/build_prompts.py writes a prompt file per table row and language; the committed table
and files cover every prompt the speech script can ask for."""

from __future__ import annotations

import io
import os
import shutil
import tomllib
import wave
from pathlib import Path

import pytest

from kiosk.core.speech_script import Language, prompt_keys
from kiosk.ui.voice import synthesize
from tools.build_prompts import TABLE, build, load_table

PROMPTS = TABLE.parent


def need_espeak() -> None:
    """``make test`` installs espeak-ng (as root): there a missing one fails, else it skips."""
    if shutil.which("espeak-ng") is None:
        message = "espeak-ng not found: sudo make audio-runtime"
        if os.environ.get("CI") == "true" or os.geteuid() == 0:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def test_a_file_per_row_and_language(tmp_path: Path) -> None:
    need_espeak()
    table = tmp_path / "prompts.toml"
    table.write_text(
        '["screen.home"]\nzh_CN = "欢迎"\nen = "Welcome"\n\n'
        '["act.due"]\nzh_CN = "应还日期是"\nen = "Due back on"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    written = build(table, out)
    expected = {
        out / lang / f"{key}.wav" for lang in ("zh_CN", "en") for key in ("screen.home", "act.due")
    }
    assert set(written) == expected
    for path in expected:
        with wave.open(io.BytesIO(path.read_bytes())) as wav:
            assert wav.getnchannels() == 1
            assert wav.getframerate() <= 16000
            assert wav.getnframes() > wav.getframerate() // 10  # some speech, not an empty file


def test_recordings_already_there_are_kept(tmp_path: Path) -> None:
    need_espeak()
    table = tmp_path / "prompts.toml"
    table.write_text('["screen.home"]\nzh_CN = "欢迎"\nen = "Welcome"\n', encoding="utf-8")
    recorded = tmp_path / "out" / "en" / "screen.home.wav"
    recorded.parent.mkdir(parents=True)
    recorded.write_bytes(b"a library's own recording")
    written = build(table, tmp_path / "out", keep_existing=True)
    assert written == [tmp_path / "out" / "zh_CN" / "screen.home.wav"]
    assert recorded.read_bytes() == b"a library's own recording"


def test_a_row_without_a_language_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "prompts.toml"
    table.write_text('["screen.home"]\nen = "Welcome"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="zh_CN"):
        load_table(table)


def test_the_committed_prompts_cover_the_script() -> None:
    with TABLE.open("rb") as f:
        rows = set(tomllib.load(f))
    assert rows == set(prompt_keys())
    for language in Language:
        files = {p.stem for p in (PROMPTS / language.value).glob("*.wav")}
        assert files == rows, language


def test_a_title_that_looks_like_an_option_is_spoken() -> None:
    need_espeak()
    with wave.open(io.BytesIO(synthesize("--help -v xx", Language.EN))) as wav:
        assert wav.getnframes() > wav.getframerate() // 2  # about a second of words
