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
    set_pin = config_sub.add_parser(
        "set-pin", help="set the technician PIN (stored only as a salted slow hash)"
    )
    set_pin.add_argument("file")
    set_pin.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the PIN from standard input instead of asking",
    )
    set_pin.set_defaults(func=set_pin_command)


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


def set_pin_command(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.config_edit import ConfigEditor
    from patron_identity.pins import hash_pin

    if args.pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("new technician PIN (4–12 digits): ")
        if getpass.getpass("again: ") != pin:
            print("the two PINs differ; nothing changed", file=sys.stderr)
            return EXIT_INVALID
    try:
        pin_hash = hash_pin(pin)
        editor = ConfigEditor(args.file)
        editor.set("technician.pin_hash", pin_hash)
        backup = editor.save()
    except (ValueError, ConfigError) as exc:
        print(f"nothing changed: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"cannot write {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"technician PIN set in {args.file} (previous file kept as {backup.name})")
    return 0
