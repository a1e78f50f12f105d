"""Big touch buttons: at least 64 px high, no keyboard focus (there is no keyboard)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from kiosk.ui.widgets.glyphs import Glyph, draw_glyph

MIN_TOUCH = 64  # px: a fingertip with room to spare, as the design asks


class TouchButton(QPushButton):
    """``kind`` picks the look in the theme: primary, secondary, quiet, danger."""

    def __init__(self, name: str, kind: str = "secondary", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("kind", kind)
        self.setMinimumHeight(MIN_TOUCH)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), 160), max(hint.height(), MIN_TOUCH))


class HomeTile(TouchButton):
    """A large home-screen choice: a drawn glyph, the title (the button's text) and a hint."""

    def __init__(self, name: str, glyph: Glyph, parent: QWidget | None = None) -> None:
        super().__init__(name, "tile", parent)
        self.glyph = glyph
        self.subtitle = ""
        # Tiles share the height of the home screen's column instead of a fixed button height.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_texts(self, title: str, subtitle: str) -> None:
        self.setText(title)
        self.subtitle = subtitle
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # The theme paints the frame; the content is laid out here so the hint can be smaller.
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        color = self.palette().buttonText().color()
        r = self.rect().adjusted(28, 16, -24, -16)
        size = min(r.height(), 84)
        draw_glyph(
            painter, self.glyph, QRect(r.left(), r.center().y() - size // 2, size, size), color
        )
        text_rect = r.adjusted(size + 28, 0, 0, 0)
        title_font = QFont(self.font())
        title_font.setPixelSize(44)
        title_font.setBold(True)
        hint_font = QFont(self.font())
        hint_font.setPixelSize(22)
        hint_font.setBold(False)
        title_h = 60
        hint_h = 0
        if self.subtitle:
            flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
            box = QFontMetrics(hint_font).boundingRect(
                QRect(0, 0, text_rect.width(), 200), flags, self.subtitle
            )
            hint_h = box.height() + 4
        top = text_rect.center().y() - (title_h + hint_h) // 2
        painter.setPen(color)
        painter.setFont(title_font)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            QRect(text_rect.left(), top, text_rect.width(), title_h), align, self.text()
        )
        if self.subtitle:
            painter.setFont(hint_font)
            painter.drawText(
                QRect(text_rect.left(), top + title_h, text_rect.width(), hint_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.subtitle,
            )
        painter.end()
