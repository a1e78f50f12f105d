"""ESC/POS bytes: the receipt writer and the parser agree, whatever the chunking; garbage never
raises; status bytes read as the command reference says; python-escpos is used for its
constants only, and importing the driver leaves logging alone."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.events import PrinterOutput, PrinterOutputKind
from drivers.printer.decode import EscPosDecoder
from drivers.printer.escpos import Align, ReceiptWriter, encode_text, printable, text_width
from drivers.printer.parse import (
    Cut,
    EscPosParser,
    Initialize,
    QrPrint,
    RealTimeQuery,
    TextLine,
)
from drivers.printer.status import (
    PrinterPaper,
    PrinterStatus,
    is_processed_reply,
    is_status_reply,
    offline_cause_reply,
    paper_reply,
)


def _receipt() -> bytes:
    writer = ReceiptWriter()
    writer.line("重庆图书馆", bold=True, align=Align.CENTER, tall=True)
    writer.line("1. 三体Ⅱ·黑暗森林")
    writer.qr("借出 三体 39001234567890\n应还 2026-12-18")
    writer.cut()
    return writer.bytes()


def test_writer_and_parser_agree() -> None:
    elements = EscPosParser().feed(_receipt())
    assert elements[0] == Initialize()
    assert elements[1:] == [
        TextLine("重庆图书馆"),
        TextLine("1. 三体Ⅱ·黑暗森林"),
        QrPrint("借出 三体 39001234567890\n应还 2026-12-18"),
        Cut(partial=False),
    ]


def test_the_qr_code_is_model_2_and_the_cut_gs_v() -> None:
    data = _receipt()
    assert b"\x1d(k\x04\x001A2\x00" in data  # GS ( k fn 65: model 2
    assert data.endswith(b"\x1dV\x00")
    assert data.startswith(b"\x1b@\x1c&")  # ESC @ then FS & (Chinese mode)


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_any_chunking_reads_the_same(data: st.DataObject) -> None:
    raw = _receipt()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=12)))
    parser = EscPosParser()
    got = []
    start = 0
    for cut in [*cuts, len(raw)]:
        got += parser.feed(raw[start:cut])
        start = cut
    assert got == EscPosParser().feed(raw)


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_garbage_never_raises(data: bytes) -> None:
    parser = EscPosParser(chinese_mode=True)
    parser.feed(data)
    parser.feed(_receipt())  # and a good receipt after it is still read (perhaps in part)


def test_status_queries_are_seen() -> None:
    assert EscPosParser().feed(b"\x10\x04\x02\x10\x04\x04") == [
        RealTimeQuery(2),
        RealTimeQuery(4),
    ]


def test_status_bytes() -> None:
    fine = PrinterStatus.from_replies(0x12, 0x12)
    assert fine.paper == PrinterPaper.OK and fine.can_print
    near = PrinterStatus.from_replies(0x12, 0x1E)
    assert near.paper == PrinterPaper.NEAR_END and near.can_print
    out = PrinterStatus.from_replies(0x32, 0x7E)  # Epson's example of a printer out of paper
    assert out.paper == PrinterPaper.OUT and not out.can_print
    cover = PrinterStatus.from_replies(0x16, 0x12)
    assert cover.paper == PrinterPaper.COVER_OPEN and not cover.can_print
    assert offline_cause_reply(cover_open=True, paper_out=False) == 0x16
    assert paper_reply(near_end=False, out=True) == 0x7E
    assert all(is_status_reply(b) for b in (0x12, 0x16, 0x32, 0x1E, 0x7E))
    assert not any(is_status_reply(b) for b in (0x00, 0x03, 0xFF))
    assert is_processed_reply(0x00) and is_processed_reply(0x03)
    assert not is_processed_reply(0x12)


def test_printable_text() -> None:
    assert printable("¥5\x1b@") == "￥5 @"
    assert printable("𠀀") == "?"  # CJK extension B: four bytes in GB18030, in no printer font
    assert encode_text("三体") == "三体".encode("gb18030")
    assert text_width("三体ab") == 6


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_goes_out_as_two_byte_gb_and_comes_back(text: str) -> None:
    shown = printable(text)
    data = encode_text(text)
    assert data.decode("gb18030") == shown
    assert all(len(char.encode("gb18030")) <= 2 for char in shown)
    assert not any(b < 0x20 or b == 0x7F for b in data)  # never a command byte
    parsed = EscPosParser(chinese_mode=True).feed(data + b"\n")
    assert parsed == [TextLine(shown)]


def test_decoder_events_and_masking() -> None:
    writer = ReceiptWriter()
    writer.line("身份证 500103199001011234")
    writer.cut()
    events = EscPosDecoder().feed(writer.bytes(), 0.0)
    assert events == [
        PrinterOutput(PrinterOutputKind.LINE, "身份证 500103199001011234"),
        PrinterOutput(PrinterOutputKind.CUT),
    ]
    assert events[0].to_json()["text"] == "身份证 500103********1234"
    assert events[0].to_json(reveal=True)["text"] == "身份证 500103199001011234"


def test_importing_the_driver_leaves_logging_and_tmp_alone() -> None:
    # python-escpos's printer classes call logging.basicConfig() and mkdtemp() when imported;
    # the driver uses its constants only, so a kiosk's logging stays its own.
    code = (
        "import logging, sys\n"
        "import drivers.printer.driver, drivers.sim.printer_sim, kiosk.core.receipt\n"
        "assert not logging.getLogger().handlers, logging.getLogger().handlers\n"
        "assert 'escpos.capabilities' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_commands_other_hosts_send_are_skipped_whole() -> None:
    # ESC 3 n, GS P x y, GS W nL nH, FS p n m, ESC D … NUL, GS v 0 (a 1×2 raster), GS k (CODE39)
    noise = (
        b"\x1b3\x41\x1dP\xb4\xb4\x1dW\x40\x02\x1cp\x01\x00\x1bD\x08\x10\x00"
        b"\x1dv0\x00\x01\x00\x02\x00\xff\xff\x1dk\x04ABC\x00"
    )
    assert EscPosParser().feed(noise + b"ok\n") == [TextLine("ok")]


def test_a_qr_code_too_big_for_level_m_is_refused() -> None:
    writer = ReceiptWriter()
    writer.qr("x" * 2331)
    try:
        writer.qr("x" * 2332)
    except ValueError as exc:
        assert "2331" in str(exc)
    else:
        raise AssertionError("a QR code no printer can draw was sent")
