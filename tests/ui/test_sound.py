"""Sound cues reach an audio sink: ALSA's file plugin stands in for the loudspeaker."""

from __future__ import annotations

import os
import shutil
import wave
from pathlib import Path

import pytest

from kiosk.ui.paths import SOUNDS
from kiosk.ui.sound import SoundPlayer
from tests.helpers import wait_until


def need_aplay() -> None:
    """``make test`` installs aplay (as root): there a missing one fails, elsewhere it skips."""
    if shutil.which("aplay") is None:
        message = "aplay not found: sudo make audio-runtime"
        if os.environ.get("CI") == "true" or os.geteuid() == 0:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def file_sink(path: Path) -> str:
    """An ALSA PCM that writes what is played, as raw samples, to ``path``."""
    return f"file:FILE={path},FORMAT=raw"


def frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


def assert_played(sink: Path, wav: Path) -> None:
    """The sink holds the file's samples (aplay may pad the last period with silence)."""
    played, expected = sink.read_bytes(), frames(wav)
    assert played[: len(expected)] == expected
    assert played[len(expected) :].strip(b"\0") == b""


def test_a_cue_reaches_the_sink(qapp, tmp_path: Path) -> None:
    need_aplay()
    out = tmp_path / "played.raw"
    player = SoundPlayer(enabled=True, device=file_sink(out))
    try:
        assert player.backend == "aplay"
        player.play("success")
        player.wait_idle()
        wait_until(lambda: out.exists() and out.stat().st_size > 0, what="samples in the sink")
        assert_played(out, SOUNDS / "success.wav")
    finally:
        player.close()


def test_muted_and_unknown_cues_play_nothing(qapp, tmp_path: Path) -> None:
    need_aplay()
    out = tmp_path / "played.raw"
    muted = SoundPlayer(enabled=False, device=file_sink(out))
    assert muted.backend == "off"
    muted.play("success")
    player = SoundPlayer(enabled=True, device=file_sink(out))
    try:
        player.play("no-such-cue")
        player.wait_idle()
        player.play("error")  # a real cue after them: the sink then holds only its samples
        player.wait_idle()
        wait_until(lambda: out.exists(), what="the error cue in the sink")
        assert_played(out, SOUNDS / "error.wav")
    finally:
        player.close()


def test_a_cue_that_arrives_after_close_starts_no_player(qapp, tmp_path: Path) -> None:
    """A device's state change queued as the kiosk shuts down reaches the window after it
    closed: no player may start then (nobody would reap it)."""
    need_aplay()
    out = tmp_path / "played.raw"
    player = SoundPlayer(enabled=True, device=file_sink(out))
    player.close()
    player.play("attention")
    assert player._children == []
    assert not out.exists()
