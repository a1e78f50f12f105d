"""Home: Borrow, Return, My account, and a picture of where the card and the books go."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.core.session import Screen
from kiosk.ui.book_input import home_caption, home_hint
from kiosk.ui.i18n import translate
from kiosk.ui.screens.base import Press, ScreenPage
from kiosk.ui.technician.hold_spot import HoldSpot
from kiosk.ui.widgets.glyphs import Glyph
from kiosk.ui.widgets.illustration import CardAndScanIllustration
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import MIN_TOUCH, TILE_FORMS, HomeTile

TILE_SPACING = 18  # px
MIN_TILE = 100  # px: the least height worth trying a tile's large form at
SHORT_TILE_MAX = 260  # px: side by side, a tile grows no taller than this
MIN_PICTURE = 200  # px: with less room the picture says too little to be worth it
QWIDGETSIZE_MAX = (1 << 24) - 1


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
        self.tiles_box = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.tiles_box.setSpacing(TILE_SPACING)
        for tile in self.tiles():
            self.tiles_box.addWidget(tile, 1)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.setSpacing(36)
        self.row.addWidget(self.picture, 11)
        self.row.addLayout(self.tiles_box, 9)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addSpacing(8)
        self.body.addLayout(self.row, 1)
        self.body.addStretch(0)  # room the tiles leave (short, portrait) goes below them
        self.form = "wide"
        # Outside the layout, on top of everything in the corner: technician mode's way in.
        self.technician_spot = HoldSpot("home.technician_spot", self)
        self.technician_spot.raise_()
        self.retranslate()

    def tiles(self) -> tuple[HomeTile, HomeTile, HomeTile]:
        return (self.borrow, self.return_, self.account)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.technician_spot.move(self.width() - self.technician_spot.width(), 0)
        self.technician_spot.raise_()
        self._arrange()

    def _arrange(self) -> None:
        """Wide: the picture beside a column of tiles (the 1280 × 800 design). Short: the
        tiles side by side under the text, no picture. Portrait: the tiles one under another
        under the text, and the picture below them while there is room for it."""
        margins = self.body.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        text = self.heading.heightForWidth(width) + self.hint.heightForWidth(width)
        room = self.height() - margins.top() - margins.bottom() - text - 2 * 16 - 8
        portrait = self.window().height() > self.window().width()
        if portrait:
            form = "portrait"
        elif room >= 3 * self._tile_height(width * 9 // 20) + 2 * TILE_SPACING:
            form = "wide"
        else:
            form = "short"
        tile_h = self._tile_height(width) + 24 if portrait else 0
        picture_room = room - 3 * tile_h - 2 * TILE_SPACING - self.row.spacing()
        self.picture.setVisible(
            form == "wide" or (form == "portrait" and picture_room >= MIN_PICTURE)
        )
        for tile in self.tiles():
            # Portrait: each tile as tall as its texts need; the picture takes what is left.
            tile.setMinimumHeight(tile_h if portrait else MIN_TOUCH)
            tile.setMaximumHeight(
                tile_h if portrait else SHORT_TILE_MAX if form == "short" else QWIDGETSIZE_MAX
            )
        if form == self.form:
            return
        self.form = form
        self.tiles_box.setDirection(
            QBoxLayout.Direction.LeftToRight
            if form == "short"
            else QBoxLayout.Direction.TopToBottom
        )
        # Portrait lays the row out bottom to top: the picture (first) goes under the tiles.
        self.row.setDirection(
            QBoxLayout.Direction.BottomToTop
            if form == "portrait"
            else QBoxLayout.Direction.LeftToRight
        )
        self.row.setStretch(0, 11 if form == "wide" else 1)
        self.row.setStretch(1, 9 if form == "wide" else 0)

    def _tile_height(self, width: int) -> int:
        """The least height at which every tile ``width`` wide shows its texts with the glyph
        beside them in large type, as designed."""
        forms = TILE_FORMS[:3]
        for height in range(MIN_TILE, 400, 8):
            if all(t.text_layout(QSize(width, height), forms).fits for t in self.tiles()):
                return height
        return 400

    def retranslate(self) -> None:
        self.heading.setText(translate("HomeScreen", "Welcome to self-service borrowing"))
        self.hint.setText(home_hint(self.book_input))
        self.picture.set_captions(
            translate("HomeScreen", "Place your card here"), home_caption(self.book_input)
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
