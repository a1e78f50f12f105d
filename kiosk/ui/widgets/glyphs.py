"""Simple line icons drawn with QPainter (no image files to ship, sharp at any size)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen


class Glyph(StrEnum):
    BORROW = "borrow"
    RETURN = "return"
    ACCOUNT = "account"
    CHECK = "check"
    CROSS = "cross"
    WARN = "warn"
    CLOCK = "clock"
    CART = "cart"
    TRUCK = "truck"
    HOLD = "hold"
    CARD = "card"
    OFFLINE = "offline"
    INFO = "info"


def draw_glyph(painter: QPainter, glyph: Glyph, rect: QRect | QRectF, color: QColor) -> None:
    """Draw ``glyph`` in ``rect``; coordinates below are on a 100 × 100 grid."""
    painter.save()
    r = QRectF(rect)
    side = min(r.width(), r.height())
    painter.translate(r.center().x() - side / 2, r.center().y() - side / 2)
    painter.scale(side / 100, side / 100)
    pen = QPen(color, 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _DRAW[glyph](painter, color)
    painter.restore()


def draw_badge(
    painter: QPainter, glyph: Glyph, rect: QRect | QRectF, background: QColor, color: QColor
) -> None:
    """A glyph in a filled circle: the status mark at the start of a row."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawEllipse(QRectF(rect))
    painter.restore()
    inner = QRectF(rect).adjusted(rect.width() * 0.2, rect.height() * 0.2, 0, 0)
    inner.setSize(QRectF(rect).size() * 0.6)
    draw_glyph(painter, glyph, inner, color)


def _book(p: QPainter, left: float = 14) -> None:
    p.drawRoundedRect(QRectF(left, 14, 46, 72), 5, 5)
    p.drawLine(QPointF(left + 11, 14), QPointF(left + 11, 86))


def _arrow(p: QPainter, x1: float, x2: float, y: float = 50) -> None:
    head = 12 if x2 > x1 else -12
    p.drawLine(QPointF(x1, y), QPointF(x2, y))
    p.drawLine(QPointF(x2, y), QPointF(x2 - head, y - 12))
    p.drawLine(QPointF(x2, y), QPointF(x2 - head, y + 12))


def _borrow(p: QPainter, c: QColor) -> None:
    _book(p)
    _arrow(p, 52, 92)


def _return(p: QPainter, c: QColor) -> None:
    _book(p, 40)
    _arrow(p, 8, 48)


def _account(p: QPainter, c: QColor) -> None:
    p.drawEllipse(QPointF(50, 32), 17, 17)
    path = QPainterPath(QPointF(16, 88))
    path.cubicTo(QPointF(18, 58), QPointF(82, 58), QPointF(84, 88))
    p.drawPath(path)


def _check(p: QPainter, c: QColor) -> None:
    p.drawPolyline([QPointF(20, 52), QPointF(41, 73), QPointF(80, 28)])


def _cross(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(27, 27), QPointF(73, 73))
    p.drawLine(QPointF(73, 27), QPointF(27, 73))


def _warn(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(50, 22), QPointF(50, 58))
    p.setBrush(c)
    p.drawEllipse(QPointF(50, 76), 3, 3)


def _info(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(50, 44), QPointF(50, 78))
    p.setBrush(c)
    p.drawEllipse(QPointF(50, 26), 3, 3)


def _clock(p: QPainter, c: QColor) -> None:
    p.drawEllipse(QPointF(50, 50), 36, 36)
    p.drawPolyline([QPointF(50, 28), QPointF(50, 50), QPointF(66, 60)])


def _cart(p: QPainter, c: QColor) -> None:
    p.drawPolyline([QPointF(8, 20), QPointF(22, 20), QPointF(30, 66), QPointF(82, 66)])
    p.drawPolyline([QPointF(26, 32), QPointF(90, 32), QPointF(84, 54), QPointF(28, 54)])
    p.drawEllipse(QPointF(36, 82), 6, 6)
    p.drawEllipse(QPointF(76, 82), 6, 6)


def _truck(p: QPainter, c: QColor) -> None:
    p.drawRect(QRectF(6, 28, 54, 40))
    p.drawPolyline(
        [QPointF(60, 40), QPointF(80, 40), QPointF(94, 56), QPointF(94, 68), QPointF(60, 68)]
    )
    p.drawEllipse(QPointF(26, 76), 8, 8)
    p.drawEllipse(QPointF(76, 76), 8, 8)


def _hold(p: QPainter, c: QColor) -> None:
    _book(p, 22)
    p.drawPolyline(
        [QPointF(50, 14), QPointF(50, 46), QPointF(58, 38), QPointF(66, 46), QPointF(66, 14)]
    )


def _card(p: QPainter, c: QColor) -> None:
    p.drawRoundedRect(QRectF(8, 24, 84, 54), 8, 8)
    p.drawRect(QRectF(20, 38, 18, 14))
    p.drawLine(QPointF(50, 42), QPointF(80, 42))
    p.drawLine(QPointF(50, 58), QPointF(72, 58))


def _offline(p: QPainter, c: QColor) -> None:
    for radius in (40, 26):
        p.drawArc(QRectF(50 - radius, 62 - radius, 2 * radius, 2 * radius), 40 * 16, 100 * 16)
    p.setBrush(c)
    p.drawEllipse(QPointF(50, 70), 5, 5)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawLine(QPointF(16, 16), QPointF(84, 84))


_DRAW = {
    Glyph.BORROW: _borrow,
    Glyph.RETURN: _return,
    Glyph.ACCOUNT: _account,
    Glyph.CHECK: _check,
    Glyph.CROSS: _cross,
    Glyph.WARN: _warn,
    Glyph.INFO: _info,
    Glyph.CLOCK: _clock,
    Glyph.CART: _cart,
    Glyph.TRUCK: _truck,
    Glyph.HOLD: _hold,
    Glyph.CARD: _card,
    Glyph.OFFLINE: _offline,
}
