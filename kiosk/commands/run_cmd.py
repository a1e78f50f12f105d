"""``kiosk run --headless``: the kiosk without a screen; ``--simulate`` for simulated devices."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from kiosk.config import ROLES, ConfigError, KioskConfig, load_config
from patron_identity.logging_setup import setup_logging

EXIT_CONFIG = 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="run the kiosk")
    run.add_argument("--config", required=True, help="kiosk config file")
    run.add_argument(
        "--headless",
        action="store_true",
        help="no screen: one JSON line per outcome on standard output",
    )
    run.add_argument(
        "--simulate",
        action="store_true",
        help="simulated devices, driven by `kiosk sim` commands on standard input, plus "
        "`press <finish|renew BARCODE|renew_all>` for the patron's buttons",
    )
    run.set_defaults(func=run_command)


def load_or_report(path: str) -> KioskConfig | None:
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"{exc.source}: {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def simulated(config: KioskConfig, ports: dict[str, str]) -> KioskConfig:
    """The same config with every device pointed at a simulator."""
    devices = {}
    for role in ROLES:
        settings = getattr(config.devices, role)
        if settings is not None:
            devices[role] = settings.model_copy(
                update={"port": ports[role], "usb_vid_pid": None, "usb_serial_number": None}
            )
    return config.model_copy(update={"devices": config.devices.model_copy(update=devices)})


def run_command(args: argparse.Namespace) -> int:
    config = load_or_report(args.config)
    if config is None:
        return EXIT_CONFIG
    setup_logging(config.logging.level, config.logging.file)
    if not args.headless:
        if args.simulate:
            print(
                "--simulate goes with --headless; for the screen use `kiosk demo`", file=sys.stderr
            )
            return EXIT_CONFIG
        from kiosk.app import run_window

        return run_window(config, Path(args.config))
    from kiosk.headless import HeadlessKiosk, json_line_writer

    console = None
    if args.simulate:
        from drivers.sim.console import SimulatorConsole

        console = SimulatorConsole(transport="inprocess")
        console.start()
        config = simulated(config, console.ports())
    kiosk = HeadlessKiosk(config, json_line_writer(sys.stdout))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    kiosk.start()
    try:
        if console is not None:
            for line in sys.stdin:
                if stop.is_set() or line.strip().lower() in ("quit", "exit"):
                    break
                words = line.split()
                if words and words[0].lower() == "press":  # a button on the patron's screen
                    if len(words) < 2:
                        print("error: press <action> [barcode]", file=sys.stderr, flush=True)
                    else:
                        kiosk.press(words[1].lower(), words[2] if len(words) > 2 else "")
                    continue
                try:
                    reply = console.execute(line)
                except ValueError as exc:
                    print(f"error: {exc}", file=sys.stderr, flush=True)
                    continue
                if reply:
                    print(reply, file=sys.stderr, flush=True)
            kiosk.wait_idle()
        else:
            stop.wait()
    finally:
        kiosk.close()
        if console is not None:
            console.close()
    return 0
