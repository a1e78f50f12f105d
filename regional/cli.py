"""``kiosk-regional``: serve, migrate, seed, token create|list|revoke, staff create|list|disable,
openapi."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from regional import settings

log = logging.getLogger("regional.cli")
T = TypeVar("T")


def _database_url(args: argparse.Namespace) -> str:
    return args.db or settings.default_database_url(_data_dir(args))


def _data_dir(args: argparse.Namespace) -> Path:
    path = Path(args.data_dir) if args.data_dir else settings.default_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(args: argparse.Namespace, work: Callable[[Any], T]) -> T:
    """Bring the database to the newest schema, run ``work`` in one write transaction (retried
    as every write is), and let the database go."""
    from regional.db.migrate import upgrade
    from regional.db.session import Database
    from regional.services.unit_of_work import run_write

    url = _database_url(args)
    upgrade(url)
    db = Database(url)
    try:
        return run_write(db, work)
    finally:
        db.dispose()


def _migrate(args: argparse.Namespace) -> int:
    from regional.db.migrate import upgrade

    upgrade(_database_url(args))
    print("database is at the newest schema")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from regional.auth import REVOCATION_BOUND_S
    from regional.db.migrate import upgrade
    from regional.serving import serve, setup_serve_logging

    setup_serve_logging(args.log_level)
    if args.exit_with_parent:
        _exit_when_stdin_closes()
    url = _database_url(args)
    upgrade(url)
    serve(
        url,
        _data_dir(args),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        workers=args.workers,
        head_timeout_s=args.head_timeout,
        body_timeout_s=args.body_timeout,
        lookups_per_minute=args.lookups_per_minute,
        registrations_per_hour=args.registrations_per_hour,
        token_cache_s=REVOCATION_BOUND_S if args.token_cache is None else args.token_cache,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


def _exit_when_stdin_closes() -> None:
    """Stop (as on SIGTERM) once standard input reaches its end: the parent that holds the
    pipe's other end has exited, even by kill -9, which no signal handler of its own sees."""

    def watch() -> None:
        while sys.stdin.buffer.read(4096):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _seed(args: argparse.Namespace) -> int:
    from regional.seed import seed_demo
    from regional.services.clock import utc_now
    from regional.services.credentials import CredentialHasher, check_key

    hasher = CredentialHasher(settings.load_credential_key(_data_dir(args)))

    def work(session: Any) -> Any:
        check_key(session, hasher)
        return seed_demo(session, hasher, utc_now())

    summary = _write(args, work)
    if summary.created:
        print(
            f"seeded {summary.libraries} libraries, {summary.patrons} patrons, "
            f"{summary.items} items, {summary.loans} loans, {summary.holds} holds"
        )
    else:
        print(f"already seeded; refreshed the policies of {summary.libraries} libraries")
    print("demo library cards (home, number, PIN, name):")
    for home, number, pin, name in summary.library_cards:
        print(f"  {home}  {number}  {pin}  {name}")
    from regional.seed import DEMO_STAFF_PASSWORD

    print(f"staff console /console/ (user, role, library; password {DEMO_STAFF_PASSWORD}):")
    for name, role, library in summary.staff:
        print(f"  {name}  {role}  {library}")
    return 0


def _token_create(args: argparse.Namespace) -> int:
    from regional.auth import UnknownLibrary, create_token
    from regional.services.clock import utc_now

    try:
        token = _write(
            args, lambda session: create_token(session, args.kiosk, args.library, utc_now())
        )
    except UnknownLibrary as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(token)
    print(
        f"token for kiosk {args.kiosk} at {args.library}; it is shown only this once",
        file=sys.stderr,
    )
    return 0


def _token_list(args: argparse.Namespace) -> int:
    from regional.auth import list_tokens

    tokens = _write(args, lambda session: list_tokens(session, include_revoked=args.all))
    print(f"{'id':>5}  {'kiosk':<16} {'library':<8} {'created':<20} revoked")
    for t in tokens:
        revoked = t.revoked_at.strftime("%Y-%m-%d %H:%M:%S") if t.revoked_at else "-"
        created = t.created_at.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{t.id:>5}  {t.kiosk_id:<16} {t.library_id:<8} {created:<20} {revoked}")
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    from regional.auth import REVOCATION_BOUND_S, revoke_tokens
    from regional.services.clock import utc_now

    revoked = _write(
        args,
        lambda session: revoke_tokens(session, utc_now(), token_id=args.id, kiosk_id=args.kiosk),
    )
    if not revoked:
        print("error: no live token matches", file=sys.stderr)
        return 2
    for t in revoked:
        print(f"revoked token {t.id} of kiosk {t.kiosk_id} at {t.library_id}")
    print(
        f"every instance refuses it within {REVOCATION_BOUND_S:g} s (their token caches)",
        file=sys.stderr,
    )
    return 0


def _staff_create(args: argparse.Namespace) -> int:
    import getpass

    from regional.console.accounts import AccountError, StaffRole, create_staff
    from regional.services.clock import utc_now

    # Never on the command line (shell history, ps): standard input, or asked twice.
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    role = StaffRole(args.role)
    try:
        _write(
            args,
            lambda session: create_staff(
                session, args.username, password, role, args.library, utc_now()
            ),
        )
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    where = "every library" if role == StaffRole.OPERATOR else args.library
    print(f"created {role.value} account {args.username} ({where})")
    return 0


