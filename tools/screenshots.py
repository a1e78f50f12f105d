"""Render every patron screen in Chinese and English into docs/screenshots/<screen>-<lang>.png,
and technician mode's pages into docs/screenshots/technician-<page>-<lang>.png.

``--sheets``: for every panel size the kiosk supports, in both languages, in the default theme,
high contrast and larger text (with high contrast, as the accessibility panel gives it), one
contact sheet of every patron screen at half scale:
docs/screenshots/sheets/<w>x<h>-<lang>-<look>.png.

Offscreen, no devices, no service: a real KioskController over a SessionMachine, fed
hand-made view models with the demo catalogue's books; technician mode over a scratch journal
with two settled problems and made-up serial ports. Run: python tools/screenshots.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, TypedDict

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from drivers.events import DeviceStateChanged, LinkState
from drivers.sim.rfid_sim import FOREIGN_UID
from kiosk.backend.types import Block, HoldReady, ItemRef, Loan
from kiosk.core.accessibility import Aid
from kiosk.core.results import Outcome, ResultCode
from kiosk.core.session import Intent, ItemRow, RowSecurity, Screen, SessionMachine, SessionView
from kiosk.core.settings import SessionSettings
from kiosk.core.ui_settings import UiSettings
from kiosk.demo_tags import demo_uid
from kiosk.domain import ActKind
from kiosk.ui.book_input import BookInput
from kiosk.ui.controller import KioskController
from kiosk.ui.screens.pin import PinScreen
from kiosk.ui.window import KioskWindow
from patron_identity.kinds import CredentialKind

if TYPE_CHECKING:
    from kiosk.services import KioskServices
    from kiosk.ui.technician.mode import TechnicianMode

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)
BORROW, RETURN, RENEW = ActKind.BORROW, ActKind.RETURN, ActKind.RENEW
ROLES = ("id_card_reader", "scanner", "card_reader", "rfid_reader")


def due(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def done(
    kind: ActKind,
    barcode: str,
    title: str,
    *,
    due: dt.date | None = None,
    routing_action: str | None = None,
    routing_library: str | None = None,
) -> ItemRow:
    return ItemRow(
        kind,
        barcode,
        pending=False,
        outcome=Outcome.DONE,
        code=ResultCode("ok"),
        title=title,
        due=due,
        routing_action=routing_action,
        routing_library=routing_library,
    )


PATRON = SessionView(patron_name="张*", loans_used=3, loan_limit=10)

SESSION_ROWS = (
    done(BORROW, "35001000000031", "白鹿原", due=due(30)),
    done(BORROW, "35101000000021", "三体Ⅱ·黑暗森林", due=due(30)),
    ItemRow(
        BORROW,
        "35001000000072",
        pending=False,
        outcome=Outcome.REFUSED,
        code=ResultCode("item_on_hold_for_other"),
        title="平凡的世界",
    ),
    ItemRow(BORROW, "35001000000049"),
)
RETURN_ROWS = (
    done(RETURN, "35001000000015", "流浪地球", routing_action="shelve"),
    done(RETURN, "35101000000013", "三体", routing_action="transit", routing_library="CDL"),
    done(RETURN, "35001000000064", "活着", routing_action="hold_shelf"),
    ItemRow(RETURN, "35001000000080"),
)
# A stack on the RFID pad: lent and unsecured, one whose tag could not be set, a reference
# copy (its security stays on), a tag from outside the network, one still being checked.
PAD_SESSION_ROWS = (
    replace(SESSION_ROWS[0], tag_uid=demo_uid(SESSION_ROWS[0].barcode), security=RowSecurity.SET),
    replace(
        SESSION_ROWS[1], tag_uid=demo_uid(SESSION_ROWS[1].barcode), security=RowSecurity.NOT_SET
    ),
    ItemRow(
        BORROW,
        "35001000000130",
        pending=False,
        outcome=Outcome.REFUSED,
        code=ResultCode("item_not_loanable"),
        title="四川方言词典",
        tag_uid=demo_uid("35001000000130"),
    ),
    ItemRow(
        BORROW,
        "11000000000017",
        pending=False,
        outcome=Outcome.REFUSED,
        code=ResultCode("tag_outside_network"),
        tag_uid=FOREIGN_UID,
    ),
    ItemRow(BORROW, "35001000000049", tag_uid=demo_uid("35001000000049")),
)
# A returned stack from the pad, each tag secured again; the screen lists it by place.
PAD_RETURN_ROWS = tuple(
    replace(row, tag_uid=demo_uid(row.barcode), security=RowSecurity.SET)
    for row in (
        RETURN_ROWS[0],
        RETURN_ROWS[1],
        RETURN_ROWS[2],
        done(RETURN, "35100000000043", "尘埃落定", routing_action="transit", routing_library="SCL"),
        done(RETURN, "35001000000023", "子夜", routing_action="shelve"),
    )
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


class Extra(TypedDict, total=False):
    """What a shot needs beyond its view model."""

    pin_digits: int  # digits typed on the PIN pad
    lost: str  # the device whose link is shown lost
    pad: bool  # a kiosk with an RFID pad beside its scanner (the hints name both)


VIEWS: dict[str, tuple[SessionView, Extra]] = {
    "home": (SessionView(), {}),
    "home-offline": (SessionView(offline=True, offline_limit=3), {}),
    "identify": (SessionView(screen=Screen.IDENTIFY), {}),
    "pin": (SessionView(screen=Screen.PIN, message=ResultCode("pin_invalid")), {"pin_digits": 3}),
    "session": (replace(PATRON, screen=Screen.SESSION, rows=SESSION_ROWS), {}),
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
                    code=ResultCode("patron_blocked"),
                    title="红楼梦",
                ),
            ),
            message=ResultCode("scan_library_label"),
        ),
        {},
    ),
    "session-offline": (
        SessionView(
            screen=Screen.SESSION,
            patron_name="陈*",
            offline=True,
            offline_limit=3,
            identified_offline=True,
            rows=(
                ItemRow(
                    BORROW,
                    "35001000000056",
                    pending=False,
                    outcome=Outcome.PROVISIONAL,
                    code=ResultCode("ok"),
                    title="边城",
                    due=due(14),
                    provisional=True,
                ),
                ItemRow(
                    BORROW,
                    "35001000000122",
                    pending=False,
                    outcome=Outcome.REFUSED,
                    code=ResultCode("offline_limit_reached"),
                    title="呐喊",
                ),
            ),
        ),
        {},
    ),
    "home-pad": (SessionView(), {"pad": True}),
    "session-pad": (replace(PATRON, screen=Screen.SESSION, rows=PAD_SESSION_ROWS), {"pad": True}),
    "returns": (SessionView(screen=Screen.RETURNS, rows=RETURN_ROWS), {}),
    "returns-pad": (SessionView(screen=Screen.RETURNS, rows=PAD_RETURN_ROWS), {"pad": True}),
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
                    code=ResultCode("ok"),
                    title="子夜",
                    provisional=True,
                ),
            ),
        ),
        {},
    ),
    "account": (
        replace(
            PATRON,
            screen=Screen.ACCOUNT,
            intent=Intent.ACCOUNT,
            loans=LOANS,
            holds_ready=HOLDS,
            rows=(done(RENEW, "35101000000039", "百年孤独", due=due(21)),),
        ),
        {},
    ),
    "summary": (
        replace(
            PATRON,
            screen=Screen.SUMMARY,
            rows=SESSION_ROWS[:2] + RETURN_ROWS[:2],
            countdown_s=47.2,  # as the session machine counts it down
        ),
        {},
    ),
    "summary-pad": (
        replace(
            PATRON,
            screen=Screen.SUMMARY,
            rows=PAD_SESSION_ROWS[:3] + PAD_RETURN_ROWS,
            countdown_s=47.2,
        ),
        {"pad": True},
    ),
    # The printer unplugged or out of paper: patrons see only 'Receipts unavailable'.
    "summary-no-printer": (
        replace(
            PATRON,
            screen=Screen.SUMMARY,
            rows=SESSION_ROWS[:2] + RETURN_ROWS[:2],
            countdown_s=47.2,
        ),
        {"lost": "printer"},
    ),
    "timeout": (replace(PATRON, screen=Screen.TIMEOUT, countdown_s=11.4), {}),
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


def wait(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


TECHNICIAN_PIN = "2468"
PORTS = (
    SimpleNamespace(
        device="/dev/ttyACM0",
        description="Honeywell 4820i scanner",
        vid=0x0C2E,
        pid=0x0B61,
        serial_number="21301B0A45",
    ),
    SimpleNamespace(
        device="/dev/ttyUSB0",
        description="CP2102 USB to UART Bridge",
        vid=0x10C4,
        pid=0xEA60,
        serial_number="0001",
    ),
)


def technician(
    window: KioskWindow, controller: KioskController, folder: Path
) -> tuple[TechnicianMode, KioskServices]:
    """Technician mode over a scratch journal holding a conflict and a rejection."""
    from kiosk.config import parse_config
    from kiosk.domain import Credential, EntryState, Told
    from kiosk.services import KioskServices
    from kiosk.technician import TechnicianDesk
    from kiosk.ui.technician.mode import TechnicianMode
    from patron_identity.pins import hash_pin

    config_path = folder / "kiosk.toml"
    config_path.write_text(
        '[devices.id_card_reader]\nport = "/dev/ttyUSB0"\n'
        '[devices.scanner]\nport = "/dev/ttyACM0"\nusb_vid_pid = "0C2E:0B61"\n'
        '[devices.card_reader]\nport = "/dev/ttyUSB1"\n'
        '[devices.rfid_reader]\nport = "/dev/ttyUSB2"\n'
        '[rfid]\nnetwork_libraries = ["CQL", "CDL", "MYL"]\n'
        f'[journal]\npath = "{folder / "journal.db"}"\n'
        '[service]\nurl = "http://127.0.0.1:9"\nconnect_timeout_ms = 200\n'
        f'[technician]\npin_hash = "{hash_pin(TECHNICIAN_PIN)}"\n'
        '[sip2]\nhost = "ils.library.example"\nport = 6001\nlogin_user = "kiosk1"\n'
        'login_password = "sip-secret"\nlocation_code = "SELF-1"\ninstitution_id = "CQLIB"\n',
        encoding="utf-8",
    )
    config = parse_config(config_path.read_text(encoding="utf-8"))
    services = KioskServices.from_config(config)
    journal = services.journal.open()
    for barcode, state, code, card in (
        ("35001000000130", EntryState.CONFLICT, "not_on_loan", None),
        ("35101000000021", EntryState.REJECTED, "item_on_hold_for_other", "25001000000017"),
    ):
        kind = ActKind.RETURN if card is None else ActKind.BORROW
        credential = Credential(CredentialKind.LIBRARY_CARD, card) if card else None
        entry = journal.record(
            kind, barcode, credential=credential, offline=True, told=Told.PROVISIONAL
        )
        journal.settle(entry.txn_id, state, code=code)
    journal.record(ActKind.RETURN, "35001000000148", offline=True, told=Told.PROVISIONAL)
    desk = TechnicianDesk(services, config_path, config.technician, port_lister=lambda: PORTS)
    mode = TechnicianMode(
        window,
        window.technician_spot,
        desk,
        config.technician,
        patron_events=controller.on_device_event,
        on_quit=lambda: None,
        on_restart=lambda: None,
        parent=window,
    )
    return mode, services


def technician_shots(
    mode: TechnicianMode, window: KioskWindow, out: Path, tag: str, suffix: str
) -> None:
    def shot(name: str) -> None:
        settle()
        path = out / f"technician-{name}-{tag}{suffix}.png"
        window.grab().save(str(path))
        print(path.relative_to(ROOT))

    mode.ask_pin()
    for digit in "1111":
        mode.pin_page.pad.keys[digit].click()
    mode.pin_page.pad.ok_key.click()
    wait(lambda: mode.pin_page.message.text() and mode.pin_page.pad.isEnabled())
    shot("pin")
    mode.pin_page.submitted.emit(TECHNICIAN_PIN)
    wait(lambda: mode.where == "screen")
    devices = mode.screen.devices
    wait(lambda: "ttyACM0" in devices.ports.text())
    devices.role_switch.buttons[devices.roles.index("scanner")].click()
    devices.test_buttons["scanner"].setChecked(True)
    from drivers.events import BarcodeKind, BarcodeScanned

    devices.log.add_raw("scanner", "rx", bytes([0x9A, 0xA8, 0x85, 0x85, 0x8C, 0x85, 0xFB]))
    devices.log.add_raw("scanner", "rx", b"35001000000031\r")
    devices.log.add_event("scanner", BarcodeScanned("35001000000031", None, BarcodeKind.ITEM, "*"))
    devices.log.flush()
    shot("devices")
    mode.screen.show_page("sync")
    wait(lambda: len(mode.screen.sync.problems.rows()) == 2)
    shot("sync")
    mode.screen.show_page("info")
    wait(lambda: mode.screen.info.view is not None)
    shot("info")
    library_shot(mode)
    shot("sip2")
    for view in rfid_shots(mode):
        shot(f"rfid-{view}")
    mode.screen.show_page("devices")
    mode.leave()


# What a test connection and a patron's identification put into the traffic view (the view
# masks them as it records them).
SIP2_FRAMES = (
    ("test", "sent", b"9300CNkiosk1|COsip-secret|CPSELF-1|\r"),
    ("test", "received", b"941\r"),
    ("test", "sent", b"9900402.00\r"),
    (
        "test",
        "received",
        "98YYYNYN01000320261204    1930122.00AOCQLIB|AM重庆图书馆|BXYYYYYYYYYYNNYYY|\r".encode(),
    ),
    (
        "kiosk",
        "sent",
        b"6300120261204    193015 Y        AOCQLIB|AA21000000000001|ACterm|AD1234|\r",
    ),
    (
        "kiosk",
        "received",
        "64              00120261204    193015000000000001000000000000AOCQLIB|AA21000000000001|"
        "AE张三丰|BLY|CQY|AU39000000000004|\r".encode(),
    ),
)


def library_shot(mode: TechnicianMode) -> None:
    """The Library system page after a test connection, SIP2 chosen but not yet saved."""
    import datetime as dt

    from kiosk.backend.sip2.connection import Direction
    from kiosk.backend.sip2.status_check import SUPPORTED_MESSAGES, SystemStatus

    page = mode.screen.library
    mode.screen.show_page("library")
    page.kind.buttons[1].click()
    traffic = page.desk.services.traffic
    traffic.clear()
    for source, direction, raw in SIP2_FRAMES:
        traffic.record(source, Direction(direction), raw)
    page.traffic.clear()
    page.traffic.last = 0
    page.result_view = SystemStatus(
        online=True,
        checkin_ok=True,
        checkout_ok=True,
        renewal_ok=False,
        offline_ok=True,
        system_time=dt.datetime(2026, 12, 4, 19, 30, 12),
        offset_s=-2.0,
        protocol_version="2.00",
        library_name="重庆图书馆",
        institution_id="CQLIB",
        supported=tuple(c for c in SUPPORTED_MESSAGES if c not in ("19", "25", "15")),
        mismatch=None,
        round_trip_ms=38.0,
    )
    page.retranslate()
    page.poll_traffic()


def rfid_shots(mode: TechnicianMode) -> Iterator[str]:
    """The Book pad page with three tags on the pad (a book, a blank tag, garbage): the live
    view, the writer for the book, the settings."""
    from drivers.events import RfidTagArrived
    from drivers.rfid.tag import iso28560_2
    from drivers.sim.rfid_sim import garbage_tag

    page = mode.screen.rfid
    if page is None:
        return
    book = iso28560_2.lay_out(
        iso28560_2.build(
            {
                "primary_item_id": "35001000000023",
                "owner_institution": "CN-CQL",
                "set_information": "0201",
                "shelf_location": "I247.5/12",
            }
        ),
        memory_size=112,
    )
    garbage = garbage_tag("E0040150A1B2C303", seed=7)
    mode.screen.show_page("rfid")
    for event in (
        RfidTagArrived("E0040150A1B2C301", 0x06, 0x07, 4, book.memory, (0, 1, 2, 3, 4), True),
        RfidTagArrived("E0040150A1B2C302", 0x00, 0x00, 4, bytes(112), (), False),
        RfidTagArrived("E0040150A1B2C303", 0x00, garbage.afi, 4, garbage.memory, (), None),
    ):
        page.on_device_event(event)
    page.show_view("tags")
    yield "tags"
    page.write_tag("E0040150A1B2C301")
    yield "writer"
    page.show_view("settings")
    yield "settings"
    page.show_view("tags")


# The panels kiosks ship with (tests/ui/test_screen_sizes.py checks the same list).
SIZES = (
    (1280, 720),
    (1366, 768),
    (1280, 800),
    (1920, 1080),
    (1024, 768),
    (720, 1280),
    (1080, 1920),
)
LOOKS = ("default", "high-contrast", "larger-text")
SHEET_SCALE = 0.5
SHEET_COLUMNS = 4
CAPTION_PX = 28


def show(
    window: KioskWindow, language: str, view: SessionView, extra: Extra, *, larger: bool = False
) -> None:
    """``view`` as the kiosk would show it, devices as ``extra`` says; ``larger``: with the
    accessibility panel's larger text and high contrast on."""
    window.set_book_input(BookInput.BOTH if extra.get("pad") else BookInput.SCANNER)
    window.render(SessionView())  # as the kiosk does: every screen starts clean
    if larger:  # the patron turns them on again (the clean start ended the last session's)
        window.access.set(Aid.LARGE_TEXT, True)
        window.access.set(Aid.HIGH_CONTRAST, True)
    # Home after a timeout or summary goes back to the default language (the next patron is
    # someone else): set this pass's language again for every shot.
    window.set_language(language)
    window.render(view)
    lost = extra.get("lost")
    window.show_devices(
        {
            role: (LinkState.DISCONNECTED if role == lost else LinkState.CONNECTED, "")
            for role in (*ROLES, "printer")  # the summary offers a receipt
        }
    )
    pin_page = window.pages[Screen.PIN]
    assert isinstance(pin_page, PinScreen)
    for _ in range(extra.get("pin_digits", 0)):
        pin_page.pad.keys["7"].click()
    settle()


