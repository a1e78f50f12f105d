"""Accessibility mode's voice: prompts reach an audio sink (ALSA's file plugin) at the chosen
volume, a new utterance cuts the one playing, repeat says it again, and a session's end resets
the volume."""

from __future__ import annotations

import shutil
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import ItemRow, Screen, SessionView
from kiosk.core.speech_script import DIGIT_ENTERED, Language, Prompt, Say, Spoken, screen_prompt
from kiosk.domain import ActKind
from kiosk.ui.paths import PROMPTS
from kiosk.ui.speech import DEFAULT_VOLUME, SpeechOutput
from kiosk.ui.voice import read_wav, scaled, synthesize
from tests.helpers import wait_until
from tests.ui.test_sound import file_sink, need_aplay
from tests.unit.test_build_prompts import need_espeak
from tools.build_prompts import screen_texts

HOME = SessionView(screen=Screen.HOME)

# A player that keeps each WAV it is given in <folder>/<n>.wav and then plays "forever": only
# being cut (killed) ends it, so a test sees exactly which parts started.
HOLDING_PLAYER = """
import pathlib, sys, threading
folder = pathlib.Path(sys.argv[1])
n = len(list(folder.glob("*.wav")))
data = sys.stdin.buffer.read()
(folder / f"{n}.tmp").write_bytes(data)
(folder / f"{n}.tmp").rename(folder / f"{n}.wav")
threading.Event().wait()
"""


def samples(wav: bytes) -> bytes:
    return read_wav(wav)[1].tobytes()


def prompt_wav(key: str, language: str = "zh_CN") -> bytes:
    return (PROMPTS / language / f"{key}.wav").read_bytes()


def assert_sink_holds(sink: Path, wav: bytes) -> None:
    played, expected = sink.read_bytes(), samples(wav)
    assert played[: len(expected)] == expected
    assert played[len(expected) :].strip(b"\0") == b""


@pytest.fixture
def speech(qapp, tmp_path: Path) -> Iterator[tuple[SpeechOutput, Path, list[tuple[Say, ...]]]]:
    need_aplay()
    sink = tmp_path / "spoken.raw"
    output = SpeechOutput(lambda: "zh_CN", device=file_sink(sink))
    said: list[tuple[Say, ...]] = []
    output.said.connect(said.append)
    yield output, sink, said
    output.close()


def test_off_by_default_says_nothing(speech) -> None:
    output, sink, said = speech
    output.show_view(HOME)
    output.show_view(replace(HOME, screen=Screen.IDENTIFY))
    output.repeat()
    assert said == [] and not sink.exists()


def test_a_screen_prompt_reaches_the_sink(speech) -> None:
    output, sink, said = speech
    output.show_view(HOME)
    output.set_enabled(True)  # says where the patron is now
    output.show_view(replace(HOME, screen=Screen.IDENTIFY))
    assert said == [(screen_prompt(Screen.HOME),), (screen_prompt(Screen.IDENTIFY),)]
    assert output.wait_idle()
    wait_until(lambda: sink.exists(), what="speech in the sink")
    assert_sink_holds(sink, scaled(prompt_wav("screen.identify"), DEFAULT_VOLUME))


def test_volume_and_repeat_then_reset(speech) -> None:
    output, sink, said = speech
    output.set_enabled(True)
    output.show_view(replace(HOME, screen=Screen.SESSION))
    output.set_volume(0.4)
    output.repeat()
    assert said[-1] == (screen_prompt(Screen.SESSION),)
    assert output.wait_idle()
    assert_sink_holds(sink, scaled(prompt_wav("screen.session"), 0.4))
    output.set_volume(5.0)
    assert output.volume == 1.0
    output.show_view(replace(HOME, screen=Screen.SUMMARY))
    output.show_view(HOME)
    output.reset()  # the window's, when the patron has gone (tests/ui/test_accessibility.py)
    assert output.volume == DEFAULT_VOLUME
    count = len(said)
    assert said[-1] == (screen_prompt(Screen.HOME),)
    output.set_enabled(False)
    output.repeat()
    assert len(said) == count


def test_a_pin_digit_is_said_as_digit_entered_only(speech) -> None:
    output, sink, said = speech
    output.set_enabled(True)
    output.show_view(replace(HOME, screen=Screen.PIN))
    output.digit_entered()
    assert said[-1] == (DIGIT_ENTERED,)
    assert output.wait_idle()
    assert_sink_holds(sink, scaled(prompt_wav("pin.digit_entered"), DEFAULT_VOLUME))
    output.repeat()  # repeats the screen's prompt, not the digit
    assert said[-1] == (screen_prompt(Screen.PIN),)


def test_a_new_utterance_cuts_the_one_playing(qapp, tmp_path: Path) -> None:
    folder = tmp_path / "played"
    folder.mkdir()
    output = SpeechOutput(lambda: "en", player=[sys.executable, "-c", HOLDING_PLAYER, str(folder)])
    try:
        output.set_enabled(True)
        # Two parts, the screen and a message: once cut, the second must never start.
        output.show_view(replace(HOME, screen=Screen.SESSION, message=ResultCode.TAP_CARD_FIRST))
        wait_until(lambda: (folder / "0.wav").exists(), what="the first part")
        output.show_view(replace(HOME, screen=Screen.IDENTIFY))
        wait_until(lambda: (folder / "1.wav").exists(), what="the new prompt")
        output.stop()
        assert output.wait_idle()
        played = [samples((folder / f"{n}.wav").read_bytes()) for n in range(2)]
        assert played == [
            samples(scaled(prompt_wav(key, "en"), DEFAULT_VOLUME))
            for key in ("screen.session", "screen.identify")
        ]
        assert sorted(p.name for p in folder.glob("*.wav")) == ["0.wav", "1.wav"]
    finally:
        output.close()


