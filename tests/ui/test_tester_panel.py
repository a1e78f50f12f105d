"""The tester panel reaches every patron flow of the demo kiosk (the whole app over the real
service and simulated devices), and fits its window without scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QWidget

from drivers.events import LinkState
from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from drivers.rfid.security import AFI_IN_LIBRARY, AFI_ON_LOAN, ItemState
from drivers.rfid.tag import decode_tag
from drivers.sim.idcard_sim import IdCardSimulator
from drivers.sim.rfid_sim import FOREIGN_UID, GARBAGE_UID, SimTag
from kiosk.backend.sip2.settings import BackendKind
from kiosk.core.results import ResultCode
from kiosk.core.session import RowSecurity, Screen
from kiosk.core.settings import SyncSettings
from kiosk.demo_env import DEMO_LIBRARY_CARDS, BookFlow, DemoEnvironment
from kiosk.demo_tags import demo_uid
from kiosk.ui import tester_panel
from kiosk.ui.libraries import library_name
from kiosk.ui.messages import block_text
from kiosk.ui.screens.notices import patron_notices
from patron_identity.kinds import CredentialKind
from tests.ui.full_kiosk import FullKiosk, running_kiosk
from tests.ui.test_flows import click, done, texts

# A book on loan in the seeded network, owned by the demo kiosk's library (the returns scenario's).
RETURNED_BOOK = "35001000000015"

# Where each kind of return goes at the demo kiosk (Chongqing Library): (action, library);
# None: the group's own library.
ROUTED = {
    BookFlow.SHELVE: ("shelve", "CQL"),
    BookFlow.TRANSIT: ("transit", None),
    BookFlow.HOLD_HERE: ("hold_shelf", "CQL"),
    BookFlow.HOLD_TRANSIT: ("transit", None),
    BookFlow.LOST_FOUND: ("transit", None),
}


@pytest.fixture
def panel(full_kiosk: FullKiosk) -> Iterator[tester_panel.TesterPanel]:
    panel = tester_panel.TesterPanel(full_kiosk.env)  # (imported by module: pytest collects Test*)
    full_kiosk.qtbot.addWidget(panel)  # type: ignore[attr-defined]
    panel.show()
    yield panel
    panel.close()


@pytest.fixture(params=["regional", "sip2"])
def demo_kiosk(request: pytest.FixtureRequest) -> FullKiosk:
    """The demo over the regional service, or over SIP2 (`kiosk demo --backend sip2`)."""
    name = "full_kiosk" if request.param == "regional" else "sip2_kiosk"
    kiosk: FullKiosk = request.getfixturevalue(name)
    return kiosk


@pytest.fixture
def demo_panel(demo_kiosk: FullKiosk) -> Iterator[tester_panel.TesterPanel]:
    panel = tester_panel.TesterPanel(demo_kiosk.env)
    demo_kiosk.qtbot.addWidget(panel)  # type: ignore[attr-defined]
    panel.show()
    yield panel
    panel.close()


def press(k: FullKiosk, panel: tester_panel.TesterPanel, name: str) -> None:
    button = panel.findChild(QPushButton, name)
    assert button is not None, f"no button {name} on the panel"
    k.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def log(panel: tester_panel.TesterPanel) -> str:
    found = panel.findChild(QPlainTextEdit, "panel.log")
    assert found is not None
    return found.toPlainText()


def test_every_kind_of_return_goes_where_its_button_says(
    demo_kiosk: FullKiosk, demo_panel: tester_panel.TesterPanel
) -> None:
    """Over SIP2 too: the groups are read from the library system's data as it is now."""
    k, panel = demo_kiosk, demo_panel
    groups = {g.flow: g for g in k.env.book_groups() if g.flow in ROUTED}
    assert set(groups) == set(ROUTED)  # the seeded network has each kind
    for n, group in enumerate(groups.values(), start=1):
        book = group.books[0]
        button = panel.findChild(QPushButton, f"panel.scan.{book.barcode}")
        assert button is not None
        action, library = ROUTED[group.flow]
        if action == "transit":  # the tester reads where it goes before tapping
            assert group.library_name in group.label and group.library_name in button.toolTip()
        press(k, panel, f"panel.scan.{book.barcode}")
        k.until(lambda n=n: k.view.screen == Screen.RETURNS and done(k, n))
        row = k.view.rows[-1]
        assert row.barcode == book.barcode
        expected = library or group.library
        if k.env.sip2 is not None and action != "transit":
            expected = None  # a SIP2 checkin names a library (CT) only for a book that leaves
        assert (row.routing_action, row.routing_library) == (action, expected)
        if action == "transit":  # the screen names the library it goes to
            k.until(lambda lib=row.routing_library: library_name(lib, "zh_CN") in texts(k.window))
    # Refreshed, the panel no longer offers the returned books as returns.
    returned = {row.barcode for row in k.view.rows}
    press(k, panel, "panel.refresh")
    k.until(
        lambda: (
            not any(
                b.barcode in returned
                for g in k.env.book_groups()
                if g.flow in ROUTED
                for b in g.books
            )
        )
    )

    def offered() -> list[str]:
        return [
            b.toolTip()
            for b in panel.findChildren(QPushButton)
            if b.isVisible() and b.objectName() in {f"panel.scan.{code}" for code in returned}
        ]

    k.until(offered)
    assert not any("On loan" in tip for tip in offered())  # a shelved one to borrow


