"""``kiosk demo``: the kiosk window, simulated devices, a seeded local service, a tester panel."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from kiosk.app import application, build_app
from kiosk.demo_env import DemoEnvironment
from kiosk.scenario_script import Scenario

log = logging.getLogger(__name__)


class _QuitOnClose(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self._app.quit()
        return False


def run_demo(
    *,
    fullscreen: bool = False,
    script: Scenario | None = None,
    panel: bool = True,
    folder: Path | None = None,
) -> int:
    env = DemoEnvironment(folder)
    qt = application()
    print("starting the demo: seeding and serving the regional service …", flush=True)
    try:
        config = env.start()
    except Exception as exc:
        env.close()
        print(f"the demo could not start its regional service: {exc}", file=sys.stderr)
        return 1
    if script is not None and script.session:
        config = config.model_copy(
            update={"session": config.session.model_copy(update=script.session)}
        )
    if fullscreen:
        config = config.model_copy(update={"ui": config.ui.model_copy(update={"fullscreen": True})})
    kiosk = build_app(config)
    exit_code = 0
    panel_window = None
    try:
        kiosk.start()
        window = kiosk.window
        window.show()  # type: ignore[attr-defined]
        print(f"regional service: {env.service.url if env.service else '?'}", flush=True)
        if script is not None:
            from kiosk.ui.scenario_runner import ScenarioRunner

            runner = ScenarioRunner(kiosk, env, lambda text: print(text, flush=True))
            result: list[int] = []

            def go() -> None:
                result.append(runner.run(script.steps))
                qt.quit()

            QTimer.singleShot(0, go)
            qt.exec()
            exit_code = result[0] if result else 1
        else:
            if panel:
                from kiosk.ui.tester_panel import TesterPanel

                panel_window = TesterPanel(env)
                panel_window.show()
                panel_window.move(window.x() + window.width() + 10, window.y())  # type: ignore[attr-defined]
            # Closing the kiosk window ends the demo and everything it started.
            qt.setQuitOnLastWindowClosed(False)
            closer = _QuitOnClose(qt)
            window.installEventFilter(closer)  # type: ignore[attr-defined]
            exit_code = qt.exec()
    finally:
        if panel_window is not None:
            panel_window.close()
        kiosk.close()
        env.close()
    return exit_code
