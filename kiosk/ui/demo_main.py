"""``kiosk demo``: the kiosk window, simulated devices, a seeded local service, a tester panel."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from kiosk.app import application, build_app, quit_on_termination, reexec
from kiosk.backend.sip2.settings import BackendKind
from kiosk.demo_env import DEMO_TECHNICIAN_PIN, DemoEnvironment
from kiosk.scenario_script import Scenario

log = logging.getLogger(__name__)


def run_demo(
    *,
    fullscreen: bool = False,
    script: Scenario | None = None,
    panel: bool = True,
    folder: Path | None = None,
    template: Path | None = None,
    report: Path | None = None,
    language: str | None = None,
    backend: str = "regional",
    dialect: str | None = None,
    more_kiosks: int = 0,
) -> int:
    kind = BackendKind(backend)
    sip2_dialect = None
    if kind == BackendKind.SIP2:
        from sip2_library.demo import DemoDialect

        sip2_dialect = DemoDialect(dialect or "standard")
    env = DemoEnvironment(folder, template=template, backend=kind, dialect=sip2_dialect)
    qt = application()
    side = "a library system over SIP2" if kind == BackendKind.SIP2 else "the regional service"
    print(f"starting the demo: seeding and serving {side} …", flush=True)
    try:
        config = env.start()
        for extra in env.start_fleet(more_kiosks):
            print(f"also a headless kiosk {extra.kiosk_id} at {extra.library}", flush=True)
    except Exception as exc:
        env.close()
        print(f"the demo could not start {side}: {exc}", file=sys.stderr)
        return 1
    if script is not None and script.session:
        config = config.model_copy(
            update={"session": config.session.model_copy(update=script.session)}
        )
    if script is not None and script.technician:
        # A scenario's short lockout or idle time, as given (below the real minimums).
        changes = {k: int(v) if k == "max_attempts" else v for k, v in script.technician.items()}
        config = config.model_copy(
            update={"technician": config.technician.model_copy(update=changes)}
        )
    if script is not None and script.sync:
        intervals = {k: int(v) for k, v in script.sync.items()}
        config = config.model_copy(update={"sync": config.sync.model_copy(update=intervals)})
    if language is not None:
        config = config.model_copy(
            update={"ui": config.ui.model_copy(update={"language": language})}
        )
    if fullscreen:
        config = config.model_copy(update={"ui": config.ui.model_copy(update={"fullscreen": True})})
    kiosk = build_app(config, env.write_config(config))
    exit_code = 0
    panel_window = None
    try:
        kiosk.start()
        window = kiosk.window
        window.show()
        if env.sip2 is not None:
            served = (
                f"library system over SIP2 ({env.sip2.dialect.value}): "
                f"{env.sip2.host}:{env.sip2.port}"
            )
        else:
            served = f"regional service: {env.service.url if env.service else '?'}"
        print(
            f"{served}; config: "
            f"{env.config_path}; technician mode: hold the home screen's top-right corner "
            f"{config.technician.long_press_s:g} s, PIN {DEMO_TECHNICIAN_PIN}",
            flush=True,
        )
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
            if report is not None:
                report.parent.mkdir(parents=True, exist_ok=True)
                report.write_text(runner.measure.to_json(held=exit_code == 0), encoding="utf-8")
        else:
            if panel:
                from kiosk.ui.tester_panel import TesterPanel

                panel_window = TesterPanel(env)
                panel_window.show()
                panel_window.place_beside(window)
            # Ctrl+C or a polite kill ends the demo as closing its window does, so the service
            # it started is stopped too.
            heartbeat = quit_on_termination(qt)
            # Closing the kiosk window ends the demo and everything it started.
            qt.setQuitOnLastWindowClosed(False)
            window.closed.connect(qt.quit)
            exit_code = qt.exec()
            heartbeat.stop()
    finally:
        if panel_window is not None:
            panel_window.close()
        kiosk.close()
        env.close()
    if kiosk.exit_request == "restart":
        reexec()  # a fresh demo: its own seeded service and simulated devices
    return exit_code
