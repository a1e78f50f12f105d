"""My account: loans with due dates (overdue marked), renew one or all, holds ready for pickup."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.session import ItemRow, Screen, SessionView
from kiosk.domain import ActKind
from kiosk.ui.i18n import current_language, translate
from kiosk.ui.screens.base import Press, ScreenPage, greeting_row
from kiosk.ui.screens.notice_box import NoticeBox
from kiosk.ui.screens.notices import greeting, loans_text, patron_notices
from kiosk.ui.widgets.loan_row import HoldRowWidget, LoanRowWidget
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.spinner import Spinner
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton

STACKED_LIST_PX = 72  # a list's least height, stacked in larger text on a small panel
FULL_WIDTH = 1200  # px: from here on loans and holds share the width 3 : 2


class AccountScreen(ScreenPage):
    for_screen = Screen.ACCOUNT

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.heading = label("heading", name="account.patron", wrap=False)
        self.loans_count = label("pill", name="account.count", wrap=False)
        self.spinner = Spinner(40)
        # The loans count beside the greeting, or under it where both do not fit.
        self.top = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(self.heading, 1)
        top.addWidget(self.spinner)
        top.addWidget(self.loans_count, 0, Qt.AlignmentFlag.AlignLeft)
        self._width = 0
        self.notices = NoticeBox("account.notices")
        self.loans_heading = label("subheading", name="account.loans.heading")
        self.loans = RowList("account.loans")
        self.loans.follow_end = False  # read from the top; a renewal must not jump the list
        self.holds_heading = label("subheading", name="account.holds.heading")
        self.holds = RowList("account.holds")
        self.holds.follow_end = False  # read from the top, as the loans
        left = QVBoxLayout()
        left.addWidget(self.loans_heading)
        left.addWidget(self.loans, 1)
        right = QVBoxLayout()
        right.addWidget(self.holds_heading)
        right.addWidget(self.holds, 1)
        # Side by side in landscape; in portrait the holds go under the loans.
        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(32)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.renew_all = TouchButton("account.renew_all", "secondary")
        self.renew_all.clicked.connect(lambda: self.press("renew_all", ""))
        self.finish = TouchButton("account.finish", "primary")
        self.finish.clicked.connect(lambda: self.press("finish", ""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.renew_all)
        buttons.addStretch(1)
        buttons.addWidget(self.finish)
        self.body.addLayout(top)
        self.body.addWidget(self.notices)
        self.body.addLayout(columns, 1)
        self.body.addLayout(buttons)
        self.retranslate()

    def _arrange_top(self) -> None:
        margins = self.body.contentsMargins()
        room = self._width - margins.left() - margins.right() - self.spinner.sizeHint().width()
        greeting_row(self.top, self.heading, self.loans_count, room)

    def fit_window(self, size: QSize) -> None:
        self._width = size.width()
        self._arrange_top()
        # Larger text on a short landscape panel: two columns leave a loan's Renew button no
        # room, so the holds go under the loans there too.
        side_by_side = size.width() >= size.height() and not self.tight
        # Stacked on a small panel the lists scroll in less room (they are read from the top,
        # and the account must not make the window taller: a stack is as tall as its tallest).
        for rows in (self.loans, self.holds):
            rows.setMinimumHeight(STACKED_LIST_PX if self.tight else 0)
        self.columns.setDirection(
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        self.columns.setSpacing(32 if side_by_side else 12)
        # Below full width the loans take a larger share: their rows carry the Renew buttons.
        loans, holds = (3, 2) if size.width() >= FULL_WIDTH else (2, 1)
        self.columns.setStretch(0, loans if side_by_side else 2)
        self.columns.setStretch(1, holds if side_by_side else 1)

    def retranslate(self) -> None:
        self.loans_heading.setText(translate("AccountScreen", "Books on loan"))
        self.holds_heading.setText(translate("AccountScreen", "Ready for pickup"))
        self.loans.empty.setText(translate("AccountScreen", "You have no books on loan."))
        self.holds.empty.setText(translate("AccountScreen", "No reserved books are waiting."))
        self.renew_all.setText(translate("AccountScreen", "Renew all"))
        self.finish.setText(translate("AccountScreen", "Finish"))

    def show_view(self, view: SessionView) -> None:
        self.heading.setText(greeting(view))
        count = loans_text(view)
        self.loans_count.setText(count)
        self.loans_count.setVisible(bool(count))
        self._arrange_top()
        self.spinner.setVisible(view.busy)
        self.notices.show_notices(patron_notices(view))
        # Offline, or a library system that does not tell loans: the kiosk does not know them.
        offline_account = view.identified_offline or not view.account_known
        self.loans.empty.setText(
            _no_loans_text(view)
            if offline_account
            else translate("AccountScreen", "You have no books on loan.")
        )
        self.holds_heading.setVisible(not offline_account)
        self.holds.setVisible(not offline_account)
        self.renew_all.setVisible(not offline_account)
        language = current_language()
        renewals = _latest_renewals(view.rows)
        rows = self.loans.sync(len(view.loans), lambda: LoanRowWidget(self._renew))
        for widget, loan in zip(rows, view.loans, strict=True):
            renewal = renewals.get(loan.item.barcode)
            key = (loan, renewal, view.offline, language)
            if widget.key != key:
                widget.show_loan(loan, renewal, view.offline)
                widget.key = key
        self.loans.refit()  # new rows, new texts: each takes the form its width allows
        holds = self.holds.sync(len(view.holds_ready), HoldRowWidget)
        for hold_widget, hold in zip(holds, view.holds_ready, strict=True):
            hold_key = (hold, language)
            if hold_widget.key != hold_key:
                hold_widget.show_hold(hold)
                hold_widget.key = hold_key
        self.renew_all.setEnabled(
            bool(view.loans)
            and not view.offline
            and not any(r.pending for r in renewals.values())
            and any(loan.renewals_left > 0 for loan in view.loans)
        )

    def _renew(self, barcode: str) -> None:
        self.press("renew", barcode)


def _no_loans_text(view: SessionView) -> str:
    """Offline the account is unknown: say so, and what still works (with the number)."""
    if not view.identified_offline:  # online, from a library system that does not tell loans
        return translate(
            "AccountScreen",
            "Your loans cannot be shown at this kiosk. You can borrow and return books here; "
            "the service desk can show your loans.",
        )
    if view.offline_limit > 0:
        return translate(
            "AccountScreen",
            "Your account cannot be shown while the network is down. You can still return "
            "books, and borrow up to {n} books with your resident ID card.",
        ).format(n=view.offline_limit)
    return translate(
        "AccountScreen",
        "Your account cannot be shown while the network is down. You can still return books.",
    )


def _latest_renewals(rows: tuple[ItemRow, ...]) -> dict[str, ItemRow]:
    return {row.barcode: row for row in rows if row.kind == ActKind.RENEW}
