"""Patron session: who is borrowing, their standing, and each scanned book as a row."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QWidget

from kiosk.core.results import ResultCode
from kiosk.core.session import ItemRow, Screen, SessionView
from kiosk.domain import ActKind
from kiosk.ui.book_input import session_hint
from kiosk.ui.i18n import translate
from kiosk.ui.screens.base import Press, ScreenPage, greeting_row
from kiosk.ui.screens.notice_box import NoticeBox
from kiosk.ui.screens.notices import greeting, loans_text, patron_notices
from kiosk.ui.widgets.item_row import show_rows
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton


class SessionScreen(ScreenPage):
    for_screen = Screen.SESSION

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.heading = label("heading", name="session.patron", wrap=False)
        self.loans = label("pill", name="session.loans", wrap=False)
        # The loans pill sits beside the greeting, or under it where both do not fit (a
        # portrait screen with larger text).
        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(self.heading, 1)
        top.addWidget(self.loans, 0, Qt.AlignmentFlag.AlignLeft)
        self.top = top
        self._width = 0
        self.notices = NoticeBox("session.notices")
        self.hint = label("lead", name="session.hint")
        self.items = RowList("session.items")
        # Offered when the patron scans a book already on loan to them: return it here.
        self.return_item = TouchButton("session.return_item", "secondary")
        self.return_item.clicked.connect(
            lambda: self.press("return_item", self.return_item.property("barcode") or "")
        )
        self.return_item.hide()
        self.account = TouchButton("session.account", "secondary")
        self.account.clicked.connect(lambda: self.press("account", ""))
        self.finish = TouchButton("session.finish", "primary")
        self.finish.clicked.connect(lambda: self.press("finish", ""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.account)
        buttons.addStretch(1)
        buttons.addWidget(self.finish)
        self.body.addLayout(top)
        self.body.addWidget(self.notices)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.items, 1)
        self.body.addWidget(self.return_item)
        self.body.addLayout(buttons)
        self.retranslate()

    def fit_window(self, size: QSize) -> None:
        self._width = size.width()
        self._arrange_top()

    def _arrange_top(self) -> None:
        margins = self.body.contentsMargins()
        greeting_row(
            self.top, self.heading, self.loans, self._width - margins.left() - margins.right()
        )

    def retranslate(self) -> None:
        self._show_hint()
        self.items.empty.setText(translate("SessionScreen", "Your books will be listed here."))
        self.account.setText(translate("SessionScreen", "My account"))
        self.return_item.setText(translate("SessionScreen", "Return it"))
        self.finish.setText(translate("SessionScreen", "Finish"))

    def _show_hint(self) -> None:
        self.hint.setText(session_hint(self.book_input))

    def show_view(self, view: SessionView) -> None:
        # A patron who cannot borrow is not told to scan books to borrow: the block's notice
        # says what to do, and how to return books (in one box, so larger text still fits).
        # Larger text on a short screen: once a book is listed the patron has followed the
        # hint, and the newest row needs its room.
        self.hint.setVisible(not view.blocks and not (self.tight and view.rows))
        offer = _already_yours(view.rows)
        self.return_item.setProperty("barcode", offer.barcode if offer else "")
        self.return_item.setVisible(offer is not None)
        self.heading.setText(greeting(view))
        loans = loans_text(view)
        self.loans.setText(loans)
        self.loans.setVisible(bool(loans))
        self._arrange_top()
        notices = patron_notices(view)
        if self.tight and view.rows:
            # Larger text on a small panel: once a book is listed the patron has read the
            # offline notice; the banner keeps the limit in view, each row its provisional mark.
            notices = [n for n in notices if n[0] != "provisional"]
        if view.blocks:
            tone, text = notices[0]
            then = translate("SessionScreen", "To return books, press Finish.")
            # Chinese sentences follow one another without a space.
            space = "" if text.endswith(("。", "！", "？")) else " "
            notices[0] = (tone, f"{text}{space}{then}")
        self.notices.show_notices(notices)
        self.account.setVisible(not view.identified_offline)
        show_rows(self.items, view.rows)


def _already_yours(rows: tuple[ItemRow, ...]) -> ItemRow | None:
    """The latest book scanned to borrow that was already the patron's, not returned since."""
    for row in reversed(rows):
        if row.kind == ActKind.RETURN:
            return None  # answered (or on its way)
        if row.code == ResultCode.ALREADY_BORROWED_BY_YOU:
            return row
    return None
