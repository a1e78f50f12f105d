"""Reads ESC/POS bytes back into what a printer does with them: lines of text, QR codes, cuts,
and the status queries it answers. Fed by arbitrary chunks; never raises on garbage."""

from __future__ import annotations

from dataclasses import dataclass

# A command longer than this (a raster image of a whole receipt is far smaller) is garbage.
MAX_COMMAND = 70_000

LF, CR, HT = 0x0A, 0x0D, 0x09
DLE, ESC, FS, GS = 0x10, 0x1B, 0x1C, 0x1D


@dataclass(frozen=True)
class TextLine:
    text: str


@dataclass(frozen=True)
class QrPrint:
    payload: str


@dataclass(frozen=True)
class Cut:
    partial: bool


@dataclass(frozen=True)
class RealTimeQuery:
    """DLE EOT n: answered at once, whatever the printer is doing."""

    n: int


@dataclass(frozen=True)
class ProcessedQuery:
    """GS r n: answered once the data before it has been processed."""

    n: int


@dataclass(frozen=True)
class ClearBuffers:
    """DLE DC4 fn=8: the data not yet printed is dropped."""


@dataclass(frozen=True)
class Initialize:
    """ESC @."""


Element = TextLine | QrPrint | Cut | RealTimeQuery | ProcessedQuery | ClearBuffers | Initialize

# ESC commands by their parameter bytes (Epson ESC/POS reference, and the Chinese printers'
# manuals cited in docs/PRINTER.md); an unknown one is taken as two bytes.
_ESC_PARAMS = {
    **dict.fromkeys(b"@2<LS", 0),
    **dict.fromkeys(b" !%-3=?EGJKMRTUVacdefgjtru{", 1),
    **dict.fromkeys(b"$\\B", 2),
    **dict.fromkeys(b"p", 3),
    **dict.fromkeys(b"W", 8),
}
_GS_PARAMS = {
    **dict.fromkeys(b"!BEHITabfhjrwx", 1),
    **dict.fromkeys(b"$LPW\\", 2),
}
_FS_PARAMS = {
    **dict.fromkeys(b"&.", 0),
    **dict.fromkeys(b"!-CWU", 1),
    **dict.fromkeys(b"Sp", 2),
}