def borrowed(title: str) -> SessionView:
    row = ItemRow(
        ActKind.BORROW, "35001000000031", pending=False, outcome=Outcome.DONE, title=title
    )
    return replace(HOME, screen=Screen.SESSION, rows=(row,))


def test_a_title_is_spoken_at_run_time(speech) -> None:
    output, sink, said = speech
    need_espeak()
    output.show_view(replace(borrowed("白鹿原"), rows=()))
    output.set_enabled(True)
    output.show_view(borrowed("白鹿原"))
    assert said[-1] == (Prompt("act.borrowed"), Spoken("白鹿原"))
    assert output.wait_idle()
    # each part is its own player run, so the sink holds the last: the title
    assert_sink_holds(sink, scaled(synthesize("白鹿原", Language.ZH_CN), DEFAULT_VOLUME))


def test_without_espeak_titles_are_skipped_silently(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_aplay()
    only_aplay = tmp_path / "bin"
    only_aplay.mkdir()
    (only_aplay / "aplay").symlink_to(shutil.which("aplay") or "aplay")
    monkeypatch.setenv("PATH", str(only_aplay))
    sink = tmp_path / "spoken.raw"
    output = SpeechOutput(lambda: "zh_CN", device=file_sink(sink))
    try:
        output.show_view(replace(borrowed("白鹿原"), rows=()))
        output.set_enabled(True)
        output.show_view(borrowed("白鹿原"))
        assert output.wait_idle()
        assert_sink_holds(sink, scaled(prompt_wav("act.borrowed"), DEFAULT_VOLUME))
    finally:
        output.close()


def test_result_prompts_say_what_the_screen_shows() -> None:
    """When a message changes, `make prompts` brings its spoken words and files along."""
    with (PROMPTS / "prompts.toml").open("rb") as f:
        table = tomllib.load(f)
    stale = [
        key
        for key, texts in screen_texts().items()
        for language, text in texts.items()
        if table.get(key, {}).get(language.value) != text
    ]
    assert stale == [], "run `make prompts` (tools/build_prompts.py --sync-results)"


def test_a_new_language_says_the_screen_again_in_it(qapp, tmp_path: Path) -> None:
    need_aplay()
    sink = tmp_path / "spoken.raw"
    language = ["zh_CN"]
    output = SpeechOutput(lambda: language[0], device=file_sink(sink))
    said: list[tuple[Say, ...]] = []
    output.said.connect(said.append)
    try:
        output.show_view(replace(HOME, screen=Screen.IDENTIFY))
        output.announce()
        assert said == []  # speech is off
        output.set_enabled(True)
        language[0] = "en"
        output.announce()
        assert said == [(screen_prompt(Screen.IDENTIFY),)] * 2
        assert output.wait_idle()
        assert_sink_holds(sink, scaled(prompt_wav("screen.identify", "en"), DEFAULT_VOLUME))
    finally:
        output.close()


def test_a_blocked_patron_is_not_told_to_scan_books() -> None:
    from kiosk.backend.types import Block
    from kiosk.core.speech_script import BLOCKED, for_view

    blocked = SessionView(Screen.SESSION, blocks=(Block("fines_over_limit", ""),))
    says = for_view(HOME, blocked, Language.EN)
    assert says[0] == BLOCKED and screen_prompt(Screen.SESSION) not in says
    assert for_view(HOME, replace(blocked, blocks=()), Language.EN)[0] == screen_prompt(
        Screen.SESSION
    )


def test_the_summary_reads_the_receipt() -> None:
    """Titles, due dates and where returned books go, borrowed books first; nothing of the
    patron and no barcode."""
    import datetime as dt

    from kiosk.core.speech_script import for_view, spoken_date

    due = dt.date(2026, 12, 23)
    rows = (
        ItemRow(
            ActKind.RETURN,
            "35101000000104",
            False,
            Outcome.DONE,
            ResultCode.OK,
            "三体",
            routing_action="transit",
            routing_library="CDL",
        ),
        ItemRow(
            ActKind.BORROW, "35001000000031", False, Outcome.DONE, ResultCode.OK, "白鹿原", due=due
        ),
        ItemRow(
            ActKind.BORROW,
            "35001000000049",
            False,
            Outcome.REFUSED,
            ResultCode.ITEM_NOT_LOANABLE,
            "辞海",
        ),
    )
    session = SessionView(screen=Screen.SESSION, patron_name="张*", rows=rows)
    said = for_view(session, replace(session, screen=Screen.SUMMARY), Language.ZH_CN)
    assert said == [
        screen_prompt(Screen.SUMMARY),
        Prompt("act.borrowed"),
        Spoken("白鹿原"),
        Prompt("act.due"),
        Spoken(spoken_date(due, Language.ZH_CN)),
        Prompt("act.returned"),
        Spoken("三体"),
        Prompt("route.transit"),
    ]
    assert not any("张" in p.text or "3500" in p.text for p in said if isinstance(p, Spoken))
