"""Returns: each returned book says where it goes — return cart, transit bin, or hold shelf."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.core.return_groups import from_the_pad, sorted_returns
from kiosk.core.session import Screen, SessionView
from kiosk.ui.i18n import translate
from kiosk.ui.return_sort import sort_text
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.item_row import show_rows
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton


class ReturnsScreen(ScreenPage):
    for_screen = Screen.RETURNS

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.heading = label("heading", name="returns.heading")
        self.hint = label("lead", name="returns.hint")
        self.sort = label("lead", name="returns.sort")
        self.items = RowList("returns.items")
        self.finish = TouchButton("returns.finish", "primary")
        self.finish.clicked.connect(lambda: self.press("finish", ""))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.finish)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.sort)
        self.body.addWidget(self.items, 1)
        self.body.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("ReturnsScreen", "Return books"))
        self.hint.setText(
            translate(
                "ReturnsScreen",
                "Scan the label inside each book's cover. "
                "The screen tells you where to put each book.",
            )
        )
        self.items.empty.setText(translate("ReturnsScreen", "Scan your first book."))
        self.finish.setText(translate("ReturnsScreen", "Finish"))

    def show_view(self, view: SessionView) -> None:
        # Larger text on a short screen: once a book is listed the patron has followed the
        # hint, and the newest row needs its room.
        sort = sort_text(view.rows)
        self.sort.setText(sort)
        self.sort.setVisible(bool(sort))
        # Books with more than one place to go: how to sort them replaces how to start.
        self.hint.setVisible(not sort and not (self.tight and view.rows))
        # A stack from the pad is listed by where each book goes, so the patron sorts it from
        # the top; books scanned one by one stay in the order scanned, the newest last.
        rows = sorted_returns(view.rows) if from_the_pad(view.rows) else view.rows
        show_rows(self.items, rows)
