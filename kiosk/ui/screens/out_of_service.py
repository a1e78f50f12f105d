"""Out of service: says so, asks for staff, and names the cause in small print for them."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.session import Screen, SessionView
from kiosk.ui.i18n import translate
from kiosk.ui.messages import out_of_service_reason
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.glyphs import Glyph, draw_glyph
from kiosk.ui.widgets.style import label


class _Sign(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(140, 140)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.palette().windowText().color()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRect(0, 0, 140, 140))
        draw_glyph(painter, Glyph.WARN, QRect(20, 20, 100, 100), self.palette().window().color())
        painter.end()


class OutOfServiceScreen(ScreenPage):
    for_screen = Screen.OUT_OF_SERVICE

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.sign = _Sign()
        self.heading = label("heading", name="oos.heading")
        self.explain = label("lead", name="oos.explain")
        self.staff = label("small", name="oos.reason")
        for widget in (self.heading, self.explain, self.staff):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.sign, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addSpacing(12)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.explain)
        self.body.addStretch(1)
        self.body.addWidget(self.staff)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("OutOfServiceScreen", "Sorry, this kiosk is out of service"))
        self.explain.setText(
            translate(
                "OutOfServiceScreen",
                "Please ask the staff for help. You can borrow and return books at the "
                "service desk. This kiosk starts again by itself once it is fixed.",
            )
        )

    def show_view(self, view: SessionView) -> None:
        reason = view.out_of_service_reason
        self.staff.setText(
            translate("OutOfServiceScreen", "For staff: {reason} ({code})").format(
                reason=out_of_service_reason(reason), code=reason
            )
            if reason
            else ""
        )
