"""The ``kiosk`` command: technician and tester subcommands."""

from __future__ import annotations

import argparse
import sys

from kiosk import __version__
from kiosk.commands import (
    config_cmd,
    demo_cmd,
    devices_cmd,
    rfid_cmd,
    run_cmd,
    sim_cmd,
    sip2_cmd,
    sync_cmd,
)
from patron_identity.logging_setup import setup_logging


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Self-service library kiosk (Sichuan–Chongqing reading network)"
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING or ERROR")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    config_cmd.add_parser(sub)
    devices_cmd.add_parser(sub)
    sim_cmd.add_parser(sub)
    run_cmd.add_parser(sub)
    sync_cmd.add_parser(sub)
    demo_cmd.add_parser(sub)
    sip2_cmd.add_parser(sub)
    rfid_cmd.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    setup_logging(args.log_level.upper())
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(("PySide6", "shiboken6")):
            raise
        # Qt comes with the `ui` extra only (a service-only install has none).
        print(
            "the kiosk's screens need Qt, which this install lacks: pip install '.[ui]' "
            "(or run without a screen: kiosk run --headless)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
