"""The technician screen: a header with the pages as tabs and the way back to patron mode."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.technician import TechnicianDesk
from kiosk.ui.i18n import translate
from kiosk.ui.technician.controls import Segmented
from kiosk.ui.technician.devices_page import DevicesPage
from kiosk.ui.technician.info_page import InfoPage
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.library_page import LibraryPage
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.technician.sync_page import SyncPage
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton

TABS = ("devices", "library", "sync", "info")


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
        self.tabs = Segmented("technician.tab", TABS, self._tab_name)
        self.tabs.changed.connect(self.show_page)
        self.exit = TouchButton("technician.exit", "primary")
        self.exit.clicked.connect(self.exit_requested)
        header = QHBoxLayout()
        header.setSpacing(24)
        header.addWidget(self.heading)
        header.addWidget(self.tabs, 1)
        header.addWidget(self.exit)
        self.devices = DevicesPage(desk, jobs)
        self.library = LibraryPage(desk, jobs)
        self.sync = SyncPage(desk, jobs)
        self.info = InfoPage(desk, jobs, on_restart, on_quit)
        self.pages: dict[str, TechnicianPage] = {
            "devices": self.devices,
            "library": self.library,
            "sync": self.sync,
            "info": self.info,
        }
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        self.current = "devices"
        self.tabs.set_value(self.current)
        self.retranslate()

    @staticmethod
    def _tab_name(tab: str) -> str:
        return {
            "devices": translate("TechnicianScreen", "Devices"),
            "library": translate("TechnicianScreen", "Library system"),
            "sync": translate("TechnicianScreen", "Sync queue"),
            "info": translate("TechnicianScreen", "Kiosk info"),
        }[tab]

    def enter(self) -> None:
        self.devices.enter()
        self.library.load()  # what the kiosk runs with; edits then last while the tabs change
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
        # The devices and library pages keep their edits while the others are looked at.
        if tab != "devices":
            self.pages[tab].enter()

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
