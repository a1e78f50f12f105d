"""Screenshots of the staff console, in Chinese and English, into
docs/screenshots/console-<page>-<lang>.png: the served service on a scratch SQLite database with
six kiosks in several states, a week of hourly counts and a few exceptions, photographed by
Debian's Chromium through Playwright. Run: python tools/console_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from playwright.sync_api import Page, sync_playwright

from regional.app import create_app
from regional.auth import create_token
from regional.console.accounts import StaffRole, create_staff
from regional.db.migrate import upgrade
from regional.db.models import Item
from regional.db.session import Database
from regional.demo_catalogue import CHINESE
from regional.seed import upsert_libraries
from regional.services.credentials import CredentialHasher, check_key
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk, World

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshots only"
KIOSKS = {
    "CQL-K01": "CQL",
    "CQL-K02": "CQL",
    "CDL-K01": "CDL",
    "SCL-K01": "SCL",
    "YZL-K01": "YZL",
    "CQU-K01": "CQU",
}
DEVICES = {
    "id_card_reader": {"state": "connected"},
    "card_reader": {"state": "connected"},
    "scanner": {"state": "connected"},
    "rfid_reader": {"state": "connected"},
    "printer": {"state": "connected"},
}


class MovableClock:
    """The service's clock: real time plus an offset moved forward (a kiosk falls silent)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, by: dt.timedelta) -> None:
        self.offset += by


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _fonts_config(folder: Path) -> None:
    """Chromium finds the kiosk's own Noto Sans CJK (resources/fonts) through fontconfig."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{ROOT / 'resources' / 'fonts'}</dir>"
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>"
    )
    os.environ["FONTCONFIG_FILE"] = str(conf)


def _stats(rng: random.Random, now: dt.datetime, library: str) -> list[dict[str, Any]]:
    """A week of opening hours (09:00–21:00 network time) of one kiosk's counts."""
    rows: list[dict[str, Any]] = []
    hour = now.replace(minute=0, second=0, microsecond=0)
    for back in range(7 * 24):
        at = hour - dt.timedelta(hours=back)
        if not 9 <= (at.hour + 8) % 24 < 21:
            continue
        stamp = at.isoformat()
        busy = 1 + (3 if (at.hour + 8) % 24 in (10, 15, 16, 19) else 0)
        rows.append({"hour": stamp, "kind": "borrow", "result": "done",
                     "count": rng.randint(0, 6) * busy})  # fmt: skip
        rows.append({"hour": stamp, "kind": "return", "result": "done",
                     "count": rng.randint(0, 5) * busy, "owner_library_id": library})  # fmt: skip
        if rng.random() < 0.4:
            other = rng.choice([lib for lib in set(KIOSKS.values()) if lib != library])
            rows.append({"hour": stamp, "kind": "return", "result": "done",
                         "count": rng.randint(1, 3), "owner_library_id": other})  # fmt: skip
        if rng.random() < 0.3:
            rows.append({"hour": stamp, "kind": "renew", "result": "done",
                         "count": rng.randint(1, 4)})  # fmt: skip
        if rng.random() < 0.25:
            reason = rng.choice(
                ["loan_limit_reached", "patron_blocked", "item_on_hold_for_other",
                 "renew_limit_reached"]
            )  # fmt: skip
            kind = "renew" if reason.startswith("renew") else "borrow"
            rows.append({"hour": stamp, "kind": kind, "result": "refused", "reason": reason,
                         "count": rng.randint(1, 2)})  # fmt: skip
    return rows


def _heartbeat(kiosk: Kiosk, clock: MovableClock, **changes: Any) -> None:
    body: dict[str, Any] = {
        "sent_at": clock().isoformat(),
        "version": "0.1.0",
        "uptime_s": 86_400,
        "devices": DEVICES,
        "printer_paper": "ok",
        "pending_count": 0,
        "oldest_pending_s": None,
        "last_sync_at": clock().isoformat(),
        "clock_offset_s": 0.3,
        "out_of_service": False,
        "stats": [],
        **changes,
    }
    answer = kiosk.post(f"/kiosks/{kiosk.kiosk_id}/heartbeat", body)
    answer.raise_for_status()


