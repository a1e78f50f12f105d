"""The language switch retranslates every screen live, rows included."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.core.session import SessionView
from tests.ui.helpers_ui import child, visible_texts
from tests.ui.views import RETURNS, SESSION


def test_switching_language_retranslates_live(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()  # Chinese first
    window = kiosk.window
    borrow = child(window, "home.borrow")
    assert borrow.text() == "借书"
    qtbot.mouseClick(child(window, "lang.en"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: borrow.text() == "Borrow", timeout=2000)
    assert child(window, "home.heading").text() == "Welcome to self-service borrowing"

    window.render(RETURNS)
    assert "It goes to Chengdu Library." in visible_texts(window)
    qtbot.mouseClick(child(window, "lang.zh"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "这本书将送往成都图书馆。" in visible_texts(window), timeout=2000)
    assert child(window, "returns.finish").text() == "完成"

    window.render(SESSION)
    assert "借书成功，应还日期：2026年12月23日" in visible_texts(window)
    window.set_language("en")
    qtbot.waitUntil(lambda: "Borrowed, due 23 Dec 2026" in visible_texts(window), timeout=2000)


def test_the_next_patron_gets_the_default_language(make_kiosk, qtbot) -> None:
    from kiosk.core.session import Screen

    kiosk = make_kiosk()
    window = kiosk.window
    window.set_language("en")
    window.render(SessionView(screen=Screen.SUMMARY))
    window.render(SessionView())
    qtbot.waitUntil(lambda: child(window, "home.borrow").text() == "借书", timeout=2000)
    assert window.languages.language == "zh_CN"
