"""``kiosk config check FILE``: validate a configuration file."""

from __future__ import annotations

import argparse
import sys

from kiosk.config import ConfigError, load_config

EXIT_INVALID = 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    config = sub.add_parser("config", help="check the configuration file")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    check = config_sub.add_parser("check", help="validate FILE; exit 0 if valid, 2 otherwise")
    check.add_argument("file")
    check.set_defaults(func=check_command)


def check_command(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.file)
    except ConfigError as exc:
        print(f"{exc.source}: {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INVALID
    devices = [role for role, s in config.devices if s is not None and s.enabled]
    print(f"{args.file}: valid ({', '.join(devices) or 'no devices'} enabled)")
    return 0
