"""Every patron screen is usable on the panels kiosks ship with: landscape and portrait, in both
languages and both themes. Nothing a patron needs lies outside the window or is clipped by its
parent, no text is cut off, and every button is still a 64 px touch target."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from drivers.events import DeviceStateChanged, LinkState
from kiosk.core.accessibility import Aid
from kiosk.core.results import Outcome
from kiosk.core.session import Screen, SessionView
from kiosk.domain import ActKind
from kiosk.ui.screens.summary import ReceiptState
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.touch_button import HomeTile
from tests.ui.views import BY_SCREEN, OFFLINE_SESSION, row

SIZES = [
    (1280, 720),
    (1366, 768),
    (1280, 800),
    (1920, 1080),
    (1024, 768),
    (720, 1280),
    (1080, 1920),
]
MIN_TOUCH = 64
ROLES = ("id_card_reader", "scanner", "card_reader")
WORD = re.compile(r"[\x21-\x7e]+")  # a run of Latin letters, digits and signs: it cannot break


def _cases() -> list[tuple[str, SessionView, str]]:
    """(name, view, device lost): each screen as designed, then offline with a message showing
    (the tallest the top of the window gets)."""
    cases = []
    for screen, (view, _texts) in BY_SCREEN.items():
        lost = "scanner" if screen == Screen.OUT_OF_SERVICE else ""
        cases.append((screen.value, view, lost))
        worst = SessionView(**{**view.__dict__, "offline": True, "message": "scan_library_label"})
        cases.append((f"{screen.value}+offline+message", worst, lost))
    # The tallest newest row: a book refused offline, with the longest reason a row gives.
    refused = row(
        ActKind.BORROW, "35001000000122", "呐喊", Outcome.REFUSED, code="offline_limit_reached"
    )
    tall = replace(OFFLINE_SESSION, rows=(*OFFLINE_SESSION.rows, refused), offline_limit=3)
    cases.append(("session+offline+refused", tall, ""))
    # The summary's receipt: the printer unplugged (Receipts unavailable), and a print that
    # failed (the longest words the receipt row says).
    summary, _texts = BY_SCREEN[Screen.SUMMARY]
    cases.append(("summary+printer-out", summary, "printer"))
    cases.append(("summary+print-failed", summary, ""))
    return cases


def _settle() -> None:
    for _ in range(4):
        QCoreApplication.processEvents()


def _in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def _clipped(widget: QWidget, window: QWidget) -> str:
    """Why ``widget`` is not wholly on screen ('' if it is). Inside a scrolling list only the
    sides count: the patron scrolls to the rest."""
    rect = _in_window(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        box = _in_window(parent, window)
        if isinstance(parent.parentWidget(), QAbstractScrollArea):  # the list's viewport
            if rect.left() < box.left() or rect.right() > box.right():
                return f"wider than its list ({rect.getRect()} in {box.getRect()})"
            return _clipped(parent, window)
        if not box.contains(rect):
            return f"cut off by {parent.objectName() or type(parent).__name__} {box.getRect()}"
        parent = parent.parentWidget()
    if not window.rect().contains(rect):
        return f"outside the window at {rect.getRect()}"
    return ""


def _label_problem(label: QLabel) -> str:
    text = label.text()
    room = label.contentsRect()
    metrics = label.fontMetrics()
    if not label.wordWrap():
        if metrics.horizontalAdvance(text) > room.width():
            return f"needs {metrics.horizontalAdvance(text)} px, has {room.width()}"
        if metrics.height() > room.height():
            return f"{metrics.height()} px high, has {room.height()}"
        return ""
    for word in WORD.findall(text):
        if metrics.horizontalAdvance(word) > room.width():
            return f"the word {word!r} is wider than {room.width()} px"
    flags = int(Qt.TextFlag.TextWordWrap)
    needed = metrics.boundingRect(QRect(0, 0, room.width(), 10_000), flags, text).height()
    if needed > room.height():
        return f"needs {needed} px high to wrap, has {room.height()}"
    return ""


def _button_problem(button: QAbstractButton) -> str:
    if button.height() < MIN_TOUCH or button.width() < MIN_TOUCH:
        return f"{button.width()}×{button.height()} px is too small to touch"
    if isinstance(button, HomeTile):
        return (
            "" if getattr(button, "texts_fit", lambda: True)() else "its title or hint does not fit"
        )
    metrics = QFontMetrics(button.font())
    if metrics.horizontalAdvance(button.text()) + 16 > button.width():
        return f"text needs {metrics.horizontalAdvance(button.text())} px, has {button.width()}"
    return ""


def _overlaps(parent: QWidget, window: QWidget) -> list[str]:
    """Widgets one layout placed on top of each other: what a layout does when the text it
    holds needs more room than the window has (heights for width are not minimum sizes)."""
    layout = parent.layout()
    if layout is None:
        return []
    placed = [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child.isVisibleTo(window) and layout.indexOf(child) >= 0 and child.height() > 0
    ]
    found = []
    for i, one in enumerate(placed):
        for other in placed[i + 1 :]:
            if one.geometry().intersects(other.geometry()):
                names = (one.objectName() or type(one).__name__, other.objectName() or "?")
                found.append(f"{names[0]} and {names[1]} overlap in {parent.objectName()}")
    return found


def problems(window: QWidget) -> list[str]:
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() == 0:
            continue
        found += _overlaps(widget, window)
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel) and widget.text():
            why = _clipped(widget, window) or _label_problem(widget)
            if why:
                found.append(f"label {name} {widget.text()[:30]!r}: {why}")
        elif isinstance(widget, QAbstractButton):
            why = _clipped(widget, window) or _button_problem(widget)
            if why:
                found.append(f"button {name} {widget.text()[:30]!r}: {why}")
    return found


def _misfits(
    window: QWidget, width: int, height: int, offline: bool | None = None, larger: bool = False
) -> list[str]:
    """What does not fit, over every case (or only those with or without the offline banner);
    ``larger``: with larger text and high contrast on in each."""
    failures = []
    for name, view, lost in _cases():
        if offline is not None and view.offline != offline:
            continue
        window.render(SessionView())
        if larger:  # a clean start ends the last case's session, and its aids with it
            _aids_on(window)
        window.render(view)
        window.show_devices(
            {role: (LinkState.CONNECTED, "") for role in (*ROLES, "printer")}
            | ({lost: (LinkState.DISCONNECTED, "link_lost")} if lost else {})
        )
        if name.endswith("print-failed"):
            window.summary.print_receipt()  # no printer behind it: fails at once
        _settle()
        if name.endswith("print-failed"):
            assert window.summary.receipt_state == ReceiptState.FAILED
        if window.size() != QSize(width, height):
            failures.append(f"{name}: the window needs {window.size().toTuple()}")
            window.resize(width, height)
            continue
        brand = window.brand
        if not brand.isVisibleTo(window) or not brand.text():
            failures.append(f"{name}: no brand in the top bar")
        failures += [f"{name}: {p}" for p in problems(window)]
        failures += [f"{name}: {p}" for p in _rows_too_tall(window)]
    return failures


def _rows_too_tall(window: QWidget) -> list[str]:
    """The newest row must fit whole in its list (issue 13: always fully visible)."""
    found = []
    for rows in window.findChildren(RowList):
        if not rows.isVisibleTo(window) or not rows.rows() or not rows.follow_end:
            continue
        newest, room = rows.rows()[-1].height(), rows.viewport().height()
        if newest > room:
            found.append(f"{rows.objectName()}: the newest row is {newest} px, the list {room}")
    return found


@pytest.mark.parametrize("theme", ["default", "high-contrast"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits(make_kiosk, size, language, theme) -> None:
    width, height = size
    kiosk = make_kiosk(language=language, theme=theme, window_width=width, window_height=height)
    failures = _misfits(kiosk.window, width, height)
    assert not failures, f"{width}×{height} {language} {theme}:\n" + "\n".join(failures)


def _aids_on(window: QWidget) -> None:
    window.access.set(Aid.LARGE_TEXT, True)  # type: ignore[attr-defined]
    window.access.set(Aid.HIGH_CONTRAST, True)  # type: ignore[attr-defined]


def _larger_text(make_kiosk, size, language) -> tuple[QWidget, int, int]:  # type: ignore[no-untyped-def]
    """A window with the accessibility panel's larger text and high contrast on."""
    width, height = size
    kiosk = make_kiosk(language=language, window_width=width, window_height=height)
    window = kiosk.window
    body = window.pages[Screen.SESSION].hint.fontInfo().pixelSize()
    _aids_on(window)
    assert window.pages[Screen.SESSION].hint.fontInfo().pixelSize() >= 1.5 * body
    return window, width, height


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits_with_larger_text(make_kiosk, size, language) -> None:
    window, width, height = _larger_text(make_kiosk, size, language)
    failures = _misfits(window, width, height, offline=False, larger=True)
    assert not failures, f"{width}×{height} {language} larger text:\n" + "\n".join(failures)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits_with_larger_text_offline(make_kiosk, size, language) -> None:
    window, width, height = _larger_text(make_kiosk, size, language)
    failures = _misfits(window, width, height, offline=True, larger=True)
    assert not failures, f"{width}×{height} {language} larger text:\n" + "\n".join(failures)


