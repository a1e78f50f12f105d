"""ESC/POS receipt printer driver: polls paper and cover, prints jobs without blocking anyone."""

from __future__ import annotations

import itertools
import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass

import serial
from serial.tools import list_ports

from drivers.events import DeviceReason, LinkState, PrintJobResult, PrintOutcome
from drivers.jobs import JobQueueDriver
from drivers.ports import PortLister
from drivers.printer.escpos import (
    CLEAR_BUFFERS,
    PROCESSED_QUERY,
    ReceiptWriter,
    StatusQuery,
    status_query,
)
from drivers.printer.status import (
    PrinterPaper,
    PrinterStatus,
    is_processed_reply,
    is_status_reply,
)
from drivers.settings import ReceiptPrinterSettings
from drivers.transport import EventSink, RawTap

log = logging.getLogger(__name__)

# What a job meets on a printer in each fault state.
_FAULTS = {
    DeviceReason.COVER_OPEN: PrintOutcome.COVER_OPEN,
    DeviceReason.PAPER_OUT: PrintOutcome.PAPER_OUT,
    DeviceReason.PRINTER_FAULT: PrintOutcome.PRINTER_FAULT,
}


@dataclass
class _Job:
    number: int
    data: bytes
    future: Future[PrintJobResult]


class _NoReply(Exception):
    """The printer did not answer one status query in time."""