class EscPosParser:
    """Feed bytes; get what the printer does. ``chinese_mode``: whether two-byte GB codes are
    read as hanzi before any FS & / FS . (printers differ; FS & makes it sure)."""

    def __init__(self, *, chinese_mode: bool = False) -> None:
        self._default_chinese = chinese_mode
        self.chinese_mode = chinese_mode
        self._buf = bytearray()
        self._line = bytearray()
        self._qr = b""

    def reset(self) -> None:
        self._buf.clear()
        self._line.clear()
        self._qr = b""

    def feed(self, data: bytes) -> list[Element]:
        self._buf += data
        out: list[Element] = []
        i = 0
        buf = self._buf
        while i < len(buf):
            b = buf[i]
            if b >= 0x20 and b != 0x7F:
                self._line.append(b)
                i += 1
                continue
            if b == LF:
                out.append(TextLine(self._text()))
                i += 1
                continue
            if b == HT:
                self._line.append(0x20)
                i += 1
                continue
            size = self._command_size(buf, i)
            if size is None:  # incomplete: wait for more bytes
                if len(buf) - i > MAX_COMMAND:
                    i = len(buf)  # garbage that claims a huge length: drop it
                break
            self._command(bytes(buf[i : i + size]), out)
            i += size
        del buf[:i]
        return out

    def _text(self) -> str:
        raw = bytes(self._line)
        self._line.clear()
        encoding = "gb18030" if self.chinese_mode else "cp437"
        return raw.decode(encoding, errors="replace")

    def _command_size(self, buf: bytearray, i: int) -> int | None:
        b = buf[i]
        if b not in (DLE, ESC, FS, GS):
            return 1  # another control byte (CR, NUL…): no parameters
        if i + 1 >= len(buf):
            return None
        c = buf[i + 1]
        if b == DLE:
            if c == 0x14:  # DLE DC4 fn …
                if i + 2 >= len(buf):
                    return None
                return 10 if buf[i + 2] == 8 else 5
            return 3 if c in (0x04, 0x05) else 2
        if b == ESC:
            if c == ord("D"):  # tab positions, NUL-terminated
                end = buf.find(b"\x00", i + 2)
                return None if end < 0 else end - i + 1
            if c == ord("*"):  # bit image: m nL nH data
                if i + 4 >= len(buf):
                    return None
                m, n = buf[i + 2], buf[i + 3] | buf[i + 4] << 8
                return self._fits(buf, i, 5 + n * (3 if m in (32, 33) else 1))
            if c == ord("c"):  # ESC c 3 n / ESC c 4 n / ESC c 5 n
                return self._fits(buf, i, 4)
            return self._fits(buf, i, 2 + _ESC_PARAMS.get(c, 0))
        if b == GS:
            if c in (ord("("), ord("8")):  # GS ( x pL pH …, GS 8 L p1..p4 …
                wide = c == ord("8")
                head = 7 if wide else 5
                if i + head > len(buf):
                    return None
                if wide:
                    n = int.from_bytes(buf[i + 3 : i + 7], "little")
                else:
                    n = buf[i + 3] | buf[i + 4] << 8
                return self._fits(buf, i, head + n) if head + n <= MAX_COMMAND else 2
            if c == ord("V"):  # GS V m [n]
                if i + 2 >= len(buf):
                    return None
                return 4 if buf[i + 2] >= 65 else 3
            if c == ord("k"):  # barcode: m 0-6 NUL-terminated, m 65-73 with a length
                if i + 2 >= len(buf):
                    return None
                if buf[i + 2] <= 6:
                    end = buf.find(b"\x00", i + 3)
                    return None if end < 0 else end - i + 1
                if i + 3 >= len(buf):
                    return None
                return self._fits(buf, i, 4 + buf[i + 3])
            if c == ord("v"):  # GS v 0 m xL xH yL yH data
                if i + 8 > len(buf):
                    return None
                x, y = buf[i + 4] | buf[i + 5] << 8, buf[i + 6] | buf[i + 7] << 8
                return self._fits(buf, i, 8 + x * y) if 8 + x * y <= MAX_COMMAND else 2
            return self._fits(buf, i, 2 + _GS_PARAMS.get(c, 0))
        if c == ord("("):  # FS ( x pL pH …
            if i + 5 > len(buf):
                return None
            return self._fits(buf, i, 5 + (buf[i + 3] | buf[i + 4] << 8))
        return self._fits(buf, i, 2 + _FS_PARAMS.get(c, 0))

    @staticmethod
    def _fits(buf: bytearray, i: int, size: int) -> int | None:
        return size if i + size <= len(buf) else None

    def _command(self, cmd: bytes, out: list[Element]) -> None:
        if len(cmd) < 2:
            return
        b, c = cmd[0], cmd[1]
        if b == DLE and c == 0x04 and len(cmd) == 3:
            out.append(RealTimeQuery(cmd[2]))
        elif b == DLE and c == 0x14 and len(cmd) == 10 and cmd[2] == 8:
            self._line.clear()
            out.append(ClearBuffers())
        elif b == ESC and c == ord("@"):
            self._line.clear()
            self.chinese_mode = self._default_chinese
            out.append(Initialize())
        elif b == ESC and c in (ord("d"), ord("J")) and self._line:
            out.append(TextLine(self._text()))  # print and feed ends the line
        elif b == FS and c == ord("&"):
            self.chinese_mode = True
        elif b == FS and c == ord("."):
            self.chinese_mode = False
        elif b == GS and c == ord("r") and len(cmd) == 3:
            out.append(ProcessedQuery(cmd[2]))
        elif b == GS and c == ord("V") and len(cmd) >= 3:
            if self._line:
                out.append(TextLine(self._text()))
            out.append(Cut(partial=cmd[2] in (1, 49, 66, 98, 104)))
        elif b == GS and c == ord("(") and len(cmd) >= 7 and cmd[2] == ord("k"):
            self._qr_function(cmd[5], cmd[6], cmd[7:], out)

    def _qr_function(self, cn: int, fn: int, params: bytes, out: list[Element]) -> None:
        if cn != ord("1"):
            return  # another 2D symbol (PDF417…)
        if fn == 80 and params[:1] == b"0":
            self._qr = params[1:]
        elif fn == 81:
            if self._line:
                out.append(TextLine(self._text()))
            out.append(QrPrint(self._qr.decode("utf-8", errors="replace")))
