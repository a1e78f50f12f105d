"""A QR code painted on screen: the patron's summary to scan onto a phone, made here (no server,
works offline) by the qrcode library and painted module by module."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_MODULES = 4  # the light margin round a code that scanners need (ISO/IEC 18004)
SIDE_PX = 240  # wanted: a phone scans a version-10 code at ~4 px a module from arm's length
MIN_SIDE_PX = 96  # a short screen gives it less; below 2 px a module it is not drawn at all
MIN_MODULE_PX = 2  # a phone reads a code off a screen at 2 px a module, not at 1


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (UTF-8), dark True, without the quiet zone.

    Error correction L, where the paper receipt's is M: a screen is never torn or smudged, and
    the smaller code the same text then makes gets larger modules in the same square (a long
    receipt's code, version 15 at M, is version 13 at L: 2 px a module become 3)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QrCode(QWidget):
    """Black modules on white whatever the theme (scanners want dark on light), as large as
    whole pixels per module allow in its square; not drawn where that would be under
    MIN_MODULE_PX (``readable`` says which, as it changes)."""

    readable = Signal(bool)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.text = ""
        self.matrix: list[list[bool]] = []
        # As large as the page leaves room for, up to SIDE_PX: the code is drawn square in it.
        self.setMinimumSize(MIN_SIDE_PX, MIN_SIDE_PX)
        self.setMaximumSize(SIDE_PX, SIDE_PX)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.matrix = qr_matrix(text) if text else []
        self.update()
        self.readable.emit(self.is_readable())

    def is_readable(self) -> bool:
        return self.module_px() >= MIN_MODULE_PX

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.readable.emit(self.is_readable())

    def sizeHint(self) -> QSize:
        # Asks little and takes what is left (up to SIDE_PX): a window is never made larger
        # for the code's sake.
        return QSize(MIN_SIDE_PX, MIN_SIDE_PX)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_SIDE_PX, MIN_SIDE_PX)

    def module_px(self) -> int:
        """Pixels a module takes (0: the code does not fit at one pixel a module)."""
        count = len(self.matrix) + 2 * QUIET_MODULES
        return min(self.width(), self.height()) // count if self.matrix else 0

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.is_readable():
            return  # a blur no phone reads would only puzzle the patron
        painter = QPainter(self)
        side = min(self.width(), self.height())
        # Centred in the widget's box; the quiet zone is part of the white square.
        painter.translate((self.width() - side) / 2, (self.height() - side) / 2)
        painter.fillRect(0, 0, side, side, QColor("white"))
        module_f = float(self.module_px())  # whole pixels: crisp edges
        size = module_f * len(self.matrix)
        origin = (side - size) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(
                        QRectF(origin + x * module_f, origin + y * module_f, module_f, module_f)
                    )
        painter.end()