class ReceiptPrinter(JobQueueDriver[_Job]):
    """Polls the printer's real-time status (DLE EOT 2 and 4) every ``poll_interval_ms``; paper
    near end, paper out and an open cover are link states with a reason (near end still prints).

    :meth:`print_bytes` queues a job for the device thread and returns a future at once; the job
    is sent followed by GS r 1, whose answer comes once the printer has processed it all, and
    ends in one ``PrintJobResult`` (emitted too): printed, or why not.
    """

    settings: ReceiptPrinterSettings
    _link_lost = "link to the printer lost"
    _not_connected = "printer not connected"

    def __init__(
        self,
        role: str,
        settings: ReceiptPrinterSettings,
        on_event: EventSink,
        *,
        on_raw: RawTap | None = None,
        port_lister: PortLister = list_ports.comports,
    ) -> None:
        super().__init__(role, settings, on_event, on_raw=on_raw, port_lister=port_lister)
        self._numbers = itertools.count(1)
        self._status: PrinterStatus | None = None
        self._unanswered = 0
        self._pending = bytearray()  # bytes read but not yet looked at
        self._processed = 0  # GS r answers seen

    # ---- public ---------------------------------------------------------------------------
    def writer(self) -> ReceiptWriter:
        """A receipt builder set up as this printer is configured."""
        return self.writer_for(self.settings)

    @staticmethod
    def writer_for(s: ReceiptPrinterSettings) -> ReceiptWriter:
        """A receipt builder for a printer with settings ``s``."""
        return ReceiptWriter(
            chinese_mode=s.chinese_mode,
            qr_module_size=s.qr_module_size,
            feed_before_cut=s.feed_before_cut,
            partial_cut=s.partial_cut,
        )

    def print_bytes(self, data: bytes) -> Future[PrintJobResult]:
        """Queue one receipt's bytes; never blocks. A printer that cannot print now (unplugged,
        out of paper, cover open) refuses it at once with the reason."""
        future: Future[PrintJobResult] = Future()
        job = _Job(next(self._numbers), bytes(data), future)
        refusal = self._refusal()
        if refusal is not None:
            self._finish(job, *refusal)
            return future
        self._queue_job(job)
        return future

    @property
    def paper(self) -> PrinterPaper:
        """The paper as last polled (``none`` while the printer is not connected or silent)."""
        status = self._status
        if status is None or self.state == LinkState.DISCONNECTED:
            return PrinterPaper.NONE
        if self._state_reason == DeviceReason.READER_SILENT:
            return PrinterPaper.NONE
        return status.paper

    def _refusal(self) -> tuple[PrintOutcome, str] | None:
        if not self.running or self.state is None or self.state == LinkState.DISCONNECTED:
            return PrintOutcome.NOT_CONNECTED, "printer not connected"
        reason = self._state_reason
        if reason is not None and reason in _FAULTS:
            return _FAULTS[reason], str(reason)
        return None

    # ---- the session ----------------------------------------------------------------------
    def _run_session(self, port: serial.SerialBase) -> None:
        self._unanswered = 0
        self._pending.clear()
        interval = self.settings.poll_interval_ms / 1000
        try:
            while not self.stopping:
                self._poll(port)
                self._run_jobs(port)
                self._idle(interval)
        finally:
            self._fail_jobs(self._link_lost)

    def _poll(self, port: serial.SerialBase) -> PrinterStatus | None:
        try:
            cause = self._query(port, StatusQuery.OFFLINE_CAUSE)
            paper = self._query(port, StatusQuery.PAPER)
        except _NoReply:
            return None
        status = PrinterStatus.from_replies(cause, paper)
        self._status = status
        if status.cover_open:
            self._set_state(LinkState.ERROR, DeviceReason.COVER_OPEN)
        elif status.paper_out:
            self._set_state(LinkState.ERROR, DeviceReason.PAPER_OUT)
        elif status.error:
            self._set_state(LinkState.ERROR, DeviceReason.PRINTER_FAULT)
        elif status.paper_near_end:
            self._set_state(LinkState.CONNECTED, DeviceReason.PAPER_NEAR_END)
        else:
            self._set_state(LinkState.CONNECTED, None)
        return status

    def _query(self, port: serial.SerialBase, n: StatusQuery) -> int:
        self._write(port, status_query(n))
        deadline = time.monotonic() + self.settings.reply_timeout_ms / 1000
        while not self.stopping and time.monotonic() < deadline:
            byte = self._take_status_byte()
            if byte is not None:
                self._unanswered = 0
                return byte
            self._pending += self._read(port)
        if not self.stopping:
            self._unanswered += 1
            if self._unanswered >= self.settings.silent_after:
                self._set_state(LinkState.ERROR, DeviceReason.READER_SILENT, "no status reply")
        raise _NoReply

    def _take_status_byte(self) -> int | None:
        """The first DLE EOT answer among the bytes read; GS r answers on the way are counted."""
        while self._pending:
            byte = self._pending.pop(0)
            if is_status_reply(byte):
                return byte
            if is_processed_reply(byte):
                self._processed += 1
            # anything else is line noise: a status byte always has its fixed bits
        return None

    # ---- jobs -------------------------------------------------------------------------------
    def _carry_out(self, port: serial.SerialBase, job: _Job) -> None:
        self._finish(job, *self._run_job(port, job))

    def _run_job(self, port: serial.SerialBase, job: _Job) -> tuple[PrintOutcome, str]:
        refusal = self._refusal()
        if refusal is not None:
            return refusal
        if self._status is None or self._state_reason == DeviceReason.READER_SILENT:
            return PrintOutcome.NO_REPLY, "the printer does not answer"
        # Bytes from before (a late answer to an earlier job) must not confirm this one.
        port.reset_input_buffer()
        self._pending.clear()
        seen = self._processed
        interval = self.settings.poll_interval_ms / 1000
        if not self.settings.confirm_with_gs_r:
            return self._run_unconfirmed(port, job, interval)
        self._write(port, job.data + PROCESSED_QUERY)
        deadline = time.monotonic() + self.settings.job_timeout_ms / 1000
        while not self.stopping and time.monotonic() < deadline:
            next_poll = min(deadline, time.monotonic() + interval)
            while self._processed == seen and time.monotonic() < next_poll:
                self._pending += self._read(port)
                self._take_status_byte()  # counts GS r answers; no status query is out
            if self._processed > seen:
                return PrintOutcome.PRINTED, ""
            self._poll(port)
            if self._processed > seen:
                return PrintOutcome.PRINTED, ""
            refusal = self._refusal()
            if refusal is not None:
                self._drop_rest(port)
                return refusal
        self._drop_rest(port)
        if self.stopping:
            return PrintOutcome.NOT_CONNECTED, "driver closed"
        return PrintOutcome.NO_REPLY, "the printer did not confirm the receipt in time"

    def _run_unconfirmed(
        self, port: serial.SerialBase, job: _Job, interval: float
    ) -> tuple[PrintOutcome, str]:
        """For a printer without GS r: sent, then printed unless the poll after it finds a
        fault (a receipt cut short by the end of the roll is then seen as paper out)."""
        self._write(port, job.data)
        # The poll waits for the bytes to cross the line (10 bits a byte) and a poll interval
        # of printing; the wait ends early only when the driver is closed.
        on_the_wire = len(job.data) * 10 / self.settings.baudrate
        self._stop.wait(on_the_wire + interval)
        if self._poll(port) is None:
            return PrintOutcome.NO_REPLY, "the printer does not answer"
        refusal = self._refusal()
        if refusal is not None:
            self._drop_rest(port)
            return refusal
        return PrintOutcome.PRINTED, "not confirmed by the printer (confirm_with_gs_r off)"

    def _drop_rest(self, port: serial.SerialBase) -> None:
        # What was not printed must not come out later, for whoever stands there then.
        self._write(port, CLEAR_BUFFERS)

    def _finish(self, job: _Job, outcome: PrintOutcome, detail: str) -> None:
        if job.future.done():
            return
        result = PrintJobResult(job.number, outcome, detail)
        job.future.set_result(result)
        log.info("%s: job %d %s", self.role, job.number, outcome)
        self._emit(result)

    def _fail_job(self, job: _Job, detail: str) -> None:
        self._finish(job, PrintOutcome.NOT_CONNECTED, detail)

    def _set_state(
        self, state: LinkState, reason: DeviceReason | None = None, detail: str = ""
    ) -> None:
        if state == LinkState.DISCONNECTED:
            self._status = None
        super()._set_state(state, reason, detail)
