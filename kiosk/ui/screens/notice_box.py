"""A column of notice labels that reuses its labels as the notices change."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.style import label, restyle


class NoticeBox(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._name = name
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._labels: list[QLabel] = []

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
