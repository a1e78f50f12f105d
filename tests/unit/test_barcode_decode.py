"""Barcode decoder on real byte streams: every worked example of PROTOCOLS.md §2."""

from __future__ import annotations

from typing import Any

import pytest

from drivers.barcode.classify import make_library_barcode
from drivers.barcode.decode import BarcodeDecoder
from drivers.events import BarcodeKind, BarcodeScanned, ProtocolEvent
from drivers.settings import BarcodeClassifierSettings, BarcodeRule, BarcodeScannerSettings

ITEM = "33191000105864"  # 3319100010586 + check 4
ITEM_2 = "30234000517861"  # 3023400051786 + check 1
ISBN = "9780306406157"  # 978030640615 + check 7


def decoder(**settings: Any) -> BarcodeDecoder:
    return BarcodeDecoder(BarcodeScannerSettings(port="kiosksim://scanner", **settings))


def datas(events: list[ProtocolEvent]) -> list[str]:
    return [e.data for e in events if isinstance(e, BarcodeScanned)]


def scanned(data: str, kind: BarcodeKind, symbology: str | None = None) -> BarcodeScanned:
    return BarcodeScanned(data=data, symbology=symbology, kind=kind, library=None)


@pytest.mark.parametrize(
    ("terminator", "stream"),
    [
        ("cr", b"33191000105864\r30234000517861\r"),
        ("lf", b"33191000105864\n30234000517861\n"),
        ("crlf", b"33191000105864\r\n30234000517861\r\n"),
        ("stx_etx", b"\x0233191000105864\x03\x0230234000517861\x03"),
    ],
)
def test_each_terminator(terminator: str, stream: bytes) -> None:
    assert decoder(terminator=terminator).feed(stream, 0.0) == [
        scanned(ITEM, BarcodeKind.ITEM),
        scanned(ITEM_2, BarcodeKind.ITEM),
    ]


def test_idle_gap_terminator() -> None:
    dec = decoder(terminator="idle", idle_gap_ms=50)
    assert dec.feed(b"3319100", 10.0) == []
    assert dec.feed(b"0105864", 10.02) == []
    assert dec.next_deadline() == pytest.approx(10.07)
    assert dec.poll(10.069) == []
    assert dec.poll(10.07) == [scanned(ITEM, BarcodeKind.ITEM)]
    assert dec.next_deadline() is None


def test_zebra_style_setup_9600_no_suffix() -> None:
    settings = BarcodeScannerSettings(port="/dev/ttyUSB0", baudrate=9600, terminator="idle")
    dec = BarcodeDecoder(settings)
    assert dec.feed(ITEM.encode(), 1.0) == []
    # The next label, a second later: the silence ended the first code.
    assert dec.feed(ISBN.encode(), 2.0) == [scanned(ITEM, BarcodeKind.ITEM)]
    assert dec.poll(2.1) == [scanned(ISBN, BarcodeKind.ISBN)]


def test_honeywell_style_setup_115200_crlf() -> None:
    settings = BarcodeScannerSettings(port="/dev/ttyACM0", baudrate=115200, terminator="crlf")
    dec = BarcodeDecoder(settings)
    assert dec.feed(b"]E09780306406157\r\n", 0.0) == [scanned(ISBN, BarcodeKind.ISBN, "]E0")]


def test_codabar_start_stop_stripped_without_aim() -> None:
    events = decoder().feed(b"A31234000012345B\r", 0.0)
    assert datas(events) == ["31234000012345"]


def test_codabar_start_stop_stripped_with_codabar_aim() -> None:
    assert decoder().feed(b"]F0A33191000105864B\r", 0.0) == [scanned(ITEM, BarcodeKind.ITEM, "]F0")]


def test_codabar_already_stripped_by_the_scanner_is_left_alone() -> None:
    assert decoder().feed(b"]F033191000105864\r", 0.0) == [scanned(ITEM, BarcodeKind.ITEM, "]F0")]


def test_start_stop_shape_under_another_symbology_is_data() -> None:
    assert decoder().feed(b"]C0A123B\r", 0.0) == [scanned("A123B", BarcodeKind.UNKNOWN, "]C0")]


def test_strip_codabar_off_keeps_start_stop() -> None:
    assert decoder(strip_codabar=False).feed(b"A31234000012345B\r", 0.0) == [
        scanned("A31234000012345B", BarcodeKind.UNKNOWN)
    ]


