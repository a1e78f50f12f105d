"""Hand-made view models, one or more per screen, with the demo catalogue's books."""

from __future__ import annotations

import datetime as dt

from kiosk.backend.types import Block
from kiosk.core.results import Outcome
from kiosk.core.session import Intent, ItemRow, Screen, SessionView
from kiosk.domain import ActKind
from tests.ui.conftest import PATRON, TODAY

DUE = TODAY + dt.timedelta(days=30)


def row(
    kind: ActKind, barcode: str, title: str, outcome: Outcome | None, **more: object
) -> ItemRow:
    return ItemRow(kind, barcode, pending=outcome is None, outcome=outcome, title=title, **more)


SESSION = SessionView(
    screen=Screen.SESSION,
    patron_name="张*",
    loans_used=3,
    loan_limit=10,
    fines_cents=1500,
    blocks=(Block("fines_over_limit"),),
    rows=(
        row(ActKind.BORROW, "35001000000031", "白鹿原", Outcome.DONE, code="ok", due=DUE),
        row(
            ActKind.BORROW,
            "35001000000072",
            "平凡的世界",
            Outcome.REFUSED,
            code="item_on_hold_for_other",
        ),
        row(ActKind.BORROW, "35001000000049", "", None),
    ),
)
OFFLINE_SESSION = SessionView(
    screen=Screen.SESSION,
    patron_name="陈*",
    offline=True,
    identified_offline=True,
    rows=(
        row(
            ActKind.BORROW,
            "35001000000056",
            "边城",
            Outcome.PROVISIONAL,
            code="ok",
            due=DUE,
            provisional=True,
        ),
    ),
)
RETURNS = SessionView(
    screen=Screen.RETURNS,
    rows=(
        row(ActKind.RETURN, "35001000000015", "流浪地球", Outcome.DONE, routing_action="shelve"),
        row(
            ActKind.RETURN,
            "35101000000013",
            "三体",
            Outcome.DONE,
            routing_action="transit",
            routing_library="CDL",
        ),
        row(
            ActKind.RETURN,
            "35001000000064",
            "活着",
            Outcome.DONE,
            routing_action="hold_shelf",
        ),
        row(ActKind.RETURN, "35001000000023", "子夜", Outcome.PROVISIONAL, provisional=True),
    ),
)
ACCOUNT = SessionView(
    screen=Screen.ACCOUNT,
    intent=Intent.ACCOUNT,
    patron_name="张*",
    loans_used=2,
    loan_limit=10,
    loans=PATRON.loans,
    holds_ready=PATRON.holds_ready,
)
SUMMARY = SessionView(
    screen=Screen.SUMMARY, patron_name="张*", rows=SESSION.rows[:1] + RETURNS.rows[:2]
)

# screen -> (view, texts that must show in English)
BY_SCREEN: dict[Screen, tuple[SessionView, list[str]]] = {
    Screen.HOME: (SessionView(), ["Borrow", "Return", "My account", "just place your card"]),
    Screen.IDENTIFY: (
        SessionView(screen=Screen.IDENTIFY),
        ["Place your resident ID card, social-security card or library card on the reader."],
    ),
    Screen.PIN: (SessionView(screen=Screen.PIN), ["Enter your PIN", "OK", "Clear"]),
    Screen.SESSION: (
        SESSION,
        [
            "Hello, 张*",
            "Books on loan: 3 of 10",
            "¥15.00",
            "白鹿原",
            "Borrowed, due 23 Dec 2026",
            "平凡的世界",
            "This book is reserved for another reader. Please hand it to the staff.",
            "Checking…",
            "Finish",
        ],
    ),
    Screen.RETURNS: (
        RETURNS,
        [
            "流浪地球",
            "Returned: put it on the return cart",
            "Returned: put it in the transit bin",
            "It goes to Chengdu Library.",
            "Returned: put it on the hold shelf",
            "Another reader is waiting for it.",
            "It will be checked in when the network is back.",
        ],
    ),
    Screen.ACCOUNT: (
        ACCOUNT,
        [
            "围城",
            "Overdue",
            "百年孤独",
            "Renew all",
            "Ready for pickup",
            "长安的荔枝",
            "Pick it up at Chongqing Library by 23 Nov 2026.",
        ],
    ),
    Screen.SUMMARY: (
        SUMMARY,
        ["Thank you!", "Please take your card with you.", "白鹿原", "Borrowed: 1", "Returned: 2"],
    ),
    Screen.TIMEOUT: (
        SessionView(screen=Screen.TIMEOUT, countdown_s=9.2),
        ["Are you still there?", "10", "I need more time", "Finish now"],
    ),
    Screen.OUT_OF_SERVICE: (
        SessionView(screen=Screen.OUT_OF_SERVICE, out_of_service_reason="scanner_link_lost"),
        [
            "Sorry, this kiosk is out of service",
            "For staff: The barcode scanner was unplugged or lost its link. (scanner_link_lost)",
        ],
    ),
}
