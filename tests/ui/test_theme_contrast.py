"""Every piece of text a patron sees can be seen: in each theme, on each screen, the text of
every visible label stands out from what is behind it (no black on black)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from drivers.events import LinkState
from kiosk.core.session import Screen, SessionView
from tests.ui.views import BY_SCREEN

ROLES = ("id_card_reader", "scanner", "card_reader")
MIN_CONTRAST = 3.0  # WCAG's floor for large text; kiosk type is 18 px and up, mostly bold


def _luminance(rgb: int) -> float:
    def channel(c: int) -> float:
        c_ = c / 255
        return c_ / 12.92 if c_ <= 0.03928 else ((c_ + 0.055) / 1.055) ** 2.4

    red, green, blue = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(a: int, b: int) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_contrast(image: QImage, rect: QRect) -> float:
    """How far the strongest pixel in ``rect`` stands from the commonest one (the background)."""
    part = image.copy(rect).convertToFormat(QImage.Format.Format_RGB32)
    pixels = memoryview(part.constBits()).cast("I")
    counts = Counter(p & 0xFFFFFF for p in pixels)
    background = counts.most_common(1)[0][0]
    return max(contrast(background, p) for p in counts)


@pytest.mark.parametrize("theme", ["default", "high-contrast"])
def test_every_label_can_be_read(make_kiosk, theme: str) -> None:
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
                    for role in ROLES
                }
            )
            for _ in range(4):
                QCoreApplication.processEvents()
            image = window.grab().toImage()
            for label in window.findChildren(QLabel):
                if not label.isVisibleTo(window) or not label.text().strip():
                    continue
                # Only what is on screen: a row scrolled out of its list is not seen at all.
                seen = label.visibleRegion().boundingRect().intersected(label.contentsRect())
                box = seen.translated(label.mapTo(window, label.rect().topLeft()))
                box = box.intersected(window.rect())
                # A sliver at a list's edge (less than half a line) shows only the label's
                # padding: nothing there to read, so nothing to measure.
                if box.width() < 4 or box.height() < max(4, label.fontMetrics().height() // 2):
                    continue
                ratio = text_contrast(image, box)
                if ratio < MIN_CONTRAST:
                    name = label.objectName() or label.property("role")
                    faint.append(f"{screen.value}: {name} {label.text()[:30]!r} {ratio:.1f}:1")
    assert not faint, f"{theme}: text that cannot be seen:\n" + "\n".join(sorted(set(faint)))
