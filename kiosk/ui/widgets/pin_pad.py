"""On-screen PIN pad: collects digits locally, shows only dots, hands the PIN over on OK."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.i18n import translate
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton

MAX_DIGITS = 12
KEY = 88  # px: a PIN key is the most precise touch a patron makes here
SMALL_KEY = 72  # px: a key's height on a short screen, still above the 64 px minimum


class PinKey(TouchButton):
    """KEY px high where there is room, down to SMALL_KEY where there is not."""

    def __init__(self, name: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(name, kind, parent)
        self.setFixedWidth(KEY * 2)
        self.setMinimumHeight(SMALL_KEY)
        self.setMaximumHeight(KEY)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(KEY * 2, KEY)


class PinPad(QWidget):
    """``submitted`` carries the PIN once; the digits are forgotten as soon as it is sent, or
    when the pad is hidden. The PIN is never put in a label or a log."""

    submitted = Signal(str)
    typed = Signal()  # a digit was added (speech says so, never which)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pin.pad")
        self._digits: list[str] = []
        self.dots = label("pin-dots", name="pin.dots", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # On a short screen the keys give up height, never the dots.
        self.dots.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, TouchButton] = {}
        for n in range(10):
            key = PinKey(f"pin.digit.{n}", "key")
            key.setText(str(n))
            key.clicked.connect(lambda _=False, d=str(n): self._add(d))
            self.keys[str(n)] = key
            row, col = ((n - 1) // 3, (n - 1) % 3) if n else (3, 1)
            grid.addWidget(key, row, col)
        self.clear_key = PinKey("pin.clear", "key-secondary")
        self.clear_key.clicked.connect(self.clear)
        self.ok_key = PinKey("pin.ok", "key-primary")
        self.ok_key.clicked.connect(self._submit)
        grid.addWidget(self.clear_key, 3, 0)
        grid.addWidget(self.ok_key, 3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.dots)
        layout.addLayout(grid)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.retranslate()
        self._refresh()

    @property
    def length(self) -> int:
        return len(self._digits)

    def retranslate(self) -> None:
        self.clear_key.setText(translate("PinPad", "Clear"))
        self.ok_key.setText(translate("PinPad", "OK"))

    def clear(self) -> None:
        self._digits.clear()
        self._refresh()

    def hideEvent(self, event: object) -> None:
        self.clear()  # no half-typed PIN waits for the next patron

    def _add(self, digit: str) -> None:
        if len(self._digits) < MAX_DIGITS:
            self._digits.append(digit)
            self.typed.emit()
        self._refresh()

    def _submit(self) -> None:
        if not self._digits:
            return
        pin = "".join(self._digits)
        self.clear()
        self.submitted.emit(pin)

    def _refresh(self) -> None:
        count = len(self._digits)
        self.dots.setText("●" * count + "○" * max(0, 4 - count))
        self.ok_key.setEnabled(count > 0)
