"""Sound cues for the controller's ``cue`` signal; never blocks the GUI thread."""

from __future__ import annotations

import logging
import shutil
import subprocess
from typing import Any

from PySide6.QtCore import QObject, QUrl, Slot

from kiosk.ui.paths import SOUNDS

log = logging.getLogger(__name__)

CUES = ("success", "error", "attention")
PLAYERS = ("paplay", "aplay")  # PulseAudio/PipeWire first: it mixes; plain ALSA may be busy


class SoundPlayer(QObject):
    """Plays resources/sounds/<cue>.wav: through QtMultimedia when installed, else through
    ``paplay``/``aplay`` in a child process, else not at all."""

    def __init__(self, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, Any] = {}
        self._command: str | None = None
        self._children: list[subprocess.Popen[bytes]] = []
        if enabled:
            self._effects = _load_effects(self)
            if not self._effects:
                self._command = next((c for c in PLAYERS if shutil.which(c)), None)

    @property
    def backend(self) -> str:
        if not self.enabled:
            return "off"
        if self._effects:
            return "qtmultimedia"
        return self._command or "none"

    @Slot(str)
    def play(self, cue: str) -> None:
        if not self.enabled or cue not in CUES:
            return
        effect = self._effects.get(cue)
        if effect is not None:
            effect.play()
            return
        if self._command is None:
            return
        self._reap()
        path = SOUNDS / f"{cue}.wav"
        try:
            # Popen returns at once; the player runs beside the GUI and is reaped later.
            child = subprocess.Popen(
                [self._command, "-q", str(path)]
                if self._command == "aplay"
                else [
                    self._command,
                    str(path),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.info("sound cue %s not played: %s", cue, exc)
            return
        self._children.append(child)

    def close(self) -> None:
        for child in self._children:
            if child.poll() is None:
                child.kill()
            child.wait(timeout=1)
        self._children.clear()

    def _reap(self) -> None:
        self._children = [c for c in self._children if c.poll() is None]


def _load_effects(parent: QObject) -> dict[str, Any]:
    try:
        from PySide6.QtMultimedia import QSoundEffect  # not in PySide6-Essentials
    except ImportError:
        return {}
    effects = {}
    for cue in CUES:
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(SOUNDS / f"{cue}.wav")))
        effects[cue] = effect
    return effects