def test_a_new_resident_card_registers_a_new_patron_each_press(
    full_kiosk: FullKiosk, panel: tester_panel.TesterPanel
) -> None:
    k = full_kiosk
    reader = k.env.console.devices["id_card_reader"]
    assert isinstance(reader, IdCardSimulator)
    numbers: list[str] = []
    for _ in range(2):  # the second press swaps the first card on the reader for a new one
        press(k, panel, "panel.card.new")
        k.until(lambda: reader.card is not None and reader.card.id_number not in numbers)
        assert reader.card is not None
        numbers.append(reader.card.id_number)
        k.until(
            lambda: (
                k.view.screen == Screen.SESSION
                and k.view.registered_now
                and k.env.standing(CredentialKind.ID_CARD, numbers[-1]) is not None
            )
        )
        welcome = [text for tone, text in patron_notices(k.view) if tone == "ok"]
        k.until(lambda welcome=welcome: welcome[0] in texts(k.window))
    assert reader.reads == 2  # each card was read: the swap was not taken for the first card
    press(k, panel, "panel.lift")
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.HOME)
    placed = [line for line in log(panel).splitlines() if "placed" in line]
    assert len(placed) == 2 and all(n not in log(panel) for n in numbers)  # shown masked


def test_the_fines_card_shows_the_fines_message(
    full_kiosk: FullKiosk, panel: tester_panel.TesterPanel
) -> None:
    k = full_kiosk
    card = next(c for c in DEMO_LIBRARY_CARDS if c.name == "钱多多")
    button = panel.findChild(QPushButton, f"panel.libcard.{card.number}")
    assert button is not None and "fines ¥15.00" in button.text() and card.pin in button.text()
    press(k, panel, f"panel.libcard.{card.number}")
    k.until(lambda: k.view.screen == Screen.PIN)
    for digit in card.pin:
        click(k, f"pin.digit.{digit}")
    click(k, "pin.ok")
    k.until(lambda: k.view.screen == Screen.SESSION)
    assert [b.code for b in k.view.blocks] == ["fines_over_limit"]
    k.until(lambda: block_text("fines_over_limit", k.view.fines_cents) in texts(k.window))
    assert "15.00" in block_text("fines_over_limit", k.view.fines_cents)


