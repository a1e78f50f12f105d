"""The kiosk without a screen, as an unattended return station: one JSON line per outcome."""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.events import BarcodeScanned, DeviceStateChanged, Event, RfidTagArrived
from kiosk.config import KioskConfig
from kiosk.core.kiosk_loop import REQUIRED_ROLES, KioskLoop
from kiosk.core.results import ActResult, IdentifyResult, ResultCode
from kiosk.core.runner import CommandRunner, Result, SecurityResult, Task
from kiosk.core.session import (
    Act,
    Identify,
    Screen,
    SessionMachine,
    SessionView,
    SetSecurity,
)
from kiosk.services import KioskServices
from patron_identity.masking import mask_card_number, mask_name

log = logging.getLogger(__name__)

TICK_S = 0.1
SESSION_SCREENS = frozenset({Screen.SESSION, Screen.ACCOUNT, Screen.RETURNS, Screen.TIMEOUT})
Emit = Callable[[dict[str, Any]], None]


class HeadlessKiosk:
    """Drives the core kiosk loop (the same rules as the window) on one loop thread; devices,
    results and time come in through a queue, so the loop is never touched from two threads."""

    def __init__(self, config: KioskConfig, emit: Emit) -> None:
        self._emit = emit
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.services = KioskServices.from_config(config, lambda e: self._queue.put(("device", e)))
        self.runner = CommandRunner(
            self.services.circulation,
            lambda c, r: self._queue.put(("result", (c, r))),
            pad=self.services.pad,
        )
        self.services.connectivity.subscribe(lambda link: self._queue.put(("link", link)))
        required = tuple(r for r in REQUIRED_ROLES if r in self.services.drivers)
        self._screen = Screen.HOME
        self.loop = KioskLoop(
            SessionMachine(
                config.session,
                offline_limit=config.offline.max_items_per_patron
                if config.offline.borrow_allowed
                else 0,
            ),
            self.runner.submit,
            required_roles=required,
            on_view=self._view_changed,
            pad=self.services.pad,
            fleet=self.services.heartbeat,
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.outcomes = 0

    def start(self) -> None:
        self.services.start()
        self.runner.start()
        if not self.services.journal_ok:
            self.loop.set_journal_problem(True, time.monotonic())
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
            self.loop.tick(time.monotonic())

    def _handle(self, kind: str, payload: Any) -> None:
        now = time.monotonic()
        if kind == "device":
            self._device(payload, now)
        elif kind == "result":
            command, result = payload
            self._result(command, result, now)
        elif kind == "press":
            action, arg = payload
            self.loop.press(action, now, arg)
        elif kind == "link":
            self.loop.link(payload)
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
        commands = self.loop.device_event(event, now)
        if isinstance(event, BarcodeScanned) and not commands and self.loop.view.message:
            self._out(
                {
                    "event": "scan_ignored",
                    "code": str(self.loop.view.message),
                    "kind": str(event.kind),
                }
            )
        if isinstance(event, RfidTagArrived):
            row = next((r for r in self.loop.view.rows if r.tag_uid == event.uid), None)
            if row is not None and row.code in (
                ResultCode.TAG_UNREADABLE,
                ResultCode.TAG_OUTSIDE_NETWORK,
            ):
                self._out({"event": "tag_refused", "uid": event.uid, "code": str(row.code)})

    def _result(self, command: Task, result: Result, now: float) -> None:
        self.loop.result(command, result, now)
        if isinstance(command, Identify) and isinstance(result, IdentifyResult):
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
                        **_code(result),
                        "card": mask_card_number(command.credential.value),
                    }
                )
        elif isinstance(command, Act) and isinstance(result, ActResult):
            self.outcomes += 1
            routing = result.routing
            self._out(
                {
                    "event": str(result.kind),
                    "item": result.item_barcode,
                    "outcome": str(result.outcome),
                    **_code(result),
                    "txn_id": result.txn_id,
                    "title": result.title or None,
                    "due": result.due.isoformat() if result.due else None,
                    "routing": {"action": routing.action, "library": routing.library}
                    if routing
                    else None,
                    "offline": result.offline,
                }
            )
        elif isinstance(command, SetSecurity) and isinstance(result, SecurityResult):
            self._out(
                {
                    "event": "tag_security",
                    "item": command.barcode,
                    "uid": command.uid,
                    "state": str(command.state),
                    "verified": result.verified,
                }
            )

    def _view_changed(self, view: SessionView) -> None:
        before, self._screen = self._screen, view.screen
        if before == view.screen:
            return
        if view.screen == Screen.OUT_OF_SERVICE:
            self._out({"event": "out_of_service", "reason": view.out_of_service_reason})
        elif before == Screen.OUT_OF_SERVICE:
            self._out({"event": "in_service"})
        elif before in SESSION_SCREENS and view.screen in (Screen.SUMMARY, Screen.HOME):
            self._out({"event": "session_ended"})

    def _out(self, obj: dict[str, Any]) -> None:
        try:
            self._emit(obj)
        except Exception:
            log.exception("output failed")


def _code(result: IdentifyResult | ActResult) -> dict[str, str]:
    """The result's code; for one this kiosk does not know, also the service's own text."""
    if result.code == ResultCode.UNKNOWN:
        return {"code": str(result.code), "raw_code": result.raw_code}
    return {"code": str(result.code)}


def json_line_writer(stream: Any) -> Emit:
    lock = threading.Lock()

    def emit(obj: dict[str, Any]) -> None:
        with lock:
            stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
            stream.flush()

    return emit
