"""The technician screen: a header with the pages as tabs and the way back to patron mode."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.technician import TechnicianDesk
from kiosk.ui.i18n import translate
from kiosk.ui.technician.controls import Segmented
from kiosk.ui.technician.devices_page import DevicesPage
from kiosk.ui.technician.info_page import InfoPage
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.library_page import LibraryPage
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.technician.rfid_page import RfidPage
from kiosk.ui.technician.sync_page import SyncPage
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import MIN_TOUCH, TouchButton

TABS = ("devices", "library", "rfid", "sync", "info")  # "rfid" only with a book pad
HEADER_SPACING = 24
SIDE_MARGINS = 64
TAB_PADDING = 40  # a segment's padding (16 px a side) and border around its words


class TechnicianScreen(QWidget):
    exit_requested = Signal()

    def __init__(
        self,
        desk: TechnicianDesk,
        jobs: JobRunner,
        *,
        on_restart: Callable[[], None],
        on_quit: Callable[[], None],
    ) -> None:
        super().__init__()
        self.setObjectName("screen.technician")
        self.setProperty("role", "page")
        self.heading = label("subheading", name="technician.heading", wrap=False)
        tabs = [t for t in TABS if t != "rfid" or desk.has_pad]
        self.tabs = Segmented("technician.tab", tabs, self._tab_name)
        self.tabs.changed.connect(self.show_page)
        self.exit = TouchButton("technician.exit", "primary")
        self.exit.clicked.connect(self.exit_requested)
        self.header = QGridLayout()
        self.header.setHorizontalSpacing(HEADER_SPACING)
        self.header.setVerticalSpacing(8)
        self._header_rows = -1
        self.devices = DevicesPage(desk, jobs)
        self.library = LibraryPage(desk, jobs)
        self.sync = SyncPage(desk, jobs)
        self.info = InfoPage(desk, jobs, on_restart, on_quit)
        self.rfid = RfidPage(desk, jobs) if desk.has_pad else None
        self.pages: dict[str, TechnicianPage] = {
            "devices": self.devices,
            "library": self.library,
            **({"rfid": self.rfid} if self.rfid is not None else {}),
            "sync": self.sync,
            "info": self.info,
        }
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 16)
        layout.setSpacing(12)
        layout.addLayout(self.header)
        layout.addWidget(self.stack, 1)
        self.current = "devices"
        self.tabs.set_value(self.current)
        self.retranslate()

    @staticmethod
    def _tab_name(tab: str) -> str:
        return {
            "devices": translate("TechnicianScreen", "Devices"),
            "library": translate("TechnicianScreen", "Library"),
            "rfid": translate("TechnicianScreen", "RFID"),
            "sync": translate("TechnicianScreen", "Sync queue"),
            "info": translate("TechnicianScreen", "Kiosk info"),
        }[tab]

    def enter(self) -> None:
        self.devices.enter()
        self.library.load()  # what the kiosk runs with; edits then last while the tabs change
        if self.rfid is not None:
            self.rfid.load()
        self.show_page("devices")

    def leave(self) -> None:
        for page in self.pages.values():
            page.leave()
        self.devices.leave()

    def show_page(self, tab: str) -> None:
        if tab != self.current:
            self.pages[self.current].leave()
        self.current = tab
        self.tabs.set_value(tab)
        self.stack.setCurrentWidget(self.pages[tab])
        # The devices, library and book pad pages keep their edits while others are looked at.
        if tab != "devices":
            self.pages[tab].enter()

    # ---- the header: one row when it fits, else the tabs on a row of their own ----------------
    def _arrange_header(self) -> None:
        if not self.isVisible():
            # Until shown at its size: the arrangement that asks least of the window in both
            # directions (a window grown to a guess made at the default width stays grown).
            self._place_header(0)
            return
        room = self.width() - SIDE_MARGINS
        # Tabs may shrink to their words (and padding); the way back keeps its full size.
        for button in self.tabs.buttons:
            words = button.fontMetrics().horizontalAdvance(button.text()) + TAB_PADDING
            button.setMinimumWidth(max(MIN_TOUCH + 24, words))
        tabs = sum(b.minimumWidth() for b in self.tabs.buttons) + 6 * (len(self.tabs.buttons) - 1)
        without_heading = tabs + self.exit.sizeHint().width() + HEADER_SPACING
        # One row with the heading; one row without it (the tabs and the way back say where
        # one is); or, on narrow (portrait) screens, the tabs on a row of their own.
        if room >= without_heading + self.heading.sizeHint().width() + HEADER_SPACING:
            rows = 1
        elif room >= without_heading:
            rows = 0
        else:
            rows = 2
        self._place_header(rows)

    def _place_header(self, rows: int) -> None:
        if rows == self._header_rows:
            return
        self._header_rows = rows
        for widget in (self.heading, self.tabs, self.exit):
            self.header.removeWidget(widget)
        self.heading.setVisible(rows != 0)
        self.header.addWidget(self.heading, 0, 0)
        if rows in (0, 1):
            self.header.addWidget(self.tabs, 0, 1)
            self.header.addWidget(self.exit, 0, 2)
            self.header.setColumnStretch(0, 0)
            self.header.setColumnStretch(1, 1)
        else:
            self.header.addWidget(self.exit, 0, 1)
            self.header.addWidget(self.tabs, 1, 0, 1, 2)
            self.header.setColumnStretch(0, 1)
            self.header.setColumnStretch(1, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_header()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange_header()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(translate("TechnicianScreen", "Technician mode"))
        self.tabs.retranslate()
        self.exit.setText(translate("TechnicianScreen", "Back to patron mode"))
        for page in self.pages.values():
            page.retranslate()
        self._header_rows = -1  # the words' widths changed
        self._arrange_header()
