"""``kiosk sync status|run`` and ``kiosk journal export --csv``: the journal from a shell."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.run_cmd import EXIT_CONFIG, load_or_report
from kiosk.config import KioskConfig
from kiosk.domain import EntryState

if TYPE_CHECKING:
    from kiosk.store.journal import Journal

EXIT_PENDING = 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser("sync", help="the journal's sync queue")
    ssub = sync.add_subparsers(dest="sync_command", required=True)
    status = ssub.add_parser("status", help="counts per state, oldest pending act, last error")
    status.add_argument("--config", required=True)
    status.set_defaults(func=status_command)
    run = ssub.add_parser("run", help="one replay pass; exit 0 when nothing is left pending")
    run.add_argument("--config", required=True)
    run.set_defaults(func=run_command)

    journal = sub.add_parser("journal", help="the local journal")
    jsub = journal.add_subparsers(dest="journal_command", required=True)
    export = jsub.add_parser("export", help="every act as CSV, patron data masked")
    export.add_argument("--config", required=True)
    export.add_argument("--csv", action="store_true", required=True)
    export.add_argument("--out", help="file to write (default: standard output)")
    export.set_defaults(func=export_command)


def _journal(path: str) -> tuple[KioskConfig, Journal] | None:
    """The config and its open journal; None (the problem reported) when the config is bad."""
    from kiosk.services import journal_path
    from kiosk.store.journal import Journal

    config = load_or_report(path)
    if config is None:
        return None
    return config, Journal(journal_path(config)).open()


def status_command(args: argparse.Namespace) -> int:
    opened = _journal(args.config)
    if opened is None:
        return EXIT_CONFIG
    _, journal = opened
    try:
        stats = journal.stats()
    finally:
        journal.close()
    for state in EntryState:
        print(f"{state:<10} {stats.counts.get(state, 0)}")
    if stats.oldest_pending is not None:
        age = dt.datetime.now(dt.UTC) - stats.oldest_pending
        print(
            f"oldest pending: {stats.oldest_pending.isoformat()} ({int(age.total_seconds())} s ago)"
        )
    else:
        print("oldest pending: none")
    print(f"last error: {stats.last_error or 'none'}")
    return 0


def run_command(args: argparse.Namespace) -> int:
    from kiosk.services import make_backend
    from kiosk.sync.worker import Replayer

    opened = _journal(args.config)
    if opened is None:
        return EXIT_CONFIG
    config, journal = opened
    backend = make_backend(config)
    try:
        result = Replayer(journal, backend, config.sync.batch_size).run_once()
    finally:
        backend.close()
        journal.close()
    print(
        f"settled {result.settled}, pending {result.remaining}"
        + (f", error: {result.error}" if result.error else "")
    )
    return 0 if result.remaining == 0 else EXIT_PENDING


def export_command(args: argparse.Namespace) -> int:
    opened = _journal(args.config)
    if opened is None:
        return EXIT_CONFIG
    _, journal = opened
    try:
        if args.out:
            with Path(args.out).open("w", encoding="utf-8", newline="") as out:
                n = journal.export_csv(out)
            print(f"{n} rows written to {args.out}", file=sys.stderr)
        else:
            journal.export_csv(sys.stdout)
    finally:
        journal.close()
    return 0
