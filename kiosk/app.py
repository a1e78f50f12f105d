"""The one wiring function: config → drivers → journal → backend → sync → core → window."""

from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from kiosk.config import ROLES, KioskConfig
from kiosk.core.kiosk_loop import REQUIRED_ROLES
from kiosk.core.runner import CommandRunner
from kiosk.core.session import SessionMachine
from kiosk.services import KioskServices
from kiosk.technician import TechnicianDesk
from kiosk.ui.bridge import Bridge
from kiosk.ui.controller import KioskController

if TYPE_CHECKING:  # imported in build_app: screens load fonts and translations
    from kiosk.ui.technician.mode import TechnicianMode
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


class ExitRequest(StrEnum):
    """What technician mode asked the app to do when its event loop ends."""

    QUIT = "quit"
    RESTART = "restart"


@dataclass
class KioskApp:
    """Everything one kiosk window needs, started and stopped together."""

    config: KioskConfig
    services: KioskServices
    runner: CommandRunner
    bridge: Bridge
    controller: KioskController
    window: KioskWindow
    technician: TechnicianMode
    config_path: Path | None = None  # the file technician mode saves to; None: no Save
    exit_request: ExitRequest | None = None

    def start(self) -> None:
        self.services.start()
        self.runner.start()
        self.controller.start()
        if not self.services.journal_ok:
            self.controller.set_journal_problem(True)

    def close(self) -> None:
        self.controller.stop()
        self.technician.close()
        self.runner.close()
        self.services.close()
        self.window.allow_close()  # a fullscreen kiosk window refuses to close otherwise
        self.window.close()

    def request_exit(self, what: ExitRequest) -> None:
        """Technician mode's Restart / Exit to the desktop: end the event loop; the caller of
        ``exec`` closes everything and, for a restart, calls ``reexec``."""
        self.exit_request = what
        self.window.allow_close()
        QCoreApplication.quit()


def build_app(config: KioskConfig, config_path: str | Path | None = None) -> KioskApp:
    """Wire the kiosk. Must run on the GUI thread with a QApplication already made.
    ``config_path`` is the file the config came from: technician mode's Save writes to it."""
    from kiosk.ui.book_input import BookInput
    from kiosk.ui.technician.mode import TechnicianMode
    from kiosk.ui.window import KioskWindow

    bridge = Bridge()
    services = KioskServices.from_config(config, bridge.post_device_event)
    runner = CommandRunner(services.circulation, bridge.post_result, pad=services.pad)
    services.connectivity.subscribe(bridge.post_link)
    required = tuple(r for r in REQUIRED_ROLES if r in services.drivers)
    controller = KioskController(
        SessionMachine(config.session, offline_limit=_offline_limit(config)),
        runner.submit,
        required_roles=required,
        pad=services.pad,
        fleet=services.heartbeat,
    )
    bridge.result.connect(controller.on_result)
    bridge.link_changed.connect(controller.on_link)
    window = KioskWindow(
        controller,
        settings=config.ui,
        book_input=BookInput.of(config),
        receipts=services.receipts,
    )
    path = Path(config_path) if config_path else None
    technician = TechnicianMode(
        window,
        window.technician_spot,
        TechnicianDesk(services, path, config.technician),
        config.technician,
        patron_events=controller.on_device_event,
        on_quit=lambda: kiosk.request_exit(ExitRequest.QUIT),
        on_restart=lambda: kiosk.request_exit(ExitRequest.RESTART),
        parent=window,
    )
    # Device events pass through technician mode: while it is open they feed its Test view.
    bridge.device_event.connect(technician.route_device_event)
    kiosk = KioskApp(
        config, services, runner, bridge, controller, window, technician, config_path=path
    )
    return kiosk


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to our log (scrubbed like every line), not to bare stderr."""
    if "propagateSizeHints" in message:  # the offscreen platform's note about window hints
        return
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qInstallMessageHandler(_qt_message)
    QCoreApplication.setApplicationName("library-kiosk")
    return QApplication(argv if argv is not None else sys.argv[:1])


def reexec() -> None:
    """Replace this process with a fresh run of the same command line (technician's Restart)."""
    log.warning("restarting: %s", " ".join(sys.orig_argv))
    logging.shutdown()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def quit_on_termination(qt: QCoreApplication) -> QTimer:
    """SIGTERM (`systemctl stop`) and SIGINT end the event loop as closing the window does, so
    the act in flight finishes and the journal is closed. Qt's loop never runs Python's signal
    handlers by itself, and quit() before the loop runs is lost: the returned timer (keep it)
    gives Python a moment every 250 ms and quits once a signal has come."""
    stopping: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)
        qt.quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: stopping and qt.quit())
    heartbeat.start(250)
    return heartbeat


def run_window(config: KioskConfig, config_path: str | Path | None = None) -> int:
    """Run the kiosk with its window until it is closed (or technician mode ends it)."""
    qt = application()
    heartbeat = quit_on_termination(qt)
    kiosk = build_app(config, config_path)
    kiosk.start()
    kiosk.window.show()
    try:
        code = qt.exec()
    finally:
        heartbeat.stop()
        kiosk.close()
    if kiosk.exit_request == ExitRequest.RESTART:
        reexec()
    return code


__all__ = [
    "ROLES",
    "ExitRequest",
    "KioskApp",
    "application",
    "build_app",
    "quit_on_termination",
    "reexec",
    "run_window",
]


def _offline_limit(config: KioskConfig) -> int:
    """Books one patron may borrow while offline, as the screens name it (0: none at all)."""
    offline = config.offline
    return offline.max_items_per_patron if offline.borrow_allowed else 0
