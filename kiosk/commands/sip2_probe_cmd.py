"""`kiosk sip2 probe --config FILE`: connect, log in, send 99 and print the 98 status as JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

EXIT_UNANSWERED = 1
EXIT_CONFIG = 2


def add_parser(ssub: argparse._SubParsersAction) -> None:
    probe = ssub.add_parser(
        "probe", help="connect to the configured SIP2 server, log in, print its 98 status as JSON"
    )
    probe.add_argument("--config", required=True, help="the kiosk's config file (its [sip2])")
    probe.set_defaults(func=probe_command)


def probe_command(args: argparse.Namespace) -> int:
    from kiosk.backend.errors import BackendError
    from kiosk.backend.sip2.backend import Sip2Backend
    from kiosk.backend.sip2.display import frame_json
    from kiosk.backend.sip2.messages import MessageCode
    from kiosk.commands.run_cmd import load_or_report

    config = load_or_report(args.config)
    if config is None:
        return EXIT_CONFIG
    if config.sip2 is None:
        print(f"{args.config}: no [sip2] section to probe", file=sys.stderr)
        return EXIT_CONFIG
    backend = Sip2Backend(config.sip2)
    started = time.monotonic()
    try:
        reply = backend.status()
    except BackendError as exc:
        print(
            json.dumps({"ok": False, "error": exc.code, "detail": exc.detail}, ensure_ascii=False)
        )
        return EXIT_UNANSWERED
    finally:
        backend.close()
    answer: dict[str, Any] = {
        "ok": reply.code is MessageCode.ACS_STATUS,
        "round_trip_ms": round((time.monotonic() - started) * 1000, 1),
        "dialect": config.sip2.dialect,
        "mismatch": backend.mismatch,
        **frame_json(reply),
    }
    print(json.dumps(answer, ensure_ascii=False))
    return 0 if answer["ok"] else EXIT_UNANSWERED
