"""The patron's receipt at the kiosk: the library's default, building a session's receipt and
sending it to the printer without waiting for it. Qt-free: the UI and the heartbeat read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from drivers.events import DeviceReason, LinkState, PrintJobResult, PrintOutcome
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.status import PrinterPaper
from kiosk.core.receipt import Receipt, build_receipt, receipt_bytes
from kiosk.core.session import SessionView

# The printer's role in the config ([devices.printer]) and in device state tables.
PRINTER_ROLE = "printer"
# Device reasons under which a receipt cannot be printed (paper near end still prints).
NOT_PRINTING = frozenset(
    {DeviceReason.PAPER_OUT, DeviceReason.COVER_OPEN, DeviceReason.PRINTER_FAULT}
)


class ReceiptSettings(BaseModel):
    """The library's receipts ([receipt] in the config)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    print_by_default: bool = Field(
        False,
        description="What the summary offers first (true: Print receipt, false: No receipt); a "
        "patron who presses Done without choosing gets this.",
    )


class ReceiptChoice(StrEnum):
    """How a session's receipt ended, as the statistics count it."""

    PRINTED = "printed"
    DECLINED = "declined"
    FAILED = "failed"


def printer_usable(state: tuple[LinkState, str] | None) -> bool:
    """Whether a printer in device state ``state`` (None: no printer) takes a receipt now."""
    if state is None:
        return False
    link, reason = state
    return link == LinkState.CONNECTED and reason not in NOT_PRINTING


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class ReceiptDesk:
    """Builds receipts for this kiosk and hands them to whichever printer is configured now
    (``printer`` is asked each time: a technician may reconfigure it). ``on_choice`` hears how
    each receipt ended (printed, declined, failed) for the statistics; it may be called on the
    printer's thread."""

    def __init__(
        self,
        settings: ReceiptSettings,
        printer: Callable[[], ReceiptPrinter | None],
        *,
        kiosk_id: str,
        library_id: str,
        library_names: Mapping[str, tuple[str, str]] | None = None,
        clock: Callable[[], dt.datetime] = _now,
        on_choice: Callable[[ReceiptChoice], None] | None = None,
    ) -> None:
        self.settings = settings
        self._printer = printer
        self.kiosk_id = kiosk_id
        self.library_id = library_id
        self.library_names = library_names
        self._clock = clock
        self.on_choice = on_choice or (lambda choice: None)

    @property
    def has_printer(self) -> bool:
        return self._printer() is not None

    @property
    def paper(self) -> PrinterPaper:
        """The printer's paper as last polled; ``none`` without a printer."""
        printer = self._printer()
        return printer.paper if printer is not None else PrinterPaper.NONE

    def receipt(self, view: SessionView, language: str, when: dt.datetime | None = None) -> Receipt:
        """``view``'s receipt in ``language`` (also the on-screen QR code's text)."""
        return build_receipt(
            view,
            kiosk_id=self.kiosk_id,
            library_id=self.library_id,
            language=language,
            when=when or self._clock(),
            library_names=self.library_names,
        )

    def print(self, receipt: Receipt) -> Future[PrintJobResult]:
        """Queue ``receipt`` on the printer; never blocks. The future ends printed or why not
        (at once when there is no printer or it cannot print now)."""
        printer = self._printer()
        if printer is None:
            future: Future[PrintJobResult] = Future()
            future.set_result(PrintJobResult(0, PrintOutcome.NOT_CONNECTED, "no printer"))
        else:
            future = printer.print_bytes(receipt_bytes(receipt, printer.settings))
        future.add_done_callback(self._count)
        return future

    def declined(self) -> None:
        self.on_choice(ReceiptChoice.DECLINED)

    def _count(self, future: Future[PrintJobResult]) -> None:
        printed = future.result().outcome == PrintOutcome.PRINTED
        self.on_choice(ReceiptChoice.PRINTED if printed else ReceiptChoice.FAILED)
