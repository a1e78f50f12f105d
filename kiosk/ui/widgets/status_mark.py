"""A small coloured dot and a word for one device or the library system."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.ui.widgets.style import restyle

TONES = {"ok": QColor("#43a047"), "warn": QColor("#ffb300"), "bad": QColor("#e53935")}


class _Dot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(16, 16))
        self.tone = "ok"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#ffffff"))
        painter.setBrush(TONES.get(self.tone, TONES["bad"]))
        painter.drawEllipse(self.rect().adjusted(1, 1, -1, -1))
        painter.end()


class StatusMark(QWidget):
    """``status.<role>`` or ``status.service``; ``tone`` is ok, warn or bad."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._dot = _Dot(self)
        self.label = QLabel(self)
        self.label.setProperty("role", "status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self._dot)
        layout.addWidget(self.label)
        self.tone = "ok"
        self.compact = False

    def set_state(self, text: str, tone: str) -> None:
        self.label.setText(text)
        self.tone = tone
        self._dot.tone = tone
        restyle(self.label, tone=tone)
        self._dot.update()
        self._show_label()

    def set_compact(self, compact: bool) -> None:
        """Compact: a working device is just its green dot; a problem keeps its words."""
        self.compact = compact
        self._show_label()

    def wanted_width(self, compact: bool) -> int:
        """Pixels this mark takes, in full or compact form (whichever it shows now)."""
        dot = 4 + 16 + 4
        if compact and self.tone == "ok":
            return dot
        # A mark not shown yet has not had its style sheet's font: measure with that font.
        self.label.ensurePolished()
        return dot + 6 + self.label.fontMetrics().horizontalAdvance(self.label.text()) + 2

    def _show_label(self) -> None:
        self.label.setVisible(not (self.compact and self.tone == "ok"))
