"""Touch controls for settings: segmented choices, a big-item drop-down, a −/+ stepper and a
finger-scrolled area."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListView,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QWidget,
)

from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import MIN_TOUCH, TouchButton

Describe = Callable[[Any], str]


def form_grid(form: QWidget) -> QGridLayout:
    """The settings pages' two columns on ``form``: captions, then controls that take the
    width (room on the right for the scroll bar)."""
    grid = QGridLayout(form)
    grid.setContentsMargins(0, 0, 12, 0)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(8)
    grid.setColumnStretch(1, 1)
    return grid


def save_row(prefix: str) -> tuple[QWidget, TouchButton, TouchButton]:
    """A settings page's foot: Undo changes at the left, Save at the right (``<prefix>.save``,
    ``<prefix>.revert``); returns the row, Save and Undo."""
    save = TouchButton(f"{prefix}.save", "primary")
    revert = TouchButton(f"{prefix}.revert", "quiet")
    row = QWidget()
    buttons = QHBoxLayout(row)
    buttons.setContentsMargins(0, 0, 0, 0)
    buttons.addWidget(revert)
    buttons.addStretch(1)
    buttons.addWidget(save)
    return row, save, revert


def scrolling(content: QWidget, name: str) -> QScrollArea:
    """``content`` in a frameless area a finger drags, scrolling down only (so a page never
    asks the window for its whole height)."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    content.setProperty("role", "list")  # transparent, like the patron lists
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return scroll


class Segmented(QWidget):
    """A row of toggle buttons, one per value: ``<name>.<value>`` (e.g. ``….terminator.lf``)."""

    changed = Signal(object)

    def __init__(self, name: str, values: Sequence[Any], describe: Describe = str) -> None:
        super().__init__()
        self.setObjectName(name)
        self._values = list(values)
        self._describe = describe
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: list[TouchButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for i, value in enumerate(self._values):
            button = TouchButton(f"{name}.{str(value).lower()}", "segment")
            button.setCheckable(True)
            button.setMinimumWidth(MIN_TOUCH + 24)
            self._group.addButton(button, i)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        self._group.idClicked.connect(lambda i: self.changed.emit(self._values[i]))
        self.retranslate()

    def value(self) -> Any:
        i = self._group.checkedId()
        return self._values[i] if i >= 0 else None

    def set_value(self, value: Any) -> None:
        if value in self._values:
            self.buttons[self._values.index(value)].setChecked(True)

    def retranslate(self) -> None:
        for button, value in zip(self.buttons, self._values, strict=True):
            button.setText(self._describe(value))


class Choice(QComboBox):
    """A drop-down whose list opens with finger-sized rows (no typing: not editable)."""

    def __init__(self, name: str, describe: Describe = str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setMinimumHeight(MIN_TOUCH)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        view = QListView()
        view.setObjectName(f"{name}.list")
        self.setView(view)
        self._describe = describe
        self._values: list[Any] = []
        self._labels: list[str] | None = None

    def set_values(self, values: Sequence[Any], labels: Sequence[str] | None = None) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self._values = list(values)
        self._labels = list(labels) if labels else None
        for i, value in enumerate(self._values):
            self.addItem(labels[i] if labels else self._describe(value))
        self.blockSignals(False)
        if current in self._values:
            self.set_value(current)

    def retranslate(self) -> None:
        if self._labels is None:
            for i, value in enumerate(self._values):
                self.setItemText(i, self._describe(value))

    def value(self) -> Any:
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def values(self) -> tuple[Any, ...]:
        """Every value offered, in the list's order."""
        return tuple(self._values)

    def set_value(self, value: Any) -> None:
        if value not in self._values:
            self._values.append(value)
            if self._labels is not None:
                self._labels.append(self._describe(value))
            self.addItem(self._describe(value))
        self.setCurrentIndex(self._values.index(value))


def _step_for(low: int, high: int) -> int:
    """About a hundred presses from one end to the other, in round numbers."""
    span = high - low
    for step in (1, 5, 10, 50, 100, 250, 500, 1000, 5000):
        if span / step <= 120:
            return step
    return 10_000


class Stepper(QWidget):
    """``−`` value ``+`` with auto-repeat when held: ``<name>.minus``, ``.value``, ``.plus``."""

    changed = Signal(object)

    def __init__(self, name: str, low: int, high: int, describe: Describe = str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.low, self.high = low, high
        self.step = _step_for(low, high)
        self._describe = describe
        self._value = low
        self.minus = TouchButton(f"{name}.minus", "stepper")
        self.plus = TouchButton(f"{name}.plus", "stepper")
        for button, text, sign in ((self.minus, "−", -1), (self.plus, "+", 1)):
            button.setText(text)
            button.setFixedSize(MIN_TOUCH + 16, MIN_TOUCH)
            button.setAutoRepeat(True)
            button.setAutoRepeatDelay(400)
            button.setAutoRepeatInterval(80)
            button.clicked.connect(lambda _=False, s=sign: self._nudge(s))
        self.shown = label("stepper-value", name=f"{name}.value", wrap=False)
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown.setMinimumWidth(170)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.minus)
        row.addWidget(self.shown)
        row.addWidget(self.plus)
        row.addStretch(1)
        self._refresh()

    def value(self) -> int:
        return self._value

    def set_value(self, value: int) -> None:
        self._value = max(self.low, min(self.high, int(value)))
        self._refresh()

    def _nudge(self, sign: int) -> None:
        value = self._value + sign * self.step
        # From an odd value, the first step lands on the grid (250 → 300, not 350).
        if self._value % self.step:
            value = (self._value // self.step + (1 if sign > 0 else 0)) * self.step
        self.set_value(value)
        self.changed.emit(self._value)

    def retranslate(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.shown.setText(self._describe(self._value))
        self.minus.setEnabled(self._value > self.low)
        self.plus.setEnabled(self._value < self.high)


def mark(widget: QWidget, changed: bool) -> None:
    """Show that a control differs from what the device runs with now."""
    restyle(widget, changed=changed)
