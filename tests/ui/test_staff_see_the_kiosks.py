"""The whole chain staff rely on, end to end: the demo's windowed kiosk and two headless kiosks
at other libraries (real drivers over simulated devices) heartbeating to the reference service;
the window's printer runs out of paper, an offline borrow becomes an exception; then the
service's console in Debian's Chromium shows the fleet, statistics and the exception, a
librarian resolves it, and ``/metrics`` scrapes.

Heartbeats here are an hour apart, so a state the console shows came with the heartbeat the
change itself sent, not with a periodic one: "within one heartbeat"."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from drivers.printer.status import PrinterPaper
from kiosk.config import parse_config
from kiosk.core.results import Outcome
from kiosk.core.session import Screen
from kiosk.core.settings import HeartbeatSettings, SessionSettings, SyncSettings
from kiosk.demo_env import DEMO_DEVICES, DEMO_KIOSK, DemoEnvironment
from regional.seed import DEMO_STAFF_PASSWORD
from tests.browser import confirm_exception
from tests.metrics import metric_sum
from tests.ui.full_kiosk import FullKiosk, running_kiosk
from tests.ui.test_flows import click, done

CQL_BOOK = "35001000000031"  # 白鹿原, owned by CQL
HOUR_S = 3600.0
FLEET = ("CDL-DEMO2", "SCL-DEMO3")


@pytest.fixture(name="demo")
def demo_fixture(tmp_path: Path, regional_template: Path) -> Iterator[DemoEnvironment]:
    base = parse_config(DEMO_DEVICES)
    base = base.model_copy(update={"heartbeat": HeartbeatSettings(interval_s=HOUR_S)})
    env = DemoEnvironment(tmp_path / "demo", base, template=regional_template)
    try:
        yield env
    finally:
        env.close()


def fleet_status(env: DemoEnvironment) -> dict[str, tuple[str, int]]:
    """kiosk id: (printer paper, heartbeats received), as the service stored them."""
    assert env.service is not None
    with sqlite3.connect(env.service.db) as conn:
        paper = dict(conn.execute("SELECT kiosk_id, printer_paper FROM kiosk_status"))
        beats = dict(
            conn.execute("SELECT kiosk_id, COUNT(*) FROM kiosk_heartbeats GROUP BY kiosk_id")
        )
    return {kiosk: (paper[kiosk], beats.get(kiosk, 0)) for kiosk in paper}


def on_loan_to_another(env: DemoEnvironment, not_to: str) -> str:
    """A CQL book on loan to a patron whose name does not start with ``not_to``."""
    assert env.data is not None
    with sqlite3.connect(env.data / "regional.db") as conn:
        row = conn.execute(
            "SELECT l.item_barcode FROM loans l JOIN patrons p ON p.id = l.patron_id"
            " JOIN items i ON i.barcode = l.item_barcode WHERE l.returned_at IS NULL"
            " AND i.owner_library_id = 'CQL' AND p.display_name NOT LIKE ? ORDER BY 1",
            (not_to + "%",),
        ).fetchone()
    assert row is not None
    return str(row[0])


def borrow(k: FullKiosk, card: str, barcode: str, outcome: Outcome) -> None:
    k.sim(f"card {card}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    k.sim(f"scan {barcode}")
    k.until(lambda: done(k, 1))
    assert k.view.rows[0].outcome == outcome, k.view.rows[0]
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.SUMMARY)
    click(k, "summary.done")
    k.until(lambda: k.view.screen == Screen.HOME)
    k.sim("remove-card")


def at_the_kiosks(qtbot, demo: DemoEnvironment) -> str:  # type: ignore[no-untyped-def]
    """Three kiosks report; the window lends a book, and offline a copy on loan to someone
    else, runs out of paper (its technician page says so), and the service hears of it by the
    change's heartbeat. Returns the offline loan's barcode."""
    config = demo.start()
    config = config.model_copy(
        update={
            "session": SessionSettings().model_copy(update={"summary_s": 60}),
            "sync": SyncSettings(probe_interval_ms=100, backoff_initial_ms=50),
            "ui": config.ui.model_copy(update={"language": "en", "sound": False}),
        }
    )
    demo.start_fleet(len(FLEET))
    service = demo.service
    assert service is not None
    with running_kiosk(qtbot, demo, config) as k:
        k.until(lambda: set(fleet_status(demo)) == {DEMO_KIOSK, *FLEET}, timeout=60)
        borrow(k, ZHANG_SAN.id_number, CQL_BOOK, Outcome.DONE)
        # The service goes away; a patron is lent offline a copy the service has on loan to
        # someone else (left on a shelf, say): at sync, an exception for staff.
        taken = on_loan_to_another(demo, LI_SI.name[0])
        k.in_background(service.stop)
        borrow(k, LI_SI.id_number, taken, Outcome.PROVISIONAL)
        k.in_background(service.start)
        journal = k.app.services.journal
        k.until(lambda: not k.view.offline and journal.stats().pending == 0, timeout=30)

        # Its devices came up (and the service came back): the heartbeats said so.
        k.until(lambda: fleet_status(demo)[DEMO_KIOSK][0] == "ok", timeout=30)
        before = fleet_status(demo)[DEMO_KIOSK]
        k.sim("paper out")
        k.until(lambda: k.app.services.printer_paper() == PrinterPaper.OUT)
        k.enter()
        k.tap("technician.device.role.printer")
        reason = k.widget("technician.device.reason")
        k.until(lambda: reason.isVisible())
        assert reason.text() == "The receipt printer is out of paper."  # type: ignore[attr-defined]
        # The next heartbeat carries it: the periodic one is an hour away.
        k.until(lambda: fleet_status(demo)[DEMO_KIOSK][0] == "out", timeout=30)
        assert fleet_status(demo)[DEMO_KIOSK][1] > before[1]
    return taken


def sign_in(page: Page, url: str) -> None:
    page.goto(url + "/console/fleet")
    page.fill("#username", "demo-ops")
    page.fill("#password", DEMO_STAFF_PASSWORD)
    page.click("#signin")
    expect(page).to_have_url(url + "/console/fleet")


def test_paper_out_and_an_offline_exception_reach_the_console_of_a_fleet(
    qtbot,  # type: ignore[no-untyped-def]
    demo: DemoEnvironment,
    page: Page,
) -> None:
    # The window is closed again before the browser: Playwright's waits would stall its loop.
    taken = at_the_kiosks(qtbot, demo)
    assert demo.service is not None
    url = demo.service.url
    sign_in(page, url)

    # Fleet: three kiosks; the window's is degraded, out of paper.
    window_row = page.locator(f"#kiosk-{DEMO_KIOSK}")
    expect(window_row).to_have_attribute("data-state", "degraded")
    expect(window_row).to_contain_text("缺纸")
    for kiosk in FLEET:
        expect(page.locator(f"#kiosk-{kiosk}")).to_have_attribute("data-state", "ok")
    page.select_option("#library", "CDL")
    page.click("#filter")
    expect(page.locator("tr[data-state]")).to_have_count(1)
    expect(page.locator(f"#kiosk-{FLEET[0]}")).to_be_visible()

    # Statistics: the window's two borrows (one done, one provisional), counted from its
    # journal and sent with the paper's heartbeat.
    page.goto(url + "/console/statistics")
    headers = page.locator("#by-kiosk th").all_inner_texts()
    cells = page.locator("#by-kiosk tr", has_text=DEMO_KIOSK).locator("td")
    expect(cells.nth(headers.index("借书"))).to_have_text("2")
    expect(page.locator("#chart rect").first).to_be_visible()

    # Exceptions: the offline loan of a copy on loan to someone else; a librarian confirms it.
    page.goto(url + "/console/exceptions")
    case = page.locator("tr[data-txn]", has_text=taken)
    confirm_exception(page, case, "offline_loan_taken_over", "两位读者核实后确认", "demo-ops")

    # /metrics: the fleet by state and the acts the service answered.
    with httpx.Client(base_url=url, timeout=30) as client:
        answer = client.get("/metrics")
    assert answer.status_code == 200
    scrape = answer.text
    assert metric_sum(scrape, "regional_fleet_kiosks", state="degraded") == 1
    assert metric_sum(scrape, "regional_fleet_kiosks", state="ok") == len(FLEET)
    # Counters start again with the process: since the restart, the offline borrow's replay.
    assert metric_sum(scrape, "regional_acts_total", kind="borrow", library="CQL") == 1
