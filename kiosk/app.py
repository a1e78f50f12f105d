"""The one wiring function: config → drivers → journal → backend → sync → core → window."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kiosk.config import ROLES, KioskConfig
from kiosk.core.runner import CommandRunner
from kiosk.core.session import SessionMachine
from kiosk.services import KioskServices
from kiosk.ui.bridge import Bridge
from kiosk.ui.controller import KioskController

log = logging.getLogger(__name__)


@dataclass
class KioskApp:
    """Everything one kiosk window needs, started and stopped together."""

    config: KioskConfig
    services: KioskServices
    runner: CommandRunner
    bridge: Bridge
    controller: KioskController
    window: object  # KioskWindow (imported lazily: screens load fonts and translations)

    def start(self) -> None:
        self.services.start()
        self.runner.start()
        self.controller.start()
        if not self.services.journal_ok:
            self.controller.set_journal_problem(True)

    def close(self) -> None:
        self.controller.stop()
        self.runner.close()
        self.services.close()
        close = getattr(self.window, "close", None)
        if close is not None:
            close()


def build_app(config: KioskConfig) -> KioskApp:
    """Wire the kiosk. Must run on the GUI thread with a QApplication already made."""
    from kiosk.ui.window import KioskWindow

    bridge = Bridge()
    services = KioskServices(config, bridge.post_device_event)
    runner = CommandRunner(services.circulation, bridge.post_result)
    services.connectivity.subscribe(bridge.post_link)
    required = tuple(r for r in ("id_card_reader", "scanner") if r in services.drivers)
    controller = KioskController(
        SessionMachine(config.session), runner.submit, required_roles=required
    )
    bridge.device_event.connect(controller.on_device_event)
    bridge.result.connect(controller.on_result)
    bridge.link_changed.connect(controller.on_link)
    window = KioskWindow(controller, settings=config.ui)
    return KioskApp(config, services, runner, bridge, controller, window)


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


def run_window(config: KioskConfig) -> int:
    """Run the kiosk with its window until it is closed."""
    qt = application()
    kiosk = build_app(config)
    kiosk.start()
    kiosk.window.show()  # type: ignore[attr-defined]
    try:
        return qt.exec()
    finally:
        kiosk.close()


__all__ = ["ROLES", "KioskApp", "application", "build_app", "run_window"]
