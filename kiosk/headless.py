"""The kiosk without a screen, as an unattended return station: one JSON line per outcome."""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.events import (
    BarcodeScanned,
    CardPresented,
    DeviceStateChanged,
    Event,
    IdCardRead,
)
from kiosk.config import KioskConfig
from kiosk.core.connectivity import Link
from kiosk.core.results import ActResult, IdentifyResult
from kiosk.core.runner import CommandRunner, Result
from kiosk.core.session import Act, Command, Identify, Screen, SessionMachine
from kiosk.domain import Credential
from kiosk.services import KioskServices
from patron_identity.masking import mask_card_number, mask_name

log = logging.getLogger(__name__)

TICK_S = 0.1
SESSION_SCREENS = frozenset({Screen.SESSION, Screen.ACCOUNT, Screen.RETURNS, Screen.TIMEOUT})
Emit = Callable[[dict[str, Any]], None]


class HeadlessKiosk:
    """Owns the session machine on one loop thread; devices, results and time come in
    through a queue, so the machine is never touched from two threads."""

    def __init__(self, config: KioskConfig, emit: Emit) -> None:
        self._emit = emit
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.services = KioskServices(config, lambda e: self._queue.put(("device", e)))
        self.machine = SessionMachine(config.session)
        self.runner = CommandRunner(
            self.services.circulation, lambda c, r: self._queue.put(("result", (c, r)))
        )
        self.services.connectivity.subscribe(lambda link: self._queue.put(("link", link)))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.outcomes = 0

    def start(self) -> None:
        self.services.start()
        self.runner.start()
        self._thread = threading.Thread(target=self._loop, name="headless", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.runner.close()
        self.services.close()

    def press(self, action: str, arg: str = "") -> None:
        """A patron's button (finish, renew <barcode>, renew_all …), as on the screen; any
        thread may call it."""
        self._queue.put(("press", (action, arg)))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every queued input and command has been handled (for tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0 and self.runner.idle():
                return True
            time.sleep(0.005)
        return False

    # ---- the loop -----------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stop.is_set():
            before = self.machine.view.screen
            try:
                kind, payload = self._queue.get(timeout=TICK_S)
            except queue.Empty:
                pass
            else:
                try:
                    self._handle(kind, payload)
                except Exception:
                    log.exception("headless loop: %s failed", kind)
                finally:
                    self._queue.task_done()
            self._run(self.machine.tick(time.monotonic()))
            after = self.machine.view.screen
            if before in SESSION_SCREENS and after in (Screen.SUMMARY, Screen.HOME):
                self._out({"event": "session_ended"})

    def _handle(self, kind: str, payload: Any) -> None:
        now = time.monotonic()
        if kind == "device":
            self._device(payload, now)
        elif kind == "result":
            command, result = payload
            self._result(command, result, now)
        elif kind == "press":
            action, arg = payload
            self._run(self.machine.press(action, now, arg))
        elif kind == "link":
            self.machine.set_offline(payload == Link.OFFLINE)
            self._out({"event": "link", "state": str(payload)})

    def _device(self, event: Event, now: float) -> None:
        if isinstance(event, DeviceStateChanged):
            self._out(
                {
                    "event": "device",
                    "role": event.role,
                    "state": str(event.state),
                    "reason": event.reason or None,
                }
            )
        elif isinstance(event, IdCardRead | CardPresented):
            self._run(self.machine.card(Credential.from_event(event), now))
        elif isinstance(event, BarcodeScanned):
            commands = self.machine.scan(event.data, event.kind, now)
            if not commands and self.machine.view.message:
                self._out(
                    {
                        "event": "scan_ignored",
                        "code": self.machine.view.message,
                        "kind": str(event.kind),
                    }
                )
            self._run(commands)

    def _result(self, command: Command, result: Result, now: float) -> None:
        if isinstance(command, Identify) and isinstance(result, IdentifyResult):
            self._run(self.machine.identified(command, result, now))
            if result.ok and result.context is not None:
                who = result.context
                name = (
                    who.patron.display_name if who.patron else mask_name(who.credential.name or "")
                )
                self._out(
                    {
                        "event": "session_started",
                        "patron": name,
                        "card": who.credential.masked(),
                        "offline": result.offline,
                    }
                )
            else:
                self._out(
                    {
                        "event": "identify_refused",
                        "code": result.code,
                        "card": mask_card_number(command.credential.value),
                    }
                )
        elif isinstance(command, Act) and isinstance(result, ActResult):
            self._run(self.machine.acted(command, result, now))
            self.outcomes += 1
            routing = result.routing
            self._out(
                {
                    "event": str(result.kind),
                    "item": result.item_barcode,
                    "outcome": str(result.outcome),
                    "code": result.code,
                    "txn_id": result.txn_id,
                    "title": result.title or None,
                    "due": result.due.isoformat() if result.due else None,
                    "routing": {"action": routing.action, "library": routing.library}
                    if routing
                    else None,
                    "offline": result.offline,
                }
            )

    def _run(self, commands: list[Command]) -> None:
        if commands:
            self.runner.submit(commands)

    def _out(self, obj: dict[str, Any]) -> None:
        try:
            self._emit(obj)
        except Exception:
            log.exception("output failed")


def json_line_writer(stream: Any) -> Emit:
    lock = threading.Lock()

    def emit(obj: dict[str, Any]) -> None:
        with lock:
            stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
            stream.flush()

    return emit