@pytest.mark.parametrize(
    ("frame", "symbology", "data", "kind"),
    [
        ("]C0LIB-0042", "]C0", "LIB-0042", BarcodeKind.UNKNOWN),
        ("]C133191000105864", "]C1", ITEM, BarcodeKind.ITEM),
        ("]E09780306406157", "]E0", ISBN, BarcodeKind.ISBN),
        ("]E3978030640615790000", "]E3", "978030640615790000", BarcodeKind.UNKNOWN),
        ("]E496385074", "]E4", "96385074", BarcodeKind.UNKNOWN),
        ("]X09780306406157", "]X0", ISBN, BarcodeKind.ISBN),
        ("]A0LIB-0042", "]A0", "LIB-0042", BarcodeKind.UNKNOWN),
        ("]F0A33191000105864B", "]F0", ITEM, BarcodeKind.ITEM),
        ("]I012345670", "]I0", "12345670", BarcodeKind.UNKNOWN),
        ("]Q1https://example.org/b/1", "]Q1", "https://example.org/b/1", BarcodeKind.UNKNOWN),
    ],
)
def test_each_aim_example(frame: str, symbology: str, data: str, kind: BarcodeKind) -> None:
    assert decoder().feed(frame.encode() + b"\r", 0.0) == [scanned(data, kind, symbology)]


def test_aim_off_keeps_the_prefix_as_data() -> None:
    assert decoder(aim="off").feed(b"]E09780306406157\r", 0.0) == [
        scanned("]E09780306406157", BarcodeKind.UNKNOWN)
    ]


def test_isbn_patron_and_junk_kinds() -> None:
    patron = make_library_barcode(2, 3191, 42)
    stream = f"{ISBN}\r{patron}\rHELLO WORLD\r".encode()
    assert decoder().feed(stream, 0.0) == [
        scanned(ISBN, BarcodeKind.ISBN),
        scanned(patron, BarcodeKind.PATRON),
        scanned("HELLO WORLD", BarcodeKind.UNKNOWN),
    ]


def test_library_id_of_the_matching_rule_is_reported() -> None:
    classifier = BarcodeClassifierSettings(
        item_rules=[BarcodeRule(library="cq-central", pattern=r"CQ\d{6}", check="none")]
    )
    assert decoder(classifier=classifier).feed(b"CQ000123\r", 0.0) == [
        BarcodeScanned(data="CQ000123", symbology=None, kind=BarcodeKind.ITEM, library="cq-central")
    ]


@pytest.mark.parametrize(
    "noise",
    [b"3319\x001000105864", b"\x1b[A", b"ABC\x7f", b"caf\xc3\xa9", b"\xff\xfe\xfd", b"\t123"],
)
def test_noise_frames_give_no_event_and_do_not_disturb_the_next_scan(noise: bytes) -> None:
    dec = decoder()
    assert dec.feed(noise + b"\r", 0.0) == []
    assert dec.feed(ITEM.encode() + b"\r", 0.1) == [scanned(ITEM, BarcodeKind.ITEM)]


def test_overlong_frame_gives_no_event() -> None:
    dec = decoder(max_length=14)
    assert dec.feed(b"1" * 15 + b"\r", 0.0) == []  # over max_length once decoded
    assert dec.feed(b"2" * 200 + b"\r", 0.1) == []  # over even the framer's allowance
    assert dec.feed(ITEM.encode() + b"\r", 0.2) == [scanned(ITEM, BarcodeKind.ITEM)]


def test_max_length_counts_the_code_not_its_aim_and_start_stop() -> None:
    assert decoder(max_length=14).feed(b"]F0A33191000105864B\r", 0.0) == [
        scanned(ITEM, BarcodeKind.ITEM, "]F0")
    ]


def test_shorter_than_min_length_is_dropped() -> None:
    dec = decoder(min_length=4)
    assert dec.feed(b"123\r]E0\r", 0.0) == []
    assert dec.feed(b"1234\r", 0.0) == [scanned("1234", BarcodeKind.UNKNOWN)]


def test_aim_identifier_alone_is_no_scan() -> None:
    assert decoder().feed(b"]E0\r", 0.0) == []


def test_repeat_within_window_is_one_scan() -> None:
    dec = decoder(repeat_window_ms=1000)
    assert len(dec.feed(ITEM.encode() + b"\r", 5.0)) == 1
    assert dec.feed(ITEM.encode() + b"\r", 5.3) == []
    assert dec.feed(ITEM.encode() + b"\r", 5.9) == []
    assert len(dec.feed(ITEM.encode() + b"\r", 6.0)) == 1


def test_repeat_folding_is_per_code() -> None:
    dec = decoder(repeat_window_ms=1000)
    events = dec.feed(f"{ITEM}\r{ITEM_2}\r{ITEM}\r".encode(), 0.0)
    assert datas(events) == [ITEM, ITEM_2]


def test_start_stop_and_aim_variants_of_one_code_fold_together() -> None:
    dec = decoder()
    stream = f"A{ITEM}B\r]F0A{ITEM}B\r{ITEM}\r".encode()
    assert len(dec.feed(stream, 0.0)) == 1


def test_zero_repeat_window_reports_every_scan() -> None:
    assert len(decoder(repeat_window_ms=0).feed(f"{ITEM}\r{ITEM}\r".encode(), 0.0)) == 2


def test_reset_forgets_partial_frame_and_recent_scans() -> None:
    dec = decoder()
    dec.feed(ITEM.encode() + b"\r3319", 0.0)
    dec.reset()
    assert dec.feed(ITEM.encode() + b"\r", 0.1) == [scanned(ITEM, BarcodeKind.ITEM)]
