"""The accessibility button on every patron screen: larger text, high contrast, speech on/off,
gone when the patron is; a message never moves the PIN pad or the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget

from drivers.events import IdCardLifted
from kiosk.core.accessibility import Aid, Aids
from kiosk.core.session import Screen, SessionView
from tests.ui.helpers_ui import child
from tests.ui.views import BY_SCREEN, SESSION


def _settle() -> None:
    for _ in range(4):
        QCoreApplication.processEvents()


def tap(qtbot, window: QWidget, name: str) -> None:
    widget = child(window, name)
    assert widget.isVisible() and widget.isEnabled(), f"{name} cannot be tapped"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("screen", [s for s in BY_SCREEN if s != Screen.OUT_OF_SERVICE])
def test_the_button_is_on_every_patron_screen(make_kiosk, qtbot, screen: Screen) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.window.render(BY_SCREEN[screen][0])
    _settle()
    tap(qtbot, kiosk.window, "access.open")
    panel = child(kiosk.window, "access.panel")
    assert panel.isVisible()
    for aid in Aid:
        assert child(kiosk.window, f"access.{aid.value}").isVisible()
    # It lies over the screen, inside the window.
    top_left = panel.mapTo(kiosk.window, QPoint(0, 0))
    assert kiosk.window.rect().contains(top_left) and panel.height() <= kiosk.window.height()
    tap(qtbot, kiosk.window, "access.close")
    assert not panel.isVisible()


def _body_px(window: QWidget) -> int:
    hint = child(window.pages[Screen.SESSION], "session.hint")
    assert isinstance(hint, QLabel)
    return hint.fontInfo().pixelSize()


def test_each_aid_takes_effect_and_ends_with_the_session(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(language="en")
    window = kiosk.window
    kiosk.identify()
    normal_px = _body_px(window)
    background = window.palette().color(window.backgroundRole())
    tap(qtbot, window, "access.open")
    tap(qtbot, window, "access.large_text")
    tap(qtbot, window, "access.high_contrast")
    tap(qtbot, window, "access.speech")
    assert window.access.aids == Aids(True, True, True)
    assert window.access.speech_enabled  # what the speech engine reads
    assert window.speech.enabled  # the switch turns the voice on
    assert _body_px(window) >= 1.5 * normal_px
    assert "#000000" in window.styleSheet() and "high-contrast" not in window.settings.theme
    assert child(window, "access.speech").text() == "Speech: on"
    tap(qtbot, window, "access.speech")
    assert not window.access.speech_enabled and not window.speech.enabled
    kiosk.controller.press("finish")  # nothing borrowed: straight home
    assert window.access.aids.large_text  # the card still on the reader: the patron too
    kiosk.controller.on_device_event(IdCardLifted())
    assert not child(window, "access.panel").isVisible()
    assert kiosk.controller.view.screen == Screen.HOME
    assert window.access.aids == Aids()
    assert _body_px(window) == normal_px
    assert window.palette().color(window.backgroundRole()) == background


def test_a_message_moves_nothing(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    window = kiosk.window
    for view, name in ((SessionView(screen=Screen.PIN), "pin.pad"), (SESSION, "session.items")):
        window.render(view)
        _settle()
        widget = window.findChild(QWidget, name) or child(window, name)
        before = (widget.mapTo(window, QPoint(0, 0)), widget.size())
        window.render(SessionView(**{**view.__dict__, "message": "pin_invalid"}))
        _settle()
        assert child(window, "message").isVisible()
        assert (widget.mapTo(window, QPoint(0, 0)), widget.size()) == before, name
        window.render(view)


def test_patrons_see_one_plain_state(make_kiosk) -> None:
    from drivers.events import DeviceStateChanged, LinkState

    kiosk = make_kiosk(language="en")
    for role in ("id_card_reader", "scanner", "card_reader"):
        kiosk.controller.on_device_event(DeviceStateChanged(role, LinkState.CONNECTED))
    state = child(kiosk.window, "status.service")
    assert state.label.text() == "Ready"
    shown = [m for m in kiosk.window.marks.values() if m.isVisibleTo(kiosk.window)]
    assert not shown, "device words are for technicians"
    kiosk.window.render(SessionView(offline=True))
    assert not state.isVisible() and child(kiosk.window, "banner.offline").isVisible()
    kiosk.window.take_over(QWidget())  # technician mode: no banner, the state in words
    assert state.isVisible() and state.label.text() == "Some services unavailable"


def test_aids_left_on_at_home_end_after_the_idle_time(make_kiosk, qtbot) -> None:
    from kiosk.core.settings import SessionSettings

    kiosk = make_kiosk(language="en")
    window = kiosk.window
    tap(qtbot, window, "access.open")
    tap(qtbot, window, "access.large_text")
    timer = window.aids_idle
    assert timer.isActive() and timer.interval() == SessionSettings().idle_timeout_s * 1000
    timer.timeout.emit()  # the idle time has passed (a test does not wait it out)
    assert window.access.aids == Aids()
    assert not child(window, "access.panel").isVisible()


def _speech_on(qtbot, window) -> list[tuple[object, ...]]:
    """Speech on by the button, into ALSA's null sink; returns what it says from now on."""
    window.speech.use_device("null")
    said: list[tuple[object, ...]] = []
    window.speech.said.connect(said.append)
    tap(qtbot, window, "access.open")
    tap(qtbot, window, "access.speech")
    return said


