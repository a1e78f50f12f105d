"""An invisible patch of screen that reports a long press: the hidden way into technician mode."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

SPOT = 96  # px: easy for a technician who knows it is there, out of a patron's way


class HoldSpot(QWidget):
    """Emits ``held`` once a press has lasted ``hold_s`` seconds without being released.

    It paints nothing and looks like nothing; a tap (or a press that wanders off) does
    nothing at all, so a patron leaning on the corner gets no reaction to explore.
    """

    held = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, hold_s: float = 3.0) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFixedSize(SPOT, SPOT)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.held)
        self.hold_s = hold_s

    @property
    def hold_s(self) -> float:
        return self._timer.interval() / 1000

    @hold_s.setter
    def hold_s(self, seconds: float) -> None:
        self._timer.setInterval(round(seconds * 1000))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.rect().contains(event.position().toPoint()):
            self._timer.stop()  # a finger sliding across the corner is no long press
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide:
            self._timer.stop()
        return super().event(event)
