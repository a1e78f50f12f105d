"""Summary: what was borrowed and returned, with due dates; 'please take your card'; a
countdown to home and a Done button."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.core.results import Outcome, ResultCode
from kiosk.core.return_groups import sorted_returns
from kiosk.core.session import Screen, SessionView
from kiosk.domain import ActKind
from kiosk.ui.i18n import translate
from kiosk.ui.return_sort import sort_text
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.widgets.item_row import show_rows
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton

DONE = (Outcome.DONE, Outcome.PROVISIONAL)


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
        self.done.clicked.connect(lambda: self.press("finish", ""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.closing, 1)
        buttons.addWidget(self.done)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.card)
        self.body.addWidget(self.counts)
        self.body.addWidget(self.sort)
        self.body.addWidget(self.items, 1)
        self.body.addWidget(self.not_done)
        self.body.addLayout(buttons)
        self._seconds = -1
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("SummaryScreen", "Thank you!"))
        self.card.setText(translate("SummaryScreen", "Please take your card with you."))
        self.items.empty.setText(translate("SummaryScreen", "Nothing was borrowed or returned."))
        self._seconds = -1  # shown again in the new language
        self.done.setText(translate("SummaryScreen", "Done"))

    def show_view(self, view: SessionView) -> None:
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