def sheets(out: Path, only: list[str] | None) -> None:
    """A contact sheet per size, language and look (see the module's docstring)."""
    out.mkdir(parents=True, exist_ok=True)
    names = [name for name in VIEWS if not only or name in only]
    for width, height in SIZES:
        for look in LOOKS:
            window, _controller = build("high-contrast" if look == "high-contrast" else "default")
            window.resize(width, height)
            for language, tag in (("zh_CN", "zh"), ("en", "en")):
                tile_w, tile_h = round(width * SHEET_SCALE), round(height * SHEET_SCALE)
                rows = -(-len(names) // SHEET_COLUMNS)
                sheet = QImage(
                    SHEET_COLUMNS * tile_w, rows * (tile_h + CAPTION_PX), QImage.Format.Format_RGB32
                )
                sheet.fill(QColor("#ffffff"))
                painter = QPainter(sheet)
                font = QFont()
                font.setPixelSize(CAPTION_PX - 8)
                painter.setFont(font)
                for index, name in enumerate(names):
                    view, extra = VIEWS[name]
                    show(window, language, view, extra, larger=look == "larger-text")
                    image = window.grab().toImage()
                    x = index % SHEET_COLUMNS * tile_w
                    y = index // SHEET_COLUMNS * (tile_h + CAPTION_PX)
                    painter.drawText(
                        QRect(x + 8, y, tile_w - 8, CAPTION_PX), Qt.AlignmentFlag.AlignVCenter, name
                    )
                    scaled = image.scaled(
                        tile_w,
                        tile_h,
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                    painter.drawImage(x, y + CAPTION_PX, scaled)
                painter.end()
                path = out / f"{width}x{height}-{tag}-{look}.png"
                # A few hundred colours keep a sheet's file small; text stays sharp.
                sheet.convertToFormat(
                    QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                ).save(str(path))
                print(path.relative_to(ROOT))
            window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--theme", default="default", choices=("default", "high-contrast"))
    parser.add_argument("--only", nargs="*", help="screen names to render (default: all)")
    parser.add_argument(
        "--sheets", action="store_true", help="contact sheets of every size, language and look"
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.sheets:
        sheets(args.out / "sheets", args.only)
        del app
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    window, controller = build(args.theme)
    suffix = "" if args.theme == "default" else f"-{args.theme}"
    scratch = tempfile.TemporaryDirectory(prefix="kiosk-shots-")
    mode, services = technician(window, controller, Path(scratch.name))
    try:
        for language, tag in (("zh_CN", "zh"), ("en", "en")):
            window.set_language(language)
            settle()
            for name, (view, extra) in VIEWS.items():
                if args.only and name not in args.only:
                    continue
                show(window, language, view, extra)
                path = args.out / f"{name}-{tag}{suffix}.png"
                window.grab().save(str(path))
                print(path.relative_to(ROOT))
            if not args.only or "technician" in args.only:
                window.render(SessionView())
                window.set_language(language)
                technician_shots(mode, window, args.out, tag, suffix)
    finally:
        mode.close()
        services.journal.close()
        scratch.cleanup()
        window.close()
        del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
