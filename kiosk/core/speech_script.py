"""What the kiosk says aloud in accessibility mode: from one view to the next, the prompts (keys
of resources/prompts/prompts.toml) and the few words that vary (titles, dates). Never a name,
an ID, card or barcode number, a PIN or an amount."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import ItemRow, RowSecurity, Screen, SessionView
from kiosk.domain import ActKind


class Language(StrEnum):
    """The languages prompts are recorded in (the folder names under resources/prompts/)."""

    ZH_CN = "zh_CN"
    EN = "en"

    @classmethod
    def of(cls, language: str) -> Language:
        return cls.ZH_CN if language.startswith("zh") else cls.EN


@dataclass(frozen=True)
class Prompt:
    """A fixed prompt: a file per language under resources/prompts/<language>/<key>.wav."""

    key: str


@dataclass(frozen=True)
class Spoken:
    """Words that vary (a book's title, a due date), synthesised at run time when possible."""

    text: str


Say = Prompt | Spoken

DIGIT_ENTERED = Prompt("pin.digit_entered")
CARD_LEFT = Prompt("card.left")
BLOCKED = Prompt("screen.session_blocked")
GENERIC = Prompt("result.generic")
PUT_BACK = Prompt("tag.put_back")
# Codes without words of their own (OK says nothing; the rest say the generic words).
_NO_PROMPT = frozenset({ResultCode.OK})
_GENERIC_CODES = frozenset({ResultCode.UNKNOWN, ResultCode.VALIDATION_ERROR})

_DONE = {
    ActKind.BORROW: "act.borrowed",
    ActKind.RETURN: "act.returned",
    ActKind.RENEW: "act.renewed",
}
_NOT_DONE = {
    ActKind.BORROW: "act.not_borrowed",
    ActKind.RETURN: "act.not_returned",
    ActKind.RENEW: "act.not_renewed",
}
_ROUTING = {"transit": "route.transit", "hold_shelf": "route.hold_shelf"}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def screen_prompt(screen: Screen) -> Prompt:
    return Prompt(f"screen.{screen.value.replace('-', '_')}")


def result_prompt(code: ResultCode) -> Prompt | None:
    """The words for a code; None for OK."""
    if code in _NO_PROMPT:
        return None
    if code in _GENERIC_CODES:
        return GENERIC
    return Prompt(f"result.{code.value}")


def spoken_date(day: dt.date, language: Language) -> str:
    if language == Language.ZH_CN:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def for_view(previous: SessionView | None, view: SessionView, language: Language) -> list[Say]:
    """What to say now that ``view`` replaced ``previous`` (None: the screen just started)."""
    says: list[Say] = []
    if previous is None or previous.screen != view.screen:
        if view.screen == Screen.SESSION and view.blocks:
            says.append(BLOCKED)  # not told to scan books it cannot borrow
        else:
            says.append(screen_prompt(view.screen))
        if view.screen == Screen.SUMMARY:
            says += for_receipt(view, language)
    if view.message is not None and (previous is None or previous.message != view.message):
        prompt = result_prompt(view.message)
        if prompt is not None:
            says.append(prompt)
    if view.card_left and (previous is None or not previous.card_left):
        says.append(CARD_LEFT)  # repeated with the attention cue (SpeechOutput.remind)
    before = previous.rows if previous is not None else ()
    for i, row in enumerate(view.rows):
        if row.pending:
            continue
        old = before[i] if i < len(before) else None
        if old is not None and not old.pending and old.barcode == row.barcode:
            if row.security == RowSecurity.NOT_SET and old.security != RowSecurity.NOT_SET:
                # Its act was said; now its tag could not be set, and the patron must act.
                says += [PUT_BACK, Spoken(row.title) if row.title else Prompt("act.this_book")]
            continue  # said when it came in
        says += for_row(row, language)
    return says


_RECEIPT_ORDER = (ActKind.BORROW, ActKind.RENEW, ActKind.RETURN)


def for_receipt(view: SessionView, language: Language) -> list[Say]:
    """The receipt read out on the summary: each book done, borrowed and renewed first, with its
    title and due date or where a returned book goes (never the patron's name or a number)."""
    done = [
        row
        for row in view.rows
        if not row.pending and row.outcome in (Outcome.DONE, Outcome.PROVISIONAL)
    ]
    return [
        part
        for kind in _RECEIPT_ORDER
        for row in done
        if row.kind == kind
        for part in for_row(row, language)
    ]


def for_row(row: ItemRow, language: Language) -> list[Say]:
    """A book's result: what happened, its title, the due date, where to put it, and why not."""
    succeeded = row.outcome in (Outcome.DONE, Outcome.PROVISIONAL)
    says: list[Say] = [Prompt((_DONE if succeeded else _NOT_DONE)[row.kind])]
    # The title only: a barcode is a number nobody needs to hear.
    says.append(Spoken(row.title) if row.title else Prompt("act.this_book"))
    if succeeded and row.due is not None and row.kind != ActKind.RETURN:
        says += [Prompt("act.due"), Spoken(spoken_date(row.due, language))]
    if succeeded and row.routing_action in _ROUTING:
        # Never the waiting reader's name (row.hold_for), nor the library: where to put it.
        says.append(Prompt(_ROUTING[row.routing_action]))
    if succeeded and row.provisional:
        says.append(Prompt("act.provisional"))
    if not succeeded and row.code is not None:
        prompt = result_prompt(row.code)
        says.append(prompt if prompt is not None else GENERIC)
    return says


def prompt_keys() -> list[str]:
    """Every fixed prompt the script can ask for (the table must hold each, in each language)."""
    keys = [screen_prompt(screen).key for screen in Screen]
    keys += [p.key for p in (result_prompt(code) for code in ResultCode) if p is not None]
    keys += [*_DONE.values(), *_NOT_DONE.values(), *_ROUTING.values()]
    keys += ["act.this_book", "act.due", "act.provisional", DIGIT_ENTERED.key, CARD_LEFT.key]
    keys += [BLOCKED.key, PUT_BACK.key]
    return sorted(set(keys))
