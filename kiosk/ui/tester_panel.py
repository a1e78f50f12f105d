"""The tester panel beside the demo kiosk: tap and lift cards, scan books, pull cables, stop the
service — everything a tester would otherwise need hardware and a network cable for."""

from __future__ import annotations

import shlex
import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.rfid.security import ItemState
from drivers.sim.printer_sim import PrinterSimulator
from kiosk.demo_env import (
    DEMO_TECHNICIAN_PIN,
    BookFlow,
    BookGroup,
    DemoBook,
    DemoCardHolder,
    DemoEnvironment,
)
from kiosk.demo_tags import PadTag
from kiosk.ui.fonts import register_fonts
from patron_identity.id_number import is_valid_id_number

ROLES = (
    ("id_card_reader", "ID reader"),
    ("scanner", "Scanner"),
    ("card_reader", "Card reader"),
)
ISBN_COVER = "9787536692930"
# The panel's size: beside a 1280×800 kiosk window, or over it on a 1280×800 screen.
PANEL_WIDTH, PANEL_HEIGHT = 600, 720
FONT_PX = 13
BUTTON_HEIGHT = 26
COLUMNS = 3  # buttons per row
SPACING = 2
LABEL_WIDTH = 190  # the books' row labels (what a return leads to), wrapped
BOOK_TEXT_PX = 96  # a book button's text, at most (three buttons beside a row label)
STACK_SIZE = 5  # the stack of books to borrow the pad's button puts down
PAD_POLL_MS = 250  # how often the panel looks at what lies on the pad
SECURITY_TEXT = {
    ItemState.ON_SHELF: "secured (in library)",
    ItemState.ON_LOAN: "not secured (on loan)",
    None: "security unclear",
}

# What a tester learns from a button's tooltip: where the book goes when scanned.
OUTCOMES = {
    BookFlow.BORROW: "In a patron's session: lent. On the home screen: a return of a book not "
    "on loan (nothing changes).",
    BookFlow.NOT_FOR_LOAN: "A reference copy: borrowing it is refused.",
    BookFlow.SHELVE: "On loan, owned here, nobody waiting: its return goes on the return cart.",
    BookFlow.TRANSIT: "On loan, owned elsewhere, nobody waiting: its return goes to the transit "
    "bin for {library}.",
    BookFlow.HOLD_HERE: "On loan; a reader waits for it here: its return goes on the hold shelf.",
    BookFlow.HOLD_TRANSIT: "On loan; a reader waits for it at {library}: its return goes to the "
    "transit bin for that library.",
    BookFlow.LOST_FOUND: "Marked lost: scanned on the home screen it is checked in and goes to "
    "{library}.",
}


_UID_ROLE = Qt.ItemDataRole.UserRole  # a pad list item's tag UID


class _ServiceSignals(QObject):
    finished = Signal(str)


def _card_text(card: DemoCardHolder) -> str:
    """The name, the first note on the account (the one a tester picks the card for), and a
    library card's PIN, which the kiosk asks for."""
    parts = [card.name, *card.notes[:1]]
    if card.pin:
        parts.append(f"PIN {card.pin}")
    return ", ".join(parts)


def _notes(card: DemoCardHolder) -> str:
    return f" ({'; '.join(card.notes)})" if card.notes else ""


