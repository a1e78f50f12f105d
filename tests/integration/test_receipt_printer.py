"""The real ESC/POS printer driver over the printer simulator, byte level: receipts read back
in both languages, paper and cover as states, jobs refused plainly, unplug and replug."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator

import pytest

from drivers.events import DeviceReason, LinkState, PrintJobResult, PrintOutcome
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.status import PrinterPaper
from drivers.settings import ReceiptPrinterSettings
from drivers.sim.printer_sim import PrinterSimulator
from kiosk.core.receipt import LANGUAGES, WORDS, Receipt, build_receipt, receipt_bytes
from kiosk.core.receipt_desk import ReceiptChoice, ReceiptDesk, ReceiptSettings
from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import ItemRow, SessionView
from kiosk.domain import ActKind
from kiosk.ui.libraries import LIBRARY_NAMES  # a plain table: no Qt comes with it
from regional.demo_catalogue import CHINESE, REFERENCE, WORLD
from tests.helpers import Recorder, wait_until
from tests.integration.sim_devices import registered, sim_settings, started

WHEN = dt.datetime(2026, 12, 4, 21, 50)
DUE = dt.date(2026, 12, 18)
ID_NUMBER = "500103199001011234"


@pytest.fixture
def sim() -> Iterator[PrinterSimulator]:
    with registered(PrinterSimulator(f"printer-{uuid.uuid4().hex[:8]}")) as device:
        yield device


def _settings(sim: PrinterSimulator, **overrides: object) -> ReceiptPrinterSettings:
    values = {"poll_interval_ms": 100, "reply_timeout_ms": 200, "job_timeout_ms": 5_000}
    return sim_settings(ReceiptPrinterSettings, sim, values | overrides)


@pytest.fixture
def printer(sim: PrinterSimulator) -> Iterator[tuple[ReceiptPrinter, Recorder]]:
    recorder = Recorder()
    with started(ReceiptPrinter("printer", _settings(sim), recorder)) as driver:
        wait_until(lambda: driver.paper == PrinterPaper.OK, what="the first status poll")
        yield driver, recorder


def _polls_pass(sim: PrinterSimulator, n: int = 4) -> None:
    start = sim.status_queries
    wait_until(lambda: sim.status_queries >= start + n, what=f"{n} more status queries")


def _row(kind: ActKind, barcode: str, title: str, **more: object) -> ItemRow:
    values: dict[str, object] = dict(pending=False, outcome=Outcome.DONE, code=ResultCode.OK)
    values.update(more)
    return ItemRow(kind, barcode, title=title, **values)  # type: ignore[arg-type]


SESSION = SessionView(
    patron_name="张三丰",
    rows=(
        _row(ActKind.BORROW, "39001234567890", "三体Ⅱ·黑暗森林", due=DUE),
        _row(
            ActKind.BORROW,
            "39001234567891",
            "The Little Prince",
            due=DUE,
            outcome=Outcome.PROVISIONAL,
            provisional=True,
        ),
        _row(
            ActKind.RETURN,
            "39001234567892",
            "活着",
            routing_action="transit",
            routing_library="CDL",
        ),
        _row(ActKind.RETURN, "39001234567893", "围城", routing_action="hold_shelf"),
        _row(ActKind.RENEW, "39001234567894", "边城", due=DUE),
        # Not done: no proof of anything, so not on the receipt.
        _row(
            ActKind.BORROW,
            "39001234567895",
            "茶馆",
            outcome=Outcome.REFUSED,
            code=ResultCode.ITEM_NOT_LOANABLE,
        ),
        ItemRow(ActKind.BORROW, "39001234567896"),  # still pending
    ),
)

EXPECTED = {
    "zh_CN": [
        "重庆图书馆",
        "自助借还凭条",
        "-" * 32,
        "自助机：KIOSK-7",
        "时间：2026-12-04 21:50",
        "读者：张*",
        "借出 2 册",
        "1. 三体Ⅱ·黑暗森林",
        "   条码：39001234567890",
        "   应还：2026-12-18",
        "2. The Little Prince",
        "   条码：39001234567891",
        "   应还：2026-12-18",
        "   离线办理，联网后确认",
        "续借 1 册",
        "3. 边城",
        "   条码：39001234567894",
        "   应还：2026-12-18",
        "归还 2 册",
        "4. 活着",
        "   条码：39001234567892",
        "   去向：送往成都图书馆",
        "5. 围城",
        "   条码：39001234567893",
        "   去向：预约书架（有读者在等）",
        "-" * 32,
        "请保留此凭条，扫码可存到手机",
    ],
    "en": [
        "Chongqing Library",
        "Self-service receipt",
        "-" * 32,
        "Kiosk: KIOSK-7",
        "Time: 2026-12-04 21:50",
        "Patron: 张*",
        "Borrowed: 2",
        "1. 三体Ⅱ·黑暗森林",
        "   Barcode: 39001234567890",
        "   Due: 2026-12-18",
        "2. The Little Prince",
        "   Barcode: 39001234567891",
        "   Due: 2026-12-18",
        "   Done offline; confirmed once",
        "   online",
        "Renewed: 1",
        "3. 边城",
        "   Barcode: 39001234567894",
        "   Due: 2026-12-18",
        "Returned: 2",
        "4. 活着",
        "   Barcode: 39001234567892",
        "   Goes to: Chengdu Library",
        "5. 围城",
        "   Barcode: 39001234567893",
        "   Goes to: the hold shelf (a",
        "   reader waits)",
        "-" * 32,
        "Keep this receipt, or scan it to",
        "your phone",
    ],
}


def _build(language: str, view: SessionView = SESSION) -> Receipt:
    return build_receipt(
        view,
        kiosk_id="KIOSK-7",
        library_id="CQL",
        language=language,
        when=WHEN,
        library_names=LIBRARY_NAMES,
    )


def _receipt(language: str, view: SessionView = SESSION) -> bytes:
    return receipt_bytes(_build(language, view), ReceiptPrinterSettings(enabled=False))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_receipt_is_printed_and_read_back(sim, printer, language) -> None:
    driver, rec = printer
    result = driver.print_bytes(_receipt(language)).result(timeout=10)
    assert result.outcome == PrintOutcome.PRINTED
    assert rec.wait_count(PrintJobResult, 1)[0] == result
    (printed,) = sim.printed()
    assert printed.cut
    assert printed.lines == EXPECTED[language]
    # The QR code says the same in plain text (its lines unwrapped, without rules and footer).
    (qr,) = printed.qr_codes
    assert qr == _build(language).qr_payload
    body = [line for line in EXPECTED[language] if line != "-" * 32][: len(EXPECTED[language])]
    assert qr.splitlines()[:8] == body[:8]
    assert "39001234567894" in qr and "39001234567893" in qr


def test_the_qr_code_holds_the_whole_summary_unwrapped(sim, printer) -> None:
    driver, _ = printer
    assert driver.print_bytes(_receipt("en")).result(timeout=10).printed
    (qr,) = sim.printed()[0].qr_codes
    assert "   Done offline; confirmed once online" in qr.splitlines()
    assert "Keep this receipt" not in qr


def _shipped_strings() -> list[str]:
    """Every fixed text a receipt can carry, in both languages, and the demo catalogue."""
    values = dict(
        kiosk="KIOSK-1", time="2026-12-04 21:50", patron="张*", count=3, barcode="3900", date="2026"
    )
    strings = []
    for zh, en in WORDS.values():
        strings += [zh.format(library="成都图书馆", **values), en.format(library="X", **values)]
    for zh, en in LIBRARY_NAMES.values():
        strings += [zh, en]
    for title, author in (*CHINESE, *WORLD, *REFERENCE):
        strings += [title, author]
    return strings


def test_every_shipped_string_and_demo_title_reads_back_identical(sim, printer) -> None:
    driver, _ = printer
    strings = _shipped_strings()
    assert len(strings) > 200
    writer = driver.writer()
    for text in strings:
        writer.line(text)
    writer.cut()
    assert driver.print_bytes(writer.bytes()).result(timeout=10).printed
    (printed,) = sim.printed()
    assert printed.lines == strings
    # …in the two-byte GB codes every Chinese printer's font has (no four-byte GB18030).
    for text in strings:
        assert text.encode("gbk").decode("gb18030") == text


def test_without_chinese_mode_the_printer_prints_junk(sim) -> None:
    # Why FS & goes first: this printer powers up in single-byte mode, like many do.
    recorder = Recorder()
    driver = ReceiptPrinter("printer", _settings(sim, chinese_mode=False), recorder)
    driver.start()
    try:
        wait_until(lambda: driver.paper == PrinterPaper.OK)
        writer = driver.writer()
        writer.line("重庆图书馆")
        writer.cut()
        assert driver.print_bytes(writer.bytes()).result(timeout=10).printed
        assert sim.printed()[0].lines != ["重庆图书馆"]
    finally:
        driver.close()


def test_yen_and_control_characters_cannot_break_a_receipt(sim, printer) -> None:
    driver, _ = printer
    writer = driver.writer()
    writer.line("¥12.00")  # four bytes in GB18030: most printers' fonts lack it
    writer.line("书名\x1dV\x00cut")  # a title must never send a command (here: a cut)
    writer.cut()
    assert driver.print_bytes(writer.bytes()).result(timeout=10).printed
    (printed,) = sim.printed()
    assert printed.lines == ["￥12.00", "书名 V cut"]


def test_no_full_id_number_or_name_on_a_receipt(sim, printer) -> None:
    driver, _ = printer
    view = SessionView(
        patron_name="欧阳娜娜",
        rows=(_row(ActKind.BORROW, "39001234567890", f"读者 {ID_NUMBER} 的书", due=DUE),),
    )
    for language in LANGUAGES:
        assert driver.print_bytes(_receipt(language, view)).result(timeout=10).printed
    printed = sim.printed()
    assert len(printed) == 2
    for receipt in printed:
        everything = "\n".join(receipt.lines + receipt.qr_codes)
        assert "欧阳娜娜" not in everything and "阳娜" not in everything
        assert "欧*" in everything
        assert ID_NUMBER not in everything
        assert not re.search(r"\d{17}[\dX]", everything)


def test_paper_near_end_still_prints(sim, printer) -> None:
    driver, rec = printer
    sim.set_paper("near-end")
    rec.wait_state(LinkState.CONNECTED, DeviceReason.PAPER_NEAR_END)
    assert driver.paper == PrinterPaper.NEAR_END
    assert driver.print_bytes(_receipt("zh_CN")).result(timeout=10).printed


@pytest.mark.parametrize(
    ("fault", "reason", "paper", "outcome"),
    [
        ("paper out", DeviceReason.PAPER_OUT, PrinterPaper.OUT, PrintOutcome.PAPER_OUT),
        ("cover open", DeviceReason.COVER_OPEN, PrinterPaper.COVER_OPEN, PrintOutcome.COVER_OPEN),
    ],
)
def test_paper_out_and_cover_open_are_states_and_refuse_a_print(
    sim, printer, fault, reason, paper, outcome
) -> None:
    driver, rec = printer
    verb, arg = fault.split()
    sim.command(verb, [arg])
    rec.wait_state(LinkState.ERROR, reason)
    assert driver.paper == paper
    future = driver.print_bytes(_receipt("zh_CN"))
    assert future.done()  # refused at once, not after a wait
    assert future.result().outcome == outcome
    _polls_pass(sim)
    assert sim.printed() == []
    # Fixed: the state clears and the next receipt prints.
    sim.command(verb, ["ok" if verb == "paper" else "closed"])
    rec.wait_state(LinkState.CONNECTED, None)
    assert driver.print_bytes(_receipt("zh_CN")).result(timeout=10).printed
    assert len(sim.printed()) == 1


def test_paper_running_out_mid_receipt_fails_it_and_drops_the_rest(sim, printer) -> None:
    driver, rec = printer
    sim.paper_lines = 5
    result = driver.print_bytes(_receipt("zh_CN")).result(timeout=10)
    assert result.outcome == PrintOutcome.PAPER_OUT
    rec.wait_state(LinkState.ERROR, DeviceReason.PAPER_OUT)
    # New paper: the rest of that receipt must not come out for whoever stands there now.
    sim.set_paper("ok")
    rec.wait_state(LinkState.CONNECTED, None)
    _polls_pass(sim)
    assert sim.printed() == []
    assert len(sim.receipts[-1].lines) == 5
    assert driver.print_bytes(_receipt("en")).result(timeout=10).printed
    assert sim.printed()[-1].lines[-1] == EXPECTED["en"][-1]


def test_unplug_refuses_plainly_and_replug_prints_again(sim, printer) -> None:
    driver, rec = printer
    sim.unplug()
    rec.wait_state(LinkState.DISCONNECTED)
    assert driver.paper == PrinterPaper.NONE
    refused = driver.print_bytes(_receipt("zh_CN"))
    assert refused.done() and refused.result().outcome == PrintOutcome.NOT_CONNECTED
    sim.replug()
    wait_until(lambda: driver.paper == PrinterPaper.OK, what="reconnected and polled")
    assert driver.print_bytes(_receipt("zh_CN")).result(timeout=10).printed
    assert sim.printed()[0].lines == EXPECTED["zh_CN"]


def test_a_silent_printer_fails_a_job_with_no_reply(sim, printer) -> None:
    driver, rec = printer
    sim.silent = True
    rec.wait_state(LinkState.ERROR, DeviceReason.READER_SILENT)
    assert driver.paper == PrinterPaper.NONE
    result = driver.print_bytes(_receipt("zh_CN")).result(timeout=10)
    assert result.outcome == PrintOutcome.NO_REPLY
    sim.silent = False
    rec.wait_state(LinkState.CONNECTED, None)


def test_an_80_mm_printer_gets_wider_lines(sim, printer) -> None:
    driver, _ = printer
    wide = ReceiptPrinterSettings(enabled=False, line_width=48, partial_cut=True)
    assert driver.print_bytes(receipt_bytes(_build("en"), wide)).result(timeout=10).printed
    (printed,) = sim.printed()
    assert "-" * 48 in printed.lines
    assert "   Goes to: the hold shelf (a reader waits)" in printed.lines


def test_a_printer_without_gs_r(sim) -> None:
    """A model that ignores GS r prints, but never confirms: with confirmation on the job ends
    in no_reply; with it off (the setting for such models) it is printed after a clean poll."""
    sim.answers_gs_r = False
    for confirm, outcome in [(True, PrintOutcome.NO_REPLY), (False, PrintOutcome.PRINTED)]:
        settings = _settings(sim, job_timeout_ms=1_000, confirm_with_gs_r=confirm)
        driver = ReceiptPrinter("printer", settings, Recorder())
        driver.start()
        try:
            wait_until(lambda d=driver: d.paper == PrinterPaper.OK)  # type: ignore[misc]
            assert driver.print_bytes(_receipt("zh_CN")).result(timeout=10).outcome == outcome
        finally:
            driver.close()
    assert len(sim.printed()) == 2


def test_without_gs_r_a_roll_running_out_is_still_seen(sim) -> None:
    sim.answers_gs_r = False
    sim.paper_lines = 3
    driver = ReceiptPrinter("printer", _settings(sim, confirm_with_gs_r=False), Recorder())
    driver.start()
    try:
        wait_until(lambda: driver.paper == PrinterPaper.OK)
        result = driver.print_bytes(_receipt("zh_CN")).result(timeout=10)
        assert result.outcome == PrintOutcome.PAPER_OUT
    finally:
        driver.close()


# ---- the kiosk's receipt desk (kiosk/core/receipt_desk.py) ------------------------------------
def _desk(driver: ReceiptPrinter | None, choices: list[ReceiptChoice]) -> ReceiptDesk:
    return ReceiptDesk(
        ReceiptSettings(),
        lambda: driver,
        kiosk_id="KIOSK-7",
        library_id="CQL",
        library_names=LIBRARY_NAMES,
        clock=lambda: WHEN,
        on_choice=choices.append,
    )


def test_a_receipt_is_printed_and_counted(
    printer: tuple[ReceiptPrinter, Recorder],
    sim: PrinterSimulator,
) -> None:
    driver, _events = printer
    choices: list[ReceiptChoice] = []
    desk = _desk(driver, choices)
    assert desk.has_printer and desk.paper == PrinterPaper.OK
    receipt = desk.receipt(SESSION, "zh_CN")
    job = desk.print(receipt)
    wait_until(job.done, what="the receipt printed")
    assert job.result().outcome == PrintOutcome.PRINTED
    wait_until(lambda: choices == [ReceiptChoice.PRINTED], what="the receipt counted")
    [paper] = sim.printed()
    assert paper.qr_codes == [receipt.qr_payload] and "重庆图书馆" in paper.text
    assert "KIOSK-7" in paper.text and "2026-12-04 21:50" in paper.text
    desk.declined()
    assert choices == [ReceiptChoice.PRINTED, ReceiptChoice.DECLINED]


def test_paper_out_is_reported_and_a_receipt_then_fails(
    printer: tuple[ReceiptPrinter, Recorder],
    sim: PrinterSimulator,
) -> None:
    driver, _events = printer
    choices: list[ReceiptChoice] = []
    desk = _desk(driver, choices)
    sim.set_paper("out")
    wait_until(lambda: desk.paper == PrinterPaper.OUT, what="paper out polled")
    job = desk.print(desk.receipt(SESSION, "en"))
    wait_until(job.done, what="the receipt refused")
    assert job.result().outcome == PrintOutcome.PAPER_OUT
    wait_until(lambda: choices == [ReceiptChoice.FAILED], what="the failure counted")
    assert sim.printed() == []


def test_without_a_printer_nothing_prints_and_the_paper_is_none() -> None:
    choices: list[ReceiptChoice] = []
    desk = _desk(None, choices)
    assert not desk.has_printer and desk.paper == PrinterPaper.NONE
    job = desk.print(desk.receipt(SESSION, "en"))
    assert job.result(timeout=0).outcome == PrintOutcome.NOT_CONNECTED
    assert choices == [ReceiptChoice.FAILED]
