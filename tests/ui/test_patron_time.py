"""Time on screen: the idle warning's two ways out, and a summary that shows its countdown and
stays long enough to read three titles and their due dates slowly (measured here)."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from kiosk.core.results import Outcome
from kiosk.core.session import Screen, SessionView
from kiosk.core.settings import SessionSettings
from kiosk.domain import ActKind
from tests.ui.conftest import TODAY
from tests.ui.helpers_ui import child, visible_texts
from tests.ui.views import row

# A slow reader: half the mean adult silent reading rate of the IReST texts (Trauzettel-
# Klosinski & Dietz 2012: English 228 words a minute, Chinese 255 characters a minute), for
# elderly patrons and children; plus time to find the card and the books.
SLOW_RATE = {"en": 114 / 60, "zh_CN": 128 / 60}  # words (en) or characters (zh) per second
TAKE_CARD_S = 5
CJK = re.compile(r"[\u3400-\u9fff]")
WORDS = re.compile(r"[A-Za-z0-9]+(?:['’.][A-Za-z0-9]+)*")
BARCODE = re.compile(r"\b\d{8,}\b")
DUE = TODAY + dt.timedelta(days=30)
THREE = SessionView(
    screen=Screen.SUMMARY,
    patron_name="张*",
    countdown_s=SessionSettings().summary_s,
    rows=tuple(
        row(ActKind.BORROW, barcode, title, Outcome.DONE, code="ok", due=DUE)
        for barcode, title in (
            ("35001000000031", "额尔古纳河右岸"),  # the demo catalogue's longest titles
            ("35001000000072", "三体Ⅲ·死神永生"),
            ("35001000000049", "许三观卖血记"),
        )
    ),
)


def _settle() -> None:
    for _ in range(4):
        QCoreApplication.processEvents()


def reading_units(texts: list[str], language: str) -> int:
    """Words (English) or characters (Chinese) a patron reads; a barcode is not read."""
    texts = [BARCODE.sub(" ", t) for t in texts]
    if language == "zh_CN":
        return sum(len(CJK.findall(t)) + len(WORDS.findall(t)) for t in texts)
    return sum(len(WORDS.findall(CJK.sub(" x ", t))) for t in texts)  # a CJK title: words


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_summary_stays_long_enough_to_read_three_books(make_kiosk, language) -> None:
    kiosk = make_kiosk(language=language)
    kiosk.window.render(THREE)
    _settle()
    texts = visible_texts(kiosk.window.stack.currentWidget())
    units = reading_units(texts, language)
    needed = units / SLOW_RATE[language] + TAKE_CARD_S
    print(f"summary, {language}: {units} words/characters, {needed:.1f} s to read slowly")
    assert SessionSettings().summary_s >= needed, texts
    seconds = str(math.ceil(SessionSettings().summary_s))
    assert any(seconds in t for t in texts), "the summary shows its countdown"
    assert child(kiosk.window, "summary.done").isVisible()


def test_the_summary_countdown_follows_the_clock(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.window.render(THREE)
    kiosk.window.render(SessionView(**{**THREE.__dict__, "countdown_s": 7.2}))
    assert "This screen closes in 8 s." in visible_texts(kiosk.window)


def test_finish_now_on_the_idle_warning(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.identify()
    machine = kiosk.controller.machine
    kiosk.now += SessionSettings().idle_timeout_s + 1
    kiosk.controller.tick()
    assert machine.view.screen == Screen.TIMEOUT
    texts = visible_texts(kiosk.window)
    assert "I need more time" in texts and "Finish now" in texts
    assert str(math.ceil(SessionSettings().countdown_s)) in texts
    qtbot.mouseClick(child(kiosk.window, "timeout.finish"), Qt.MouseButton.LeftButton)
    assert machine.view.screen == Screen.HOME  # nothing was scanned: no summary to show
    assert machine.view.patron_name == ""
