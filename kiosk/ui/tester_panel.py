"""The tester panel beside the demo kiosk: tap and lift cards, scan books, pull cables, stop the
service — everything a tester would otherwise need hardware and a network cable for."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.demo_env import DEMO_LIBRARY_CARDS, DEMO_TECHNICIAN_PIN, DemoEnvironment

ROLES = (
    ("id_card_reader", "ID card reader"),
    ("scanner", "Scanner"),
    ("card_reader", "Card reader"),
)
ISBN_COVER = "9787536692930"


class _ServiceSignals(QObject):
    finished = Signal(str)


class TesterPanel(QWidget):
    """Buttons that send ``kiosk sim`` commands to the simulated devices."""

    def __init__(self, env: DemoEnvironment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.setObjectName("tester_panel")
        self.setWindowTitle("Tester panel — simulated devices and service")
        self._signals = _ServiceSignals()
        self._signals.finished.connect(self._service_done)
        self._threads: list[threading.Thread] = []

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self._technician())
        layout.addWidget(self._cards())
        layout.addWidget(self._books())
        layout.addWidget(self._devices())
        layout.addWidget(self._service())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.log = QPlainTextEdit()
        self.log.setObjectName("panel.log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(200)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 4)
        outer.addWidget(self.log, 1)
        self.resize(560, 800)

    # ---- sections -------------------------------------------------------------------------
    def _button(self, text: str, name: str, command: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setMinimumHeight(36)
        button.clicked.connect(lambda: self.send(command))
        return button

    def _technician(self) -> QGroupBox:
        box = QGroupBox("Technician mode")
        hold_s = self.env.config.technician.long_press_s if self.env.config else 3
        text = QLabel(
            f"Hold the top-right corner of the kiosk's home screen for {hold_s:g} s, "
            f"then enter the PIN {DEMO_TECHNICIAN_PIN}. Save writes {self.env.config_path}."
        )
        text.setObjectName("panel.technician")
        text.setWordWrap(True)
        text.setTextInteractionFlags(
            text.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        QVBoxLayout(box).addWidget(text)
        return box

    def _cards(self) -> QGroupBox:
        box = QGroupBox("Cards")
        grid = QGridLayout(box)
        row = 0
        for number, label in self.env.id_cards():
            grid.addWidget(
                self._button(f"Tap ID card: {label}", f"panel.card.{number}", f"card {number}"),
                row,
                0,
            )
            row += 1
        grid.addWidget(self._button("Lift the ID card", "panel.lift", "remove-card"), row, 0)
        row += 1
        for card in DEMO_LIBRARY_CARDS:
            grid.addWidget(
                self._button(
                    f"Tap library card: {card.name} (PIN {card.pin})",
                    f"panel.libcard.{card.number}",
                    f"tap {card.number}",
                ),
                row,
                0,
            )
            row += 1
        return box

    def _books(self) -> QGroupBox:
        box = QGroupBox("Books")
        grid = QGridLayout(box)
        books = self.env.books()
        for i, book in enumerate(books):
            text = f"Scan {book.title} — {book.owner}, {book.status.replace('_', ' ')}"
            grid.addWidget(
                self._button(text, f"panel.scan.{book.barcode}", f"scan {book.barcode}"), i, 0
            )
        grid.addWidget(
            self._button(
                "Scan the ISBN on a cover (a common mistake)",
                "panel.scan.isbn",
                f"scan {ISBN_COVER}",
            ),
            len(books),
            0,
        )
        grid.addWidget(
            self._button(
                "Scan a code that is no library label", "panel.scan.junk", "scan HELLO-123"
            ),
            len(books) + 1,
            0,
        )
        return box

    def _devices(self) -> QGroupBox:
        box = QGroupBox("Devices")
        grid = QGridLayout(box)
        for row, (role, label) in enumerate(ROLES):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(self._button("Unplug", f"panel.unplug.{role}", f"unplug {role}"), row, 1)
            grid.addWidget(self._button("Replug", f"panel.replug.{role}", f"replug {role}"), row, 2)
            grid.addWidget(
                self._button("Garbage", f"panel.garbage.{role}", f"garbage {role} ff 00 aa 13 37"),
                row,
                3,
            )
        return box

    def _service(self) -> QGroupBox:
        box = QGroupBox("Regional service")
        row = QHBoxLayout(box)
        self.service_state = QLabel("running")
        stop = QPushButton("Stop service")
        start = QPushButton("Start service")
        self.service_state.setObjectName("panel.service.state")
        stop.setObjectName("panel.service.stop")
        start.setObjectName("panel.service.start")
        stop.clicked.connect(lambda: self._set_service(False))
        start.clicked.connect(lambda: self._set_service(True))
        for w in (self.service_state, stop, start):
            row.addWidget(w)
        return box

    # ---- actions --------------------------------------------------------------------------
    def send(self, command: str) -> None:
        try:
            reply = self.env.console.execute(command)
        except ValueError as exc:
            reply = f"error: {exc}"
        self.log.appendPlainText(f"> {command}\n{reply}" if reply else f"> {command}")

    def _set_service(self, up: bool) -> None:
        service = self.env.service
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
        for thread in self._threads:
            thread.join(30)
        super().closeEvent(event)
