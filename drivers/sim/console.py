"""A set of simulated devices on pseudo-terminals, driven by typed commands (``kiosk sim``)."""

from __future__ import annotations

import shlex
import tempfile
import time
import uuid
from pathlib import Path
from typing import Literal

from drivers.settings import Terminator
from drivers.sim import registry
from drivers.sim.cardline_sim import CardLineSimulator
from drivers.sim.device import SimulatedDevice
from drivers.sim.idcard_sim import IdCardSimulator
from drivers.sim.printer_sim import PRINTER_VERBS, PrinterSimulator
from drivers.sim.pty_host import PtyHost
from drivers.sim.rfid_sim import PAD_VERBS, RfidPadSimulator
from drivers.sim.scanner_sim import ScannerSimulator

ALIASES = {
    "id_card_reader": "id_card_reader",
    "idcard": "id_card_reader",
    "id": "id_card_reader",
    "scanner": "scanner",
    "card_reader": "card_reader",
    "cardline": "card_reader",
    "rfid_reader": "rfid_reader",
    "rfid": "rfid_reader",
    "printer": "printer",
    "receipt_printer": "printer",
}

HELP = """commands:
  card <id-number>            put an ID card on the reader (any valid number; demo cards known)
  remove-card                 lift the card off the reader
  halting on|off              the ID reader stops finding a card once read (off: it keeps
                              finding one left lying on it, the default)
  scan <code>                 scan a barcode
  tap <number>                present a library / social-security card to the line reader
  put-tag <uid> [memory]      put an RFID tag (16 hex digits) on the pad, with its user
                              memory in hex (zero-padded to 28 blocks of 4 bytes)
  lift-tag <uid>|all          take that tag (or every tag) off the pad
  put-foreign-tag [uid]       put a well-formed tag of a library outside the network (CN-BJL)
  put-garbage-tag [uid]       put a tag whose memory is random bytes
  fail-next-write [uid]       the next write to that tag (none given: to any tag) is answered
                              OK but changes nothing (its read-back fails)
  lift-during-write [uid]     the next write to that tag (or any) is cut off: the tag is lifted
  lift-after-write [uid]      the next write is done, then the tag is lifted before its read-back
  pad                         list the tags on the pad with their AFI and EAS
  paper ok|near-end|out       the receipt printer's roll: fine, running low, or empty
  cover open|closed           open or close the receipt printer's cover
  receipt                     the last receipt the printer cut: its lines and QR codes
  unplug <device>             pull a device's cable (id_card_reader, scanner, card_reader,
                              rfid_reader, printer)
  replug <device>             plug it back in
  garbage <device> [bytes]    send line noise (hex like 'ff 00 13' or text)
  split <device> [parts]      cut the next thing the device sends into several writes
  slow <device> <ms>          delay every byte by ms milliseconds (0: normal)
  sam-fault on|off            make the ID card reader's SAM fail its self-test
  silent on|off [device]      make the ID card reader (or the rfid_reader, or the printer)
                              stop answering
  wait <seconds>              pause before the next command (for scripts)
  devices                     list the devices and their port paths
  help                        this text
  quit                        stop the simulators"""


