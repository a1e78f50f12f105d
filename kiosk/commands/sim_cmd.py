"""``kiosk sim``: simulated devices on pseudo-terminals, driven from standard input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    sim = sub.add_parser("sim", help="simulated devices on pseudo-terminals (commands on stdin)")
    sim.add_argument("--dir", help="where to put the device links (default: a temporary folder)")
    sim.add_argument("--config-out", help="write a kiosk config pointing at the simulators here")
    sim.add_argument(
        "--scanner-terminator", default="cr", choices=["cr", "lf", "crlf", "stx_etx", "idle"]
    )
    sim.add_argument("--scanner-aim", help="AIM identifier the scanner prefixes, e.g. ]F0")
    sim.set_defaults(func=sim_command)


def sim_command(args: argparse.Namespace) -> int:
    from drivers.sim.console import SimulatorConsole

    console = SimulatorConsole(
        args.dir, scanner_terminator=args.scanner_terminator, scanner_aim=args.scanner_aim
    )
    with console:
        for role, path in console.ports().items():
            print(f"{role}: {path}", flush=True)
        if args.config_out:
            Path(args.config_out).write_text(console.config_toml(), encoding="utf-8")
            print(f"config: {args.config_out}", flush=True)
        print("ready; type 'help' for commands", flush=True)
        for line in sys.stdin:
            if line.strip().lower() in ("quit", "exit"):
                break
            try:
                reply = console.execute(line)
            except ValueError as exc:
                print(f"error: {exc}", flush=True)
                continue
            if reply:
                print(reply, flush=True)
    return 0