def test_the_seeded_standings_label_the_cards(
    demo_kiosk: FullKiosk, demo_panel: tester_panel.TesterPanel
) -> None:
    panel = demo_panel
    labels = {
        c.name: panel.findChild(QPushButton, f"panel.libcard.{c.number}").text()  # type: ignore[union-attr]
        for c in DEMO_LIBRARY_CARDS
    }
    assert "card expired" in labels["冯远"] and "blocked" in labels["邓超群"]
    k, env = demo_kiosk, demo_kiosk.env
    # 李四's button says an overdue book (whose fine grows): his session shows both.
    li_si = panel.findChild(QPushButton, f"panel.card.{LI_SI.id_number}")
    assert li_si is not None and "overdue" in li_si.text() and "fines" in li_si.toolTip()
    press(k, panel, f"panel.card.{LI_SI.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    assert any(loan.overdue for loan in k.view.loans) and k.view.fines_cents > 0
    fines = [text for tone, text in patron_notices(k.view) if tone == "info"]
    k.until(lambda: fines[0] in texts(k.window))
    assert env.standing(CredentialKind.ID_CARD, ZHANG_SAN.id_number) == []
    fresh = env.new_resident()
    assert env.standing(CredentialKind.ID_CARD, fresh) is None  # never registered


def test_a_typed_barcode_or_id_number_is_scanned_or_tapped(
    full_kiosk: FullKiosk, panel: tester_panel.TesterPanel
) -> None:
    k = full_kiosk
    field = panel.findChild(QLineEdit, "panel.input")
    assert field is not None
    for typed, button, says in (
        ("", "panel.input.scan", "Type a barcode"),
        ("三体", "panel.input.scan", "plain letters and digits"),
        ("500103199003070112", "panel.input.idcard", "Not a valid ID number"),  # wrong check
    ):
        field.setText(typed)
        press(k, panel, button)
        k.until(lambda says=says: says in log(panel).splitlines()[-1])
    assert k.view.screen == Screen.HOME  # nothing typed wrongly reached the kiosk
    shelf = next(g for g in k.env.book_groups() if g.flow == BookFlow.SHELVE).books[0]
    field.setText(shelf.barcode)
    k.qtbot.keyClick(field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    k.until(lambda: k.view.screen == Screen.RETURNS and done(k, 1))
    assert k.view.rows[0].barcode == shelf.barcode
    click(k, "returns.finish")
    k.until(lambda: k.view.screen == Screen.HOME)
    field.setText(ZHANG_SAN.id_number)
    press(k, panel, "panel.input.idcard")
    k.until(lambda: k.view.screen == Screen.SESSION)
    assert ZHANG_SAN.id_number not in log(panel)  # the log shows it masked
    press(k, panel, "panel.lift")
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.HOME)
    field.setText(DEMO_LIBRARY_CARDS[0].number)
    press(k, panel, "panel.input.libcard")
    k.until(lambda: k.view.screen == Screen.PIN)  # a library card: its PIN is asked


@pytest.mark.parametrize("tab", [0, 1, 2], ids=["scan", "pad", "printer"])
def test_the_panel_fits_its_window_without_scrolling(
    panel: tester_panel.TesterPanel, qtbot, tab: int
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitExposed(panel)
    panel.book_tabs.setCurrentIndex(tab)  # the books scanned, or put on the pad
    qtbot.waitUntil(lambda: panel.book_tabs.currentWidget().isVisible())
    assert panel.width() <= tester_panel.PANEL_WIDTH and panel.height() <= tester_panel.PANEL_HEIGHT
    viewport = panel.scroll_area.viewport()
    hint = panel.content.sizeHint()
    assert hint.height() <= viewport.height(), (hint.height(), viewport.height())
    assert hint.width() <= viewport.width(), (hint.width(), viewport.width())
    assert not panel.scroll_area.verticalScrollBar().isVisible()
    # Every button's text fits on it (a long title is cut with an ellipsis beforehand).
    shown = [b for b in panel.findChildren(QPushButton) if b.isVisible()]
    prefixes = ("panel.scan.", "panel.pad.", "panel.printer.")
    assert any(b.objectName().startswith(prefixes[tab]) for b in shown)
    for button in shown:
        needed = button.fontMetrics().horizontalAdvance(button.text())
        assert needed <= button.contentsRect().width() - 8, button.text()
    if tab == 1:  # the pad's list has room for a stack of five, one line each
        rows = panel.pad_list.viewport().height() // panel.pad_list.fontMetrics().lineSpacing()
        assert rows >= tester_panel.STACK_SIZE + 1, rows


def test_the_panel_is_placed_on_the_screen_beside_or_over_the_kiosk(
    panel: tester_panel.TesterPanel, qtbot
) -> None:  # type: ignore[no-untyped-def]
    kiosk_window = QWidget()
    qtbot.addWidget(kiosk_window)
    kiosk_window.setGeometry(0, 0, 1280, 800)  # as wide as the screen or wider: no room beside
    kiosk_window.show()
    panel.place_beside(kiosk_window)
    screen = (kiosk_window.screen() or panel.screen()).availableGeometry()
    placed = panel.frameGeometry()
    assert screen.left() <= placed.left() and placed.right() <= screen.right()
    assert placed.top() >= screen.top()


@pytest.fixture
def sip2_kiosk(qtbot, tmp_path: Path, regional_template: Path) -> Iterator[FullKiosk]:  # type: ignore[no-untyped-def]
    """The demo over SIP2 (`kiosk demo --backend sip2`), a lost system probed every 100 ms."""
    env = DemoEnvironment(tmp_path / "demo", template=regional_template, backend=BackendKind.SIP2)
    try:
        config = env.start()
        config = config.model_copy(
            update={"sync": SyncSettings(probe_interval_ms=100, backoff_initial_ms=50)}
        )
        with running_kiosk(qtbot, env, config) as kiosk:
            yield kiosk
    finally:
        env.close()


def test_over_sip2_the_service_buttons_stop_and_start_the_library_system(
    sip2_kiosk: FullKiosk,
) -> None:
    k = sip2_kiosk
    system = k.env.sip2
    assert system is not None and system.running
    panel = tester_panel.TesterPanel(k.env)
    k.qtbot.addWidget(panel)  # type: ignore[attr-defined]
    panel.show()
    try:
        assert "SIP2" in texts(panel)
        press(k, panel, "panel.service.stop")
        k.until(lambda: panel.service_state.text() == "stopped")
        assert not system.running
        # A book returned now is taken offline: the kiosk found the library system gone.
        k.sim(f"scan {RETURNED_BOOK}")
        k.until(lambda: k.view.screen == Screen.RETURNS and k.view.offline)
        press(k, panel, "panel.service.start")
        k.until(lambda: panel.service_state.text() == "running")
        assert system.running
        k.until(lambda: not k.view.offline)
    finally:
        panel.close()


@pytest.fixture
def slow_kiosk(qtbot, tmp_path: Path, regional_template: Path) -> Iterator[FullKiosk]:  # type: ignore[no-untyped-def]
    """The demo with the kiosk's own session timers: a tester's steps between two pad acts
    (a lift noticed by the reader, the list refreshed) must not end the session."""
    env = DemoEnvironment(tmp_path / "demo", template=regional_template)
    try:
        with running_kiosk(qtbot, env, env.start()) as kiosk:
            yield kiosk
    finally:
        env.close()


@pytest.fixture
def slow_panel(slow_kiosk: FullKiosk) -> Iterator[tester_panel.TesterPanel]:
    panel = tester_panel.TesterPanel(slow_kiosk.env)
    slow_kiosk.qtbot.addWidget(panel)  # type: ignore[attr-defined]
    panel.show()
    yield panel
    panel.close()


def pad_rows(panel: tester_panel.TesterPanel) -> list[str]:
    return [panel.pad_list.item(i).text() for i in range(panel.pad_list.count())]


def test_a_stack_on_the_pad_is_borrowed_and_a_failed_write_is_put_right_from_the_panel(
    slow_kiosk: FullKiosk, slow_panel: tester_panel.TesterPanel
) -> None:
    k, env, panel = slow_kiosk, slow_kiosk.env, slow_panel
    panel.book_tabs.setCurrentIndex(1)
    press(k, panel, f"panel.card.{ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    stack = env.stack_to_borrow(tester_panel.STACK_SIZE)
    assert len(stack) == 5 and len({b.owner for b in stack}) > 1  # of several libraries
    press(k, panel, "panel.pad.fail_write")  # the first security write does not take
    press(k, panel, "panel.pad.stack")

    def settled() -> bool:
        rows = k.view.rows
        return len(rows) == 5 and all(
            not r.pending and r.security != RowSecurity.WRITING for r in rows
        )

    k.until(settled)
    assert {r.barcode for r in k.view.rows} == {b.barcode for b in stack}
    (failed,) = [r for r in k.view.rows if r.security == RowSecurity.NOT_SET]
    assert failed.tag_uid == demo_uid(failed.barcode)
    # The list shows each tag's security as the kiosk left it: four lent, one still secured.
    k.until(lambda: len(pad_rows(panel)) == 5)
    k.until(lambda: sum("not secured (on loan)" in row for row in pad_rows(panel)) == 4)
    # Lifted and put back (the panel keeps it in hand), the book is written again.
    item = next(
        panel.pad_list.item(i)
        for i in range(5)
        if panel.pad_list.item(i).data(Qt.ItemDataRole.UserRole) == failed.tag_uid
    )
    panel.pad_list.setCurrentItem(item)
    press(k, panel, "panel.pad.lift")
    k.until(lambda: "4 tag(s)" in panel.pad_count.text())
    tag_reader = k.app.services.drivers["rfid_reader"]
    k.until(lambda: failed.tag_uid not in tag_reader.present_tags())  # type: ignore[attr-defined]
    press(k, panel, "panel.pad.put_back")
    k.until(lambda: [r.security for r in k.view.rows] == [RowSecurity.SET] * 5)
    assert k.view.screen == Screen.SESSION  # no book borrowed twice, the session goes on
    sim = env.pad.sim
    assert all(sim.tag(demo_uid(b.barcode)).afi == AFI_ON_LOAN for b in stack)  # type: ignore[union-attr]
    k.until(lambda: sum("not secured (on loan)" in row for row in pad_rows(panel)) == 5)
    # Tags no kiosk of the network takes: refused, each row saying why.
    press(k, panel, "panel.pad.foreign")
    press(k, panel, "panel.pad.garbage")
    k.until(lambda: len(k.view.rows) == 7)
    codes = {r.tag_uid: r.code for r in k.view.rows[5:]}
    assert codes == {
        FOREIGN_UID: ResultCode.TAG_OUTSIDE_NETWORK,
        GARBAGE_UID: ResultCode.TAG_UNREADABLE,
    }
    press(k, panel, "panel.pad.lift_all")
    k.until(lambda: pad_rows(panel) == [] and panel.pad_count.text() == "The pad is empty")
    assert "7 tag(s) lifted" in log(panel).splitlines()[-1]


def secured(tag: SimTag | None) -> bool:
    return tag is not None and tag.afi == AFI_IN_LIBRARY and tag.eas


def test_each_return_groups_book_put_on_the_pad_is_returned_routed_and_secured(
    full_kiosk: FullKiosk, panel: tester_panel.TesterPanel
) -> None:
    k, env = full_kiosk, full_kiosk.env
    groups = [g for g in env.book_groups() if g.flow in ROUTED]
    combo = panel.pad_book
    for n, group in enumerate(groups, start=1):
        book = group.books[0]
        uid = demo_uid(book.barcode)
        index = combo.findData(book.barcode)
        assert index >= 0 and group.label in combo.itemText(index)
        combo.setCurrentIndex(index)
        press(k, panel, "panel.pad.put")
        tag = env.pad.sim.tag(uid)
        assert tag is not None
        values = decode_tag(tag.memory, dsfid=tag.dsfid).values
        assert values["primary_item_id"] == book.barcode
        assert values["owner_institution"] == f"CN-{book.owner}"
        lent = book.status == "on_loan"
        assert tag.afi == (AFI_ON_LOAN if lent else AFI_IN_LIBRARY) and tag.eas is not lent
        k.until(lambda n=n: k.view.screen == Screen.RETURNS and done(k, n))
        row = k.view.rows[-1]
        action, library = ROUTED[group.flow]
        assert (row.barcode, row.routing_action) == (book.barcode, action)
        assert row.routing_library == (library or group.library)
        # Secured again: the AFI and then the EAS bit, two writes (wait for both, not the first).
        k.until(lambda uid=uid: secured(env.pad.sim.tag(uid)))
    k.until(lambda: [r.security for r in k.view.rows] == [RowSecurity.SET] * len(groups))
    states = [t.state for t in env.pad.on_pad()]
    assert states == [ItemState.ON_SHELF] * len(groups)


def test_the_pads_cable_and_a_hung_pad_reader_take_the_kiosk_out_of_service_and_back(
    full_kiosk: FullKiosk, panel: tester_panel.TesterPanel
) -> None:
    k = full_kiosk
    panel.book_tabs.setCurrentIndex(1)
    devices = k.app.controller.devices
    for name, state in (
        ("panel.cable.rfid_reader", LinkState.DISCONNECTED),
        ("panel.pad.silent", LinkState.ERROR),
    ):
        press(k, panel, name)  # out (or hung): the pad is a required device
        k.until(lambda state=state: devices["rfid_reader"][0] == state)
        k.until(lambda: k.view.screen == Screen.OUT_OF_SERVICE)
        press(k, panel, name)
        k.until(lambda: devices["rfid_reader"][0] == LinkState.CONNECTED)
        k.until(lambda: k.view.screen == Screen.HOME)


def test_the_printer_tab_runs_the_paper_out_and_shows_the_last_receipt(
    full_kiosk: FullKiosk, panel: tester_panel.TesterPanel
) -> None:
    from drivers.printer.status import PrinterPaper

    k = full_kiosk
    panel.book_tabs.setCurrentIndex(2)
    services = k.app.services
    press(k, panel, "panel.printer.paper.out")
    k.until(lambda: services.printer_paper() == PrinterPaper.OUT)
    press(k, panel, "panel.printer.paper.near_end")
    k.until(lambda: services.printer_paper() == PrinterPaper.NEAR_END)
    press(k, panel, "panel.printer.cover.open")
    k.until(lambda: services.printer_paper() == PrinterPaper.COVER_OPEN)
    press(k, panel, "panel.printer.cover.closed")
    press(k, panel, "panel.printer.paper.ok")
    k.until(lambda: services.printer_paper() == PrinterPaper.OK)
    receipt_text = panel.findChild(QPlainTextEdit, "panel.printer.receipt")
    assert receipt_text is not None and receipt_text.toPlainText() == ""
    # A receipt through the kiosk's own desk (the summary's Print does the same).
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    k.sim("scan 35001000000031")
    k.until(lambda: done(k, 1))
    receipt = services.receipts.receipt(k.view, "en")
    job = services.receipts.print(receipt)
    k.until(job.done)
    assert job.result().printed
    k.until(lambda: "白鹿原" in receipt_text.toPlainText())
    shown = receipt_text.toPlainText()
    assert "Patron: 张*" in shown and "[cut]" in shown and f"[QR] {receipt.library}" in shown
