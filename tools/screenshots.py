"""Render every patron screen in Chinese and English into docs/screenshots/<screen>-<lang>.png.

Offscreen, no devices, no service: a real KioskController over a SessionMachine, fed
hand-made view models with the demo catalogue's books. Run: python tools/screenshots.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from drivers.events import DeviceStateChanged, LinkState
from kiosk.backend.types import Block, HoldReady, ItemRef, Loan
from kiosk.core.results import Outcome
from kiosk.core.session import Intent, ItemRow, Screen, SessionMachine, SessionView
from kiosk.core.settings import SessionSettings
from kiosk.core.ui_settings import UiSettings
from kiosk.domain import ActKind
from kiosk.ui.controller import KioskController
from kiosk.ui.window import KioskWindow

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
BORROW, RETURN, RENEW = ActKind.BORROW, ActKind.RETURN, ActKind.RENEW
ROLES = ("id_card_reader", "scanner", "card_reader")


def due(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def done(kind: ActKind, barcode: str, title: str, **more: object) -> ItemRow:
    return ItemRow(
        kind, barcode, pending=False, outcome=Outcome.DONE, code="ok", title=title, **more
    )


PATRON = dict(patron_name="张*", loans_used=3, loan_limit=10)

SESSION_ROWS = (
    done(BORROW, "35001000000031", "白鹿原", due=due(30)),
    done(BORROW, "35101000000021", "三体Ⅱ·黑暗森林", due=due(30)),
    ItemRow(
        BORROW,
        "35001000000072",
        pending=False,
        outcome=Outcome.REFUSED,
        code="item_on_hold_for_other",
        title="平凡的世界",
    ),
    ItemRow(BORROW, "35001000000049"),
)
RETURN_ROWS = (
    done(RETURN, "35001000000015", "流浪地球", routing_action="shelve"),
    done(RETURN, "35101000000013", "三体", routing_action="transit", routing_library="CDL"),
    done(RETURN, "35001000000064", "活着", routing_action="hold_shelf", hold_for="李*"),
    ItemRow(RETURN, "35001000000080"),
)
LOANS = (
    Loan(
        ItemRef("35001000000098", "围城", "CQL"),
        TODAY - dt.timedelta(days=4),
        overdue=True,
        renewals_left=1,
    ),
    Loan(ItemRef("35101000000039", "百年孤独", "CDL"), due(6), renewals_left=1),
    Loan(ItemRef("35001000000106", "骆驼祥子", "CQL"), due(18), renewals_left=0),
)
HOLDS = (
    HoldReady(ItemRef("35001000000114", "长安的荔枝", "CQL"), "CQL", due(5)),
    HoldReady(ItemRef("35100000000027", "额尔古纳河右岸", "SCL"), "CQL", due(6)),
)

VIEWS: dict[str, tuple[SessionView, dict]] = {
    "home": (SessionView(), {}),
    "home-offline": (SessionView(offline=True), {}),
    "identify": (SessionView(screen=Screen.IDENTIFY), {}),
    "pin": (SessionView(screen=Screen.PIN, message="pin_invalid"), {"pin_digits": 3}),
    "session": (SessionView(screen=Screen.SESSION, rows=SESSION_ROWS, **PATRON), {}),
    "session-blocked": (
        SessionView(
            screen=Screen.SESSION,
            patron_name="钱**",
            loans_used=2,
            loan_limit=15,
            fines_cents=1500,
            blocks=(Block("fines_over_limit"),),
            rows=(
                ItemRow(
                    BORROW,
                    "35100000000035",
                    pending=False,
                    outcome=Outcome.REFUSED,
                    code="patron_blocked",
                    title="红楼梦",
                ),
            ),
            message="scan_library_label",
        ),
        {},
    ),
    "session-offline": (
        SessionView(
            screen=Screen.SESSION,
            patron_name="陈*",
            offline=True,
            identified_offline=True,
            rows=(
                ItemRow(
                    BORROW,
                    "35001000000056",
                    pending=False,
                    outcome=Outcome.PROVISIONAL,
                    code="ok",
                    title="边城",
                    due=due(14),
                    provisional=True,
                ),
                ItemRow(
                    BORROW,
                    "35001000000122",
                    pending=False,
                    outcome=Outcome.REFUSED,
                    code="offline_limit_reached",
                    title="呐喊",
                ),
            ),
        ),
        {},
    ),
    "returns": (SessionView(screen=Screen.RETURNS, rows=RETURN_ROWS), {}),
    "returns-offline": (
        SessionView(
            screen=Screen.RETURNS,
            offline=True,
            rows=(
                ItemRow(
                    RETURN,
                    "35001000000023",
                    pending=False,
                    outcome=Outcome.PROVISIONAL,
                    code="ok",
                    title="子夜",
                    provisional=True,
                ),
            ),
        ),
        {},
    ),
    "account": (
        SessionView(
            screen=Screen.ACCOUNT,
            intent=Intent.ACCOUNT,
            loans=LOANS,
            holds_ready=HOLDS,
            rows=(done(RENEW, "35101000000039", "百年孤独", due=due(21)),),
            **PATRON,
        ),
        {},
    ),
    "summary": (
        SessionView(screen=Screen.SUMMARY, rows=SESSION_ROWS[:2] + RETURN_ROWS[:2], **PATRON),
        {},
    ),
    "timeout": (SessionView(screen=Screen.TIMEOUT, countdown_s=11.4, **PATRON), {}),
    "out-of-service": (
        SessionView(screen=Screen.OUT_OF_SERVICE, out_of_service_reason="scanner_link_lost"),
        {"lost": "scanner"},
    ),
}


def build(theme: str) -> tuple[KioskWindow, KioskController]:
    controller = KioskController(SessionMachine(SessionSettings()), lambda commands: None)
    settings = UiSettings(theme=theme, sound=False)
    window = KioskWindow(controller, settings=settings)
    for role in ROLES:
        controller.on_device_event(DeviceStateChanged(role, LinkState.CONNECTED))
    window.show()
    return window, controller


def settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--theme", default="default", choices=("default", "high-contrast"))
    parser.add_argument("--only", nargs="*", help="screen names to render (default: all)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    window, _controller = build(args.theme)
    suffix = "" if args.theme == "default" else f"-{args.theme}"
    try:
        for language, tag in (("zh_CN", "zh"), ("en", "en")):
            window.set_language(language)
            settle()
            for name, (view, extra) in VIEWS.items():
                if args.only and name not in args.only:
                    continue
                window.render(SessionView())  # as the kiosk does: every screen starts clean
                window.render(view)
                lost = extra.get("lost")
                window.show_devices(
                    {
                        role: (LinkState.DISCONNECTED if role == lost else LinkState.CONNECTED, "")
                        for role in ROLES
                    }
                )
                for _ in range(extra.get("pin_digits", 0)):
                    window.pages[Screen.PIN].pad.keys["7"].click()
                settle()
                path = args.out / f"{name}-{tag}{suffix}.png"
                window.grab().save(str(path))
                print(path.relative_to(ROOT))
    finally:
        window.close()
        del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
