"""The offline banner: what works now and what does not, in plain words."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets.glyphs import Glyph, draw_glyph
from kiosk.ui.widgets.style import label


class _Icon(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(56, 56)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.palette().windowText().color() if self.parent() else QColor("#000")
        draw_glyph(painter, Glyph.OFFLINE, QRect(0, 0, 56, 56), color)
        painter.end()


class Banner(QFrame):
    """A headline and a line of detail beside an icon; hidden until ``show_texts``."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "banner")
        self.title = label("banner-title", name=f"{name}.title")
        self.detail = label("banner-detail", name=f"{name}.detail")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.setSpacing(18)
        layout.addWidget(_Icon(self), 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(texts, 1)

    def show_texts(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))  # one line when the title says it all
