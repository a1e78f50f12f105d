"""Big touch buttons: at least 64 px high, no keyboard focus (there is no keyboard)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
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


@dataclass(frozen=True)
class TileLayout:
    """Where a home tile draws its glyph, title and hint, and whether they all fit."""

    glyph: QRect
    title: QRect
    hint: QRect
    title_font: QFont
    hint_font: QFont
    fits: bool


# (title px, glyph beside the text?) from the preferred form down to the most compact one.
TILE_FORMS = (
    *((px, True) for px in (44, 40, 36)),
    *((px, False) for px in (44, 40, 36, 32)),
    *((px, True) for px in (32, 28)),
)
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class HomeTile(TouchButton):
    """A large home-screen choice: a drawn glyph, the title (the button's text) and a hint.
    The largest form that fits the tile is drawn: glyph beside the text, or above it on a
    narrow tile, with smaller type only when neither fits."""

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

    def texts_fit(self) -> bool:
        return self.text_layout().fits

    def text_layout(
        self, size: QSize | None = None, forms: tuple[tuple[int, bool], ...] = TILE_FORMS
    ) -> TileLayout:
        """The first of ``forms`` that fits a tile of ``size`` (else the last one tried)."""
        r = QRect(QPoint(0, 0), size or self.size()).adjusted(28, 16, -24, -16)
        chosen = None
        for title_px, beside in forms:
            chosen = self._try(r, title_px, beside)
            if chosen.fits:
                break
        assert chosen is not None
        return chosen

    def _try(self, r: QRect, title_px: int, beside: bool) -> TileLayout:
        title_font = QFont(self.font())
        title_font.setPixelSize(title_px)
        title_font.setBold(True)
        hint_font = QFont(self.font())
        hint_font.setPixelSize(22 if title_px >= 36 else 20)
        hint_font.setBold(False)
        title_h = round(title_px * 1.36)
        if beside:
            size = min(r.height(), round(84 * title_px / 44))
            glyph = QRect(r.left(), r.center().y() - size // 2, size, size)
            text = r.adjusted(size + 28, 0, 0, 0)
        else:
            size = min(64, round(64 * title_px / 44))
            glyph = QRect(r.left(), r.top(), size, size)
            text = r.adjusted(0, size + 8, 0, 0)
        hint_h = 0
        hint_w = 0
        if self.subtitle:
            box = QFontMetrics(hint_font).boundingRect(
                QRect(0, 0, max(text.width(), 1), 400), WRAP, self.subtitle
            )
            hint_h, hint_w = box.height() + 4, box.width()
        title_w = QFontMetrics(title_font).horizontalAdvance(self.text())
        fits = (
            title_w <= text.width() and hint_w <= text.width() and title_h + hint_h <= text.height()
        )
        top = text.center().y() - (title_h + hint_h) // 2 if beside else text.top()
        if not beside:  # the glyph and the text as one block, centred in the tile
            shift = max(0, (r.height() - (size + 8 + title_h + hint_h)) // 2)
            glyph.translate(0, shift)
            top += shift
        return TileLayout(
            glyph,
            QRect(text.left(), top, text.width(), title_h),
            QRect(text.left(), top + title_h, text.width(), hint_h),
            title_font,
            hint_font,
            fits,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        # The theme paints the frame; the content is laid out here so the hint can be smaller.
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        color = self.palette().buttonText().color()
        place = self.text_layout()
        draw_glyph(painter, self.glyph, place.glyph, color)
        painter.setPen(color)
        painter.setFont(place.title_font)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(place.title, align, self.text())
        if self.subtitle:
            painter.setFont(place.hint_font)
            painter.drawText(place.hint, WRAP, self.subtitle)
        painter.end()
