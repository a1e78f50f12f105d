"""An on-screen keyboard for technician mode's few text settings (host, login, codes): the
kiosk has no keyboard. Letters, digits and the signs host names and passwords use."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QSizePolicy, QWidget

from kiosk.ui.i18n import translate
from kiosk.ui.widgets.touch_button import MIN_TOUCH, TouchButton

COLUMNS = 10  # ten 64 px keys fit the narrowest panel (720 px, portrait)
LETTERS = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm._@")
SIGNS = ("1234567890", "!#$%&*+=?~", "()[]{}<>^'", ',;:/\\"`_@.')
BACKSPACE, SHIFT, SIGNS_KEY, SPACE, DONE = "backspace", "shift", "signs", "space", "done"


class TouchKeyboard(QWidget):
    """Types into ``target`` (a QLineEdit); ``done`` when the technician is finished.

    Keys are named ``technician.keyboard.<char code>`` (e.g. ``….97`` for 'a') and
    ``technician.keyboard.<backspace|shift|signs|space|done>``."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("technician.keyboard")
        self.target: QLineEdit | None = None
        self.shifted = False
        self.signs = False
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        self.keys: list[TouchButton] = []
        for row in range(len(LETTERS)):
            for col in range(COLUMNS):
                key = self._key(f"technician.keyboard.r{row}c{col}")
                key.clicked.connect(lambda _=False, r=row, c=col: self._type(r, c))
                grid.addWidget(key, row, col)
                self.keys.append(key)
        self.shift = self._key(f"technician.keyboard.{SHIFT}", checkable=True)
        self.shift.toggled.connect(self._set_shift)
        self.signs_key = self._key(f"technician.keyboard.{SIGNS_KEY}", checkable=True)
        self.signs_key.toggled.connect(self._set_signs)
        self.space = self._key(f"technician.keyboard.{SPACE}")
        self.space.clicked.connect(lambda: self._insert(" "))
        self.backspace = self._key(f"technician.keyboard.{BACKSPACE}")
        self.backspace.setAutoRepeat(True)
        self.backspace.clicked.connect(self._backspace)
        self.finish = self._key(f"technician.keyboard.{DONE}", kind="primary")
        self.finish.clicked.connect(self.done)
        last = len(LETTERS)
        grid.addWidget(self.shift, last, 0, 1, 2)
        grid.addWidget(self.signs_key, last, 2, 1, 2)
        grid.addWidget(self.space, last, 4, 1, 2)
        grid.addWidget(self.backspace, last, 6, 1, 2)
        grid.addWidget(self.finish, last, 8, 1, 2)
        self._label_keys()
        self.retranslate()

    @staticmethod
    def _key(name: str, *, checkable: bool = False, kind: str = "segment") -> TouchButton:
        key = TouchButton(name, kind)
        key.setCheckable(checkable)
        key.setMinimumSize(MIN_TOUCH, MIN_TOUCH)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the text box keeps its cursor
        return key

    def _char(self, row: int, col: int) -> str:
        char = (SIGNS if self.signs else LETTERS)[row][col]
        return char.upper() if self.shifted and not self.signs else char

    def _label_keys(self) -> None:
        for row in range(len(LETTERS)):
            for col in range(COLUMNS):
                char = self._char(row, col)
                key = self.keys[row * COLUMNS + col]
                key.setText("␣" if char == " " else char.replace("&", "&&"))
                key.setObjectName(f"technician.keyboard.{ord(char)}")

    def _type(self, row: int, col: int) -> None:
        self._insert(self._char(row, col))
        if self.shifted:
            self.shift.setChecked(False)  # one capital, as phone keyboards do

    def _insert(self, text: str) -> None:
        if self.target is not None:
            self.target.insert(text)

    def _backspace(self) -> None:
        if self.target is not None:
            self.target.backspace()

    def _set_shift(self, on: bool) -> None:
        self.shifted = on
        self._label_keys()

    def _set_signs(self, on: bool) -> None:
        self.signs = on
        self._label_keys()

    def retranslate(self) -> None:
        self.shift.setText("⇧")
        self.signs_key.setText("#+=")
        self.space.setText(translate("TouchKeyboard", "Space"))
        self.backspace.setText("⌫")
        self.finish.setText(translate("TouchKeyboard", "Done"))
