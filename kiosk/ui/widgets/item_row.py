"""One book as a row: a status badge (or a spinner), the title, what happened, what to do."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.session import ItemRow
from kiosk.ui.i18n import current_language
from kiosk.ui.row_text import RowText, row_text
from kiosk.ui.widgets.glyphs import Glyph, draw_badge
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.spinner import Spinner
from kiosk.ui.widgets.style import label, restyle

BADGE = 52
# Badge colours by tone; the row's text colours come from the theme.
BADGE_COLOURS = {
    "ok": "#2e7d32",
    "warn": "#b45f06",
    "bad": "#c62828",
    "info": "#1f6f6a",
    "provisional": "#6a4fa3",
    "transit": "#1565c0",
    "hold": "#8e3b8e",
}


class _Badge(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(BADGE, BADGE)
        self.glyph = Glyph.CHECK
        self.tone = "ok"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor(BADGE_COLOURS.get(self.tone, BADGE_COLOURS["info"]))
        draw_badge(painter, self.glyph, QRect(0, 0, BADGE, BADGE), background, QColor("white"))
        painter.end()


TITLE_MIN = 240  # px a title keeps beside the barcode before the row takes its narrow form


class ItemRowWidget(QFrame):
    """Shows a RowText; ``key`` lets lists skip rows that did not change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        self.key: object = None
        self._badge = _Badge()
        self._spinner = Spinner(BADGE - 8)
        self._marks = QStackedLayout()
        self._marks.addWidget(self._badge)
        self._marks.addWidget(self._spinner)
        marks = QWidget()
        marks.setFixedSize(BADGE, BADGE)
        marks.setLayout(self._marks)
        self.title = label("row-title")
        self.barcode = label("row-barcode", wrap=False)
        self.status = label("row-status")
        self.detail = label("row-detail")
        self.tag = label("tag", wrap=False)
        self.tag.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Wide: the barcode beside the title and the tag at the right. Narrow (a portrait list
        # in larger text): the barcode under the title and the tag under the words, so a row
        # never asks the window to be wider (fit_width picks).
        for fixed in (self.barcode, self.tag):
            fixed.setMinimumWidth(1)
        self._heading = heading = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        heading.setSpacing(14)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.barcode, 0)
        self._texts = texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addLayout(heading)
        texts.addWidget(self.status)
        texts.addWidget(self.detail)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(18)
        layout.addWidget(marks, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        layout.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignTop)
        self.narrow = False

    def fit_width(self, width: int) -> None:
        margins = self._layout.contentsMargins()
        wide = (
            margins.left()
            + margins.right()
            + BADGE
            + self._layout.spacing()
            + TITLE_MIN
            + (self._heading.spacing() + self.barcode.sizeHint().width())
            + (self._layout.spacing() + self.tag.sizeHint().width() if self.tag.text() else 0)
        )
        narrow = width < wide
        if narrow == self.narrow:
            return
        self.narrow = narrow
        self._heading.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        self._heading.setSpacing(0 if narrow else 14)
        if narrow:
            self._layout.removeWidget(self.tag)
            self._texts.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self._texts.removeWidget(self.tag)
            self._layout.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignTop)

    def show_text(self, text: RowText) -> None:
        self.title.setText(text.title)
        self.barcode.setText(text.barcode)
        self.barcode.setVisible(bool(text.barcode))
        self.status.setText(text.status)
        self.detail.setText(text.detail)
        self.detail.setVisible(bool(text.detail))
        self.tag.setText(text.tag)
        self.tag.setVisible(bool(text.tag))
        restyle(self.status, tone=text.tone)
        restyle(self.tag, tone=text.tone)
        restyle(self, tone=text.tone)
        if text.glyph is None:
            self._marks.setCurrentWidget(self._spinner)
        else:
            self._badge.glyph = text.glyph
            self._badge.tone = text.tone
            self._badge.update()
            self._marks.setCurrentWidget(self._badge)


def show_rows(rows_list: RowList, rows: Sequence[ItemRow]) -> None:
    """Bring ``rows_list`` in line with ``rows``, redrawing only rows that changed (a scan
    then costs one row, not the whole list)."""
    language = current_language()
    widgets = rows_list.sync(len(rows), ItemRowWidget)
    for widget, row in zip(widgets, rows, strict=True):
        key = (row, language)
        if widget.key != key:
            widget.show_text(row_text(row))
            widget.key = key
    rows_list.refit()  # new rows, new texts: each takes the form its width allows
