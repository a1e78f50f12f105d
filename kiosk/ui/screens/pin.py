"""PIN: the pad for a library card that needs its PIN."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.session import Screen, SessionView
from kiosk.ui.i18n import translate
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.pin_pad import PinPad
from kiosk.ui.widgets.spinner import Spinner
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton


class PinScreen(ScreenPage):
    for_screen = Screen.PIN

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.heading = label("heading", name="pin.heading")
        self.prompt = label("lead", name="pin.prompt")
        self.pad = PinPad()
        self.pad.submitted.connect(lambda pin: self.press("pin", pin))
        self.spinner = Spinner(44)
        self.checking = label("lead", name="pin.checking", wrap=False)
        self.cancel = TouchButton("pin.cancel", "secondary")
        self.cancel.clicked.connect(lambda: self.press("cancel", ""))
        side_box = QWidget()
        side_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(16)
        side.addWidget(self.heading)
        side.addWidget(self.prompt)
        busy = QHBoxLayout()
        busy.addWidget(self.spinner)
        busy.addWidget(self.checking, 1)
        side.addLayout(busy)
        side.addStretch(1)
        side.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        self.side = side
        # Landscape: the texts and Cancel beside the pad. Portrait: the pad under the texts,
        # Cancel under the pad.
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(48)
        self.row.addWidget(side_box, 1)
        self.row.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(self.row, 1)
        self.portrait = False
        self.retranslate()

    def fit_window(self, size: QSize) -> None:
        portrait = size.height() > size.width()
        if portrait == self.portrait:
            return
        self.portrait = portrait
        if portrait:
            self.side.removeWidget(self.cancel)
            self.row.setDirection(QBoxLayout.Direction.TopToBottom)
            self.row.setAlignment(self.pad, Qt.AlignmentFlag.AlignHCenter)
            self.body.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self.body.removeWidget(self.cancel)
            self.row.setDirection(QBoxLayout.Direction.LeftToRight)
            self.row.setAlignment(self.pad, Qt.AlignmentFlag.AlignTop)
            self.side.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)

    def retranslate(self) -> None:
        self.heading.setText(translate("PinScreen", "Enter your PIN"))
        self.prompt.setText(
            translate(
                "PinScreen",
                "Your library card needs its PIN. Tap the digits, then OK. "
                "Cover the keys with your other hand.",
            )
        )
        self.checking.setText(translate("PinScreen", "Checking…"))
        self.cancel.setText(translate("PinScreen", "Cancel"))
        self.pad.retranslate()

    def show_view(self, view: SessionView) -> None:
        self.spinner.setVisible(view.busy)
        self.checking.setVisible(view.busy)
        self.pad.setEnabled(not view.busy)
