"""A small turning arc: 'checking…' while the library system answers."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimerEvent
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

STEP_MS = 80


class Spinner(QWidget):
    """Turns only while shown, so hidden rows cost nothing."""

    def __init__(self, size: int = 40, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(size, size))
        self._angle = 0
        self._timer_id = 0
        self.setProperty("role", "spinner")

    def showEvent(self, event: object) -> None:
        if not self._timer_id:
            self._timer_id = self.startTimer(STEP_MS)

    def hideEvent(self, event: object) -> None:
        if self._timer_id:
            self.killTimer(self._timer_id)
            self._timer_id = 0

    def timerEvent(self, event: QTimerEvent) -> None:
        self._angle = (self._angle + 30) % 360
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(3.0, self.width() / 9)
        rect = QRectF(self.rect()).adjusted(width, width, -width, -width)
        color = self.palette().windowText().color()  # the theme sets it
        faint = QColor(color)
        faint.setAlpha(50)
        painter.setPen(QPen(faint, width))
        painter.drawEllipse(rect)
        painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawArc(rect, -self._angle * 16, 100 * 16)
        painter.end()
