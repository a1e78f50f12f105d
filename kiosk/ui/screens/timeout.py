"""Timeout: 'are you still there?' with a countdown; "I need more time" keeps the session,
"Finish now" ends it with its summary."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.core.session import Screen, SessionView
from kiosk.ui.i18n import translate
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton

BIG_COUNT = 220  # px: the room the countdown's large type takes
COMPACT_PX = 110  # px: its type on a short screen (as the themes' [compact="true"])


class TimeoutScreen(ScreenPage):
    for_screen = Screen.TIMEOUT

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self._seconds = 0
        self._size = QSize()
        self.heading = label("heading", name="timeout.heading")
        self.count = label("countdown", name="timeout.countdown", wrap=False)
        self.explain = label("lead", name="timeout.explain")
        self.cont = TouchButton("timeout.continue", "primary")
        self.cont.clicked.connect(lambda: self.press("continue", ""))
        self.finish = TouchButton("timeout.finish", "secondary")
        self.finish.clicked.connect(lambda: self.press("finish", ""))
        # Side by side; one above the other where they do not fit (portrait, larger text).
        buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.buttons = buttons
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.finish)
        buttons.addWidget(self.cont)
        buttons.addStretch(1)
        # It asks no more than its compact type needs, so it never makes the window taller.
        small = QFont(self.font())
        small.setPixelSize(COMPACT_PX)
        small.setBold(True)
        self.count.setMinimumHeight(QFontMetrics(small).height())
        for widget in (self.heading, self.count, self.explain):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.count)
        self.body.addWidget(self.explain)
        self.body.addSpacing(16)
        self.body.addLayout(buttons)
        self.body.addStretch(1)
        self.retranslate()

    def fit_window(self, size: QSize) -> None:
        self._size = size
        margins = self.body.contentsMargins()
        need = (
            self.finish.sizeHint().width()
            + self.cont.sizeHint().width()
            + self.buttons.spacing()
            + margins.left()
            + margins.right()
        )
        self.buttons.setDirection(
            QBoxLayout.Direction.LeftToRight
            if need <= size.width()
            else QBoxLayout.Direction.TopToBottom
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_count()

    def _fit_count(self) -> None:
        """The big number in big type if the room allows, else smaller (a short screen with the
        offline banner and a message showing)."""
        margins = self.body.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        others = (
            self.heading.heightForWidth(width)
            + self.explain.heightForWidth(width)
            + self.cont.minimumSizeHint().height()
            + 16
            + 3 * self.body.spacing()
            + margins.top()
            + margins.bottom()
        )
        restyle(self.count, compact=self.height() - others < BIG_COUNT)

    def retranslate(self) -> None:
        self.heading.setText(translate("TimeoutScreen", "Are you still there?"))
        self.cont.setText(translate("TimeoutScreen", "I need more time"))
        self.finish.setText(translate("TimeoutScreen", "Finish now"))
        self._explain()
        if self._size.isValid():
            self.fit_window(self._size)  # the words' widths changed

    def show_view(self, view: SessionView) -> None:
        seconds = max(0, math.ceil(view.countdown_s or 0))
        if seconds != self._seconds or not self.count.text():
            self._seconds = seconds
            self.count.setText(str(seconds))
            self._explain()

    def _explain(self) -> None:
        self.explain.setText(
            translate(
                "TimeoutScreen",
                "To protect your privacy, this session ends in {seconds} s.",
            ).format(seconds=self._seconds)
        )
        self._fit_count()  # the text may now wrap to another line