def _populate(db: Database, client: httpx.Client, clock: MovableClock) -> None:
    world = World(db)
    with db.write() as session, session.begin():
        upsert_libraries(session)
        check_key(session, CredentialHasher(CREDENTIAL_KEY))
        tokens = {k: create_token(session, k, lib, clock()) for k, lib in KIOSKS.items()}
        create_staff(session, "wang.li", PASSWORD, StaffRole.OPERATOR, None, clock())
    kiosks = {k: Kiosk(client, tokens[k], lib, world, k) for k, lib in KIOSKS.items()}
    titles = iter(CHINESE)

    def book(owner: str) -> str:
        barcode = world.item(owner)
        title, author = next(titles)
        with db.write() as session, session.begin():
            item = session.get(Item, barcode)
            assert item is not None
            item.title, item.author = title, author
        return barcode

    cql = kiosks["CQL-K01"]
    blocked = world.person(manual_block="逾期未还")
    cql.borrow(blocked.patron_id, book("CQL"), offline=True)
    earlier, later = world.person(name="李四"), world.person(name="王芳")
    taken = book("CDL")
    cql.borrow(earlier.patron_id, taken)
    cql.borrow(later.patron_id, taken, offline=True)
    eager = world.person(name="赵敏")
    # Replayed in one batch, as a kiosk does after an outage: one offline episode.
    k02 = kiosks["CQL-K02"]
    batch = [k02.txn("borrow", book("CQL"), eager.patron_id, offline=True) for _ in range(4)]
    k02.post("/transactions/batch", {"transactions": batch}).raise_for_status()
    done = world.person(name="周杰", manual_block="逾期未还")
    cql.borrow(done.patron_id, book("CQL"), offline=True)
    stale_at = clock() - dt.timedelta(days=20)
    body = cql.txn("borrow", book("SCL"), world.person(name="陈晨").patron_id, offline=True,
                   at=stale_at, txn_id=str(uuid.uuid4()))  # fmt: skip
    cql.post("/transactions", body, **{"X-Kiosk-Clock": clock().isoformat()}).raise_for_status()
    # The kiosks' acts and sessions are dated by the real clock: made before it moves.
    rng = random.Random(16)
    # CDL-K01 went silent ten minutes ago; the others report now.
    _heartbeat(kiosks["CDL-K01"], clock, stats=_stats(rng, clock(), "CDL"))
    clock.advance(dt.timedelta(minutes=10))
    _heartbeat(kiosks["CQL-K01"], clock, stats=_stats(rng, clock(), "CQL"))
    _heartbeat(
        kiosks["CQL-K02"], clock, printer_paper="near_end", stats=_stats(rng, clock(), "CQL")
    )
    _heartbeat(kiosks["SCL-K01"], clock, out_of_service=True,
               out_of_service_reason="id_card_reader_sam_fault",
               devices={**DEVICES, "id_card_reader": {"state": "error", "reason": "sam_fault"}},
               stats=_stats(rng, clock(), "SCL"))  # fmt: skip
    _heartbeat(kiosks["YZL-K01"], clock, pending_count=3, oldest_pending_s=1500,
               stats=_stats(rng, clock(), "YZL"))  # fmt: skip
    _heartbeat(kiosks["CQU-K01"], clock,
               devices={**DEVICES, "scanner": {"state": "disconnected", "reason": "port_missing"}},
               stats=_stats(rng, clock(), "CQU"))  # fmt: skip


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/console/login")
    page.fill("#username", "wang.li")
    page.fill("#password", PASSWORD)
    page.click("#signin")
    page.wait_for_url(url + "/console/exceptions")


def main() -> int:
    path = chromium_path()
    if path is None:
        print("Chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        _fonts_config(Path(scratch))
        url = f"sqlite:///{scratch}/regional.db"
        upgrade(url)
        clock = MovableClock()
        db = Database(url)
        app = create_app(url, credential_key=CREDENTIAL_KEY, clock=clock)
        try:
            with serving(app) as base, httpx.Client(base_url=base, timeout=30) as client:
                _populate(db, client, clock)
                _shoot(base, path)
        finally:
            db.dispose()
    return 0


def _shoot(base: str, chromium: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(base + "/console/login")
            page.screenshot(path=OUT / "console-login-zh.png")
            page.goto(base + "/console/language/en?next=/console/login")
            page.screenshot(path=OUT / "console-login-en.png")
            _sign_in(page, base)
            # One resolved already, as a desk has them.
            page.locator("tr", has_text="patron_blocked").locator("a.details").first.click()
            page.fill("#note", "已联系读者，限制已解除 / patron called, block lifted")
            page.click("#confirm")
            page.wait_for_selector("#resolution")
            page.goto(base + "/console/exceptions")
            stale = page.locator("tr", has_text="stale_offline_act").locator("a.details")
            first = stale.get_attribute("href")
            for lang in ("zh", "en"):
                page.goto(f"{base}/console/language/{lang}?next=/console/fleet")
                for name, where in (
                    ("fleet", "/console/fleet"),
                    ("statistics", "/console/statistics"),
                    ("exceptions", "/console/exceptions?state=all"),
                    ("exception", first or "/console/exceptions"),
                ):
                    page.goto(base + where)
                    page.screenshot(path=OUT / f"console-{name}-{lang}.png", full_page=True)
                    print(f"wrote docs/screenshots/console-{name}-{lang}.png")
            context.close()
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
