"""What accessibility mode says for each screen and result, in both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

import pytest

from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import ItemRow, RowSecurity, Screen, SessionView
from kiosk.core.speech_script import (
    DIGIT_ENTERED,
    GENERIC,
    PUT_BACK,
    Language,
    Prompt,
    Spoken,
    for_row,
    for_view,
    prompt_keys,
    result_prompt,
    screen_prompt,
    spoken_date,
)
from kiosk.domain import ActKind

DUE = dt.date(2026, 12, 25)


@pytest.mark.parametrize("screen", list(Screen))
def test_every_screen_is_announced_when_it_comes(screen: Screen) -> None:
    view = SessionView(screen=screen)
    assert for_view(None, view, Language.EN) == [screen_prompt(screen)]
    assert for_view(
        SessionView(screen=Screen.HOME if screen != Screen.HOME else Screen.PIN), view, Language.EN
    )[0] == screen_prompt(screen)
    assert for_view(view, view, Language.EN) == []  # the same screen again: nothing


@pytest.mark.parametrize("code", [c for c in ResultCode if c != ResultCode.OK])
def test_every_result_code_has_words(code: ResultCode) -> None:
    prompt = result_prompt(code)
    assert prompt is not None
    assert prompt.key in prompt_keys()
    if code in (ResultCode.UNKNOWN, ResultCode.VALIDATION_ERROR):
        assert prompt == GENERIC
    else:
        assert prompt.key == f"result.{code.value}"


def test_ok_says_nothing_of_itself() -> None:
    assert result_prompt(ResultCode.OK) is None


def test_a_new_message_is_said_once() -> None:
    before = SessionView(screen=Screen.HOME)
    after = replace(before, message=ResultCode.SCAN_LIBRARY_LABEL)
    assert for_view(before, after, Language.ZH_CN) == [Prompt("result.scan_library_label")]
    assert for_view(after, after, Language.ZH_CN) == []


@pytest.mark.parametrize(
    ("language", "date"), [(Language.ZH_CN, "2026年12月25日"), (Language.EN, "25 December 2026")]
)
def test_a_borrowed_book_title_and_due_date(language: Language, date: str) -> None:
    pending = ItemRow(ActKind.BORROW, "31110000012345")
    done = replace(
        pending, pending=False, outcome=Outcome.DONE, code=ResultCode.OK, title="三体", due=DUE
    )
    before = SessionView(screen=Screen.SESSION, rows=(pending,))
    says = for_view(before, replace(before, rows=(done,)), language)
    assert says == [Prompt("act.borrowed"), Spoken("三体"), Prompt("act.due"), Spoken(date)]
    assert spoken_date(DUE, language) == date
    # said once: the next view with the same row says nothing more of it
    assert for_view(replace(before, rows=(done,)), replace(before, rows=(done,)), language) == []


def test_a_refused_book_says_why_and_never_its_barcode() -> None:
    row = ItemRow(
        ActKind.BORROW,
        "31110000012345",
        pending=False,
        outcome=Outcome.REFUSED,
        code=ResultCode.LOAN_LIMIT_REACHED,
    )
    says = for_row(row, Language.EN)
    assert says == [
        Prompt("act.not_borrowed"),
        Prompt("act.this_book"),
        Prompt("result.loan_limit_reached"),
    ]


def test_a_hold_return_never_names_the_waiting_reader() -> None:
    row = ItemRow(
        ActKind.RETURN,
        "31110000012345",
        pending=False,
        outcome=Outcome.DONE,
        code=ResultCode.OK,
        title="活着",
        routing_action="hold_shelf",
        routing_library="cq",
    )
    says = for_row(row, Language.ZH_CN)
    assert says == [Prompt("act.returned"), Spoken("活着"), Prompt("route.hold_shelf")]
    # The patron's view model holds nothing of the waiting reader to say (a staff slip may).
    assert not {f.name for f in dataclasses.fields(ItemRow)} & {"hold_for", "patron_display"}


def test_an_offline_borrow_is_said_to_be_confirmed_later() -> None:
    row = ItemRow(
        ActKind.BORROW,
        "31110000012345",
        pending=False,
        outcome=Outcome.PROVISIONAL,
        code=ResultCode.OK,
        due=DUE,
        provisional=True,
    )
    assert for_row(row, Language.EN)[-1] == Prompt("act.provisional")


@pytest.mark.parametrize("kind", list(ActKind))
def test_each_act_kind_has_words_both_ways(kind: ActKind) -> None:
    for outcome in Outcome:
        row = ItemRow(kind, "x", pending=False, outcome=outcome, code=ResultCode.ITEM_NOT_FOUND)
        first = for_row(row, Language.EN)[0]
        assert isinstance(first, Prompt)
        assert first.key in prompt_keys()


def test_the_patron_name_and_fines_are_never_said() -> None:
    view = SessionView(
        screen=Screen.SESSION, patron_name="张*", fines_cents=1234, loans_used=3, loan_limit=10
    )
    says = for_view(SessionView(screen=Screen.IDENTIFY), view, Language.ZH_CN)
    assert says == [screen_prompt(Screen.SESSION)]


def test_a_pin_digit_is_only_a_digit() -> None:
    assert DIGIT_ENTERED.key == "pin.digit_entered"


def test_language_of_a_locale() -> None:
    assert Language.of("zh_CN") == Language.ZH_CN
    assert Language.of("en") == Language.EN


def test_a_tag_that_could_not_be_set_asks_once_for_the_book_back_on_the_pad() -> None:
    row = ItemRow(
        ActKind.BORROW,
        "33191000105864",
        pending=False,
        outcome=Outcome.DONE,
        code=ResultCode.OK,
        title="边城",
        due=DUE,
        tag_uid="E004010000000001",
        security=RowSecurity.WRITING,
    )
    before = SessionView(screen=Screen.SESSION, rows=(row,))
    failed = replace(before, rows=(replace(row, security=RowSecurity.NOT_SET),))
    assert for_view(before, failed, Language.EN) == [PUT_BACK, Spoken("边城")]
    assert PUT_BACK.key in prompt_keys()
    assert for_view(failed, failed, Language.EN) == []  # said once
    verified = replace(before, rows=(replace(row, security=RowSecurity.SET),))
    assert for_view(failed, verified, Language.EN) == []
