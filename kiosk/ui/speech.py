"""Speech output for accessibility mode: says what kiosk/core/speech_script.py chooses for each
new view, through ``aplay`` on a thread of its own. A new utterance cuts the one playing."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.core.session import SessionView
from kiosk.core.speech_script import (
    CARD_LEFT,
    DIGIT_ENTERED,
    Language,
    Prompt,
    Say,
    Spoken,
    for_view,
)
from kiosk.ui.paths import PROMPTS
from kiosk.ui.sound import player_command
from kiosk.ui.voice import VoiceError, espeak, scaled, synthesize

log = logging.getLogger(__name__)

DEFAULT_VOLUME = 0.8  # of full level; every session starts here
MIN_VOLUME, MAX_VOLUME = 0.2, 1.0  # never so low that the patron thinks it is off
VOLUME_STEP = 0.2
JOIN_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Utterance:
    says: tuple[Say, ...]
    language: Language
    volume: float
    number: int  # later utterances cut earlier ones


class SpeechOutput(QObject):
    """Off until ``set_enabled(True)``; ``close`` when done. ``show_view`` speaks each new
    view; ``repeat`` says the last utterance again; ``reset`` (the window's, when the patron
    has gone) restores the volume and forgets what was said. ``said`` carries everything it was
    asked to say (tests, logs).

    ``language`` returns the patron's language now ("zh_CN" or "en"); ``device`` is an ALSA
    PCM (None: the default one); ``player``, a command that plays a WAV from stdin, replaces
    aplay."""

    said = Signal(object)  # tuple[Say, ...]
    volume_changed = Signal(float)

    def __init__(
        self,
        language: Callable[[], str],
        *,
        device: str | None = None,
        player: list[str] | None = None,
        prompts: Path = PROMPTS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._command = player if player is not None else player_command(device)
        self._prompts = prompts
        self._can_synthesize = espeak() is not None
        self.enabled = False
        self.volume = DEFAULT_VOLUME
        self._view: SessionView | None = None
        self._last: tuple[Say, ...] = ()
        self._lock = threading.Condition()
        self._pending: Utterance | None = None
        self._number = 0
        self._child: subprocess.Popen[bytes] | None = None
        self._busy = False  # the thread is on an utterance
        self._closing = False
        self._thread: threading.Thread | None = None
        self._cache: dict[Path, bytes | None] = {}

    # ---- API for the accessibility button ---------------------------------------------------
    @Slot(bool)
    def set_enabled(self, enabled: bool) -> None:
        """On starts the speaking thread (once: a kiosk whose patrons never turn speech on has
        none); ``close`` stops it."""
        self.enabled = enabled
        if enabled and self._thread is None:
            self._closing = False
            self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
            self._thread.start()
        if enabled:
            self.announce()
        else:
            self.stop()

    @Slot()
    def announce(self) -> None:
        """Say where the patron is now (speech just turned on, the language just changed)."""
        if self._view is not None:
            self._say(for_view(None, self._view, self.language))

    def use_device(self, device: str | None) -> None:
        """Play into another ALSA PCM from the next utterance on (tests: ``null``)."""
        self._command = player_command(device)

    @Slot(float)
    def set_volume(self, volume: float) -> None:
        volume = round(min(MAX_VOLUME, max(MIN_VOLUME, volume)), 3)
        if volume != self.volume:
            self.volume = volume
            self.volume_changed.emit(volume)

    @Slot()
    def louder(self) -> None:
        self.set_volume(self.volume + VOLUME_STEP)

    @Slot()
    def quieter(self) -> None:
        self.set_volume(self.volume - VOLUME_STEP)

    @Slot()
    def repeat(self) -> None:
        if self._last:
            self._say(list(self._last))

    def remind_card_left(self) -> None:
        """The card-left reminder, said again with each attention cue until the card is taken
        (not remembered: "repeat" still says the screen)."""
        if self._view is not None and self._view.card_left:
            self._say([CARD_LEFT], remember=False)

    @Slot()
    def digit_entered(self) -> None:
        """A PIN key was pressed: which one is never said."""
        self._say([DIGIT_ENTERED], remember=False)

    def reset(self) -> None:
        """The patron has gone: the next one starts at the default volume with nothing to
        repeat. (Turning speech off with the accessibility button is the button's reset.)"""
        self.set_volume(DEFAULT_VOLUME)
        self._last = ()

    def stop(self) -> None:
        """Cut what is being said."""
        with self._lock:
            self._number += 1
            self._pending = None
            self._cut()

    @property
    def language(self) -> Language:
        return Language.of(self._language())

    # ---- input ------------------------------------------------------------------------------
    @Slot(object)
    def show_view(self, view: SessionView) -> None:
        previous, self._view = self._view, view
        self._say(for_view(previous, view, self.language))

    # ---- playing ------------------------------------------------------------------------------
    def _say(self, says: list[Say], *, remember: bool = True) -> None:
        if not self.enabled or not says:
            return
        if remember:
            self._last = tuple(says)
        self.said.emit(tuple(says))
        with self._lock:
            self._number += 1
            self._pending = Utterance(tuple(says), self.language, self.volume, self._number)
            self._cut()
            self._lock.notify()

    def _cut(self) -> None:
        """Kill the player (under the lock): the thread then goes on to the newer utterance."""
        if self._child is not None and self._child.poll() is None:
            self._child.kill()

    def close(self) -> None:
        with self._lock:
            self._closing = True
            self._pending = None
            self._cut()
            self._lock.notify()
        if self._thread is not None:
            self._thread.join(JOIN_TIMEOUT_S)
            self._thread = None

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """True once nothing is waiting or playing (tests)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._closing or self._pending is not None)
                if self._closing:
                    return
                utterance, self._pending = self._pending, None
                self._busy = True
            assert utterance is not None
            for part in utterance.says:
                data = self._audio(part, utterance.language)
                if data is None:
                    continue  # no file, no espeak-ng: skipped silently
                if not self._play(scaled(data, utterance.volume), utterance.number):
                    break
            with self._lock:
                self._busy = False
                self._lock.notify_all()

    def _audio(self, part: Say, language: Language) -> bytes | None:
        if isinstance(part, Prompt):
            path = self._prompts / language.value / f"{part.key}.wav"
            if path not in self._cache:
                try:
                    self._cache[path] = path.read_bytes()
                except OSError as exc:
                    log.info("prompt %s not played: %s", part.key, exc)
                    self._cache[path] = None
            return self._cache[path]
        assert isinstance(part, Spoken)
        if not self._can_synthesize:
            return None
        try:
            return synthesize(part.text, language)
        except VoiceError as exc:
            log.info("a varying text not spoken: %s", exc)  # never the text: it is a title
            return None

    def _play(self, data: bytes, number: int) -> bool:
        """Play on this thread until done; False when cut (or closing)."""
        if self._command is None:
            return True
        with self._lock:
            if self._closing or number != self._number:
                return False
            try:
                child = subprocess.Popen(
                    self._command,  # reads the WAV from stdin
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                log.info("speech not played: %s", exc)
                return True
            self._child = child
        with contextlib.suppress(OSError):  # cut while writing: a broken pipe
            child.communicate(data)
        child.wait()
        with self._lock:
            self._child = None
            return not self._closing and number == self._number
