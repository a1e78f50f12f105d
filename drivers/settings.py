"""Typed settings of each device role; units are in every field's description."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from drivers.barcode.pattern import compile_rule_pattern

Terminator = Literal["cr", "lf", "crlf", "stx_etx", "idle"]
STANDARD_BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SerialSettings(_Settings):
    """How to find and open one serial device."""

    enabled: bool = Field(True, description="Open this device at start-up.")
    port: str = Field(
        "",
        description="Port path or pyserial URL: /dev/serial/by-id/..., /dev/ttyUSB0, "
        "socket://host:port, rfc2217://host:port, kiosksim://NAME (simulated).",
    )
    usb_vid_pid: str | None = Field(
        None,
        description="USB VID:PID in hex (e.g. '0C2E:0B61'); when set, the port is found by it.",
    )
    usb_serial_number: str | None = Field(
        None, description="USB serial number, to tell apart two devices with the same VID:PID."
    )
    baudrate: int = Field(9600, description="Line speed in baud.")
    parity: Literal["N", "E", "O"] = Field(
        "N", description="Parity: N, E or O (8 data bits, 1 stop)."
    )
    reconnect_initial_ms: int = Field(
        250, ge=10, le=60_000, description="First wait before reopening a lost port, in ms."
    )
    reconnect_max_ms: int = Field(
        5_000, ge=10, le=600_000, description="Longest wait between reopen attempts, in ms."
    )

    @field_validator("baudrate")
    @classmethod
    def _standard_baudrate(cls, value: int) -> int:
        if value not in STANDARD_BAUDRATES:
            allowed = ", ".join(str(b) for b in STANDARD_BAUDRATES)
            raise ValueError(f"must be one of {allowed}")
        return value

    @field_validator("usb_vid_pid")
    @classmethod
    def _vid_pid_format(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.fullmatch(r"[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}", value):
            raise ValueError("must be four hex digits, a colon, four hex digits (e.g. '0C2E:0B61')")
        return value.upper()

    @model_validator(mode="after")
    def _port_or_usb(self) -> SerialSettings:
        if self.enabled and not self.port and not self.usb_vid_pid:
            raise ValueError("set 'port' or 'usb_vid_pid' for an enabled device")
        if self.reconnect_max_ms < self.reconnect_initial_ms:
            raise ValueError("reconnect_max_ms must not be less than reconnect_initial_ms")
        return self


class IdCardReaderSettings(SerialSettings):
    """Resident ID card reader speaking SAM frames (GA 467 family)."""

    baudrate: int = Field(
        115200, description="Line speed in baud (most readers 115200, old ones 9600)."
    )
    poll_interval_ms: int = Field(
        300, ge=50, le=5_000, description="Time between 'find card' polls, in ms."
    )
    reply_timeout_ms: int = Field(
        2_500,
        ge=200,
        le=10_000,
        description="Longest wait for a reply, in ms (a text+photo read needs up to 2 s).",
    )
    silent_after: int = Field(
        2, ge=1, le=20, description="Unanswered polls in a row before the reader counts as silent."
    )
    lift_polls: int = Field(
        1,
        ge=1,
        le=20,
        description="'No card' answers needed before the same card counts as a new tap.",
    )


class RfidReaderSettings(SerialSettings):
    """ISO 15693 RFID pad: a FEIG OBID i-scan / ID ISC reader speaking the ISO Host protocol."""

    baudrate: int = Field(38400, description="Line speed in baud (FEIG default 38400, 8E1).")
    parity: Literal["N", "E", "O"] = Field(
        "E", description="Parity: N, E or O (8 data bits, 1 stop); FEIG readers default to E."
    )
    bus_address: int = Field(
        255,
        ge=0,
        le=255,
        description="COM-ADR of the reader on an RS-485 bus (0..254); 255 reaches any reader.",
    )
    poll_interval_ms: int = Field(
        200, ge=20, le=5_000, description="Time between inventories of the field, in ms."
    )
    reply_timeout_ms: int = Field(
        1_000,
        ge=50,
        le=10_000,
        description="Longest wait for one reply (an inventory of many tags, a long read), in ms.",
    )
    silent_after: int = Field(
        2, ge=1, le=20, description="Unanswered requests in a row before the reader is silent."
    )
    lift_after: int = Field(
        2,
        ge=1,
        le=20,
        description="Inventories in a row without a tag before it counts as taken off the pad.",
    )
    block_size: int = Field(
        0,
        ge=0,
        le=32,
        description="Bytes per block (0: ask each tag with Get System Information).",
    )
    block_count: int = Field(
        0,
        ge=0,
        le=256,
        description="Blocks of user memory to read (0: ask each tag with Get System Information).",
    )
    read_eas: bool = Field(
        True, description="Ask each new tag for its NXP EAS bit (EAS Alarm); off for other chips."
    )
    block_bytes_reversed: bool = Field(
        True,
        description="The reader sends each block's bytes MSB first (ISO Host mode), i.e. in "
        "reverse of tag memory order; the driver turns them back.",
    )
    advanced_protocol: bool = Field(
        False, description="Send advanced protocol frames (STX, two length bytes)."
    )


class BarcodeRule(_Settings):
    """One library's barcode scheme: a regular expression and an optional check digit."""

    library: str = Field("*", description="Library id the rule belongs to ('*' for any).")
    pattern: str = Field(
        description="Regular expression the whole barcode must match (RE2 syntax: matched in "
        "linear time; no backreferences or look-around)."
    )
    check: Literal["mod10", "none"] = Field(
        "mod10", description="Check digit: 'mod10' (the 14-digit Codabar scheme) or 'none'."
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compile_rule_pattern(value)  # refused here, with the key's name, not at the first scan
        return value


def _default_item_rules() -> list[BarcodeRule]:
    return [BarcodeRule(library="*", pattern=r"3\d{13}", check="mod10")]


def _default_patron_rules() -> list[BarcodeRule]:
    return [BarcodeRule(library="*", pattern=r"2\d{13}", check="mod10")]


class BarcodeClassifierSettings(_Settings):
    """How a scanned code is told apart: library item, patron card, ISBN, or unknown."""

    item_rules: list[BarcodeRule] = Field(default_factory=_default_item_rules)
    patron_rules: list[BarcodeRule] = Field(default_factory=_default_patron_rules)


class BarcodeScannerSettings(SerialSettings):
    """Barcode scanner in serial (RS-232 / USB-CDC) mode."""

    baudrate: int = Field(9600, description="Line speed in baud.")
    terminator: Terminator = Field(
        "cr", description="End of a code: cr, lf, crlf, stx_etx, or idle (a gap in the bytes)."
    )
    idle_gap_ms: int = Field(
        50, ge=5, le=2_000, description="With terminator 'idle': silence that ends a code, in ms."
    )
    partial_timeout_ms: int = Field(
        500,
        ge=20,
        le=10_000,
        description="With a terminator (cr, lf, crlf, stx_etx): an unfinished code followed by "
        "this much silence is line noise (an adapter's junk at plug-in) and is dropped when the "
        "next bytes come, so it cannot spoil the next scan, in ms.",
    )
    max_length: int = Field(64, ge=4, le=4_096, description="Longest code accepted, in characters.")
    min_length: int = Field(1, ge=1, le=64, description="Shortest code accepted, in characters.")
    aim: Literal["auto", "off"] = Field(
        "auto",
        description="AIM identifier (]C0, ]F0…): 'auto' parses it when present; 'off' never.",
    )
    strip_codabar: bool = Field(True, description="Remove Codabar start/stop characters (A–D).")
    repeat_window_ms: int = Field(
        1_000,
        ge=0,
        le=10_000,
        description="The same code again within this time is one scan, in ms.",
    )
    classifier: BarcodeClassifierSettings = Field(default_factory=BarcodeClassifierSettings)


class CardLineReaderSettings(SerialSettings):
    """Simple line reader for library cards or social-security card numbers."""

    baudrate: int = Field(9600, description="Line speed in baud.")
    terminator: Terminator = Field(
        "crlf", description="End of a card number: cr, lf, crlf, stx_etx, idle."
    )
    idle_gap_ms: int = Field(
        50, ge=5, le=2_000, description="With terminator 'idle': silence that ends a number, in ms."
    )
    partial_timeout_ms: int = Field(
        500,
        ge=20,
        le=10_000,
        description="With a terminator (cr, lf, crlf, stx_etx): an unfinished number followed by "
        "this much silence is line noise and is dropped when the next bytes come, in ms.",
    )
    max_length: int = Field(64, ge=4, le=1_024, description="Longest line accepted, in characters.")
    credential: Literal["library_card", "social_security_card"] = Field(
        "library_card", description="What kind of credential this reader yields."
    )
    uid_format: Literal["as_is", "hex", "hex_reversed", "decimal", "decimal_reversed"] = Field(
        "as_is",
        description="as_is: the line is the number; hex: a hex UID, upper-cased; hex_reversed: "
        "its bytes reversed; decimal / decimal_reversed: the UID (or its reversed bytes) as a "
        "decimal number — the 10-digit number printed on many cards is decimal_reversed.",
    )
    pad_to: int = Field(
        0,
        ge=0,
        le=32,
        description="Left-pad the number with zeros to this many characters (0: no).",
    )
    repeat_window_ms: int = Field(
        1_500,
        ge=0,
        le=10_000,
        description="The same card again within this time is one tap, in ms.",
    )


class ReceiptPrinterSettings(SerialSettings):
    """ESC/POS thermal receipt printer (Xprinter, Gprinter, Epson TM-T88 Chinese models…)."""

    baudrate: int = Field(9600, description="Line speed in baud (most such printers ship 9600).")
    poll_interval_ms: int = Field(
        1_000,
        ge=100,
        le=60_000,
        description="Time between paper and cover status polls (DLE EOT), in ms.",
    )
    reply_timeout_ms: int = Field(
        500, ge=50, le=10_000, description="Longest wait for a status reply, in ms."
    )
    silent_after: int = Field(
        2, ge=1, le=20, description="Unanswered polls in a row before the printer is silent."
    )
    job_timeout_ms: int = Field(
        20_000,
        ge=1_000,
        le=300_000,
        description="Longest wait for a receipt to be printed and confirmed (GS r), in ms.",
    )
    chinese_mode: bool = Field(
        True,
        description="Send FS & before the text, so two-byte GB18030 codes print as hanzi "
        "(off only for a printer without Chinese fonts).",
    )
    line_width: int = Field(
        32,
        ge=16,
        le=64,
        description="Half-width characters per line: 32 on 58 mm paper, 48 on 80 mm (font A).",
    )
    qr_module_size: int = Field(
        4, ge=1, le=16, description="Size of one QR code module, in dots (GS ( k fn 67)."
    )
    feed_before_cut: int = Field(
        4,
        ge=0,
        le=20,
        description="Lines fed before the cut, so the last line clears the cutter.",
    )
    partial_cut: bool = Field(
        False, description="Cut partially (GS V 1), leaving a tab, instead of fully (GS V 0)."
    )
    confirm_with_gs_r: bool = Field(
        True,
        description="Have the printer confirm each receipt with GS r 1 (answered once it has "
        "processed it); off for a printer without GS r: a receipt then counts as printed when "
        "the status poll after it finds no fault.",
    )
