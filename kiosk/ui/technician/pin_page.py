"""The technician PIN pad: digits, a plain message after a wrong PIN, the lockout's time left."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.i18n import translate
from kiosk.ui.technician.page import StatusLine
from kiosk.ui.widgets.pin_pad import PinPad
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton


class TechnicianPinPage(QWidget):
    """``submitted`` carries the PIN; the page itself never checks it (that takes a slow hash,
    off the GUI thread)."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("technician.pin")
        self.setProperty("role", "page")
        self.heading = label("heading", name="technician.pin.heading")
        self.prompt = label("lead", name="technician.pin.prompt")
        self.message = StatusLine("technician.pin.message")
        self.pad = PinPad()
        # The patron PIN pad's names would clash with this one in a window-wide search.
        self.pad.setObjectName("technician.pin.pad")
        for digit, key in self.pad.keys.items():
            key.setObjectName(f"technician.pin.digit.{digit}")
        self.pad.ok_key.setObjectName("technician.pin.ok")
        self.pad.clear_key.setObjectName("technician.pin.clear")
        self.pad.dots.setObjectName("technician.pin.dots")
        self.pad.submitted.connect(self.submitted)
        self.cancel = TouchButton("technician.pin.cancel", "secondary")
        self.cancel.clicked.connect(self.cancelled)
        side_box = QWidget()
        side_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(16)
        side.addWidget(self.heading)
        side.addWidget(self.prompt)
        side.addWidget(self.message)
        side.addStretch(1)
        side.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout(self)
        row.setContentsMargins(48, 20, 48, 24)
        row.setSpacing(48)
        row.addWidget(side_box, 1)
        row.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(translate("TechnicianPin", "Technician mode"))
        self.prompt.setText(
            translate(
                "TechnicianPin",
                "For library staff and service technicians. Enter the technician PIN, then OK. "
                "If you came here by mistake, tap Back.",
            )
        )
        self.cancel.setText(translate("TechnicianPin", "Back"))
        self.pad.retranslate()

    def reset(self) -> None:
        self.pad.clear()
        self.message.hide()
        self.pad.setEnabled(True)

    def show_checking(self) -> None:
        self.pad.setEnabled(False)
        self.message.say(translate("TechnicianPin", "Checking…"), "info")

    def show_wrong(self, tries_left: int) -> None:
        self.pad.setEnabled(True)
        self.message.say(
            translate(
                "TechnicianPin", "That PIN is not right. {n} more wrong PIN(s) lock this entry."
            ).format(n=tries_left),
            "warn",
        )

    def show_locked(self, seconds_left: float) -> None:
        self.pad.clear()
        self.pad.setEnabled(False)
        minutes, seconds = divmod(max(1, round(seconds_left)), 60)
        self.message.say(
            translate(
                "TechnicianPin",
                "Too many wrong PINs. Technician mode is locked for {time} more.",
            ).format(time=f"{minutes}:{seconds:02d}"),
            "warn",
        )

    def show_not_set(self) -> None:
        self.pad.setEnabled(False)
        self.message.say(
            translate(
                "TechnicianPin",
                "Technician mode is not set up on this kiosk: no PIN is configured. "
                "Set one with 'kiosk config set-pin'.",
            ),
            "warn",
        )
