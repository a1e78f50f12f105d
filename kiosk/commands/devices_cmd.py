"""``kiosk devices list|monitor|decode``: the technician's view of the serial devices."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import queue
import re
import signal
import sys
import threading
import time
from collections.abc import Iterable
from typing import Any

from drivers.events import Event
from drivers.factory import PROTOCOLS, make_decoder, make_driver
from drivers.ports import list_serial_ports
from kiosk.config import ROLES, ConfigError, load_config

EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    devices = sub.add_parser("devices", help="serial devices: list, monitor, decode captures")
    dsub = devices.add_subparsers(dest="devices_command", required=True)

    lst = dsub.add_parser("list", help="serial ports with description, VID:PID and serial number")
    lst.add_argument("--json", action="store_true", help="one JSON object per port")
    lst.set_defaults(func=list_command)

    mon = dsub.add_parser("monitor", help="live events and state changes of one configured device")
    mon.add_argument("--config", required=True, help="kiosk config file")
    mon.add_argument("role", choices=ROLES)
    mon.add_argument("--raw", action="store_true", help="also print the bytes in hex")
    mon.add_argument("--reveal", action="store_true", help="show names and ID numbers unmasked")
    mon.add_argument("--count", type=int, default=0, help="stop after this many decoded events")
    mon.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds")
    mon.set_defaults(func=monitor_command)

    dec = dsub.add_parser("decode", help="decode a capture of a device's bytes from stdin")
    dec.add_argument("--protocol", required=True, choices=PROTOCOLS)
    dec.add_argument(
        "--hex",
        action="store_true",
        help="stdin is hex text, not binary; lines of `devices monitor --raw` (TIME rx HEX) "
        "keep their times, so silences between bytes count as they did on the line",
    )
    dec.add_argument("--reveal", action="store_true", help="show names and ID numbers unmasked")
    dec.add_argument("--config", help="take framing options from this config's device section")
    dec.set_defaults(func=decode_command)


def list_command(args: argparse.Namespace) -> int:
    ports = list_serial_ports()
    if args.json:
        for p in ports:
            print(
                json.dumps(
                    {
                        "device": p.device,
                        "description": p.description,
                        "vid_pid": p.vid_pid,
                        "serial_number": p.serial_number,
                    }
                )
            )
        return 0
    if not ports:
        print("no serial ports found")
        return 0
    for p in ports:
        print(f"{p.device:<32} {p.vid_pid or '-':<10} {p.serial_number or '-':<20} {p.description}")
    return 0


def _emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def decode_command(args: argparse.Namespace) -> int:
    settings = None
    if args.config:
        try:
            config = load_config(args.config)
        except ConfigError as exc:
            print("\n".join([str(exc.source), *exc.problems]), file=sys.stderr)
            return EXIT_USAGE
        settings = {
            "idcard": config.devices.id_card_reader,
            "barcode": config.devices.scanner,
            "cardline": config.devices.card_reader,
            "rfid": getattr(config.devices, "rfid_reader", None),
            "escpos": config.devices.printer,
        }[args.protocol]
    decoder = make_decoder(args.protocol, settings)
    # A binary or plain hex capture carries no timing: everything is fed at t=0, so noise
    # glued to a frame stays glued. A `monitor --raw` log keeps each read's time, and the
    # decoder sees the silences (an idle-gap end, stale noise before a scan) as the kiosk did.
    chunks: Iterable[tuple[float, bytes]]
    if args.hex:
        # A printer's capture is what the kiosk sent it (tx); the other devices' is what they
        # sent the kiosk (rx).
        direction = "tx" if args.protocol == "escpos" else "rx"
        try:
            chunks = _hex_chunks(sys.stdin.read(), direction)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
    else:
        # Whatever has arrived, not a full 64 KiB: a live pipe decodes as it flows.
        raw = iter(functools.partial(os.read, sys.stdin.fileno(), 65536), b"")
        chunks = ((0.0, c) for c in raw)
    for at, chunk in chunks:
        for event in decoder.feed(chunk, at) + decoder.poll(at):
            _emit_json(event.to_json(args.reveal))
    for event in decoder.poll(float("inf")):
        _emit_json(event.to_json(args.reveal))
    return 0


# One line of `devices monitor --raw`: time of day, direction, the bytes in hex.
_RAW_LINE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)\s+(rx|tx)\s+([0-9A-Fa-f ]*)")
_DAY_S = 86_400.0


def _hex_chunks(text: str, direction: str = "rx") -> list[tuple[float, bytes]]:
    """(time, bytes) read from hex text: a `monitor --raw` log keeps its times and the lines
    of ``direction`` only (rx: the device's; tx: the kiosk's, its polling or, for a printer,
    the receipts; JSON lines are decoded events); any other hex text is one chunk at t=0.
    ValueError saying what is wrong."""
    lines = [line.strip() for line in text.splitlines()]
    if not any(_RAW_LINE.fullmatch(line) for line in lines):
        try:
            return [(0.0, bytes.fromhex("".join(text.split())))]
        except ValueError:
            raise ValueError(
                "the input is not hex text (pairs of 0-9 A-F, spaces allowed)"
            ) from None
    chunks: list[tuple[float, bytes]] = []
    previous = 0.0
    for number, line in enumerate(lines, 1):
        if not line or line.startswith("{"):
            continue
        match = _RAW_LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"line {number} is not a `devices monitor --raw` line: {line[:40]}")
        hours, minutes, seconds, _, hex_text = match.groups()
        at = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        while at < previous:  # the log went past midnight
            at += _DAY_S
        previous = at
        if match.group(4) != direction:
            continue
        try:
            chunks.append((at, bytes.fromhex(hex_text)))
        except ValueError:
            raise ValueError(f"line {number}: the bytes are not hex pairs") from None
    return chunks


def monitor_command(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print("\n".join([str(exc.source), *exc.problems]), file=sys.stderr)
        return EXIT_USAGE
    settings = getattr(config.devices, args.role)
    if settings is None:
        print(f"{args.config} has no [devices.{args.role}] section", file=sys.stderr)
        return EXIT_USAGE
    lines: queue.Queue[str] = queue.Queue()
    counted = 0

    def stamp() -> str:
        return dt.datetime.now().strftime("%H:%M:%S.%f")[:-3]

    def on_event(event: Event) -> None:
        obj = {"time": stamp(), **event.to_json(args.reveal)}
        lines.put(json.dumps(obj, ensure_ascii=False))

    def on_raw(direction: str, data: bytes) -> None:
        lines.put(f"{stamp()} {direction} {data.hex(' ').upper()}")

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    driver = make_driver(args.role, settings, on_event, on_raw if args.raw else None)
    deadline = time.monotonic() + args.duration if args.duration else None
    driver.start()
    try:
        while not stop.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                continue
            print(line, flush=True)
            if line.startswith("{") and '"event": "state"' not in line:
                counted += 1
                if args.count and counted >= args.count:
                    break
    finally:
        driver.close()
        while not lines.empty():
            print(lines.get_nowait(), flush=True)
    return 0
