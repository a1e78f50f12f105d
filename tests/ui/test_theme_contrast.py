"""Every piece of text a patron sees can be read: in each theme, on each screen, the colour each
visible label and button draws its text in (its palette, as the theme set it) stands 4.5:1 from
the colour behind it (the commonest pixel of its box on the rendered window), WCAG 1.4.3."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from drivers.events import LinkState
from kiosk.core.accessibility import Aid
from kiosk.core.results import ResultCode
from kiosk.core.session import Screen, SessionView
from tests.ui.views import BY_SCREEN

ROLES = ("id_card_reader", "scanner", "card_reader")
MIN_CONTRAST = 4.5  # WCAG 1.4.3 for normal text, which holds for large text too


def _luminance(rgb: int) -> float:
    def channel(c: int) -> float:
        c_ = c / 255
        return c_ / 12.92 if c_ <= 0.03928 else ((c_ + 0.055) / 1.055) ** 2.4

    red, green, blue = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(a: int, b: int) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def background(image: QImage, rect: QRect) -> int:
    """The commonest colour in ``rect``: what the text is drawn on."""
    part = image.copy(rect).convertToFormat(QImage.Format.Format_RGB32)
    pixels = memoryview(part.constBits()).cast("I")
    return Counter(p & 0xFFFFFF for p in pixels).most_common(1)[0][0]


def text_colour(widget: QWidget) -> int:
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    return widget.palette().color(group, widget.foregroundRole()).rgb() & 0xFFFFFF


def _inside(widget: QWidget, parent: QWidget) -> bool:
    while widget is not None:
        if widget is parent:
            return True
        widget = widget.parentWidget()
    return False


def faint_texts(window: QWidget, where: str) -> list[str]:
    image = window.grab().toImage()
    # What lies over the screen (the message, the accessibility panel) hides what is under it.
    overlays = [w for w in (window.message, window.access_panel) if w.isVisibleTo(window)]
    faint = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        if not widget.isVisibleTo(window) or not widget.text().strip():
            continue
        box = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if any(not _inside(widget, over) and box.intersects(over.geometry()) for over in overlays):
            continue
        # Only what is on screen: a row scrolled out of its list is not seen at all.
        seen = widget.visibleRegion().boundingRect().intersected(widget.contentsRect())
        box = seen.translated(widget.mapTo(window, widget.rect().topLeft()))
        box = box.intersected(window.rect())
        # A sliver at a list's edge (less than half a line) shows only the label's padding:
        # nothing there to read, so nothing to measure.
        if box.width() < 4 or box.height() < max(4, widget.fontMetrics().height() // 2):
            continue
        fg, bg = text_colour(widget), background(image, box)
        ratio = contrast(fg, bg)
        if ratio < MIN_CONTRAST:
            name = widget.objectName() or widget.property("role")
            faint.append(
                f"{where}: {name} {widget.text()[:30]!r} #{fg:06x} on #{bg:06x} {ratio:.1f}:1"
            )
    return faint


@pytest.mark.parametrize("theme", ["default", "high-contrast"])
def test_every_text_can_be_read(make_kiosk, theme: str) -> None:
    kiosk = make_kiosk(language="en", theme=theme, window_width=1280, window_height=800)
    window = kiosk.window
    faint = []
    for screen, (view, _texts) in BY_SCREEN.items():
        for shown in (view, SessionView(**{**view.__dict__, "offline": True})):
            window.render(SessionView())
            window.render(shown)
            lost = "scanner" if screen == Screen.OUT_OF_SERVICE else ""
            window.show_devices(
                {
                    role: (LinkState.DISCONNECTED if role == lost else LinkState.CONNECTED, "")
                    for role in (*ROLES, "printer")
                }
            )
            for _ in range(4):
                QCoreApplication.processEvents()
            faint += faint_texts(window, screen.value)
    # An empty list, the message, the accessibility panel (speech on, with its controls), and
    # the PIN pad's OK with no digits yet (disabled).
    window.render(SessionView(screen=Screen.SESSION, patron_name="张*"))
    for _ in range(4):
        QCoreApplication.processEvents()
    faint += faint_texts(window, "session, nothing scanned")
    # The summary's receipt row: unavailable (a disabled button), then a print that failed.
    summary, _texts = BY_SCREEN[Screen.SUMMARY]
    window.render(SessionView())
    window.render(summary)
    window.show_devices({"printer": (LinkState.ERROR, "paper_out")})
    for _ in range(4):
        QCoreApplication.processEvents()
    faint += faint_texts(window, "summary, receipts unavailable")
    window.show_devices({"printer": (LinkState.CONNECTED, "")})
    window.summary.print_receipt()  # no printer behind it: it fails at once
    for _ in range(4):
        QCoreApplication.processEvents()
    faint += faint_texts(window, "summary, print failed")
    window.render(SessionView(screen=Screen.PIN, message=ResultCode.PIN_INVALID))
    window.access_button.click()
    window.access_panel.toggles[Aid.SPEECH].click()
    window.speech.use_device("null")
    window.access_panel.louder_button.click()  # at the top: Louder disabled, its words too
    assert not window.access_panel.louder_button.isEnabled()
    for _ in range(4):
        QCoreApplication.processEvents()
    faint += faint_texts(window, "pin+message+panel")
    assert not faint, f"{theme}: text that cannot be read:\n" + "\n".join(sorted(set(faint)))
