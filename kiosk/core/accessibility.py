"""What a patron turned on with the accessibility button (larger text, high contrast, speech),
and the rule that it is gone when the patron is: Qt-free, so the window and the speech engine
share one state and a test checks the rule without a screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.core.session import Screen

TEXT_SCALE = 1.5  # larger text: at least 1.5 × (type already this large stays as it is)
# Leaving these for home means the patron has gone (finished, timed out, or finished with
# nothing done); from the card prompt or the PIN pad it is a Cancel or a refused card, and the
# patron is still there to read why.
PATRON_LEFT_FROM = frozenset(
    {Screen.SESSION, Screen.RETURNS, Screen.ACCOUNT, Screen.SUMMARY, Screen.TIMEOUT}
)


class Aid(StrEnum):
    LARGE_TEXT = "large_text"
    HIGH_CONTRAST = "high_contrast"
    SPEECH = "speech"


@dataclass(frozen=True)
class Aids:
    large_text: bool = False
    high_contrast: bool = False
    speech: bool = False

    def on(self, aid: Aid) -> bool:
        return bool(getattr(self, aid.value))


Listener = Callable[[Aids], None]


class AccessibilityState:
    """The aids on now. The window owns it and shows the look; the speech engine reads
    ``speech_enabled`` or listens; every listener hears each change, a reset included."""

    def __init__(self) -> None:
        self._aids = Aids()
        self._listeners: list[Listener] = []
        self._leaving = False  # the session ended with the card left: reset once it is lifted

    @property
    def aids(self) -> Aids:
        return self._aids

    @property
    def speech_enabled(self) -> bool:
        return self._aids.speech

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def set(self, aid: Aid, on: bool) -> None:
        self._change(replace(self._aids, **{aid.value: on}))

    def toggle(self, aid: Aid) -> None:
        self.set(aid, not self._aids.on(aid))

    def reset(self) -> None:
        self._change(Aids())

    def follow(self, previous: Screen | None, screen: Screen, card_left: bool = False) -> bool:
        """Called for each view: the aids end with the patron's session (home after the
        session, summary or idle warning) and when the kiosk goes out of service. While the
        patron's ID card still lies on the reader they are most likely still there (and
        hearing the reminder to take it), so the aids end when it is lifted or after the idle
        time at home instead. True if the patron has gone."""
        if screen == Screen.OUT_OF_SERVICE:
            return self._gone()
        if screen != Screen.HOME:
            # Someone starts anew beside the card left there: they start as the kiosk is.
            return self._gone() if self._leaving else False
        if previous in PATRON_LEFT_FROM:
            self._leaving = True
        if self._leaving and not card_left:
            return self._gone()
        return False

    def _gone(self) -> bool:
        self._leaving = False
        self.reset()
        return True

    def _change(self, aids: Aids) -> None:
        if aids == self._aids:
            return
        self._aids = aids
        for listener in list(self._listeners):
            listener(aids)
