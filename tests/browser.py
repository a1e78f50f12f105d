"""Debian's Chromium driven by Playwright, headless, for tests of web pages (fixtures
``browser`` and ``page``, offered to every test by tests/conftest.py: one browser per worker,
as two Playwright instances cannot share a thread). Nothing downloads a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    return next((p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), shutil.which("chromium"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (make test installs it as root), headless; never a downloaded one."""
    path = chromium_path()
    if path is None:
        if os.geteuid() == 0 or os.environ.get("CI") == "true":
            pytest.fail("Chromium not found: make test installs it (apt-get install chromium)")
        pytest.skip("Chromium not found: sudo apt-get install chromium")
    with sync_playwright() as playwright:
        # --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page for one test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def confirm_exception(page: Page, case: Locator, code: str, note: str, staff: str) -> None:
    """On the console's exceptions desk (in Chinese): open ``case`` (a row listing ``code``),
    confirm it with ``note``, and see the resolution recorded under ``staff``."""
    expect(case).to_contain_text(code)
    case.locator("a.details").click()
    expect(page.locator(".finding")).to_contain_text("如何处理")
    page.fill("#note", note)
    page.click("#confirm")
    expect(page.locator("#result")).to_have_text("已记录。")
    expect(page.locator("#resolution")).to_contain_text(staff)
