"""Runs the session machine's commands on one worker thread, in order, off the GUI thread."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kiosk.core.circulation import Circulation
from kiosk.core.results import ActResult, IdentifyResult, Outcome, ResultCode
from kiosk.core.rfid_pad import RfidPad
from kiosk.core.session import Command, Identify, SetSecurity
from kiosk.domain import ActKind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProbeJournal:
    """Ask whether the journal takes writes again (after a full or read-only disk)."""


@dataclass(frozen=True)
class ProbeResult:
    journal_ok: bool


@dataclass(frozen=True)
class EndSession:
    """Tell the service this patron is done here (after their acts, in the same queue)."""

    session_id: str = field(repr=False)


@dataclass(frozen=True)
class SessionEnded:
    pass


@dataclass(frozen=True)
class SecurityResult:
    """A book's tag security written and read back (``verified``), or not."""

    verified: bool


Task = Command | ProbeJournal | EndSession
Result = IdentifyResult | ActResult | ProbeResult | SessionEnded | SecurityResult
ResultSink = Callable[[Task, Result], None]


class CommandRunner:
    """One thread, one queue: acts run strictly in the order the patron made them."""

    def __init__(
        self, circulation: Circulation, on_result: ResultSink, pad: RfidPad | None = None
    ) -> None:
        self.circulation = circulation
        self.pad = pad  # security writes on the RFID pad's tags, after their acts
        self._on_result = on_result
        self._queue: queue.Queue[Task | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="circulation", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 10.0) -> None:
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def submit(self, commands: Sequence[Task]) -> None:
        for command in commands:
            self._queue.put(command)

    def idle(self) -> bool:
        return self._queue.unfinished_tasks == 0

    def _run(self) -> None:
        while True:
            command = self._queue.get()
            try:
                if command is None:
                    return
                self._on_result(command, self.execute(command))
            except Exception:
                log.exception("command failed")
            finally:
                self._queue.task_done()

    def execute(self, command: Task) -> Result:
        c = self.circulation
        if isinstance(command, ProbeJournal):
            return ProbeResult(c.journal.probe())
        if isinstance(command, EndSession):
            c.end_session(command.session_id)
            return SessionEnded()
        if isinstance(command, SetSecurity):
            try:
                ok = self.pad is not None and self.pad.secure(command.uid, command.state)
            except Exception:
                log.exception("security write failed")
                ok = False
            return SecurityResult(ok)
        try:
            if isinstance(command, Identify):
                return c.identify(command.credential, command.pin)
            if command.kind == ActKind.RETURN:
                return c.return_item(command.barcode)
            if command.who is None:
                return ActResult(
                    command.kind, command.barcode, Outcome.REFUSED, ResultCode.TAP_CARD_FIRST
                )
            if command.kind == ActKind.BORROW:
                return c.borrow(command.who, command.barcode, command.offline_count)
            return c.renew(command.who, command.barcode)
        except Exception:
            # Whatever broke, the patron gets an answer and the screen does not hang.
            log.exception("use case failed")
            if isinstance(command, Identify):
                return IdentifyResult(ResultCode.INTERNAL_ERROR)
            return ActResult(
                command.kind, command.barcode, Outcome.FAILED, ResultCode.INTERNAL_ERROR
            )
