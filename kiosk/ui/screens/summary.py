"""Summary: what was borrowed and returned, with due dates; 'please take your card'; the
receipt (print or not, and a QR code of it to scan onto a phone); a countdown to home and a
Done button."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from drivers.events import LinkState, PrintJobResult, PrintOutcome
from kiosk.core.receipt import Receipt, receipt_items
from kiosk.core.receipt_desk import printer_usable
from kiosk.core.results import Outcome, ResultCode
from kiosk.core.return_groups import sorted_returns
from kiosk.core.session import Screen, SessionView
from kiosk.domain import ActKind
from kiosk.ui.i18n import translate
from kiosk.ui.receipts import ReceiptJobs
from kiosk.ui.return_sort import sort_text
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.item_row import show_rows
from kiosk.ui.widgets.qr_code import QrCode
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton

DONE = (Outcome.DONE, Outcome.PROVISIONAL)
QR_COLUMN_PX = 240


class ReceiptState(StrEnum):
    """Where this summary's receipt stands."""

    NONE = "none"  # no printer, or nothing done to print
    CHOOSING = "choosing"
    UNAVAILABLE = "unavailable"  # the printer cannot print now (patrons see only that)
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"
    DECLINED = "declined"


class SummaryScreen(ScreenPage):
    for_screen = Screen.SUMMARY

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.heading = label("heading", name="summary.heading")
        self.card = label("lead-strong", name="summary.card")
        self.counts = label("lead", name="summary.counts")
        self.sort = label("lead", name="summary.sort")
        self.items = RowList("summary.items")
        self.items.follow_end = False
        self.not_done = label("notice", name="summary.not_done")
        self.not_done.setProperty("tone", "warn")
        self.closing = label("hint", name="summary.closing")
        self.done = TouchButton("summary.done", "primary")
        self.done.clicked.connect(self._done)
        # The receipt: printed on the patron's word, and the same text as a QR code.
        self.receipt_note = label("hint", name="summary.receipt")
        self.print_button = TouchButton("summary.print", "secondary")
        self.print_button.clicked.connect(self.print_receipt)
        self.no_receipt = TouchButton("summary.no_receipt", "secondary")
        self.no_receipt.clicked.connect(self.decline_receipt)
        self.qr = QrCode("summary.qr")
        self.qr_caption = label("hint", name="summary.qr_caption")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.qr_caption.setFixedWidth(QR_COLUMN_PX)
        # Where the page leaves the code too little room to be read the caption goes too,
        # keeping its place (the code must not grow back into it and flicker).
        keep = self.qr_caption.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.qr_caption.setSizePolicy(keep)
        self.qr.readable.connect(lambda ok: self.qr_caption.setVisible(ok and bool(self.qr.text)))
        self.qr_box = QWidget()
        self.qr_box.setObjectName("summary.qr_box")
        qr_column = QVBoxLayout(self.qr_box)
        qr_column.setContentsMargins(0, 0, 0, 0)
        qr_column.setSpacing(4)
        qr_column.addWidget(self.qr_caption)
        qr_column.addWidget(self.qr, 1)  # drawn centred in whatever box it gets
        # The code beside the list; under it on a portrait screen (the list needs the width).
        self.middle = middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        middle.setSpacing(16)
        middle.addWidget(self.items, 1)
        middle.addWidget(self.qr_box, 0, Qt.AlignmentFlag.AlignHCenter)
        # Print / No receipt beside Done where there is the width (a row of its own costs
        # height a landscape screen lacks), else in the receipt's own row: _arrange_buttons.
        self.receipt_row = QHBoxLayout()
        self.buttons = buttons = QHBoxLayout()
        self.receipt_row.addWidget(self.receipt_note, 1)
        buttons.addWidget(self.closing, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.no_receipt)
        buttons.addWidget(self.done)
        self._width = 0
        self._beside = True  # the buttons start beside Done, for now
        self.body.addWidget(self.heading)
        self.body.addWidget(self.card)
        self.body.addWidget(self.counts)
        self.body.addWidget(self.sort)
        self.body.addLayout(middle, 1)
        self.body.addWidget(self.not_done)
        self.body.addLayout(self.receipt_row)
        self.body.addLayout(buttons)
        self._seconds = -1
        # Set by the window: the printer's jobs, the language receipts are in, the printer's
        # device state (None: this kiosk has no printer) and the library's default.
        self.jobs: ReceiptJobs | None = None
        self.language: Callable[[], str] = lambda: "zh_CN"
        self.printer: tuple[LinkState, str] | None = None
        self.print_by_default = False
        self._view: SessionView | None = None
        self._receipt: Receipt | None = None
        self._when: dt.datetime | None = None
        self._state = ReceiptState.NONE
        self._failure: PrintOutcome | None = None
        self._token = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("SummaryScreen", "Thank you!"))
        self.card.setText(translate("SummaryScreen", "Please take your card with you."))
        self.items.empty.setText(translate("SummaryScreen", "Nothing was borrowed or returned."))
        self._seconds = -1  # shown again in the new language
        self.done.setText(translate("SummaryScreen", "Done"))
        self.no_receipt.setText(translate("SummaryScreen", "No receipt"))
        self.qr_caption.setText(translate("SummaryScreen", "Scan to keep this list on your phone"))
        self._receipt = None  # the QR code's text, in the new language
        if self._view is not None:
            self._show_receipt(self._view)

    def attach_receipts(self, jobs: ReceiptJobs, language: Callable[[], str]) -> None:
        """Receipts go to ``jobs``' printer, in the language ``language()`` names."""
        self.jobs = jobs
        self.language = language
        self.print_by_default = jobs.desk.settings.print_by_default
        # Queued even when a refusal comes at once on this thread: the print's token is known
        # before its result is looked at.
        jobs.finished.connect(self._printed, Qt.ConnectionType.QueuedConnection)

    def set_printer(self, state: tuple[LinkState, str] | None) -> None:
        """The printer's device state as it changes (None: no printer)."""
        self.printer = state
        if self._view is not None:
            self._show_receipt(self._view)

    def fit_window(self, size: QSize) -> None:
        self._width = size.width()
        portrait = size.height() > size.width()
        self.middle.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # Under the list the code shares the height with it (it asks only its smallest size).
        self.middle.setStretchFactor(self.qr_box, 1 if portrait else 0)
        self._arrange_buttons()

    def _arrange_buttons(self) -> None:
        """Print receipt / No receipt beside Done where the countdown keeps one line beside
        them (a wide landscape screen: no height to spare there), else a row of their own.
        Measured with the longest texts each may show, so the form does not change as the
        seconds count down or the printer comes and goes."""
        margins = self.body.contentsMargins()
        spacing = max(0, self.buttons.spacing())
        countdown = translate("SummaryScreen", "This screen closes in {seconds} s.")
        printing = (
            translate("SummaryScreen", "Print receipt"),
            translate("SummaryScreen", "Receipts unavailable"),
        )

        def widest(button: TouchButton, texts: tuple[str, ...]) -> int:
            metrics = button.fontMetrics()
            frame = button.sizeHint().width() - metrics.horizontalAdvance(button.text())
            return frame + max(metrics.horizontalAdvance(t) for t in texts)

        need = (
            margins.left()
            + margins.right()
            + self.closing.fontMetrics().horizontalAdvance(countdown.format(seconds=999))
            + widest(self.print_button, printing)
            + widest(self.no_receipt, (self.no_receipt.text(),))
            + widest(self.done, (self.done.text(),))
            + 3 * spacing
            + 16  # a little room: the theme's padding is not in the font's metrics
        )
        beside = need <= self._width
        if beside == self._beside:
            return
        self._beside = beside
        widgets: tuple[QWidget, ...] = (self.print_button, self.no_receipt)
        for widget in widgets:
            (self.receipt_row if beside else self.buttons).removeWidget(widget)
        for offset, widget in enumerate(widgets, start=1):
            if beside:
                self.buttons.insertWidget(offset, widget)
            else:
                self.receipt_row.addWidget(widget)

    @property
    def receipt_state(self) -> ReceiptState:
        return self._state

    @property
    def receipt(self) -> Receipt | None:
        """The receipt of the session shown (the QR code's text is its summary)."""
        return self._receipt

    # ---- the receipt ------------------------------------------------------------------------
    def print_receipt(self) -> None:
        if self._state != ReceiptState.CHOOSING:
            return
        if self._receipt is None or self.jobs is None or not printer_usable(self.printer):
            return
        self._state = ReceiptState.PRINTING
        self._show_state()
        # The printer's thread answers; the GUI thread goes on (ReceiptJobs queues it back).
        self._token = self.jobs.print(self._receipt)

    def decline_receipt(self) -> None:
        if self._state in (ReceiptState.CHOOSING, ReceiptState.UNAVAILABLE):
            self._state = ReceiptState.DECLINED
            if self.jobs is not None:
                self.jobs.desk.declined()
            self._show_state()

    def _done(self) -> None:
        # A patron who leaves without choosing gets the library's default.
        if self._state == ReceiptState.CHOOSING:
            if self.print_by_default:
                self.print_receipt()
            else:
                self.decline_receipt()
        self.press("finish", "")

    def _printed(self, token: int, result: PrintJobResult) -> None:
        if token != self._token or self._state != ReceiptState.PRINTING:
            return  # an earlier patron's receipt
        if result.outcome == PrintOutcome.PRINTED:
            self._state = ReceiptState.PRINTED
        else:
            self._state, self._failure = ReceiptState.FAILED, result.outcome
        self._show_state()

    def _show_receipt(self, view: SessionView) -> None:
        if view.screen != Screen.SUMMARY:
            # A new summary starts afresh; a result still to come is an earlier patron's.
            self._receipt, self._when, self._token = None, None, 0
            self._state, self._failure = ReceiptState.NONE, None
            self.qr.set_text("")
            self.qr_box.hide()
            self._show_state()
            return
        has_items = bool(receipt_items(view))
        if has_items and self._receipt is None:
            self._when = self._when or dt.datetime.now().astimezone()
            if self.jobs is not None:
                self._receipt = self.jobs.desk.receipt(view, self.language(), self._when)
        self.qr.set_text(self._receipt.qr_payload if self._receipt is not None else "")
        self.qr_box.setVisible(has_items)
        if self._state in (ReceiptState.NONE, ReceiptState.CHOOSING, ReceiptState.UNAVAILABLE):
            if not has_items or self.printer is None:
                self._state = ReceiptState.NONE
            elif printer_usable(self.printer):
                self._state = ReceiptState.CHOOSING
            else:
                self._state = ReceiptState.UNAVAILABLE
        self._show_state()

    def _show_state(self) -> None:
        state = self._state
        choosing = state == ReceiptState.CHOOSING
        # Texts, looks and place first, shown last: a button shown with its old, longer text
        # would widen the window for good (a window never shrinks back by itself).
        restyle(self.print_button, kind="primary" if self.print_by_default else "secondary")
        restyle(self.no_receipt, kind="secondary" if self.print_by_default else "quiet")
        self.print_button.setText(
            translate("SummaryScreen", "Print receipt")
            if choosing
            else translate("SummaryScreen", "Receipts unavailable")
        )
        self.print_button.setEnabled(choosing)
        self._arrange_buttons()
        self.print_button.setVisible(state in (ReceiptState.CHOOSING, ReceiptState.UNAVAILABLE))
        self.no_receipt.setVisible(choosing)
        note, tone = "", ""
        if state == ReceiptState.PRINTING:
            note = translate("SummaryScreen", "Printing…")
        elif state == ReceiptState.PRINTED:
            note = translate("SummaryScreen", "Your receipt is printed. Please take it.")
            tone = "ok"
        elif state == ReceiptState.FAILED:
            note, tone = self._failure_text(), "bad"
        self.receipt_note.setText(note)
        restyle(self.receipt_note, tone=tone)
        self.receipt_note.setVisible(bool(note))

    def _failure_text(self) -> str:
        if self._failure == PrintOutcome.PAPER_OUT:
            why = translate("SummaryScreen", "The printer is out of paper.")
        else:
            why = translate("SummaryScreen", "The receipt could not be printed.")
        return (
            why
            + " "
            + translate("SummaryScreen", "Your loans are in My account, or scan the QR code.")
        )

    def show_view(self, view: SessionView) -> None:
        self._view = view
        self._show_receipt(view)
        done = [r for r in view.rows if not r.pending and r.outcome in DONE]
        borrowed = sum(1 for r in done if r.kind == ActKind.BORROW)
        returned = sum(1 for r in done if r.kind == ActKind.RETURN)
        renewed = sum(1 for r in done if r.kind == ActKind.RENEW)
        parts = []
        if borrowed:
            parts.append(translate("SummaryScreen", "Borrowed: {n}").format(n=borrowed))
        if returned:
            parts.append(translate("SummaryScreen", "Returned: {n}").format(n=returned))
        if renewed:
            parts.append(translate("SummaryScreen", "Renewed: {n}").format(n=renewed))
        self.counts.setText("  ·  ".join(parts))
        self.counts.setVisible(bool(parts))
        # Only a patron who identified has a card to take; returns need none.
        # (A card still lying on the reader is said louder by the window itself.)
        self.card.setVisible(
            not view.card_left
            and (bool(view.patron_name) or any(r.kind != ActKind.RETURN for r in done))
        )
        sort = sort_text(done)
        self.sort.setText(sort)
        # Short of room the grouped list says it alone: each row names its place.
        self.sort.setVisible(bool(sort) and not self.tight)
        # Returns last, grouped by where each book goes: the list a patron sorts a stack by.
        show_rows(self.items, [r for r in done if r.kind != ActKind.RETURN] + sorted_returns(done))
        missed = sum(
            1
            for r in view.rows
            if r.kind == ActKind.BORROW
            and r not in done
            and r.code != ResultCode.ALREADY_BORROWED_BY_YOU  # the patron has it: not a miss
        )
        not_renewed = [
            r.title or r.barcode for r in view.rows if r.kind == ActKind.RENEW and r not in done
        ]
        self.not_done.setText(
            translate(
                "SummaryScreen",
                "{n} book(s) could not be borrowed. Please ask the staff if you need help.",
            ).format(n=missed)
            if missed
            else ""
        )
        if not_renewed:
            renew_text = translate(
                "SummaryScreen", "Not renewed: {titles}. Please return them by their due dates."
            ).format(titles=translate("SummaryScreen", ", ").join(dict.fromkeys(not_renewed)))
            self.not_done.setText("\n".join(t for t in (self.not_done.text(), renew_text) if t))
        self.not_done.setVisible(bool(missed or not_renewed))
        seconds = max(0, math.ceil(view.countdown_s or 0))
        if seconds != self._seconds:
            self._seconds = seconds
            self.closing.setText(
                translate("SummaryScreen", "This screen closes in {seconds} s.").format(
                    seconds=seconds
                )
            )
            self._arrange_buttons()
