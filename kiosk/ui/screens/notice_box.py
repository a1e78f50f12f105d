"""A column of notice labels that reuses its labels as the notices change."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.style import label, restyle


def wrapped_height(widget: QLabel, width: int) -> int:
    """The height ``widget``'s text needs wrapped at ``width``, padding included. Measured
    here, as the label paints it: QLabel.heightForWidth() answers for a stale width after
    the theme's type grows (larger text), several lines too many."""
    margins = widget.contentsMargins()
    room = QRect(0, 0, max(1, width - margins.left() - margins.right()), 100_000)
    flags = int(Qt.TextFlag.TextWordWrap)
    text = widget.fontMetrics().boundingRect(room, flags, widget.text()).height()
    return text + margins.top() + margins.bottom()


class NoticeBox(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._name = name
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._labels: list[QLabel] = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_heights()

    def _keep_heights(self) -> None:
        """Each notice keeps the height its wrapped text needs at this width: on a short
        screen the list below gives way, not the notice."""
        total = 0
        for widget in self._labels:
            height = wrapped_height(widget, self.width()) if widget.text() else 0
            widget.setMinimumHeight(height)
            total += height + (self._layout.spacing() if height else 0)
        self.setMinimumHeight(max(0, total - self._layout.spacing()))

    def show_notices(self, notices: list[tuple[str, str]]) -> None:
        while len(self._labels) < len(notices):
            widget = label("notice", name=f"{self._name}.{len(self._labels)}")
            self._layout.addWidget(widget)
            self._labels.append(widget)
        for i, widget in enumerate(self._labels):
            if i < len(notices):
                tone, text = notices[i]
                widget.setText(text)
                restyle(widget, tone=tone)
                widget.show()
            else:
                widget.clear()
                widget.hide()
        self.setVisible(bool(notices))
        self._keep_heights()
