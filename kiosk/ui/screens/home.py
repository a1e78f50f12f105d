"""Home: Borrow, Return, My account, and a picture of where the card and the books go."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.session import Screen
from kiosk.ui.i18n import translate
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.technician.hold_spot import HoldSpot
from kiosk.ui.widgets.glyphs import Glyph
from kiosk.ui.widgets.illustration import CardAndScanIllustration
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import HomeTile


class HomeScreen(ScreenPage):
    for_screen = Screen.HOME

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(press, parent)
        self.heading = label("heading", name="home.heading")
        self.hint = label("lead", name="home.hint")
        self.picture = CardAndScanIllustration()
        self.borrow = HomeTile("home.borrow", Glyph.BORROW)
        self.return_ = HomeTile("home.return", Glyph.RETURN)
        self.account = HomeTile("home.account", Glyph.ACCOUNT)
        self.borrow.setProperty("kind", "tile-primary")
        self.borrow.clicked.connect(lambda: self.press("borrow", ""))
        self.return_.clicked.connect(lambda: self.press("return", ""))
        self.account.clicked.connect(lambda: self.press("account", ""))
        tiles = QVBoxLayout()
        tiles.setSpacing(18)
        for tile in (self.borrow, self.return_, self.account):
            tiles.addWidget(tile, 1)
        row = QHBoxLayout()
        row.setSpacing(36)
        row.addWidget(self.picture, 11)
        row.addLayout(tiles, 9)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addSpacing(8)
        self.body.addLayout(row, 1)
        # Outside the layout, on top of everything in the corner: technician mode's way in.
        self.technician_spot = HoldSpot("home.technician_spot", self)
        self.technician_spot.raise_()
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.technician_spot.move(self.width() - self.technician_spot.width(), 0)
        self.technician_spot.raise_()

    def retranslate(self) -> None:
        self.heading.setText(translate("HomeScreen", "Welcome to self-service borrowing"))
        self.hint.setText(
            translate(
                "HomeScreen",
                "To borrow, just place your card on the reader. "
                "To return, just scan the label inside the book's cover.",
            )
        )
        self.picture.set_captions(
            translate("HomeScreen", "Place your card here"),
            translate("HomeScreen", "Scan the label inside the cover"),
        )
        self.borrow.set_texts(
            translate("HomeScreen", "Borrow"),
            translate("HomeScreen", "ID card, social-security card or library card"),
        )
        self.return_.set_texts(
            translate("HomeScreen", "Return"), translate("HomeScreen", "No card needed")
        )
        self.account.set_texts(
            translate("HomeScreen", "My account"),
            translate("HomeScreen", "Loans, due dates, renewals, holds"),
        )
