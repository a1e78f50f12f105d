"""ESC/POS bytes of a receipt: text as GB18030 in Chinese mode, QR codes, cuts, status queries.

The command bytes are python-escpos's constants; its ``Escpos`` class is not used, for the
reasons docs/PRINTER.md gives (its text encoding sends single-byte code pages to a printer in
Chinese mode, and importing it configures the root logger).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from escpos.constants import (
    CTL_LF,
    DLE,
    EOT,
    ESC,
    FS,
    GS,
    HW_INIT,
    PAPER_FULL_CUT,
    PAPER_PART_CUT,
    QR_ECLEVEL_M,
    QR_MODEL_2,
    TXT_SIZE,
    TXT_STYLE,
)

TEXT_ENCODING = "gb18030"
# FS & / FS . : Chinese (Kanji) character mode on / off: two-byte GB codes are read as hanzi.
CHINESE_MODE_ON = FS + b"&"
CHINESE_MODE_OFF = FS + b"."
# GS r 1: paper sensor status, executed in turn with the print data (not in real time): its
# answer says everything sent before it has been processed.
PROCESSED_QUERY = GS + b"r\x01"
# DLE DC4 fn=8: clear the receive and print buffers (Epson; ignored by printers without it).
CLEAR_BUFFERS = DLE + b"\x14\x08\x01\x03\x14\x01\x06\x02\x08"
QR_CODE = b"1"  # cn of GS ( k: QR Code
# The most a model 2 QR code holds at level M in byte mode (version 40).
MAX_QR_BYTES = 2331

# Characters whose GB18030 form is four bytes are missing from the GB2312/GBK fonts of most
# thermal printers (they print "0 6" for ¥). Those with a two-byte twin are sent as the twin.
_TWO_BYTE_TWINS = {"¥": "￥", "\u00a0": " ", "\u2011": "-", "\u2027": "·"}
_UNPRINTABLE = "?"


class StatusQuery(IntEnum):
    """n of DLE EOT n (real-time status transmission)."""

    PRINTER = 1
    OFFLINE_CAUSE = 2
    ERROR_CAUSE = 3
    PAPER = 4


def status_query(n: StatusQuery) -> bytes:
    return DLE + EOT + bytes([n])


def printable(text: str) -> str:
    """``text`` as the printer can show it: control characters (which would be read as
    commands) become spaces, and characters outside the printers' two-byte GB fonts become
    their two-byte twin or '?'."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        char = _TWO_BYTE_TWINS.get(char, char)
        if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
            out.append(" ")
            continue
        try:
            encoded = char.encode(TEXT_ENCODING)
        except UnicodeEncodeError:
            encoded = b""
        out.append(char if 1 <= len(encoded) <= 2 else _UNPRINTABLE)
    return "".join(out)


def encode_text(text: str) -> bytes:
    return printable(text).encode(TEXT_ENCODING)


def text_width(text: str) -> int:
    """Columns ``text`` takes on the printer: a hanzi (two bytes) is two half-width columns."""
    return len(encode_text(text))


class Align(IntEnum):
    LEFT = 0
    CENTER = 1


@dataclass
class ReceiptWriter:
    """Builds one receipt's bytes: ``line`` by ``line``, a ``qr`` code, then ``cut``."""

    chinese_mode: bool = True
    qr_module_size: int = 4
    feed_before_cut: int = 4
    partial_cut: bool = False

    def __post_init__(self) -> None:
        self._out = bytearray(HW_INIT)
        if self.chinese_mode:
            self._out += CHINESE_MODE_ON

    def line(
        self, text: str = "", *, bold: bool = False, align: Align = Align.LEFT, tall: bool = False
    ) -> None:
        self._out += TXT_STYLE["align"]["center" if align == Align.CENTER else "left"]
        if bold:
            self._out += TXT_STYLE["bold"][True]
        if tall:
            self._out += TXT_SIZE + b"\x01"  # GS ! : double height, hanzi and ASCII alike
        self._out += encode_text(text) + CTL_LF
        if tall:
            self._out += TXT_SIZE + b"\x00"
        if bold:
            self._out += TXT_STYLE["bold"][False]

    def qr(self, payload: str) -> None:
        """A QR code (model 2, level M) of ``payload`` in UTF-8, centred (GS ( k)."""
        data = payload.encode("utf-8")
        if not data or len(data) > MAX_QR_BYTES:
            raise ValueError(f"a QR code holds 1 to {MAX_QR_BYTES} bytes, not {len(data)}")
        self._out += TXT_STYLE["align"]["center"]
        self._out += qr_function(65, bytes([48 + QR_MODEL_2, 0]))
        self._out += qr_function(67, bytes([self.qr_module_size]))
        self._out += qr_function(69, bytes([48 + QR_ECLEVEL_M]))
        self._out += qr_function(80, b"0" + data)
        self._out += qr_function(81, b"0")
        self._out += TXT_STYLE["align"]["left"]

    def cut(self) -> None:
        self._out += ESC + b"d" + bytes([self.feed_before_cut])
        self._out += PAPER_PART_CUT if self.partial_cut else PAPER_FULL_CUT

    def bytes(self) -> bytes:
        return bytes(self._out)


def qr_function(fn: int, params: bytes) -> bytes:
    """GS ( k pL pH cn fn params: one QR Code function."""
    size = len(params) + 2
    return GS + b"(k" + bytes([size & 0xFF, size >> 8]) + QR_CODE + bytes([fn]) + params
