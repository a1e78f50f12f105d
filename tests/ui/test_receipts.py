"""Receipts at the kiosk through the whole app: the summary's Print receipt / No receipt over the
real driver and the simulated printer (which reads back what it printed), the printer's faults
as 'Receipts unavailable' for patrons and in full for technicians, and the on-screen QR code."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from drivers.idcard.demo_cards import ZHANG_SAN
from drivers.printer.status import PrinterPaper
from drivers.sim.printer_sim import PrinterSimulator
from kiosk.core.receipt_desk import ReceiptSettings
from kiosk.core.session import Screen
from kiosk.core.settings import SessionSettings, SyncSettings
from kiosk.demo_env import DemoEnvironment
from kiosk.ui.screens.summary import ReceiptState, SummaryScreen
from kiosk.ui.widgets.qr_code import QrCode, qr_matrix
from tests.ui.full_kiosk import FullKiosk, running_kiosk
from tests.ui.test_flows import click, done, texts

CQL_BOOK, CDL_BOOK = "35001000000031", "35101000000021"  # 白鹿原, 三体Ⅱ·黑暗森林
TITLES = ("白鹿原", "三体Ⅱ·黑暗森林")


@pytest.fixture(name="make_receipt_kiosk")
def make_receipt_kiosk_fixture(qtbot, tmp_path: Path, regional_template: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """The whole app over the demo environment (with its printer), the summary shown long
    enough to print on, in ``language``."""
    envs: list[DemoEnvironment] = []

    def make(language: str = "zh_CN", print_by_default: bool = False):  # type: ignore[no-untyped-def]
        env = DemoEnvironment(tmp_path / "demo", template=regional_template)
        envs.append(env)
        config = env.start()
        config = config.model_copy(
            update={
                "session": SessionSettings().model_copy(update={"summary_s": 120}),
                "sync": SyncSettings(probe_interval_ms=100, backoff_initial_ms=50),
                "ui": config.ui.model_copy(update={"language": language, "sound": False}),
                "receipt": ReceiptSettings(print_by_default=print_by_default),
            }
        )
        return running_kiosk(qtbot, env, config)

    yield make
    for env in envs:
        env.close()


def printer(kiosk: FullKiosk) -> PrinterSimulator:
    sim = kiosk.env.console.devices["printer"]
    assert isinstance(sim, PrinterSimulator)
    return sim


def summary(kiosk: FullKiosk) -> SummaryScreen:
    return kiosk.window.summary


def borrow_two_and_finish(kiosk: FullKiosk) -> None:
    kiosk.sim(f"card {ZHANG_SAN.id_number}")
    kiosk.until(lambda: kiosk.view.screen == Screen.SESSION)
    kiosk.sim(f"scan {CQL_BOOK}")
    kiosk.sim(f"scan {CDL_BOOK}")
    kiosk.until(lambda: done(kiosk, 2))
    click(kiosk, "session.finish")
    kiosk.until(lambda: kiosk.view.screen == Screen.SUMMARY)


def polls_after(kiosk: FullKiosk, more: int = 3) -> None:
    """Wait until the driver polled the printer ``more`` times: a job it had would be sent."""
    sim = printer(kiosk)
    seen = sim.status_queries
    kiosk.until(lambda: sim.status_queries >= seen + 2 * more)  # two queries a poll


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh_CN", ("借出 2 册", "读者：张*", "应还：", "自助借还凭条", "重庆图书馆")),
        ("en", ("Borrowed: 2", "Patron: 张*", "Due: ", "Chongqing Library")),
    ],
)
def test_a_demo_session_prints_a_receipt_the_printer_reads_back(
    make_receipt_kiosk, language: str, words: tuple[str, ...]
) -> None:
    with make_receipt_kiosk(language) as k:
        borrow_two_and_finish(k)
        screen = summary(k)
        click(k, "summary.print")
        k.until(lambda: screen.receipt_state == ReceiptState.PRINTED)
        printed = printer(k).printed()
        assert len(printed) == 1
        paper = printed[0]
        for title in TITLES:
            assert title in paper.text
        for row in k.view.rows:
            assert row.due is not None and row.due.isoformat() in paper.text
        for word in words:
            assert word in paper.text
        # Masked, whatever the library side sent: no full name, no ID number.
        assert ZHANG_SAN.name not in paper.text and ZHANG_SAN.id_number not in paper.text
        assert paper.cut
        # The paper's QR code, the screen's and the receipt's summary are one text.
        receipt = screen.receipt
        assert receipt is not None
        assert paper.qr_codes == [receipt.qr_payload]
        assert screen.qr.text == receipt.qr_payload
        assert ZHANG_SAN.id_number not in receipt.qr_payload
        note = k.widget("summary.receipt")
        assert note.isVisible() and "Printing" not in note.text()  # type: ignore[attr-defined]
        assert not k.widget("summary.print").isVisible()  # one receipt per session
        # Counted in the kiosk's statistics: the next heartbeat tells the service.
        heartbeat = k.app.services.heartbeat
        assert heartbeat is not None and k.env.service is not None
        k.in_background(heartbeat.beat)
        with sqlite3.connect(k.env.service.db) as conn:
            counted = conn.execute(
                "SELECT SUM(count) FROM kiosk_stats_hourly WHERE kind = 'receipt' "
                "AND result = 'printed'"
            ).fetchone()[0]
        assert counted == 1


def test_no_receipt_prints_nothing(make_receipt_kiosk) -> None:
    with make_receipt_kiosk("en") as k:
        borrow_two_and_finish(k)
        click(k, "summary.no_receipt")
        assert summary(k).receipt_state == ReceiptState.DECLINED
        assert not k.widget("summary.print").isVisible()
        click(k, "summary.done")
        k.until(lambda: k.view.screen == Screen.HOME)
        polls_after(k)
        assert printer(k).printed() == []


def test_done_without_a_choice_takes_the_librarys_default(make_receipt_kiosk) -> None:
    with make_receipt_kiosk("en", print_by_default=True) as k:
        borrow_two_and_finish(k)
        assert k.widget("summary.print").property("kind") == "primary"
        click(k, "summary.done")
        k.until(lambda: k.view.screen == Screen.HOME)
        k.until(lambda: len(printer(k).printed()) == 1)
        assert TITLES[0] in printer(k).printed()[0].text


def test_paper_out_says_receipts_unavailable_and_the_technician_sees_why(
    make_receipt_kiosk,
) -> None:
    with make_receipt_kiosk("en") as k:
        k.sim("paper out")
        k.until(lambda: k.app.services.printer_paper() == PrinterPaper.OUT)
        borrow_two_and_finish(k)
        button = k.widget("summary.print")
        k.until(lambda: button.isVisible())
        assert button.text() == "Receipts unavailable"  # type: ignore[attr-defined]
        assert not button.isEnabled()
        assert not k.widget("summary.no_receipt").isVisible()
        # Nothing else on a patron screen speaks of the printer.
        shown = texts(k.window)
        assert "paper" not in shown.lower() and "Some services unavailable" not in shown
        assert k.widget("summary.qr").isVisible()  # the phone still gets the list
        # Paper back in: the patron can print.
        k.sim("paper ok")
        k.until(lambda: button.isEnabled() and button.text() == "Print receipt")  # type: ignore[attr-defined]
        click(k, "summary.done")
        k.until(lambda: k.view.screen == Screen.HOME)
        k.sim("paper out")
        k.until(lambda: k.app.services.printer_paper() == PrinterPaper.OUT)
        k.enter()
        k.tap("technician.device.role.printer")
        state, reason = k.widget("technician.device.state"), k.widget("technician.device.reason")
        k.until(lambda: reason.isVisible())
        assert state.text() == "Now: not working"  # type: ignore[attr-defined]
        assert reason.text() == "The receipt printer is out of paper."  # type: ignore[attr-defined]
        k.sim("cover open")
        k.until(lambda: reason.text() == "The receipt printer's cover is open.")  # type: ignore[attr-defined]


def test_a_print_that_fails_says_so_plainly(make_receipt_kiosk) -> None:
    with make_receipt_kiosk("en") as k:
        borrow_two_and_finish(k)
        screen = summary(k)
        k.until(lambda: screen.receipt_state == ReceiptState.CHOOSING)
        # The roll ends after the printer took the job but before it could print it all.
        printer(k).paper_lines = 3
        click(k, "summary.print")
        k.until(lambda: screen.receipt_state == ReceiptState.FAILED)
        note = k.widget("summary.receipt").text()  # type: ignore[attr-defined]
        assert note == (
            "The printer is out of paper. Your loans are in My account, or scan the QR code."
        )
        assert printer(k).printed() == []


def _grab(widget: QrCode) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_the_on_screen_qr_code_decodes_to_the_receipts_summary(make_receipt_kiosk) -> None:
    with make_receipt_kiosk("zh_CN") as k:
        borrow_two_and_finish(k)
        screen = summary(k)
        k.until(lambda: screen.qr.isVisible() and screen.receipt is not None)
        image = _grab(screen.qr)
        assert screen.qr.module_px() >= 2  # whole pixels a module: sharp enough for a phone
        found = zxingcpp.read_barcodes(image)
        assert len(found) == 1
        assert found[0].format == zxingcpp.BarcodeFormat.QRCode
        payload = found[0].bytes.decode("utf-8")
        receipt = screen.receipt
        assert receipt is not None and payload == receipt.qr_payload
        for title in TITLES:
            assert title in payload
        assert "张*" in payload and ZHANG_SAN.name not in payload
        assert ZHANG_SAN.id_number not in payload
        # In English the code says it in English.
        k.tap("lang.en")
        k.until(lambda: screen.qr.text != payload)
        english = zxingcpp.read_barcodes(_grab(screen.qr))[0].bytes.decode("utf-8")
        assert "Borrowed: 2" in english and english == screen.qr.text


def test_the_painted_modules_are_the_librarys_matrix(qtbot) -> None:
    """Without a decoder: each module's centre pixel is dark exactly where qrcode says."""
    widget = QrCode("qr")
    qtbot.addWidget(widget)
    widget.setFixedSize(240, 240)
    widget.set_text("重庆图书馆\n借出 1 册\n1. 白鹿原 35001000000031")
    image = _grab(widget)
    matrix = qr_matrix(widget.text)
    module = widget.module_px()
    start = (240 - module * len(matrix)) // 2 + module // 2  # the first module's centre
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            pixel = image.pixel(start + x * module, start + y * module)
            assert (pixel & 0xFFFFFF == 0) == dark, (x, y)
    assert image.pixel(1, 1) & 0xFFFFFF == 0xFFFFFF  # the quiet zone is light


def test_a_long_list_still_gets_three_pixels_a_module(qtbot) -> None:
    """Error correction L on screen: 400 bytes (a patron's dozen lines) make a version-13 code,
    3 px a module in the summary's 240 px square; at the paper's M it would be 2 px."""
    widget = QrCode("qr")
    qtbot.addWidget(widget)
    widget.setFixedSize(240, 240)
    widget.set_text("借" * 133 + "x")  # 400 bytes of UTF-8
    assert len(widget.text.encode("utf-8")) == 400
    assert len(widget.matrix) == 69  # version 13
    assert widget.module_px() == 3
