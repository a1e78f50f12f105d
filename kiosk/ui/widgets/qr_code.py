"""A QR code painted on screen: the patron's summary to scan onto a phone, made here (no server,
works offline) by the qrcode library and painted module by module."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_MODULES = 4  # the light margin round a code that scanners need (ISO/IEC 18004)
SIDE_PX = 240  # wanted: a phone scans a version-10 code at ~4 px a module from arm's length
MIN_SIDE_PX = 160


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (UTF-8, error correction M, as the receipt's), dark
    True, without the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QrCode(QWidget):
    """Black modules on white whatever the theme (scanners want dark on light), as large as
    whole pixels per module allow in its square."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.text = ""
        self.matrix: list[list[bool]] = []
        self.setMinimumSize(MIN_SIDE_PX, MIN_SIDE_PX)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.matrix = qr_matrix(text) if text else []
        self.update()

    def set_side(self, side: int) -> None:
        self.setFixedSize(side, side)

    def sizeHint(self) -> QSize:
        return QSize(SIDE_PX, SIDE_PX)

    def module_px(self) -> int:
        """Pixels a module takes (0: the code does not fit at one pixel a module)."""
        count = len(self.matrix) + 2 * QUIET_MODULES
        return min(self.width(), self.height()) // count if self.matrix else 0

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.matrix:
            return
        painter = QPainter(self)
        side = min(self.width(), self.height())
        painter.fillRect(0, 0, side, side, QColor("white"))
        count = len(self.matrix) + 2 * QUIET_MODULES
        # Whole pixels a module, crisp; under one (never on a kiosk panel) blurred, not blank.
        module_f = float(self.module_px()) or side / count
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
