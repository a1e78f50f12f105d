"""Each screen renders its view model: texts, object names, touch targets, no stale patron."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.core.session import Screen, SessionView
from tests.ui.helpers_ui import child, visible_buttons, visible_texts
from tests.ui.views import BY_SCREEN, OFFLINE_SESSION, SESSION

MIN_TOUCH = 64
ALWAYS = ["lang.zh", "lang.en", "access.open", "status.service", "message", "banner.offline"]
BUTTONS = {
    Screen.HOME: ["home.borrow", "home.return", "home.account"],
    Screen.IDENTIFY: ["identify.cancel"],
    Screen.PIN: [*(f"pin.digit.{n}" for n in range(10)), "pin.clear", "pin.ok", "pin.cancel"],
    Screen.SESSION: ["session.finish", "session.account", "session.items"],
    Screen.RETURNS: ["returns.finish", "returns.items"],
    Screen.ACCOUNT: [
        "account.renew_all",
        "account.finish",
        "account.loans",
        "account.renew.35001000000098",
        "account.renew.35101000000039",
    ],
    Screen.SUMMARY: ["summary.done"],
    Screen.TIMEOUT: ["timeout.continue", "timeout.finish"],
    Screen.OUT_OF_SERVICE: [],
}


@pytest.mark.parametrize("screen", list(Screen), ids=str)
def test_screen_renders_its_view(make_kiosk, qtbot, screen: Screen) -> None:
    kiosk = make_kiosk(language="en")
    window = kiosk.window
    view, texts = BY_SCREEN[screen]
    window.render(view)
    page = child(window, f"screen.{screen.value}")
    assert window.stack.currentWidget() is page
    shown = "\n".join(visible_texts(window))
    for text in texts:
        assert text in shown, f"{text!r} not on the {screen} screen"
    for name in [*ALWAYS, *BUTTONS[screen]]:
        child(window, name)
    for button in visible_buttons(window):
        assert button.height() >= MIN_TOUCH, f"{button.objectName()} is {button.height()} px high"
        assert button.width() >= MIN_TOUCH, f"{button.objectName()} is {button.width()} px wide"
        assert button.objectName(), f"button {button.text()!r} has no objectName"


def test_the_window_fits_the_kiosk_screen_with_banner_and_message(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    for screen, (view, _texts) in BY_SCREEN.items():
        kiosk.window.render(SessionView())
        kiosk.window.render(
            SessionView(**{**view.__dict__, "offline": True, "message": "scan_library_label"})
        )
        hint = kiosk.window.centralWidget().minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 800, f"{screen}: {hint.toTuple()}"


def test_offline_banner_says_what_works(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.window.render(replace(OFFLINE_SESSION, offline_limit=3))
    banner = child(kiosk.window, "banner.offline")
    assert banner.isVisible()
    text = "\n".join(visible_texts(banner))
    assert "returns work" in text and "no renewing" in text
    assert "up to 3 books with an ID card" in text  # the limit as a number
    assert not child(kiosk.window, "banner.offline.detail").isVisible()  # one line
    shown = "\n".join(visible_texts(kiosk.window))
    assert "Borrowed offline" in shown and "Provisional" in shown
    assert "you can borrow up to 3 books now" in shown  # the session's notice names it too
    # The banner is the state while it shows; the header does not repeat it.
    assert not child(kiosk.window, "status.service").isVisible()
    kiosk.window.render(replace(OFFLINE_SESSION, offline_limit=0))
    paused = "\n".join(visible_texts(kiosk.window))
    assert "borrowing is paused" in paused and "borrow up to" not in paused
    kiosk.window.render(SessionView())
    assert not banner.isVisible()
    assert child(kiosk.window, "status.service").isVisible()


def test_a_message_code_shows_as_plain_words(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.window.render(SessionView(message="scan_library_label"))
    message = child(kiosk.window, "message")
    assert message.isVisible()
    assert "library label inside the cover" in message.text()
    assert "scan_library_label" not in "\n".join(visible_texts(kiosk.window))
    kiosk.window.render(SessionView(message="some_new_code"))
    assert "ask the staff" in message.text()


def test_device_marks_follow_the_devices(make_kiosk) -> None:
    from drivers.events import DeviceStateChanged, LinkState

    kiosk = make_kiosk(language="en")
    for role in ("id_card_reader", "scanner", "card_reader"):
        kiosk.controller.on_device_event(DeviceStateChanged(role, LinkState.CONNECTED))
    mark = child(kiosk.window, "status.card_reader")
    assert mark.tone == "ok"
    kiosk.controller.on_device_event(
        DeviceStateChanged("card_reader", LinkState.DISCONNECTED, "link_lost")
    )
    assert mark.tone == "bad" and "not connected" in mark.label.text()
    # Those words are for technicians; a patron sees one plain state.
    assert not mark.isVisibleTo(kiosk.window)
    assert child(kiosk.window, "status.service").label.text() == "Some services unavailable"
    kiosk.controller.on_device_event(DeviceStateChanged("card_reader", LinkState.CONNECTED))
    assert child(kiosk.window, "status.service").label.text() == "Ready"


def test_going_home_leaves_no_patron_on_any_screen(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.window.render(SESSION)
    kiosk.window.render(SessionView())
    texts = [
        w.text() for w in kiosk.window.findChildren(QWidget) if hasattr(w, "text") and w.isVisible()
    ]
    leftovers = [w for w in kiosk.window.findChildren(QWidget, "session.patron")]
    assert all("张" not in label.text() for label in leftovers)
    assert not any("白鹿原" in t for t in texts)
    assert child(kiosk.window, "session.items").rows() == []