def test_device_problems_stay_spelt_out_when_the_top_bar_is_narrow(make_kiosk) -> None:
    kiosk = make_kiosk(language="en", window_width=720, window_height=1280)
    for role in ROLES:
        kiosk.controller.on_device_event(DeviceStateChanged(role, LinkState.CONNECTED))
    kiosk.controller.on_device_event(
        DeviceStateChanged("scanner", LinkState.DISCONNECTED, "link_lost")
    )
    kiosk.window.take_over(QWidget())  # technician mode: the device words show
    _settle()
    mark = kiosk.window.marks["scanner"]
    assert mark.label.isVisibleTo(kiosk.window)
    assert "not connected" in mark.label.text()
    assert not problems(kiosk.window)


@pytest.mark.parametrize("size", [(1280, 800), (720, 1280)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_technician_mode_with_a_device_down_does_not_grow_the_window(make_kiosk, size) -> None:
    """Four devices' words and a problem do not fit one row beside the brand: the bar must take
    its second row before the words show (or the window grows for good), and in technician
    mode the patrons' accessibility button gives them its room."""
    kiosk = make_kiosk(language="en", window_width=size[0], window_height=size[1])
    for role in (*ROLES, "rfid_reader"):
        kiosk.controller.on_device_event(DeviceStateChanged(role, LinkState.CONNECTED))
    kiosk.controller.on_device_event(
        DeviceStateChanged("scanner", LinkState.DISCONNECTED, "link_lost")
    )
    _settle()
    page = QWidget()
    kiosk.window.take_over(page)
    _settle()
    assert kiosk.window.size() == QSize(*size)
    assert not problems(kiosk.window)
    assert not kiosk.window.access_button.isVisible()
    kiosk.window.give_back()
    _settle()
    assert kiosk.window.access_button.isVisible()


def test_the_tiles_of_home_stay_in_order_in_portrait(make_kiosk) -> None:
    kiosk = make_kiosk(language="en", window_width=720, window_height=1280)
    _settle()
    page = kiosk.window.pages[Screen.HOME]
    tops = [tile.mapTo(kiosk.window, tile.rect().topLeft()) for tile in page.tiles()]
    assert [p.y() for p in tops] == sorted(p.y() for p in tops)
    assert len({p.x() for p in tops}) == 1, "stacked one under another"
    assert tops[0].y() > page.hint.mapTo(kiosk.window, page.hint.rect().bottomLeft()).y()
