"""``kiosk demo``: the whole kiosk with simulated devices, a local service and a tester panel."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.demo_fleet import MAX_EXTRA_KIOSKS


def add_parser(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="the kiosk with simulated devices and a local service")
    demo.add_argument("--fullscreen", action="store_true", help="fullscreen, as on a real kiosk")
    demo.add_argument("--script", help="run a scenario file instead of the tester panel")
    demo.add_argument(
        "--report",
        metavar="FILE",
        help="with --script: write what it cost a patron (taps, cards, scans, words to read, "
        "the kiosk's time) to FILE as JSON",
    )
    demo.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="the kiosk's own language for this run (default: the config's, Chinese)",
    )
    demo.add_argument("--offscreen", action="store_true", help="no window on screen (CI)")
    demo.add_argument("--no-panel", action="store_true", help="no tester panel")
    demo.add_argument(
        "--seeded",
        metavar="DIR",
        help="serve a copy of this seeded data folder (kiosk-regional seed --data-dir DIR) "
        "instead of seeding anew",
    )
    demo.add_argument(
        "--backend",
        choices=("regional", "sip2"),
        default="regional",
        help="what the kiosk talks to: the regional service (default), or a local library "
        "system over SIP2, seeded with the same network",
    )
    demo.add_argument(
        "--dialect",
        choices=("standard", "dp2"),
        help="with --backend sip2: the library system's SIP2 (default standard, on pysip2; dp2 "
        "registers a new ID card on first use)",
    )
    demo.add_argument(
        "--more-kiosks",
        type=int,
        default=0,
        choices=range(MAX_EXTRA_KIOSKS + 1),
        metavar="N",
        help=f"also run N (0-{MAX_EXTRA_KIOSKS}) headless kiosks at other libraries, with "
        "simulated devices, so the staff console's fleet has more machines (regional only)",
    )
    demo.set_defaults(func=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from kiosk.scenario_script import ScriptError, load_script

    if args.dialect and args.backend != "sip2":
        print("--dialect goes with --backend sip2", file=sys.stderr)
        return 2
    if args.more_kiosks and args.backend != "regional":
        print("--more-kiosks goes with the regional service (their fleet)", file=sys.stderr)
        return 2
    steps = None
    if args.script:
        try:
            steps = load_script(args.script)
        except (OSError, ScriptError) as exc:
            print(f"cannot run the scenario: {exc}", file=sys.stderr)
            return 2
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif not _has_screen():
        print(
            "no screen found (DISPLAY is not set): run on a desktop, or add --offscreen "
            "with --script",
            file=sys.stderr,
        )
        return 2
    from kiosk.ui.demo_main import run_demo

    return run_demo(
        fullscreen=args.fullscreen,
        script=steps,
        panel=not args.no_panel,
        template=Path(args.seeded) if args.seeded else None,
        report=Path(args.report) if args.report else None,
        language={"zh": "zh_CN", "en": "en"}.get(args.lang or ""),
        backend=args.backend,
        dialect=args.dialect,
        more_kiosks=args.more_kiosks,
    )


def _has_screen() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    )
