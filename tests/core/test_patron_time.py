"""Time a patron gets: at least 20 s to answer the idle warning (WCAG 2.2.1), a way out of it
either way, and a summary that counts down to home (its reading time is measured in tests/ui)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from drivers.events import BarcodeKind
from kiosk.backend.types import Patron
from kiosk.core.results import ActResult, IdentifyResult, Outcome, PatronContext
from kiosk.core.session import Act, Screen, SessionMachine
from kiosk.core.settings import SessionSettings
from kiosk.domain import ActKind, Credential

ID = Credential("id_card", "500101199001011234", "张三", chip_verified=True)
ITEM = "33191000105864"
PATRON = Patron("P-000123", "张*", "CQL", loan_limit=10)
SETTINGS = SessionSettings()


def test_the_defaults_give_at_least_20_s() -> None:
    assert SETTINGS.countdown_s >= 20
    assert SETTINGS.summary_s >= 20


@pytest.mark.parametrize("key", ["countdown_s", "summary_s"])
def test_a_configuration_cannot_give_less_than_20_s(key: str) -> None:
    with pytest.raises(ValidationError, match=key):
        SessionSettings.model_validate({key: 19})
    assert getattr(SessionSettings.model_validate({key: 20}), key) == 20


def borrowed_one(m: SessionMachine) -> None:
    (cmd,) = m.card(ID, 0.0)
    m.identified(cmd, IdentifyResult("ok", PatronContext(ID, PATRON)), 0.0)  # type: ignore[arg-type]
    (act,) = m.scan(ITEM, BarcodeKind.ITEM, 1.0)
    assert isinstance(act, Act)
    due = dt.date(2026, 12, 22)
    m.acted(act, ActResult(ActKind.BORROW, ITEM, Outcome.DONE, "ok", "t1", "边城", due), 1.0)


def test_finish_now_on_the_warning_shows_the_summary() -> None:
    m = SessionMachine(SETTINGS)
    borrowed_one(m)
    m.tick(1.0 + SETTINGS.idle_timeout_s)
    assert m.view.screen == Screen.TIMEOUT and m.view.countdown_s == SETTINGS.countdown_s
    m.press("finish", 2.0 + SETTINGS.idle_timeout_s)
    assert m.view.screen == Screen.SUMMARY and m.view.rows[0].title == "边城"


def test_the_summary_counts_down_to_home() -> None:
    m = SessionMachine(SETTINGS)
    borrowed_one(m)
    m.press("finish", 2.0)
    assert m.view.screen == Screen.SUMMARY and m.view.countdown_s == SETTINGS.summary_s
    m.tick(12.0)
    assert m.view.countdown_s == SETTINGS.summary_s - 10
    m.tick(2.0 + SETTINGS.summary_s)
    assert m.view.screen == Screen.HOME and m.view.countdown_s is None
