"""Which driver and which decoder serve each device role and protocol."""

from __future__ import annotations

from drivers.barcode.decode import BarcodeDecoder
from drivers.cardline.decode import CardLineDecoder
from drivers.idcard.decode import IdCardReplyDecoder
from drivers.idcard.reader import IdCardReader
from drivers.printer.decode import EscPosDecoder
from drivers.printer.driver import ReceiptPrinter
from drivers.rfid.feig.decode import FeigReplyDecoder
from drivers.rfid.feig.reader import FeigReader
from drivers.settings import (
    BarcodeScannerSettings,
    CardLineReaderSettings,
    IdCardReaderSettings,
    ReceiptPrinterSettings,
    RfidReaderSettings,
    SerialSettings,
)
from drivers.stream import BarcodeScanner, CardLineReader, StreamDecoder
from drivers.transport import DeviceDriver, EventSink, RawTap

PROTOCOLS = ("idcard", "barcode", "cardline", "rfid", "escpos")


def make_driver(
    role: str, settings: SerialSettings, on_event: EventSink, on_raw: RawTap | None = None
) -> DeviceDriver:
    """The driver for a configured role; the settings' type says which protocol it speaks."""
    if isinstance(settings, IdCardReaderSettings):
        return IdCardReader(role, settings, on_event, on_raw=on_raw)
    if isinstance(settings, BarcodeScannerSettings):
        return BarcodeScanner(role, settings, on_event, on_raw=on_raw)
    if isinstance(settings, RfidReaderSettings):
        return FeigReader(role, settings, on_event, on_raw=on_raw)
    if isinstance(settings, CardLineReaderSettings):
        return CardLineReader(role, settings, on_event, on_raw=on_raw)
    if isinstance(settings, ReceiptPrinterSettings):
        return ReceiptPrinter(role, settings, on_event, on_raw=on_raw)
    raise TypeError(f"no driver for {type(settings).__name__}")


def make_decoder(protocol: str, settings: SerialSettings | None = None) -> StreamDecoder:
    """A decoder for a capture of what a device sent (``kiosk devices decode``)."""
    if protocol == "idcard":
        return IdCardReplyDecoder()
    if protocol == "rfid":
        reversed_ = not isinstance(settings, RfidReaderSettings) or settings.block_bytes_reversed
        return FeigReplyDecoder(block_bytes_reversed=reversed_)
    if protocol == "barcode":
        if not isinstance(settings, BarcodeScannerSettings):
            settings = BarcodeScannerSettings(enabled=False)
        return BarcodeDecoder(settings)
    if protocol == "cardline":
        if not isinstance(settings, CardLineReaderSettings):
            settings = CardLineReaderSettings(enabled=False)
        return CardLineDecoder(settings)
    if protocol == "escpos":
        return EscPosDecoder()
    raise ValueError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
