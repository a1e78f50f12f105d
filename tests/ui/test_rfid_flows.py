"""Stacks of books on the RFID pad through the whole kiosk: the real FEIG driver over the demo's
simulated pad, the real service, the real window. Borrowed books are unsecured only once lent,
returned books secured again (also offline), a failed write asks for the book back on the pad,
and a returned stack is listed by where each book goes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from drivers.idcard.demo_cards import ZHANG_SAN
from drivers.rfid.security import AFI_IN_LIBRARY, AFI_ON_LOAN
from drivers.sim.rfid_sim import RfidPadSimulator
from kiosk.core.results import Outcome
from kiosk.core.return_groups import Destination, destination
from kiosk.core.session import ItemRow, RowSecurity, Screen
from kiosk.core.settings import SyncSettings
from kiosk.demo_env import BookFlow, DemoBook, DemoEnvironment
from kiosk.demo_tags import demo_tag, demo_uid
from kiosk.domain import ActKind
from kiosk.ui.widgets.row_list import RowList
from tests.ui.full_kiosk import FullKiosk, running_kiosk
from tests.ui.test_flows import click, texts


@pytest.fixture(name="pad_kiosk")
def pad_kiosk_fixture(qtbot, tmp_path: Path, regional_template: Path) -> Iterator[FullKiosk]:  # type: ignore[no-untyped-def]
    """The demo kiosk with its pad, the session timers as shipped (a stack takes a moment to
    look at) and a sync worker that finds a lost service back at once."""
    env = DemoEnvironment(tmp_path / "demo", template=regional_template)
    try:
        config = env.start()
        config = config.model_copy(
            update={"sync": SyncSettings(probe_interval_ms=100, backoff_initial_ms=50)}
        )
        with running_kiosk(qtbot, env, config) as kiosk:
            yield kiosk
    finally:
        env.close()


class Pad:
    def __init__(self, kiosk: FullKiosk) -> None:
        sim = kiosk.env.console.devices["rfid_reader"]
        assert isinstance(sim, RfidPadSimulator)
        self.sim = sim
        groups = kiosk.env.book_groups(per_group=4)
        self.books = {g.flow: list(g.books) for g in groups}
        self.transit = [g for g in groups if g.flow == BookFlow.TRANSIT]

    def put(self, book: DemoBook, *, on_loan: bool = False) -> str:
        # The demo book's own tag, its security as a book in that state carries it.
        tag = demo_tag(replace(book, status="on_loan" if on_loan else "available"))
        self.sim.put_tag(tag)
        return tag.uid_hex

    def afi(self, book: DemoBook) -> int:
        tag = self.sim.tag(demo_uid(book.barcode))
        assert tag is not None
        return tag.afi


def settled(rows: tuple[ItemRow, ...], n: int) -> bool:
    """``n`` rows answered, none with a security write still under way."""
    return (
        len(rows) == n
        and not any(r.pending for r in rows)
        and all(r.security != RowSecurity.WRITING for r in rows)
    )


def listed(kiosk: FullKiosk, name: str) -> list[str]:
    """The barcodes a list shows, top to bottom."""
    rows = kiosk.window.findChild(RowList, name)
    assert rows is not None
    return [w.key[0].barcode for w in rows.rows() if isinstance(w, QWidget) and w.key]  # type: ignore[attr-defined]


def test_a_stack_of_five_borrowed_with_one_refused_and_one_tag_failing(
    pad_kiosk: FullKiosk,
) -> None:
    k = pad_kiosk
    pad = Pad(k)
    lend = pad.books[BookFlow.BORROW][:4]
    reference = pad.books[BookFlow.NOT_FOR_LOAN][0]
    assert len(lend) == 4
    click(k, "lang.en")
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    pad.sim.fail_next_write(demo_uid(lend[1].barcode))
    for book in (*lend, reference):
        pad.put(book)
    k.until(lambda: settled(k.view.rows, 5), timeout=30)
    by_barcode = {r.barcode: r for r in k.view.rows}
    refused = by_barcode[reference.barcode]
    assert refused.outcome == Outcome.REFUSED and refused.security is None
    assert pad.afi(reference) == AFI_IN_LIBRARY  # a refused book keeps its security on
    failing = by_barcode[lend[1].barcode]
    assert failing.outcome == Outcome.DONE and failing.security == RowSecurity.NOT_SET
    assert pad.afi(lend[1]) == AFI_IN_LIBRARY  # the reader said done; the tag did not change
    for book in (lend[0], *lend[2:]):
        assert by_barcode[book.barcode].security == RowSecurity.SET
        assert pad.afi(book) == AFI_ON_LOAN
    k.until(lambda: "Please put this book back on the pad." in texts(k.window))
    # Back on the pad: written again, verified, and no second borrow.
    pad.sim.lift_tag(demo_uid(lend[1].barcode))
    k.until(lambda: demo_uid(lend[1].barcode) not in k.app.services.pad.lying())
    pad.put(lend[1])
    k.until(lambda: k.view.rows[1].security == RowSecurity.SET)
    assert pad.afi(lend[1]) == AFI_ON_LOAN and len(k.view.rows) == 5
    assert "Please put this book back on the pad." not in texts(k.window)
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.SUMMARY)
    summary = texts(k.widget("screen.summary"))
    assert "Borrowed: 4" in summary and "1 book(s) could not be borrowed" in summary


def test_a_returned_stack_is_listed_by_where_each_book_goes_and_secured(
    pad_kiosk: FullKiosk,
) -> None:
    k = pad_kiosk
    pad = Pad(k)
    shelve = pad.books[BookFlow.SHELVE][0]
    hold = pad.books[BookFlow.HOLD_HERE][0]
    transit = [g.books[0] for g in pad.transit[:2]]
    stack = [shelve, transit[0], hold, transit[1]]
    click(k, "lang.en")
    for book in stack:
        pad.put(book, on_loan=True)
    k.until(lambda: k.view.screen == Screen.RETURNS and settled(k.view.rows, 4), timeout=30)
    assert all(r.outcome == Outcome.DONE for r in k.view.rows)
    assert all(pad.afi(book) == AFI_IN_LIBRARY for book in stack)  # secured again
    places = [destination(r) for r in k.view.rows]
    assert sorted(places) == [
        Destination.HOLD_SHELF,
        Destination.TRANSIT,
        Destination.TRANSIT,
        Destination.RETURN_CART,
    ]
    # Listed by place (the hold shelf, transit by library, the cart), and counted per place.
    transit_order = sorted(transit, key=lambda b: b.owner)
    expected = [hold.barcode, *(b.barcode for b in transit_order), shelve.barcode]
    k.until(lambda: listed(k, "returns.items") == expected)
    sort = k.widget("returns.sort")
    assert sort.isVisible()
    assert sort.text() == (  # type: ignore[attr-defined]
        "To sort: hold shelf 1 · transit bin 2 · return cart 1"
    )
    click(k, "lang.zh")
    k.until(lambda: "分拣：" in k.widget("returns.sort").text())  # type: ignore[attr-defined]
    click(k, "returns.finish")
    k.until(lambda: k.view.screen == Screen.SUMMARY)
    assert listed(k, "summary.items") == expected
    assert k.widget("summary.sort").isVisible()


def test_offline_the_pad_lends_provisionally_and_secures_returns(pad_kiosk: FullKiosk) -> None:
    k = pad_kiosk
    pad = Pad(k)
    service = k.env.service
    assert service is not None
    k.in_background(service.stop)
    back = pad.books[BookFlow.TRANSIT][0]
    pad.put(back, on_loan=True)
    k.until(lambda: k.view.screen == Screen.RETURNS and settled(k.view.rows, 1), timeout=30)
    row = k.view.rows[0]
    assert row.outcome == Outcome.PROVISIONAL and row.security == RowSecurity.SET
    assert pad.afi(back) == AFI_IN_LIBRARY  # secured although nobody could be asked
    click(k, "returns.finish")
    k.until(lambda: k.view.screen in (Screen.SUMMARY, Screen.HOME))
    lend = pad.books[BookFlow.BORROW][0]
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION and k.view.offline)
    pad.put(lend)
    k.until(lambda: settled(k.view.rows, 1), timeout=30)
    row = k.view.rows[0]
    assert (row.kind, row.outcome, row.security) == (
        ActKind.BORROW,
        Outcome.PROVISIONAL,
        RowSecurity.SET,
    )
    assert pad.afi(lend) == AFI_ON_LOAN
