"""The accessibility aids a patron turns on last until that patron has gone, and no longer."""

from __future__ import annotations

import pytest

from kiosk.core.accessibility import AccessibilityState, Aid, Aids
from kiosk.core.session import Screen


def test_toggles_are_heard_and_a_repeat_is_not() -> None:
    state = AccessibilityState()
    heard: list[Aids] = []
    state.listen(heard.append)
    state.toggle(Aid.SPEECH)
    assert state.speech_enabled and heard == [Aids(speech=True)]
    state.set(Aid.SPEECH, True)
    assert len(heard) == 1
    state.toggle(Aid.LARGE_TEXT)
    assert state.aids == Aids(large_text=True, speech=True)


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ((Screen.HOME, Screen.IDENTIFY, Screen.SESSION, Screen.SUMMARY), True),
        ((Screen.SESSION, Screen.ACCOUNT, Screen.TIMEOUT, Screen.SESSION), True),
        ((Screen.IDENTIFY, Screen.HOME), True),  # Cancel: the patron is still there
        ((Screen.PIN, Screen.HOME), True),  # a refused card: there to read why
        ((Screen.SESSION, Screen.HOME), False),  # Finish with nothing done
        ((Screen.SESSION, Screen.SUMMARY, Screen.HOME), False),
        ((Screen.SESSION, Screen.TIMEOUT, Screen.HOME), False),
        ((Screen.SESSION, Screen.OUT_OF_SERVICE), False),
    ],
)
def test_the_aids_end_with_the_session(path: tuple[Screen, ...], kept: bool) -> None:
    state = AccessibilityState()
    heard: list[Aids] = []
    state.listen(heard.append)
    for aid in Aid:
        state.toggle(aid)
    previous = None
    for screen in path:
        state.follow(previous, screen)
        previous = screen
    assert (state.aids == Aids(True, True, True)) is kept
    assert not state.speech_enabled if not kept else state.speech_enabled
    assert heard[-1] == state.aids  # the window and the speech engine heard the reset


def test_with_the_card_left_the_aids_stay_until_it_is_lifted() -> None:
    state = AccessibilityState()
    state.toggle(Aid.SPEECH)
    state.follow(Screen.SESSION, Screen.SESSION)
    assert not state.follow(Screen.SESSION, Screen.SUMMARY, card_left=True)
    assert not state.follow(Screen.SUMMARY, Screen.HOME, card_left=True)  # still hearing why
    assert not state.follow(Screen.HOME, Screen.HOME, card_left=True)
    assert state.speech_enabled
    assert state.follow(Screen.HOME, Screen.HOME, card_left=False)  # lifted: gone
    assert state.aids == Aids()
    assert not state.follow(Screen.HOME, Screen.HOME)  # once


def test_someone_starting_beside_a_card_left_starts_without_the_aids() -> None:
    state = AccessibilityState()
    state.toggle(Aid.LARGE_TEXT)
    state.follow(Screen.SESSION, Screen.HOME, card_left=True)
    assert state.aids.large_text
    assert state.follow(Screen.HOME, Screen.IDENTIFY, card_left=True)  # a library card tapped
    assert state.aids == Aids()
