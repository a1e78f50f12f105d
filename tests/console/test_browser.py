"""The console in a real browser (Debian's Chromium, driven by Playwright) against the served
service: sign in, the fleet turning red, resolving an exception, exporting statistics."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from regional.console.accounts import FAILURES_PER_ACCOUNT
from regional.db.models import ExceptionResolution
from tests.browser import confirm_exception
from tests.console.conftest import PASSWORD, Console, heartbeat, this_hour
from tests.console.test_access import _exception_at


def _sign_in(page: Page, console: Console, username: str, path: str = "/console/fleet") -> None:
    page.goto(console.url + path)
    expect(page).to_have_url(f"{console.url}/console/login?next={path.replace('/', '%2F')}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#signin")
    expect(page).to_have_url(console.url + path)


def test_signing_in_refuses_a_wrong_password_then_opens_the_page_asked_for(
    page: Page, console: Console
) -> None:
    page.goto(console.url + "/console/statistics")
    page.fill("#username", "cql")
    page.fill("#password", "not the password")
    page.click("#signin")
    expect(page.locator("#failure")).to_have_text("用户名或密码错误。")
    page.fill("#username", "cql")
    page.fill("#password", PASSWORD)
    page.click("#signin")
    expect(page).to_have_url(console.url + "/console/statistics")
    expect(page.locator("header")).to_contain_text("CQL 馆员")
    page.click("#language")
    expect(page.locator("h1")).to_have_text("Statistics")
    page.click("#signout")
    expect(page).to_have_url(console.url + "/console/login")
    page.goto(console.url + "/console/statistics")
    expect(page.locator("#signin")).to_be_visible()


def test_a_kiosk_turns_red_when_its_heartbeats_stop(page: Page, console: Console) -> None:
    heartbeat(console, "CQL")
    _sign_in(page, console, "ops")
    row = page.locator("#kiosk-CQL-K01")
    expect(row).to_have_attribute("data-state", "ok")
    expect(row.locator("td").first).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    console.clock.advance(dt.timedelta(minutes=2))
    page.reload()
    expect(row).to_have_attribute("data-state", "ok")
    console.clock.advance(dt.timedelta(minutes=2))  # 4 min silent: past the 3 min threshold
    page.reload()
    expect(row).to_have_attribute("data-state", "offline")
    expect(row.locator("td").first).to_have_css("background-color", "rgb(255, 235, 233)")
    expect(row).to_contain_text("离线")
    heartbeat(console, "CQL", paper="out")  # back, but out of paper
    page.reload()
    expect(row).to_have_attribute("data-state", "degraded")
    expect(row).to_contain_text("缺纸")


def test_resolving_an_exception_is_recorded_with_who_did_it(page: Page, console: Console) -> None:
    txn_id = _exception_at(console, "CQL")
    _sign_in(page, console, "cql", "/console/exceptions")
    case = page.locator(f'tr[data-txn="{txn_id}"]')
    confirm_exception(page, case, "patron_blocked", "已联系读者，罚款已缴清", "cql")
    expect(page.locator("#resolve")).to_have_count(0)
    with console.world.db.read() as session:
        resolution = session.scalars(select(ExceptionResolution)).one()
    assert (resolution.txn_id, resolution.action, resolution.staff_username) == (
        txn_id,
        "confirm",
        "cql",
    )
    assert resolution.note == "已联系读者，罚款已缴清"
    page.goto(console.url + "/console/exceptions")
    expect(page.locator(f'tr[data-txn="{txn_id}"]')).to_have_count(0)  # open ones only
    page.click("#state-resolved")
    expect(page.locator(f'tr[data-txn="{txn_id}"]')).to_contain_text("已确认")


def test_statistics_export_as_csv(page: Page, console: Console) -> None:
    heartbeat(
        console,
        "CQL",
        stats=[
            {"hour": this_hour(console), "kind": "borrow", "result": "done", "count": 5},
            {"hour": this_hour(console, 2), "kind": "return", "result": "done", "count": 4,
             "owner_library_id": "SCL"},
        ],
    )  # fmt: skip
    _sign_in(page, console, "ops", "/console/statistics")
    expect(page.locator("#by-kiosk")).to_contain_text("CQL-K01")
    expect(page.locator("#chart rect")).to_have_count(2)
    with page.expect_download() as download_info:
        page.click("#csv")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted((r["kind"], r["count"], r["owner_library_id"]) for r in rows) == [
        ("borrow", "5", ""),
        ("return", "4", "SCL"),
    ]


def test_repeated_wrong_passwords_are_refused_for_a_while(page: Page, console: Console) -> None:
    page.goto(console.url + "/console/login")
    for _ in range(FAILURES_PER_ACCOUNT):
        page.fill("#username", "cdl")
        page.fill("#password", "guess")
        page.click("#signin")
        expect(page.locator("#failure")).to_have_text("用户名或密码错误。")
    page.fill("#username", "cdl")
    page.fill("#password", PASSWORD)  # the right one, refused unchecked now
    page.click("#signin")
    expect(page.locator("#failure")).to_contain_text("登录失败次数过多")
    expect(page.locator("#signout")).to_have_count(0)
