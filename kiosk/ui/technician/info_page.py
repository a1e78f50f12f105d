"""Kiosk information: version, identity, the service's reachability, latency and clock, disk,
journal, devices; and the two ways out of the kiosk app (restart, exit to the desktop)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.technician import InfoView, TechnicianDesk
from kiosk.ui.i18n import translate
from kiosk.ui.messages import QT_TRANSLATE_NOOP, device_name, device_state
from kiosk.ui.technician.controls import scrolling
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import TouchButton

ROWS = {
    "version": QT_TRANSLATE_NOOP("InfoPage", "Kiosk software version"),
    "kiosk": QT_TRANSLATE_NOOP("InfoPage", "Kiosk and library"),
    "service": QT_TRANSLATE_NOOP("InfoPage", "Regional service"),
    "reachable": QT_TRANSLATE_NOOP("InfoPage", "Reachable"),
    "clock": QT_TRANSLATE_NOOP("InfoPage", "Clock difference to the service"),
    "disk": QT_TRANSLATE_NOOP("InfoPage", "Free disk"),
    "journal": QT_TRANSLATE_NOOP("InfoPage", "Journal size"),
    "devices": QT_TRANSLATE_NOOP("InfoPage", "Devices"),
}


def size_text(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


class InfoPage(TechnicianPage):
    def __init__(
        self,
        desk: TechnicianDesk,
        jobs: JobRunner,
        on_restart: Callable[[], None],
        on_quit: Callable[[], None],
    ) -> None:
        super().__init__("technician.page.info", "technician.info.status", desk, jobs)
        self.view: InfoView | None = None
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(12)
        grid.setColumnStretch(1, 1)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, key in enumerate(ROWS):
            self.names[key] = label("hint", wrap=False)
            self.values[key] = label("lead", name=f"technician.info.{key}")
            grid.addWidget(self.names[key], row, 0)
            grid.addWidget(self.values[key], row, 1)
        self.refresh_button = TouchButton("technician.info.refresh", "secondary")
        self.refresh_button.clicked.connect(self.refresh)
        self.restart = TouchButton("technician.restart", "secondary")
        self.quit = TouchButton("technician.quit", "danger")
        self.restart.clicked.connect(on_restart)
        self.quit.clicked.connect(on_quit)
        self.note = label("hint", name="technician.info.note")
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restart)
        buttons.addWidget(self.quit)
        # The facts scroll (a finger drags them) and the buttons stay: a kiosk with more
        # devices, or a short panel with a two-row status bar, must not grow the window.
        facts = QWidget()
        facts_layout = QVBoxLayout(facts)
        facts_layout.setContentsMargins(0, 0, 0, 0)
        facts_layout.addLayout(grid)
        facts_layout.addStretch(1)
        scroll = scrolling(facts, "technician.info.facts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.retranslate()

    def enter(self) -> None:
        super().enter()
        self.refresh()

    def refresh(self) -> None:
        if self.ask("info", self.desk.info, self._render, self._failed):
            self.values["reachable"].setText(translate("InfoPage", "asking the service…"))

    def _failed(self, exc: BaseException) -> None:
        self.values["reachable"].setText(str(exc))

    def _render(self, view: InfoView) -> None:
        self.view = view
        info = view.info
        v = self.values
        v["version"].setText(info.version)
        v["kiosk"].setText(f"{info.kiosk_id} · {info.library}")
        v["service"].setText(info.service_url)
        if info.reachable:
            latency = f"{info.latency_ms:.0f}" if info.latency_ms is not None else "?"
            v["reachable"].setText(
                translate("InfoPage", "Yes, answered in {ms} ms").format(ms=latency)
            )
        else:
            v["reachable"].setText(
                translate("InfoPage", "No ({reason})").format(reason=info.service_error or "?")
            )
        if info.clock_offset_s is None:
            v["clock"].setText(translate("InfoPage", "unknown"))
        else:
            v["clock"].setText(
                translate("InfoPage", "{s} s (the service minus this kiosk)").format(
                    s=f"{info.clock_offset_s:+.1f}"
                )
            )
        v["disk"].setText(size_text(info.free_disk_bytes))
        v["journal"].setText(size_text(info.journal_bytes))
        v["devices"].setText(
            "\n".join(
                f"{device_name(role)}: "
                + (device_state(str(state)) if state else translate("InfoPage", "off"))
                for role, state in view.devices.items()
            )
        )

    def retranslate(self) -> None:
        for key, text in ROWS.items():
            self.names[key].setText(translate("InfoPage", text))
        self.refresh_button.setText(translate("InfoPage", "Refresh"))
        self.restart.setText(translate("InfoPage", "Restart the kiosk app"))
        self.quit.setText(translate("InfoPage", "Exit to the desktop"))
        self.note.setText(
            translate(
                "InfoPage",
                "Restart closes the devices and the journal and starts the app again. "
                "Exit to the desktop ends the kiosk app until it is started again.",
            )
        )
        if self.view is not None:
            self._render(self.view)