class TesterPanel(QWidget):
    """Buttons that send ``kiosk sim`` commands to the simulated devices."""

    def __init__(self, env: DemoEnvironment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.setObjectName("tester_panel")
        self.setWindowTitle("Tester panel — simulated devices and service")
        # The kiosk's bundled CJK font at a fixed pixel size: the names render everywhere, and
        # the panel is as tall on a tester's desktop as in the test that holds it to its size.
        font = QFont(register_fonts())
        font.setPixelSize(FONT_PX)
        self.setFont(font)
        self._signals = _ServiceSignals()
        self._signals.finished.connect(self._service_done)
        self._threads: list[threading.Thread] = []

        self.content = QWidget()
        self.content.setObjectName("panel.content")
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._top())
        layout.addLayout(self._typed())
        # Untitled boxes: every button and row says what it is, and a title costs a line.
        self.cards = QGroupBox()
        self.cards.setObjectName("panel.cards")
        self.books = QGroupBox()
        self.books.setObjectName("panel.books")
        self._groups: list[BookGroup] = []
        self._pad_books: list[DemoBook] = []  # the pad's book choice, in its order
        self._pad_shown: list[PadTag] = []
        # The same books scanned or put on the RFID pad: one tab each, so both fit the panel.
        self.book_tabs = QTabWidget()
        self.book_tabs.setObjectName("panel.book_tabs")
        self.book_tabs.setDocumentMode(True)
        # Low tabs and no frame round the books inside: the panel's height is all taken.
        self.book_tabs.setStyleSheet(
            "QTabBar::tab { padding: 2px 14px; border: 1px solid palette(mid); }"
            "QTabBar::tab:selected { background: palette(base); border-bottom: none; }"
            "QTabBar::tab:!selected { background: palette(button); }"
        )
        self.books.setStyleSheet("QGroupBox#panel\\.books { border: none; margin: 0px; }")
        self.book_tabs.addTab(self.books, "Scan books")
        self.book_tabs.addTab(self._pad(), "Book pad (RFID)")
        self.book_tabs.addTab(self._printer(), "Receipt printer")
        layout.addWidget(self.cards)
        layout.addWidget(self.book_tabs, 1)  # room left over: the pad's list of tags
        layout.addWidget(self._devices())
        self.refresh()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("panel.scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.content)
        self.log = QPlainTextEdit()
        self.log.setObjectName("panel.log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(200)
        self.log.setPlaceholderText("What the devices did, and any mistake in what was typed.")
        self.log.setFixedHeight(3 * self.fontMetrics().lineSpacing() + 12)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(4)
        outer.addWidget(self.scroll_area, 1)
        outer.addWidget(self.log)
        self.resize(PANEL_WIDTH, PANEL_HEIGHT)
        # The kiosk writes the tags' security from its reader thread: the list follows.
        self._pad_timer = QTimer(self)
        self._pad_timer.setInterval(PAD_POLL_MS)
        self._pad_timer.timeout.connect(self.show_pad)
        self._pad_timer.timeout.connect(self.show_receipt)
        self._pad_timer.start()
        self.show_pad()
        self.show_receipt()

    # ---- sections -------------------------------------------------------------------------
    def _button(
        self, text: str, name: str, action: str | Callable[[], None], tip: str = ""
    ) -> QPushButton:
        """A button that sends the ``kiosk sim`` command ``action`` (or calls it)."""
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFixedHeight(BUTTON_HEIGHT)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        if isinstance(action, str):
            button.setToolTip(tip or action)
            button.clicked.connect(lambda: self.send(action))
        else:
            button.setToolTip(tip)
            button.clicked.connect(lambda: action())  # not given clicked's checked flag
        return button

    def _top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        hold_s = self.env.config.technician.long_press_s if self.env.config else 3
        text = QLabel(
            f"Technician mode: hold the home screen's top-right corner {hold_s:g} s, "
            f"PIN {DEMO_TECHNICIAN_PIN}"
        )
        text.setObjectName("panel.technician")
        text.setToolTip(f"Save in technician mode writes {self.env.config_path}")
        text.setTextInteractionFlags(
            text.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        refresh = QPushButton("Refresh lists")
        refresh.setObjectName("panel.refresh")
        refresh.setToolTip("Choose the cards' notes and the books again from the service's data")
        refresh.clicked.connect(self.refresh)
        row.addWidget(text, 1)
        row.addWidget(refresh)
        return row

    def _typed(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.typed = QLineEdit()
        self.typed.setObjectName("panel.input")
        self.typed.setPlaceholderText("Barcode, ID or card number (Enter scans)")
        self.typed.returnPressed.connect(self.scan_typed)
        row.addWidget(self.typed, 1)
        for name, text, action, tip in (
            ("scan", "Scan", self.scan_typed, "Scan what is typed as a barcode"),
            ("idcard", "Tap ID card", self.tap_typed_id_card, "An ID card with this number"),
            ("libcard", "Tap card", self.tap_typed_card, "A library card with this number"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"panel.input.{name}")
            button.setToolTip(tip)
            button.clicked.connect(action)
            row.addWidget(button)
        return row

    def refresh(self) -> None:
        """Fill the cards and books from the service's data as it is now (a returned book is
        no longer on loan; a first-time card holder is registered)."""
        self._groups = self.env.book_groups()
        self._fill_pad_books()
        for box, fill in ((self.cards, self._fill_cards), (self.books, self._fill_books)):
            old = box.layout()
            if old is not None:
                for child in box.findChildren(
                    QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
                ):
                    child.hide()
                    child.deleteLater()
                QWidget().setLayout(old)  # a layout is replaced only once it has another owner
            grid = QGridLayout(box)
            grid.setContentsMargins(6, 3, 6, 3)
            grid.setHorizontalSpacing(4)
            grid.setVerticalSpacing(SPACING)
            fill(grid)

    def _place(self, grid: QGridLayout, widgets: list[QWidget], first_row: int) -> int:
        """``widgets`` in rows of COLUMNS from ``first_row``; returns the next free row."""
        for i, widget in enumerate(widgets):
            grid.addWidget(widget, first_row + i // COLUMNS, i % COLUMNS)
        return first_row + (len(widgets) + COLUMNS - 1) // COLUMNS

    def _fill_cards(self, grid: QGridLayout) -> None:
        buttons: list[QWidget] = []
        for card in self.env.id_cards():
            tip = f"Put {card.name}'s ID card on the reader" + _notes(card)
            buttons.append(
                self._button(
                    _card_text(card),
                    f"panel.card.{card.number}",
                    partial(self.tap_id_card, card.number),
                    tip,
                )
            )
        new = self._button(
            "New resident (1st use)",
            "panel.card.new",
            self.tap_new_resident,
            "A valid ID number never seen by the network, a new one each press: its first "
            "use registers the card holder",
        )
        buttons.append(new)
        buttons.append(
            self._button("Lift the ID card", "panel.lift", self.lift_id_card, "Take the card away")
        )
        row = self._place(grid, buttons, 0)
        buttons = []
        for card in self.env.library_cards():
            tip = f"Tap {card.name}'s library card; its PIN is {card.pin}" + _notes(card)
            buttons.append(
                self._button(
                    _card_text(card), f"panel.libcard.{card.number}", f"tap {card.number}", tip
                )
            )
        # Two to a row: a library card's button carries its PIN besides the note.
        pairs = QGridLayout()
        pairs.setSpacing(grid.verticalSpacing())
        for i, button in enumerate(buttons):
            pairs.addWidget(button, i // 2, i % 2)
        grid.addLayout(pairs, row, 0, 1, COLUMNS)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)

    def _fill_books(self, grid: QGridLayout) -> None:
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        for column in range(1, COLUMNS + 1):
            grid.setColumnStretch(column, 1)
        refused: list[QPushButton] = []
        row = 0
        for group in self._groups:
            buttons = [self._book_button(group, book) for book in group.books]
            if group.flow == BookFlow.NOT_FOR_LOAN:
                refused += buttons  # one button: it shares the mistakes' row
                continue
            self._book_row(grid, row, group.label, f"{group.flow.value}.{group.library or ''}")
            for i, button in enumerate(buttons[:COLUMNS]):
                grid.addWidget(button, row, 1 + i)
            row += 1
        refused += [
            self._button(
                "ISBN on a cover",
                "panel.scan.isbn",
                f"scan {ISBN_COVER}",
                "The ISBN barcode printed on a cover, not the library's label (a common mistake)",
            ),
            self._button(
                "Not a library code",
                "panel.scan.junk",
                "scan HELLO-123",
                "A barcode that is no library label at all",
            ),
        ]
        self._book_row(grid, row, "Refused or mistaken", "refused")
        for i, button in enumerate(refused[:COLUMNS]):
            grid.addWidget(button, row, 1 + i)

    def _book_row(self, grid: QGridLayout, row: int, text: str, name: str) -> None:
        label = QLabel(text)
        label.setObjectName(f"panel.group.{name}")
        label.setWordWrap(True)
        label.setFixedWidth(LABEL_WIDTH)
        grid.addWidget(label, row, 0)

    def _book_button(self, group: BookGroup, book: DemoBook) -> QPushButton:
        outcome = OUTCOMES[group.flow].format(library=group.library_name)
        # A long title is cut to fit its button (the tooltip has it whole).
        suffix = f" ({book.owner})" if group.flow == BookFlow.BORROW else ""
        metrics = self.fontMetrics()
        room = BOOK_TEXT_PX - metrics.horizontalAdvance(suffix)
        text = metrics.elidedText(book.title, Qt.TextElideMode.ElideRight, room) + suffix
        tip = f"Scan {book.barcode}: {book.title}, {book.owner}'s copy. {outcome}"
        return self._button(text, f"panel.scan.{book.barcode}", f"scan {book.barcode}", tip)

    @staticmethod
    def _device_tab(name: str) -> tuple[QWidget, QGridLayout]:
        """A device's tab: a label column, then COLUMNS columns of buttons."""
        page = QWidget()
        page.setObjectName(name)
        grid = QGridLayout(page)
        grid.setContentsMargins(6, 3, 6, 3)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(SPACING)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        for column in range(1, COLUMNS + 1):
            grid.setColumnStretch(column, 1)
        return page, grid

    def _device_rows(
        self,
        grid: QGridLayout,
        device: str,
        rows: list[tuple[str, str, list[QWidget]]],
        wide: QWidget | None = None,
    ) -> None:
        """One row a (label, name, widgets) from the top; ``wide`` takes two columns."""
        for row, (text, name, widgets) in enumerate(rows):
            self._book_row(grid, row, text, f"{device}.{name}")
            column = 1
            for widget in widgets:
                span = 2 if widget is wide else 1
                grid.addWidget(widget, row, column, 1, span)
                column += span

    @staticmethod
    def _side_label(text: str, name: str) -> QLabel:
        """The label beside the widget that takes a tab's rows left over."""
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setFixedWidth(LABEL_WIDTH)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        return label

    def _pad(self) -> QWidget:
        """The RFID pad: a demo book's tag (the books of the scan tab) or a stack put down,
        tags no kiosk should take, write faults, and what lies on the pad now."""
        page, grid = self._device_tab("panel.pad")
        self.pad_book = QComboBox()
        self.pad_book.setObjectName("panel.pad.book")
        self.pad_book.setFixedHeight(BUTTON_HEIGHT)
        # Long group labels and titles must not widen the panel: the list shows them whole.
        self.pad_book.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.pad_book.setMinimumContentsLength(10)
        self.pad_book.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.pad_book.setToolTip("A demo book, by what its return or borrowing leads to")
        rows: list[tuple[str, str, list[QWidget]]] = [
            (
                "A book's tag (as in Scan books)",
                "book",
                [
                    self.pad_book,
                    self._button(
                        "Put on the pad",
                        "panel.pad.put",
                        self.put_chosen_book,
                        "Put the chosen book on the pad (as it was, if lifted before)",
                    ),
                ],
            ),
            (
                "Stacks",
                "stacks",
                [
                    self._button(
                        f"Stack of {STACK_SIZE}",
                        "panel.pad.stack",
                        self.put_stack,
                        f"{STACK_SIZE} books to borrow (on the shelf, of several libraries) put "
                        "down at once",
                    ),
                    self._button("Lift all", "panel.pad.lift_all", self.lift_all, "Clear the pad"),
                    self._button(
                        "Put back",
                        "panel.pad.put_back",
                        self.put_back,
                        "Put what was lifted last back on the pad, each tag as it was (a book "
                        "whose security write failed is still unsecured)",
                    ),
                ],
            ),
            (
                "Tags it must refuse",
                "refused",
                [
                    self._button(
                        "Another library's",
                        "panel.pad.foreign",
                        self.put_foreign_tag,
                        "A well-formed tag owned by a library outside the network (CN-BJL)",
                    ),
                    self._button(
                        "Garbage tag",
                        "panel.pad.garbage",
                        self.put_garbage_tag,
                        "A tag whose memory is random bytes: no book can be read from it",
                    ),
                ],
            ),
            (
                "Next security write",
                "faults",
                [
                    self._button(
                        "Fails",
                        "panel.pad.fail_write",
                        "fail-next-write",
                        "The next write to any tag is answered OK but does not take: its "
                        "read-back fails and the kiosk asks for the book back on the pad",
                    ),
                    self._button(
                        "Lifted mid-write",
                        "panel.pad.lift_write",
                        "lift-during-write",
                        "The next write to any tag is cut off: the tag leaves the pad",
                    ),
                ],
            ),
            (
                "Pad reader: cable, hang",
                "reader",
                [self._cable("rfid_reader", "Pad"), self._silent_pad()],
            ),
        ]
        self._device_rows(grid, "pad", rows, wide=self.pad_book)
        self.pad_count = self._side_label("", "panel.pad.count")
        self.pad_list = QListWidget()
        self.pad_list.setObjectName("panel.pad.list")
        # It takes the rows left over; its own size hint (192 px) would make the tab taller.
        self.pad_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.pad_list.setToolTip("The tags on the pad and their security, as the kiosk wrote it")
        self.pad_list.itemDoubleClicked.connect(lambda item: self._lift(item.data(_UID_ROLE)))
        lift = self._button(
            "Lift selected",
            "panel.pad.lift",
            self.lift_selected,
            "Take the tag chosen in the list off the pad (or double-click it)",
        )
        side = QVBoxLayout()
        side.setSpacing(SPACING)
        side.addWidget(self.pad_count)
        side.addWidget(lift)
        side.addStretch(1)
        grid.addLayout(side, len(rows), 0)
        grid.addWidget(self.pad_list, len(rows), 1, 1, COLUMNS)
        grid.setRowStretch(len(rows), 1)
        return page

    def _printer(self) -> QWidget:
        """The receipt printer: its paper and cover, its cable, and the last receipt it cut
        as the simulator read it back (lines, QR codes' text, the cut)."""
        page, grid = self._device_tab("panel.printer")
        rows: list[tuple[str, str, list[QWidget]]] = [
            (
                "Paper",
                "paper",
                [
                    self._button("OK", "panel.printer.paper.ok", "paper ok", "A full roll"),
                    self._button(
                        "Near end",
                        "panel.printer.paper.near_end",
                        "paper near-end",
                        "The roll runs low: it still prints (the technician page says so)",
                    ),
                    self._button(
                        "Out",
                        "panel.printer.paper.out",
                        "paper out",
                        "No paper: patrons see 'Receipts unavailable'",
                    ),
                ],
            ),
            (
                "Cover",
                "cover",
                [
                    self._button("Open", "panel.printer.cover.open", "cover open"),
                    self._button("Closed", "panel.printer.cover.closed", "cover closed"),
                ],
            ),
            ("Printer: cable", "cable", [self._cable("printer", "Printer")]),
        ]
        self._device_rows(grid, "printer", rows)
        caption = self._side_label(
            "Last receipt printed (as the printer read it)", "panel.printer.caption"
        )
        self.receipt_text = QPlainTextEdit()
        self.receipt_text.setObjectName("panel.printer.receipt")
        self.receipt_text.setReadOnly(True)
        self.receipt_text.setPlaceholderText("Nothing printed yet")
        # It takes the rows left over, like the pad's list.
        self.receipt_text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        grid.addWidget(caption, len(rows), 0)
        grid.addWidget(self.receipt_text, len(rows), 1, 1, COLUMNS)
        grid.setRowStretch(len(rows), 1)
        return page

    def show_receipt(self) -> None:
        """The last receipt the simulated printer cut, when it changed."""
        printer = self.env.console.devices.get("printer")
        if not isinstance(printer, PrinterSimulator):
            return
        printed = printer.printed()
        text = printer.command("receipt", []) if printed else ""
        if text != self.receipt_text.toPlainText():
            self.receipt_text.setPlainText(text)

    def _silent_pad(self) -> QPushButton:
        """Checked while the pad's reader stops answering (a hung reader, not a pulled cable)."""
        button = QPushButton("Silent")
        button.setObjectName("panel.pad.silent")
        button.setCheckable(True)
        button.setFixedHeight(BUTTON_HEIGHT)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setToolTip("The pad's reader stops answering; tap again and it answers again")
        button.toggled.connect(
            lambda hung: self.send(f"silent {'on' if hung else 'off'} rfid_reader")
        )
        return button

    def _fill_pad_books(self) -> None:
        chosen = self.pad_book.currentData()
        self.pad_book.clear()
        self._pad_books = []
        for group in self._groups:
            for book in group.books:
                self._pad_books.append(book)
                self.pad_book.addItem(f"{group.label}: {book.title}", book.barcode)
                tip = f"{book.title} ({book.barcode}, {book.owner}'s copy)"
                self.pad_book.setItemData(
                    self.pad_book.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
                )
        found = self.pad_book.findData(chosen)
        self.pad_book.setCurrentIndex(max(0, found))

    def show_pad(self) -> None:
        """The tags on the pad now, each with its security (the kiosk's writes change it)."""
        tags = self.env.pad.on_pad()
        if tags == self._pad_shown:
            return
        self._pad_shown = tags
        selected = self.pad_list.currentItem()
        keep = selected.data(_UID_ROLE) if selected is not None else None
        self.pad_list.clear()
        for tag in tags:
            eas = "on" if tag.eas else "off"
            item = QListWidgetItem(f"{tag.label}: {SECURITY_TEXT[tag.state]}")
            item.setData(_UID_ROLE, tag.uid)
            item.setToolTip(f"UID {tag.uid}, AFI {tag.afi:02X}, EAS {eas}")
            self.pad_list.addItem(item)
            if tag.uid == keep:
                self.pad_list.setCurrentItem(item)
        self.pad_count.setText(f"On the pad: {len(tags)} tag(s)" if tags else "The pad is empty")

    def _devices(self) -> QGroupBox:
        box = QGroupBox()
        box.setObjectName("panel.devices")
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 3, 6, 3)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(SPACING)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        self._book_row(grid, 0, "Cables (tap: out, again: in)", "cables")
        self._book_row(grid, 1, "Send line noise from", "garbage")
        for column, (role, label) in enumerate(ROLES, start=1):
            grid.addWidget(self._cable(role, label), 0, column)
            grid.addWidget(
                self._button(
                    label, f"panel.garbage.{role}", f"garbage {role} ff 00 aa 13 37", "Line noise"
                ),
                1,
                column,
            )
            grid.setColumnStretch(column, 1)
        self.service_state = QLabel("running")
        stop = QPushButton("Stop service")
        start = QPushButton("Start service")
        self.service_state.setObjectName("panel.service.state")
        stop.setObjectName("panel.service.stop")
        start.setObjectName("panel.service.start")
        stop.clicked.connect(lambda: self._set_service(False))
        start.clicked.connect(lambda: self._set_service(True))
        for button in (stop, start):
            button.setFixedHeight(BUTTON_HEIGHT)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        service = QHBoxLayout()
        service.setSpacing(6)
        service.addWidget(QLabel(f"{self.env.library_side_name}:"))
        service.addWidget(self.service_state, 1)
        grid.addLayout(service, 2, 0)
        grid.addWidget(stop, 2, 1)
        grid.addWidget(start, 2, 2)
        return box

    def _cable(self, role: str, label: str) -> QPushButton:
        """Checked while the device's cable is out."""
        button = QPushButton(label)
        button.setObjectName(f"panel.cable.{role}")
        button.setCheckable(True)
        button.setFixedHeight(BUTTON_HEIGHT)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setToolTip(f"Pull the {label.lower()}'s cable; tap again to plug it back in")

        def toggled(out: bool) -> None:
            button.setText(f"{label} (out)" if out else label)
            self.send(f"{'unplug' if out else 'replug'} {role}")

        button.toggled.connect(toggled)
        return button

    # ---- actions --------------------------------------------------------------------------
    def send(self, command: str) -> None:
        verb = command.split(maxsplit=1)[0] if command.strip() else ""
        try:
            reply = self.env.console.execute(command)
        except ValueError as exc:
            self.say(f"{verb}: {exc}")
            return
        # A card's number stays off the log: the device's own reply shows it masked.
        self.say(reply if reply else f"> {command}")

    def say(self, line: str) -> None:
        self.log.appendPlainText(line)

    def _typed_text(self) -> str | None:
        text = self.typed.text().strip()
        if not text:
            self.say("Type a barcode, an ID number or a card number first.")
            return None
        if not (text.isascii() and text.isprintable()):
            self.say("A scanner or card reader sends plain letters and digits: nothing sent.")
            return None
        return text

    def scan_typed(self) -> None:
        text = self._typed_text()
        if text is not None:
            self.send(f"scan {shlex.quote(text)}")

    def tap_typed_id_card(self) -> None:
        text = self._typed_text()
        if text is None:
            return
        if not is_valid_id_number(text.upper()):
            self.say(
                "Not a valid ID number (18 characters: region, birth date, sequence and the "
                "right last character): no card tapped."
            )
            return
        self.tap_id_card(text.upper())

    def tap_typed_card(self) -> None:
        text = self._typed_text()
        if text is not None:
            self.send(f"tap {shlex.quote(text)}")

    def tap_new_resident(self) -> None:
        if self.env.data is None:
            self.say("card: no service to check the number against")
            return
        self.tap_id_card(self.env.new_resident())

    def tap_id_card(self, number: str) -> None:
        """Put an ID card on the reader; one lying there is swapped for it (the simulated
        reader shows the empty field a hand swapping cards leaves, so it reads the new one)."""
        self.send(f"card {number}")

    def lift_id_card(self) -> None:
        self.send("remove-card")

    # ---- the pad --------------------------------------------------------------------------
    def _pad_act(self, act: Callable[[], str]) -> None:
        try:
            self.say(act())
        except ValueError as exc:
            self.say(str(exc))
        self.show_pad()

    def put_chosen_book(self) -> None:
        index = self.pad_book.currentIndex()
        if not 0 <= index < len(self._pad_books):
            self.say("rfid: no book to put on the pad (no service data)")
            return
        self._pad_act(partial(self.env.pad.put_book, self._pad_books[index]))

    def put_stack(self) -> None:
        books = self.env.stack_to_borrow(STACK_SIZE)
        self._pad_act(partial(self.env.pad.put_stack, books))

    def put_foreign_tag(self) -> None:
        self._pad_act(self.env.pad.put_foreign)

    def put_garbage_tag(self) -> None:
        self._pad_act(self.env.pad.put_garbage)

    def lift_selected(self) -> None:
        item = self.pad_list.currentItem()
        if item is None:
            self.say("rfid: choose a tag in the list first")
            return
        self._lift(item.data(_UID_ROLE))

    def _lift(self, uid: str) -> None:
        self._pad_act(partial(self.env.pad.lift, uid))

    def lift_all(self) -> None:
        self._pad_act(partial(self.env.pad.lift, "all"))

    def put_back(self) -> None:
        self._pad_act(self.env.pad.put_back)

    def place_beside(self, window: QWidget) -> None:
        """To the right of the kiosk window when the screen has room, else at the screen's
        right edge (over the window): never off the screen."""
        screen = window.screen() or QGuiApplication.primaryScreen()
        frame = self.frameGeometry()
        x, y = window.x() + window.frameGeometry().width() + 10, window.y()
        if screen is not None:
            room = screen.availableGeometry()
            x = min(x, room.right() - frame.width() + 1)
            y = max(room.top(), min(y, room.bottom() - frame.height() + 1))
            x = max(room.left(), x)
        self.move(x, y)

    def _set_service(self, up: bool) -> None:
        service = self.env.library_side
        if service is None:
            return
        self.service_state.setText("starting…" if up else "stopping…")

        def act() -> None:  # a process start takes a moment: never on the GUI thread
            try:
                service.start() if up else service.stop()
                self._signals.finished.emit("running" if up else "stopped")
            except Exception as exc:
                self._signals.finished.emit(f"failed: {exc}")

        thread = threading.Thread(target=act, name="panel-service", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _service_done(self, state: str) -> None:
        self.service_state.setText(state)
        self.log.appendPlainText(f"service {state}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._pad_timer.stop()
        for thread in self._threads:
            thread.join(30)
        super().closeEvent(event)
