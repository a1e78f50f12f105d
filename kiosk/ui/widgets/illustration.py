"""The home screen's picture: where to put the card, and where to scan a book's label."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

# Drawn on a 640 × 330 grid, scaled to fit; captions below each half.
GRID_W, GRID_H = 640.0, 330.0
MIN_HEIGHT = 120  # px: below this the picture is left blank
CARD_BLUE = QColor("#d9ecf2")
READER = QColor("#37474f")
SCAN_RED = QColor("#e53935")
PAGE = QColor("#fffdf7")
COVER = QColor("#2f7d6d")


class CardAndScanIllustration(QWidget):
    """Two halves: a card settling onto the reader, and an open book over the scan window.
    ``captions`` are set (translated) by the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home.illustration")
        self.captions = ("", "")
        self.show_scanner = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # No minimum: on a short screen the picture gives way to the buttons and texts.
        self.setMinimumSize(QSize(0, 0))

    def set_captions(self, card: str, scan: str) -> None:
        self.captions = (card, scan)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 330)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.height() < MIN_HEIGHT or self.width() < MIN_HEIGHT:
            return  # too small to read: better nothing than a smudge
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().windowText().color()
        scale = min(self.width() / GRID_W, self.height() / GRID_H)
        halves = 2 if self.show_scanner else 1
        used_w = (GRID_W if halves == 2 else GRID_W / 2) * scale
        p.translate((self.width() - used_w) / 2, (self.height() - GRID_H * scale) / 2)
        p.scale(scale, scale)
        self._card_half(p, ink)
        if self.show_scanner:
            p.save()
            p.translate(GRID_W / 2, 0)
            self._scan_half(p, ink)
            p.restore()
        font = QFont(self.font())
        font.setPixelSize(26)
        font.setBold(True)
        p.setFont(font)
        p.setPen(ink)
        for i in range(halves):
            box = QRectF(i * GRID_W / 2 + 10, 262, GRID_W / 2 - 20, 64)
            p.drawText(
                box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.captions[i]
            )
        p.end()

    def _card_half(self, p: QPainter, ink: QColor) -> None:
        # The reader: a dark pad with the contactless mark.
        p.setPen(QPen(ink, 3))
        p.setBrush(READER)
        p.drawRoundedRect(QRectF(60, 170, 200, 70), 14, 14)
        p.setPen(QPen(QColor("#b0bec5"), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r in (12, 22, 32):
            p.drawArc(QRectF(160 - r, 205 - r, 2 * r, 2 * r), -45 * 16, 90 * 16)
        # The card above it, coming down.
        p.save()
        p.translate(160, 82)
        p.rotate(-8)
        p.setPen(QPen(ink, 3))
        p.setBrush(CARD_BLUE)
        p.drawRoundedRect(QRectF(-85, -50, 170, 100), 10, 10)
        p.setBrush(QColor("#d4a72c"))
        p.drawRoundedRect(QRectF(-65, -22, 32, 26), 4, 4)
        p.setPen(QPen(QColor("#7a8f99"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y, length in ((-18, 80), (-2, 60), (18, 100)):
            p.drawLine(QPointF(-20, y), QPointF(-20 + length, y))
        p.restore()
        self._arrow(p, ink, 160, 140, 166)

    def _scan_half(self, p: QPainter, ink: QColor) -> None:
        # The scan window, glowing.
        p.setPen(QPen(ink, 3))
        p.setBrush(READER)
        p.drawRoundedRect(QRectF(60, 170, 200, 70), 14, 14)
        p.setPen(QPen(SCAN_RED, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(85, 205), QPointF(235, 205))
        # An open book: the cover (left) and the inside cover with the library label.
        p.setPen(QPen(ink, 3))
        p.setBrush(COVER)
        p.drawRoundedRect(QRectF(70, 30, 88, 110), 6, 6)
        p.setBrush(PAGE)
        p.drawRoundedRect(QRectF(162, 30, 88, 110), 6, 6)
        label = QRectF(174, 70, 64, 40)
        p.setBrush(QColor("white"))
        p.drawRect(label)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#222"))
        x = label.left() + 6
        for i, width in enumerate((2, 1, 3, 1, 2, 1, 1, 3, 2, 1, 2, 1, 3, 1)):
            if i % 2 == 0:
                p.drawRect(QRectF(x, label.top() + 6, width * 1.6, label.height() - 12))
            x += width * 1.6 + 1.2
        # A ring around the label: this is the code to scan.
        p.setPen(QPen(SCAN_RED, 3, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(label.adjusted(-6, -6, 6, 6), 6, 6)
        self._arrow(p, ink, 206, 142, 166)

    @staticmethod
    def _arrow(p: QPainter, ink: QColor, x: float, top: float, bottom: float) -> None:
        p.setPen(QPen(ink, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(x, top), QPointF(x, bottom - 6))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ink)
        p.drawPolygon(
            QPolygonF(
                [QPointF(x - 9, bottom - 10), QPointF(x + 9, bottom - 10), QPointF(x, bottom + 2)]
            )
        )
