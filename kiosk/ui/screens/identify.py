"""Identify: asks for a card on the reader after Borrow or My account."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.core.session import Intent, Screen, SessionView
from kiosk.ui.i18n import translate
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.illustration import CardAndScanIllustration
from kiosk.ui.widgets.spinner import Spinner
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton


class IdentifyScreen(ScreenPage):
    for_screen = Screen.IDENTIFY

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self._view = SessionView(screen=Screen.IDENTIFY)
        self.heading = label("heading", name="identify.heading")
        self.prompt = label("lead", name="identify.prompt")
        self.picture = CardAndScanIllustration()
        self.picture.setObjectName("identify.illustration")
        self.picture.show_scanner = False
        self.spinner = Spinner(44)
        self.checking = label("lead", name="identify.checking", wrap=False)
        busy = QHBoxLayout()
        busy.addStretch(1)
        busy.addWidget(self.spinner)
        busy.addWidget(self.checking)
        busy.addStretch(1)
        self.cancel = TouchButton("identify.cancel", "secondary")
        self.cancel.clicked.connect(lambda: self.press("cancel", ""))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.prompt)
        self.body.addWidget(self.picture, 1)
        self.body.addLayout(busy)
        self.body.addLayout(buttons)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(
            translate(
                "IdentifyScreen",
                "Place your resident ID card, social-security card or library card on the reader.",
            )
        )
        self.picture.set_captions(translate("IdentifyScreen", "Place your card here"), "")
        self.checking.setText(translate("IdentifyScreen", "Checking your card…"))
        self.cancel.setText(translate("IdentifyScreen", "Cancel"))

    def show_view(self, view: SessionView) -> None:
        self.heading.setText(
            translate("IdentifyScreen", "My account")
            if view.intent == Intent.ACCOUNT
            else translate("IdentifyScreen", "Borrow")
        )
        self.spinner.setVisible(view.busy)
        self.checking.setVisible(view.busy)
