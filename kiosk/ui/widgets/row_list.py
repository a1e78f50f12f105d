"""A finger-scrollable column of rows that reuses its row widgets as the view model changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.ui.widgets.style import label

W = TypeVar("W", bound=QWidget)


@runtime_checkable
class FitsWidth(Protocol):
    """A row with a narrow form (its fixed parts under its text rather than beside it)."""

    def fit_width(self, width: int) -> None: ...


class RowList(QScrollArea):
    """``objectName`` is the list's name (``session.items`` …); ``empty`` shows when no rows."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget()
        self._content.setProperty("role", "list")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(0, 0, 8, 0)
        self._layout.setSpacing(10)
        self.empty: QLabel = label("empty", name=f"{name}.empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self._rows: list[QWidget] = []
        self.follow_end = True  # scroll to a newly added row (off for lists read from the top)
        self._following = False
        # The new row is laid out (and a row's result may grow it) only after sync() returns:
        # each time the scroll range grows, show the end again, so the newest row is whole.
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        # A finger drags the list; kiosk touch screens send touch events.
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)

    def rows(self) -> list[QWidget]:
        return list(self._rows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def refit(self) -> None:
        """Each row picks its form for the width the list gives it (after a resize, new rows,
        new texts or larger type)."""
        margins = self._layout.contentsMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        for row in self._rows:
            if isinstance(row, FitsWidth):
                row.fit_width(width)

    def sync(self, count: int, make: Callable[[], W]) -> list[W]:
        """Keep exactly ``count`` row widgets (made by ``make``) and return them in order."""
        grew = count > len(self._rows)
        while len(self._rows) < count:
            row = make()
            self._layout.insertWidget(self._layout.count() - 1, row)
            self._rows.append(row)
        while len(self._rows) > count:
            gone = self._rows.pop()
            self._layout.removeWidget(gone)
            gone.hide()  # deleteLater waits for the event loop; until then it must not show
            gone.deleteLater()
        self.empty.setVisible(count == 0 and bool(self.empty.text()))
        if count == 0 or not self.follow_end:
            self._following = False
        if grew and self.follow_end:
            # The newest book is the one the patron is looking for: keep it in view.
            self._following = True
            QTimer.singleShot(0, self, self._scroll_to_end)
        return self._rows  # type: ignore[return-value]

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if self._following:
            self.verticalScrollBar().setValue(maximum)

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
