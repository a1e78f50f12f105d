"""Rows of the account screen: a loan (due date, overdue, renew) and a hold ready for pickup."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.backend.types import HoldReady, Loan
from kiosk.core.results import Outcome
from kiosk.core.session import ItemRow
from kiosk.ui.i18n import translate
from kiosk.ui.messages import format_date, library, message
from kiosk.ui.widgets.glyphs import Glyph, draw_badge
from kiosk.ui.widgets.item_row import BADGE_COLOURS
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton

ICON = 44
TITLE_MIN = 240  # px a title keeps beside Renew before the row takes its narrow form


class _Icon(QWidget):
    def __init__(self, glyph: Glyph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(ICON, ICON)
        self.glyph = glyph
        self.tone = "info"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(BADGE_COLOURS.get(self.tone, BADGE_COLOURS["info"]))
        draw_badge(painter, self.glyph, QRect(0, 0, ICON, ICON), colour, QColor("white"))
        painter.end()


class LoanRowWidget(QFrame):
    """One loan; the renew button is ``account.renew.<barcode>``."""

    def __init__(self, press_renew: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        self.key: object = None
        self.barcode = ""
        self._press_renew = press_renew
        self.icon = _Icon(Glyph.CLOCK)
        self.title = label("row-title")
        self.due = label("row-status")
        self.detail = label("row-detail")
        self.tag = label("tag", wrap=False)
        self.renew = TouchButton("account.renew", "secondary")
        self.renew.clicked.connect(self._renew)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.due)
        texts.addWidget(self.detail)
        # Wide: the overdue tag and Renew beside the words; narrow (a portrait list in larger
        # text): under them, so a row never asks the window to be wider (fit_width picks).
        for fixed in (self.tag, self.renew):
            fixed.setMinimumWidth(1)
        self._side = side = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        side.setSpacing(16)
        side.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignVCenter)
        side.addWidget(self.renew, 0, Qt.AlignmentFlag.AlignVCenter)
        self._texts = texts
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(16)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        layout.addLayout(side)
        self.narrow = False

    def fit_width(self, width: int) -> None:
        margins = self._layout.contentsMargins()
        side = self.renew.sizeHint().width()
        if self.tag.text():
            side += self._side.spacing() + self.tag.sizeHint().width()
        wide = margins.left() + margins.right() + ICON + 2 * self._layout.spacing()
        narrow = width < wide + TITLE_MIN + side
        if narrow == self.narrow:
            return
        self.narrow = narrow
        if narrow:
            self._layout.removeItem(self._side)
            self._texts.addLayout(self._side)
            self._side.addStretch(1)
        else:
            self._side.takeAt(self._side.count() - 1)  # the stretch
            self._texts.removeItem(self._side)
            self._layout.addLayout(self._side)

    def _renew(self) -> None:
        if self.barcode:
            self._press_renew(self.barcode)

    def show_loan(self, loan: Loan, renewal: ItemRow | None, offline: bool) -> None:
        self.barcode = loan.item.barcode
        self.renew.setObjectName(f"account.renew.{loan.item.barcode}")
        self.title.setText(loan.item.title or loan.item.barcode)
        date = format_date(loan.due)
        tone = "bad" if loan.overdue else "ok"
        due = translate("AccountScreen", "Due {date}").format(date=date)
        detail = ""
        can_renew = loan.renewals_left > 0 and not offline
        if renewal is not None and renewal.pending:
            detail, can_renew = translate("AccountScreen", "Renewing…"), False
        elif renewal is not None and renewal.outcome == Outcome.DONE:
            detail, tone = translate("AccountScreen", "Renewed."), "ok"
        elif renewal is not None:
            detail = message(renewal.code)
        elif offline:
            detail = message("offline_no_renewals")
        elif loan.renewals_left <= 0:
            detail = translate("AccountScreen", "It cannot be renewed again.")
        self.due.setText(due)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.tag.setText(translate("AccountScreen", "Overdue") if loan.overdue else "")
        self.tag.setVisible(loan.overdue)
        restyle(self.due, tone=tone)
        restyle(self.tag, tone="bad")
        restyle(self, tone="bad" if loan.overdue else "ok")
        self.icon.glyph = Glyph.WARN if loan.overdue else Glyph.CLOCK
        self.icon.tone = "bad" if loan.overdue else "info"
        self.icon.update()
        self.renew.setText(translate("AccountScreen", "Renew"))
        self.renew.setEnabled(can_renew)


class HoldRowWidget(QFrame):
    """A reserved book waiting on a hold shelf."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "row")
        self.key: object = None
        icon = _Icon(Glyph.HOLD)
        icon.tone = "hold"
        self.title = label("row-title")
        self.where = label("row-detail")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.where)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(16)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)

    def show_hold(self, hold: HoldReady) -> None:
        self.title.setText(hold.item.title or hold.item.barcode)
        place = library(hold.pickup_library)
        if hold.expires is not None:
            text = translate("AccountScreen", "Pick it up at {library} by {date}.").format(
                library=place, date=format_date(hold.expires)
            )
        else:
            text = translate("AccountScreen", "Pick it up at {library}.").format(library=place)
        self.where.setText(text)
