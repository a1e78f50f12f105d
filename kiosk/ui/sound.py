"""Sound cues for the controller's ``cue`` signal; never blocks the GUI thread."""

from __future__ import annotations

import logging
import shutil
import subprocess

from PySide6.QtCore import QObject, Slot

from kiosk.ui.paths import SOUNDS

log = logging.getLogger(__name__)

CUES = ("success", "error", "attention")
# ALSA's aplay (Debian's alsa-utils, which `make demo` installs) reaches a sound card directly
# and PulseAudio/PipeWire through ALSA's default device. paplay only where aplay is missing.
PLAYERS = ("aplay", "paplay")


def player_command(device: str | None = None) -> list[str] | None:
    """The command that plays a WAV file named after it (or ``-`` for stdin), or None when
    this machine has no player. ``device`` is an ALSA PCM (tests: ``file:FILE=…,FORMAT=raw``)."""
    if device is not None:
        aplay = shutil.which("aplay")
        return [aplay, "-q", "-D", device] if aplay else None
    for name in PLAYERS:
        path = shutil.which(name)
        if path:
            return [path, "-q"] if name == "aplay" else [path]
    return None


class SoundPlayer(QObject):
    """Plays resources/sounds/<cue>.wav in a child process (``aplay``), beside the GUI."""

    def __init__(
        self, enabled: bool = True, parent: QObject | None = None, *, device: str | None = None
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._command = player_command(device) if enabled else None
        self._children: list[subprocess.Popen[bytes]] = []
        # A cue queued before the window closed may arrive after it (a device's state as the
        # kiosk shuts down): once closed nothing more plays, so no player outlives the window.
        self._closed = False

    @property
    def backend(self) -> str:
        if not self.enabled:
            return "off"
        if self._command is None:
            return "none"
        return self._command[0].rsplit("/", 1)[-1]

    @Slot(str)
    def play(self, cue: str) -> None:
        if self._closed or not self.enabled or cue not in CUES or self._command is None:
            return
        self._reap()
        try:
            # Popen returns at once; the player runs beside the GUI and is reaped later.
            child = subprocess.Popen(
                [*self._command, str(SOUNDS / f"{cue}.wav")],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            log.info("sound cue %s not played: %s", cue, exc)
            return
        self._children.append(child)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait for the cues playing now to end (tests, shutdown)."""
        for child in self._children:
            child.wait(timeout=timeout)
        self._reap()

    def close(self) -> None:
        self._closed = True
        for child in self._children:
            if child.poll() is None:
                child.kill()
            child.wait(timeout=1)
        self._children.clear()

    def _reap(self) -> None:
        self._children = [c for c in self._children if c.poll() is None]