class SimulatorConsole:
    """Owns the simulated devices and their ports; ``execute`` runs one command line.

    ``transport="pty"`` serves each device on a pseudo-terminal (for a separate kiosk process);
    ``"inprocess"`` registers them as ``kiosksim://`` URLs (for a kiosk in this process).
    """

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        scanner_terminator: Terminator = "cr",
        scanner_aim: str | None = None,
        transport: Literal["pty", "inprocess"] = "pty",
    ) -> None:
        self.transport = transport
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if directory is None and transport == "pty":
            self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-sim-")
            directory = self._tmp.name
        self.scanner_terminator = scanner_terminator
        # In-process names are unique so several consoles (tests) can live side by side.
        tag = "" if transport == "pty" else "-" + uuid.uuid4().hex[:8]
        self.devices: dict[str, SimulatedDevice] = {
            # It keeps finding a card lying on it, as readers that poll with wake-up do: so the
            # demo and the tests see the card-left reminder a halting reader cannot give.
            "id_card_reader": IdCardSimulator(
                "id_card_reader" + tag, baudrate=115200, stays_findable=True
            ),
            "scanner": ScannerSimulator(
                "scanner" + tag, baudrate=9600, terminator=scanner_terminator, aim=scanner_aim
            ),
            "card_reader": CardLineSimulator("card_reader" + tag, baudrate=9600, terminator="crlf"),
            "rfid_reader": RfidPadSimulator("rfid_reader" + tag, baudrate=38400),
            "printer": PrinterSimulator("printer" + tag, baudrate=9600),
        }
        self.hosts: dict[str, PtyHost] = {}
        if transport == "pty":
            assert directory is not None
            self.directory = Path(directory)
            self.directory.mkdir(parents=True, exist_ok=True)
            self.hosts = {
                role: PtyHost(device, self.directory / role)
                for role, device in self.devices.items()
            }

    def start(self) -> None:
        for host in self.hosts.values():
            host.start()
        if self.transport == "inprocess":
            for device in self.devices.values():
                registry.register(device)

    def close(self) -> None:
        for host in self.hosts.values():
            host.close()
        if self.transport == "inprocess":
            for device in self.devices.values():
                registry.unregister(device)
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> SimulatorConsole:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ports(self) -> dict[str, str]:
        if self.transport == "inprocess":
            return {role: f"{registry.SCHEME}://{d.name}" for role, d in self.devices.items()}
        return {role: host.path for role, host in self.hosts.items()}

    def config_toml(self) -> str:
        """A kiosk config whose devices are these simulators."""
        p = self.ports()
        return (
            "# Written by `kiosk sim`: the devices are simulators on pseudo-terminals.\n"
            "[devices.id_card_reader]\n"
            f'port = "{p["id_card_reader"]}"\nbaudrate = 115200\n\n'
            "[devices.scanner]\n"
            f'port = "{p["scanner"]}"\nbaudrate = 9600\n'
            f'terminator = "{self.scanner_terminator}"\n\n'
            "[devices.card_reader]\n"
            f'port = "{p["card_reader"]}"\nbaudrate = 9600\nterminator = "crlf"\n'
            'credential = "library_card"\n\n'
            "[devices.rfid_reader]\n"
            f'port = "{p["rfid_reader"]}"\nbaudrate = 38400\n\n'
            "[devices.printer]\n"
            f'port = "{p["printer"]}"\nbaudrate = 9600\n'
        )

    def execute(self, line: str) -> str:
        """Run one command; returns what to print. Raises ValueError with a plain message."""
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise ValueError(f"cannot read that line: {exc}") from exc
        if not words:
            return ""
        verb, args = words[0].lower(), words[1:]
        if verb == "help":
            return HELP
        if verb == "wait":
            try:
                seconds = float(args[0])
            except (IndexError, ValueError):
                raise ValueError("wait <seconds>") from None
            time.sleep(max(0.0, min(seconds, 600.0)))
            return ""
        if verb == "devices":
            return "\n".join(f"{role}: {path}" for role, path in self.ports().items())
        if verb in ("sam-fault", "silent"):
            if not args or args[0].lower() not in ("on", "off"):
                raise ValueError(f"{verb} on|off")
            # The RFID reader can hang too; the SAM is the ID card reader's alone.
            hangs = (
                ("id_card_reader", "rfid_reader", "printer")
                if verb == "silent"
                else ("id_card_reader",)
            )
            target = ALIASES.get(args[1].lower(), "") if len(args) > 1 else "id_card_reader"
            if target not in hangs or len(args) > 2:
                raise ValueError(f"{verb} on|off [{'|'.join(hangs)}]")
            setattr(self.devices[target], verb.replace("-", "_"), args[0].lower() == "on")
            return f"{target}: {verb} {args[0].lower()}"
        if verb in ("card", "remove-card", "halting"):
            return self.devices["id_card_reader"].command(verb, args)
        if verb == "scan":
            return self.devices["scanner"].command(verb, args)
        if verb in PRINTER_VERBS:
            return self.devices["printer"].command(verb, args)
        if verb in PAD_VERBS:
            return self.devices["rfid_reader"].command(verb, args)
        if verb in ("tap", "present"):
            return self.devices["card_reader"].command(verb, args)
        if verb in ("unplug", "replug", "garbage", "split", "slow"):
            if not args:
                raise ValueError(f"which device? {verb} <{'|'.join(self.devices)}>")
            role = ALIASES.get(args[0].lower())
            if role is None:
                raise ValueError(
                    f"no device called {args[0]!r}; use one of {', '.join(self.devices)}"
                )
            device = self.devices[role]
            if verb == "split":
                parts = int(args[1]) if len(args) > 1 else 2
                device.split_next(parts)
                return f"{role}: the next thing sent is split into {parts} writes"
            if verb == "slow":
                if len(args) < 2:
                    raise ValueError("slow <device> <milliseconds per byte>")
                device.byte_delay = float(args[1]) / 1000
                return f"{role}: {args[1]} ms between bytes"
            return device.command(verb, args[1:])
        raise ValueError(f"unknown command {verb!r}; type 'help' for the list")