def _staff_list(args: argparse.Namespace) -> int:
    from regional.console.accounts import list_staff

    accounts = _write(args, list_staff)
    print(f"{'username':<24} {'role':<9} {'library':<8} {'created':<20} disabled")
    for a in accounts:
        created = a.created_at.strftime("%Y-%m-%d %H:%M:%S")
        disabled = a.disabled_at.strftime("%Y-%m-%d %H:%M:%S") if a.disabled_at else "-"
        print(f"{a.username:<24} {a.role:<9} {a.library_id or '*':<8} {created:<20} {disabled}")
    return 0


def _staff_disable(args: argparse.Namespace) -> int:
    from regional.console.accounts import disable_staff
    from regional.services.clock import utc_now

    if not _write(args, lambda session: disable_staff(session, args.username, utc_now())):
        print(f"error: no account {args.username}", file=sys.stderr)
        return 2
    print(f"disabled {args.username}: no sign-in, and its sessions end at their next request")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from regional.app import create_app

    # The document does not depend on the database; an in-memory one is never opened.
    app = create_app("sqlite://", credential_key=bytes(32))
    text = json.dumps(app.openapi(), ensure_ascii=False, indent=2) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk-regional", description="Reference regional borrowing service"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        help="database URL (default: SQLite in the data directory); "
        "e.g. postgresql+psycopg://user@host/dbname",
    )
    common.add_argument(
        "--data-dir", help=f"data directory (default: {settings.default_data_dir()})"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", parents=[common], help="migrate, then serve HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=settings.DEFAULT_PORT)
    serve.add_argument(
        "--log-level",
        default="WARNING",
        help="WARNING (default): problems, and the server's start and stop; INFO: a line per act",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (default 1); safe on SQLite (WAL, BEGIN IMMEDIATE) and PostgreSQL",
    )
    serve.add_argument(
        "--head-timeout",
        type=float,
        default=10.0,
        help="close a connection whose request head takes longer than this, in seconds",
    )
    serve.add_argument(
        "--body-timeout",
        type=float,
        default=30.0,
        help="close a connection whose request body takes longer than this, in seconds",
    )
    serve.add_argument(
        "--lookups-per-minute",
        type=int,
        default=120,
        help="patron lookups one kiosk may make per minute, over all instances (429 beyond)",
    )
    serve.add_argument(
        "--registrations-per-hour",
        type=int,
        default=60,
        help="first-time card holders one kiosk may register per hour (429 beyond)",
    )
    serve.add_argument(
        "--token-cache",
        type=float,
        help="how long an instance trusts a token it has checked, in seconds: a revoked token "
        "works at most this long (default: the bound `token revoke` states, 5)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        metavar="ADDRESSES",
        help="the reverse proxy's addresses (comma-separated, e.g. 127.0.0.1): believe their "
        "X-Forwarded-For, so sign-in limits count each client, not the proxy (default: none)",
    )
    serve.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when standard input closes (for a parent that starts the service on a pipe)",
    )
    serve.set_defaults(func=_serve)

    migrate = commands.add_parser("migrate", parents=[common], help="upgrade the schema")
    migrate.set_defaults(func=_migrate)

    seed = commands.add_parser("seed", parents=[common], help="create the demo network")
    seed.set_defaults(func=_seed)

    token = commands.add_parser("token", help="kiosk tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", parents=[common], help="print a new token")
    create.add_argument("--kiosk", required=True, help="kiosk id, e.g. CQL-K01")
    create.add_argument("--library", required=True, help="library id, e.g. CQL")
    create.set_defaults(func=_token_create)
    listing = token_commands.add_parser("list", parents=[common], help="list kiosk tokens")
    listing.add_argument("--all", action="store_true", help="revoked tokens too")
    listing.set_defaults(func=_token_list)
    revoke = token_commands.add_parser("revoke", parents=[common], help="revoke a kiosk's token")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, help="the token's id (see token list)")
    which.add_argument("--kiosk", help="every live token of this kiosk")
    revoke.set_defaults(func=_token_revoke)

    staff = commands.add_parser("staff", help="staff console accounts")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    staff_create = staff_commands.add_parser(
        "create", parents=[common], help="create a staff console account"
    )
    staff_create.add_argument("--username", required=True)
    staff_create.add_argument(
        "--role",
        choices=["library", "operator"],
        required=True,
        help="library: staff of one library (--library); operator: the whole network",
    )
    staff_create.add_argument("--library", help="library id for library staff, e.g. CQL")
    staff_create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    staff_create.set_defaults(func=_staff_create)
    staff_list = staff_commands.add_parser("list", parents=[common], help="list staff accounts")
    staff_list.set_defaults(func=_staff_list)
    staff_disable = staff_commands.add_parser(
        "disable", parents=[common], help="stop a staff account (its sessions end too)"
    )
    staff_disable.add_argument("--username", required=True)
    staff_disable.set_defaults(func=_staff_disable)

    openapi = commands.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--out", default="-", help="file to write (default: standard output)")
    openapi.set_defaults(func=_openapi)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