def test_speech_has_repeat_and_volume_buttons_and_the_volume_resets(make_kiosk, qtbot) -> None:
    from kiosk.ui.speech import DEFAULT_VOLUME, MAX_VOLUME

    kiosk = make_kiosk(language="en")
    window = kiosk.window
    tap(qtbot, window, "access.open")
    assert not child(window, "access.repeat").isVisible()  # speech off: no speech controls
    assert not child(window, "speech.repeat").isVisible()
    tap(qtbot, window, "access.close")
    said = _speech_on(qtbot, window)
    kiosk.identify()
    assert child(window, "speech.repeat").isVisible()  # in the top bar, on every screen
    count = len(said)
    tap(qtbot, window, "speech.repeat")
    assert len(said) == count + 1 and said[-1] == said[count - 1]
    tap(qtbot, window, "access.repeat")
    assert len(said) == count + 2
    volume = child(window, "access.volume")
    assert volume.text() == "Volume 4 of 5" and window.speech.volume == DEFAULT_VOLUME
    tap(qtbot, window, "access.louder")
    assert window.speech.volume == MAX_VOLUME and volume.text() == "Volume 5 of 5"
    assert not child(window, "access.louder").isEnabled()  # no louder past the top
    for _ in range(2):
        tap(qtbot, window, "access.quieter")
    assert volume.text() == "Volume 3 of 5" and window.speech.volume < DEFAULT_VOLUME
    kiosk.controller.press("finish")
    kiosk.controller.on_device_event(IdCardLifted())  # the patron has gone, with the card
    assert kiosk.controller.view.screen == Screen.HOME
    assert window.speech.volume == DEFAULT_VOLUME and volume.text() == "Volume 4 of 5"
    assert not child(window, "speech.repeat").isVisible()  # speech ended with the session


def test_a_card_left_on_the_reader_is_said_with_each_reminder(make_kiosk, qtbot) -> None:
    from kiosk.core.kiosk_loop import Cue
    from kiosk.core.speech_script import CARD_LEFT

    kiosk = make_kiosk(language="zh_CN")
    window = kiosk.window
    said = _speech_on(qtbot, window)
    kiosk.identify()
    assert not any(CARD_LEFT in s for s in said)  # the patron's card, still in use
    kiosk.controller.press("finish")  # nothing borrowed: home at once, the card still there
    assert kiosk.controller.view.screen == Screen.HOME and kiosk.controller.view.card_left
    assert CARD_LEFT in said[-1]
    assert window.speech.enabled  # the patron is most likely still there: speech stays on
    count = len(said)
    kiosk.controller.cue.emit(str(Cue.ATTENTION))  # the reminder repeats
    assert said[count:] == [(CARD_LEFT,)]
    kiosk.controller.on_device_event(IdCardLifted())
    assert not window.speech.enabled and window.access.aids == Aids()  # gone with the card
    kiosk.controller.cue.emit(str(Cue.ATTENTION))
    assert said[count:] == [(CARD_LEFT,)]
