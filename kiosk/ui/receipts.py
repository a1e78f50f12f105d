"""Receipt jobs for the summary screen: printed off the GUI thread, their results queued back
onto it as a signal (the GUI thread never waits for the printer)."""

from __future__ import annotations

import contextlib
import itertools
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal

from drivers.events import PrintJobResult
from kiosk.core.receipt import Receipt
from kiosk.core.receipt_desk import ReceiptDesk


class ReceiptJobs(QObject):
    """``finished(token, PrintJobResult)`` arrives on the GUI thread for each ``print``."""

    finished = Signal(int, object)

    def __init__(self, desk: ReceiptDesk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._tokens = itertools.count(1)

    def print(self, receipt: Receipt) -> int:
        """Queue ``receipt``; returns the token its result will carry."""
        token = next(self._tokens)

        def done(future: Future[PrintJobResult]) -> None:
            # From the printer's thread: the emit is queued to the GUI thread. The window may
            # have been closed while the receipt printed.
            with contextlib.suppress(RuntimeError):
                self.finished.emit(token, future.result())

        self.desk.print(receipt).add_done_callback(done)
        return token
