"""Library system: regional service or SIP2, every [sip2] key as a touch control, Save (used
after a restart), Test connection (log in, 99 → 98 in plain words) and the SIP2 traffic view."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFontDatabase, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend.sip2.connection import Direction
from kiosk.backend.sip2.dialect import (
    PROFILES,
    SIP18,
    ChecksumMode,
    ItemIdForm,
    PatronIdForm,
    Terminator,
    TextEncoding,
)
from kiosk.backend.sip2.settings import BackendKind, Sip2Settings
from kiosk.backend.sip2.status_check import CheckFailed, CheckProblem, SystemStatus
from kiosk.backend.sip2.traffic import TrafficLine
from kiosk.technician import LibraryChoice, NoConfigFile, SettingsRefused, TechnicianDesk
from kiosk.ui.i18n import translate
from kiosk.ui.messages import QT_TRANSLATE_NOOP
from kiosk.ui.technician.controls import (
    Choice,
    Segmented,
    Stepper,
    form_grid,
    mark,
    save_row,
    scrolling,
)
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.keyboard import TouchKeyboard
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.technician.texts import value_label, with_unit
from kiosk.ui.widgets.style import label
from kiosk.ui.widgets.touch_button import MIN_TOUCH, TouchButton

CTX = "LibraryPage"
POLL_MS = 250  # the traffic view reads the ring this often while the page is shown
TRAFFIC_LINES = 300
PREFIX = "technician.library"
CAPTION_WIDTH = 230
RIGHT_MIN = 400  # the test result and the traffic beside the settings need this much
RIGHT_MAX = 520
QWIDGETSIZE_MAX = (1 << 24) - 1

TEXT_KEYS = (
    "host",
    "port",
    "ca_file",
    "server_name",
    "login_user",
    "login_password",
    "location_code",
    "institution_id",
    "terminal_password",
)
SECRET_KEYS = frozenset({"login_password", "terminal_password"})
OPTIONAL_KEYS = frozenset({"ca_file", "server_name"})  # empty: unset
STEPPER_KEYS = ("connect_timeout_ms", "answer_timeout_ms", "max_resends", "account_items")
# The dialect's keys a technician may override, and the values offered (None: the profile's).
OVERRIDES: dict[str, tuple[Any, ...]] = {
    "terminator": tuple(t.value for t in Terminator),
    "encoding_before_login": tuple(e.value for e in TextEncoding),
    "encoding_after_login": tuple(e.value for e in TextEncoding),
    "checksum_mode": tuple(c.value for c in ChecksumMode),
    "date_format": (SIP18, "yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd"),
    "item_id_form": tuple(f.value for f in ItemIdForm),
    "patron_id_form": tuple(f.value for f in PatronIdForm),
    "patron_id_prefix": (),  # typed
    "honours_no_block": (True, False),
    "screen_messages_patron_friendly": (True, False),
}

LABELS: dict[str, str] = {
    "kind": QT_TRANSLATE_NOOP("LibraryPage", "The kiosk talks to"),
    "host": QT_TRANSLATE_NOOP("LibraryPage", "Server (host name or address)"),
    "port": QT_TRANSLATE_NOOP("LibraryPage", "TCP port"),
    "tls": QT_TRANSLATE_NOOP("LibraryPage", "TLS (encrypted)"),
    "ca_file": QT_TRANSLATE_NOOP("LibraryPage", "CA file (empty: the system's)"),
    "server_name": QT_TRANSLATE_NOOP("LibraryPage", "Name on the certificate (empty: host)"),
    "login_user": QT_TRANSLATE_NOOP("LibraryPage", "Login user (empty: no login)"),
    "login_password": QT_TRANSLATE_NOOP("LibraryPage", "Login password"),
    "location_code": QT_TRANSLATE_NOOP("LibraryPage", "Location code"),
    "institution_id": QT_TRANSLATE_NOOP("LibraryPage", "Institution id"),
    "terminal_password": QT_TRANSLATE_NOOP("LibraryPage", "Terminal password"),
    "dialect": QT_TRANSLATE_NOOP("LibraryPage", "Dialect"),
    "terminator": QT_TRANSLATE_NOOP("LibraryPage", "End of a frame (terminator)"),
    "encoding_before_login": QT_TRANSLATE_NOOP("LibraryPage", "Character set before login"),
    "encoding_after_login": QT_TRANSLATE_NOOP("LibraryPage", "Character set after login"),
    "checksum_mode": QT_TRANSLATE_NOOP("LibraryPage", "Checksums"),
    "date_format": QT_TRANSLATE_NOOP("LibraryPage", "Date format"),
    "item_id_form": QT_TRANSLATE_NOOP("LibraryPage", "Item identifier"),
    "patron_id_form": QT_TRANSLATE_NOOP("LibraryPage", "ID card number as patron id"),
    "patron_id_prefix": QT_TRANSLATE_NOOP("LibraryPage", "Patron id prefix"),
    "honours_no_block": QT_TRANSLATE_NOOP("LibraryPage", "Honours 'no block' (offline acts)"),
    "screen_messages_patron_friendly": QT_TRANSLATE_NOOP(
        "LibraryPage", "Show the system's screen messages"
    ),
    "screen_message_language": QT_TRANSLATE_NOOP(
        "LibraryPage", "Language of the system's messages"
    ),
    "pin_for_library_cards": QT_TRANSLATE_NOOP("LibraryPage", "PIN for library cards"),
    "connect_timeout_ms": QT_TRANSLATE_NOOP("LibraryPage", "Connect timeout"),
    "answer_timeout_ms": QT_TRANSLATE_NOOP("LibraryPage", "Longest wait for an answer"),
    "max_resends": QT_TRANSLATE_NOOP("LibraryPage", "Resends per request"),
    "account_items": QT_TRANSLATE_NOOP("LibraryPage", "Most titles on the account screen"),
}

VALUES: dict[str, str] = {
    "regional": QT_TRANSLATE_NOOP("LibraryPage", "Regional service"),
    "sip2": QT_TRANSLATE_NOOP("LibraryPage", "Library system (SIP2)"),
    "standard": QT_TRANSLATE_NOOP("LibraryPage", "Standard"),
    "dp2": QT_TRANSLATE_NOOP("LibraryPage", "dp2"),
    "answer_in_kind": QT_TRANSLATE_NOOP("LibraryPage", "CR, answered in kind"),
    "verify": QT_TRANSLATE_NOOP("LibraryPage", "Verify (standard rule)"),
    "accept_dialect": QT_TRANSLATE_NOOP("LibraryPage", "The dialect's own rule"),
    "none": QT_TRANSLATE_NOOP("LibraryPage", "None"),
    "sip18": QT_TRANSLATE_NOOP("LibraryPage", "SIP2's 18 characters"),
    "barcode": QT_TRANSLATE_NOOP("LibraryPage", "Barcode"),
    "institution_dot_barcode": QT_TRANSLATE_NOOP("LibraryPage", "Institution.barcode"),
    "as_is": QT_TRANSLATE_NOOP("LibraryPage", "As read"),
    "uppercase": QT_TRANSLATE_NOOP("LibraryPage", "Upper-case X"),
    "prefixed": QT_TRANSLATE_NOOP("LibraryPage", "Prefix + number"),
    "zh_CN": QT_TRANSLATE_NOOP("LibraryPage", "Chinese"),
    "en": QT_TRANSLATE_NOOP("LibraryPage", "English"),
    "True": QT_TRANSLATE_NOOP("LibraryPage", "Yes"),
    "False": QT_TRANSLATE_NOOP("LibraryPage", "No"),
}

SECTIONS: dict[str, str] = {
    "host": QT_TRANSLATE_NOOP("LibraryPage", "Where"),
    "login_user": QT_TRANSLATE_NOOP("LibraryPage", "Who the kiosk is"),
    "dialect": QT_TRANSLATE_NOOP("LibraryPage", "How the system speaks"),
    "terminator": QT_TRANSLATE_NOOP(
        "LibraryPage", "Changes to the dialect (unset: as the dialect says)"
    ),
    "pin_for_library_cards": QT_TRANSLATE_NOOP("LibraryPage", "Patrons and waits"),
}

MESSAGES: dict[str, str] = {
    "23": QT_TRANSLATE_NOOP("LibraryPage", "patron status"),
    "11": QT_TRANSLATE_NOOP("LibraryPage", "checkout"),
    "09": QT_TRANSLATE_NOOP("LibraryPage", "checkin"),
    "01": QT_TRANSLATE_NOOP("LibraryPage", "block patron"),
    "99": QT_TRANSLATE_NOOP("LibraryPage", "status"),
    "97": QT_TRANSLATE_NOOP("LibraryPage", "resend"),
    "93": QT_TRANSLATE_NOOP("LibraryPage", "login"),
    "63": QT_TRANSLATE_NOOP("LibraryPage", "patron information"),
    "35": QT_TRANSLATE_NOOP("LibraryPage", "end patron session"),
    "37": QT_TRANSLATE_NOOP("LibraryPage", "fee paid"),
    "17": QT_TRANSLATE_NOOP("LibraryPage", "item information"),
    "19": QT_TRANSLATE_NOOP("LibraryPage", "item status update"),
    "25": QT_TRANSLATE_NOOP("LibraryPage", "patron enable"),
    "15": QT_TRANSLATE_NOOP("LibraryPage", "hold"),
    "29": QT_TRANSLATE_NOOP("LibraryPage", "renew"),
    "65": QT_TRANSLATE_NOOP("LibraryPage", "renew all"),
}


def key_label(key: str) -> str:
    text = LABELS.get(key)
    return translate(CTX, text) if text else key


def describe(value: Any) -> str:
    text = VALUES.get(str(value))
    return translate(CTX, text) if text else value_label(value)


def _yes(flag: bool) -> str:
    return translate("LibraryPage", "yes") if flag else translate("LibraryPage", "no")


def breakable(key: str) -> str:
    """A config key that may wrap after its underscores and dots (a long one in a narrow
    column); the zero-width space shows nothing."""
    return key.replace("_", "_\u200b").replace(".", ".\u200b")


def plain_problem(line: str) -> str:
    """'sip2.port: reason' → 'TCP port (sip2.port): reason': the key in words and as written."""
    key, sep, reason = line.partition(": ")
    short = key.split(".")[-1]
    if not sep or short not in LABELS:
        return line
    if short in OVERRIDES:  # the dialect's own error names the key without its table
        key = f"sip2.dialect_overrides.{short}"
    return f"{key_label(short)} ({key}): {reason}"


class TextField(QLineEdit):
    """A finger-high text box: a tap opens the page's on-screen keyboard (a USB one works too)."""

    focused = Signal()

    def __init__(self, name: str, secret: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "field-input")
        self.setMinimumHeight(MIN_TOUCH)
        if secret:
            self.setEchoMode(QLineEdit.EchoMode.Password)  # shown as dots, never read out

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


Control = TextField | Segmented | Choice | Stepper


class TrafficView(QPlainTextEdit):
    """The last SIP2 frames: time, source and direction, the masked one-line form."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName(f"{PREFIX}.traffic")
        self.setReadOnly(True)
        self.setMaximumBlockCount(TRAFFIC_LINES)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setProperty("role", "device-log")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.last = 0  # the newest frame number shown

    def add(self, lines: list[TrafficLine]) -> None:
        fresh = [line for line in lines if line.number > self.last]
        if not fresh:
            return
        self.last = fresh[-1].number
        shown = []
        for line in fresh[-TRAFFIC_LINES:]:
            arrow = "→" if line.direction is Direction.SENT else "←"
            shown.append(f"{line.at:%H:%M:%S} {line.source} {arrow} {line.text}")
        self.appendPlainText("\n".join(shown))

    def lines(self) -> list[str]:
        return self.toPlainText().splitlines()


class LibraryPage(TechnicianPage):
    def __init__(self, desk: TechnicianDesk, jobs: JobRunner) -> None:
        super().__init__(f"{PREFIX}.page", f"{PREFIX}.status", desk, jobs)
        self.controls: dict[str, Control] = {}
        self.overrides: dict[str, Control] = {}
        self.labels: dict[str, QLabel] = {}
        self.sections: dict[str, QLabel] = {}
        self._running: dict[str, Any] = {}
        self._other_overrides: dict[str, Any] = {}  # overrides from the file this page lacks
        self.result_view: SystemStatus | CheckFailed | None = None

        self.kind = Segmented(f"{PREFIX}.kind", [k.value for k in BackendKind], describe)
        self.kind.changed.connect(self._mark_changes)
        self.kind_label = label("field", name=f"{PREFIX}.kind.label", wrap=False)
        self.top_box = QWidget()
        top = QHBoxLayout(self.top_box)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.kind_label)
        top.addWidget(self.kind, 1)

        form = QWidget()
        grid = form_grid(form)
        row = 0
        for key in self._keys():
            if key in SECTIONS:
                heading = label("subheading", name=f"{PREFIX}.section.{key}")
                self.sections[key] = heading
                grid.addWidget(heading, row, 0, 1, 2)
                row += 1
            control = self._control(key)
            caption = label("field", name=f"{PREFIX}.{key}.label")
            caption.setFixedWidth(CAPTION_WIDTH)
            self.labels[key] = caption
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(control, row, 1)
            row += 1
        scroll = scrolling(form, f"{PREFIX}.settings")

        self.test = TouchButton(f"{PREFIX}.test", "secondary")
        self.test.clicked.connect(self._test)
        self.clear_traffic = TouchButton(f"{PREFIX}.clear_traffic", "quiet")
        self.clear_traffic.clicked.connect(self._clear_traffic)
        self.result = label("hint", name=f"{PREFIX}.result")
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.traffic_title = label("hint", name=f"{PREFIX}.traffic_title")
        self.traffic = TrafficView()
        test_row = QHBoxLayout()
        test_row.addWidget(self.test, 1)
        test_row.addWidget(self.clear_traffic)
        right_box = QWidget()
        right_box.setMaximumWidth(RIGHT_MAX)
        right = QVBoxLayout(right_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(test_row)
        result_area = scrolling(self.result, f"{PREFIX}.result_area")
        # Low minimums: the page must fit a 720-pixel-high panel; both scroll.
        result_area.setMinimumHeight(MIN_TOUCH)
        self.traffic.setMinimumHeight(MIN_TOUCH + 16)
        right.addWidget(result_area, 1)
        right.addWidget(self.traffic_title)
        right.addWidget(self.traffic, 1)

        self.settings_box, self.right_box = scroll, right_box
        scroll.viewport().installEventFilter(self)
        middle = QHBoxLayout()
        middle.setSpacing(24)
        middle.addWidget(scroll, 1)
        middle.addWidget(right_box, 1)
        # Too narrow for both side by side (portrait, 1024 px): one at a time, by this switch.
        self.half = Segmented(f"{PREFIX}.half", ["settings", "test"], self._half_name)
        self.half.changed.connect(self._show_half)
        self.half.set_value("settings")
        self.half.hide()
        self._narrow: bool | None = None

        self.note = label("hint", name=f"{PREFIX}.note")
        self.buttons_box, self.save, self.revert = save_row(PREFIX)
        self.save.clicked.connect(self._save)
        self.revert.clicked.connect(self.load)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.keyboard = TouchKeyboard()
        self.keyboard.done.connect(self.close_keyboard)
        self.keyboard.hide()
        layout.addWidget(self.top_box)
        layout.addWidget(self.half)
        layout.addLayout(middle, 1)
        layout.addWidget(self.keyboard)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons_box)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll_traffic)
        self.load()
        self.retranslate()

    # ---- the on-screen keyboard ------------------------------------------------------------
    def open_keyboard(self, field: TextField) -> None:
        """Type into ``field``: the keyboard takes the room of all but the settings."""
        self.keyboard.target = field
        for widget in (self.top_box, self.half, self.note, self.status, self.buttons_box):
            widget.hide()
        self.right_box.hide()
        self.settings_box.show()
        self.keyboard.show()
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        field, form = self.keyboard.target, self.settings_box.widget()
        if field is None or form is None:
            return
        # The whole box (ensureWidgetVisible would settle for the text cursor of a focused one).
        middle = field.mapTo(form, field.rect().center())
        self.settings_box.ensureVisible(middle.x(), middle.y(), 0, field.height() // 2 + 8)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The settings shrink to make room for the keys after open_keyboard: scroll then.
        if event.type() == QEvent.Type.Resize and watched is self.settings_box.viewport():
            QTimer.singleShot(0, self, self._keep_in_view)  # after the scroll bar's new range
        return False

    def close_keyboard(self) -> None:
        field = self.keyboard.target
        self.keyboard.target = None
        self.keyboard.hide()
        for widget in (self.top_box, self.note, self.buttons_box):
            widget.show()
        self.half.setVisible(bool(self._narrow))
        self._show_half(self.half.value())
        if field is not None:
            field.clearFocus()

    # ---- narrow screens ----------------------------------------------------------------------
    @staticmethod
    def _half_name(half: str) -> str:
        if half == "settings":
            return translate("LibraryPage", "Settings")
        return translate("LibraryPage", "Test and traffic")

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        if not self.isVisible():
            return  # side by side until shown at its size
        content = self.settings_box.widget()
        assert content is not None
        form = content.minimumSizeHint().width()
        narrow = self.width() < form + self.settings_box.verticalScrollBar().sizeHint().width() + (
            24 + RIGHT_MIN
        )
        if narrow == self._narrow:
            return
        self._narrow = narrow
        self.half.setVisible(narrow and self.keyboard.target is None)
        self.right_box.setMaximumWidth(QWIDGETSIZE_MAX if narrow else RIGHT_MAX)
        self._show_half(self.half.value())

    def _show_half(self, half: str) -> None:
        if self.keyboard.target is not None:
            return  # typing: the settings alone, until Done
        both = not self._narrow
        self.settings_box.setVisible(both or half == "settings")
        self.right_box.setVisible(both or half == "test")

    # ---- building ---------------------------------------------------------------------------
    @staticmethod
    def _keys() -> list[str]:
        keys = [k for k in Sip2Settings.model_fields if k != "dialect_overrides"]
        at = keys.index("dialect") + 1
        return keys[:at] + list(OVERRIDES) + keys[at:]

    def _control(self, key: str) -> Control:
        name = f"{PREFIX}.{key}"
        control: Control
        if key in TEXT_KEYS or key == "patron_id_prefix":
            control = TextField(name, secret=key in SECRET_KEYS)
            control.textChanged.connect(self._mark_changes)
            control.focused.connect(partial(self.open_keyboard, control))
        elif key in STEPPER_KEYS:
            info = Sip2Settings.model_fields[key]
            low = next(m.ge for m in info.metadata if hasattr(m, "ge"))
            high = next(m.le for m in info.metadata if hasattr(m, "le"))
            control = Stepper(name, low, high, partial(with_unit, key))
            control.changed.connect(self._mark_changes)
        elif key in ("tls", "pin_for_library_cards"):
            control = Segmented(name, [True, False], value_label)
            control.changed.connect(self._mark_changes)
        elif key == "screen_message_language":
            control = Segmented(name, ["zh_CN", "en"], describe)
            control.changed.connect(self._mark_changes)
        elif key == "dialect":
            control = Segmented(name, list(PROFILES), describe)
            control.changed.connect(self._dialect_changed)
        else:
            control = Choice(name, partial(self._describe_override, key))
            # As wide as the column, not as the longest choice: long ones are elided.
            control.setSizeAdjustPolicy(
                Choice.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            control.setMinimumContentsLength(8)
            control.set_values([None, *OVERRIDES[key]])
            control.currentIndexChanged.connect(self._mark_changes)
        if key in OVERRIDES:
            self.overrides[key] = control
        else:
            self.controls[key] = control
        return control

    def _describe_override(self, key: str, value: Any) -> str:
        if value is not None:
            return describe(value)
        profile = PROFILES.get(self._profile_name(), PROFILES["standard"])
        default = getattr(profile, key)
        shown = "—" if default == "" else describe(getattr(default, "value", default))
        return translate("LibraryPage", "As the dialect says ({value})").format(value=shown)

    def _profile_name(self) -> str:
        control = self.controls.get("dialect")
        value = control.value() if control is not None else None
        return str(value) if value is not None else "standard"

    def _dialect_changed(self, *_: object) -> None:
        for control in self.overrides.values():
            if isinstance(control, Choice):
                control.retranslate()
        self._mark_changes()

    # ---- values -----------------------------------------------------------------------------
    def load(self) -> None:
        """Show what the running kiosk was started with."""
        if self.keyboard.target is not None:
            self.close_keyboard()
        choice = self.desk.library()
        settings = choice.sip2 or Sip2Settings()
        values = settings.model_dump(mode="json")
        overrides = dict(values.pop("dialect_overrides"))
        self._other_overrides = {k: v for k, v in overrides.items() if k not in OVERRIDES}
        self.kind.set_value(choice.kind.value)
        shown: dict[str, Any] = {**values, **{k: overrides.get(k) for k in OVERRIDES}}
        for key, control in (*self.controls.items(), *self.overrides.items()):
            control.set_value(shown[key])
        self._running = self.values()
        self._dialect_changed()
        self.status.hide()

    def values(self) -> dict[str, Any]:
        """The [sip2] keys as shown (typed text as typed: the model judges it), and the kind."""
        out: dict[str, Any] = {"kind": self.kind.value()}
        for key, control in self.controls.items():
            value = control.value()
            if key == "port":
                value = int(value) if str(value).isdigit() else value
            elif key in OPTIONAL_KEYS and not value:
                value = None
            out[key] = value
        overrides = dict(self._other_overrides)
        for key, control in self.overrides.items():
            value = control.value()
            if value is not None and value != "":
                overrides[key] = value
        out["dialect_overrides"] = overrides
        return out

    def proposed(self, *, for_test: bool = False) -> LibraryChoice:
        """The choice on screen, validated. A kiosk without [sip2] that stays regional and
        whose SIP2 settings were not touched gets none written (``for_test``: always)."""
        values = self.values()
        kind = BackendKind(values.pop("kind"))
        untouched = all(self._running.get(k) == v for k, v in values.items())
        no_section = self.desk.library().sip2 is None
        if kind is BackendKind.REGIONAL and no_section and untouched and not for_test:
            return self.desk.propose_library(kind, None)
        return self.desk.propose_library(kind, values)

    def _mark_changes(self, *_: object) -> None:
        now = self.values()
        overrides_now = now["dialect_overrides"]
        overrides_then = self._running.get("dialect_overrides", {})
        mark(self.kind_label, now["kind"] != self._running.get("kind"))
        for key, caption in self.labels.items():
            if key in OVERRIDES:
                changed = overrides_now.get(key) != overrides_then.get(key)
            else:
                changed = now.get(key) != self._running.get(key)
            mark(caption, changed)

    # ---- life -------------------------------------------------------------------------------
    def enter(self) -> None:
        super().enter()
        self.poll_traffic()
        self._poll.start()

    def leave(self) -> None:
        self._poll.stop()
        if self.keyboard.isVisible():
            self.close_keyboard()

    def poll_traffic(self) -> None:
        self.traffic.add(self.desk.traffic(self.traffic.last))

    def _clear_traffic(self) -> None:
        self.traffic.clear()

    # ---- Save ------------------------------------------------------------------------------
    def _save(self) -> None:
        try:
            choice = self.proposed()
        except SettingsRefused as exc:
            self._refused(exc)
            return
        self._busy(True)
        self.say(translate("LibraryPage", "Writing the configuration file…"), "info")

        def done(backup: object) -> None:
            self._busy(False)
            self.say(
                translate(
                    "LibraryPage",
                    "Saved in {file}; the previous file is kept as {backup}. The kiosk talks to "
                    "the library system saved here after a restart (Kiosk info → Restart).",
                ).format(file=str(self.desk.config_path), backup=getattr(backup, "name", "")),
                "ok",
            )

        self.ask("library.save", lambda: self.desk.save_library(choice), done, self._save_failed)

    def _save_failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, SettingsRefused):
            self._refused(exc)
        elif isinstance(exc, NoConfigFile):
            self.say(
                translate(
                    "LibraryPage",
                    "This kiosk was started without a config file: there is nothing to save to.",
                )
            )
        else:
            self.say(translate("LibraryPage", "That did not work: {error}").format(error=str(exc)))

    def _refused(self, exc: SettingsRefused) -> None:
        self.say(
            translate("LibraryPage", "Not saved, because:")
            + "\n"
            + "\n".join(plain_problem(p) for p in exc.problems),
            "warn",
        )

    def _busy(self, busy: bool) -> None:
        self.save.setEnabled(not busy and self.desk.config_path is not None)
        self.revert.setEnabled(not busy)

    # ---- Test connection ----------------------------------------------------------------------
    def _test(self) -> None:
        try:
            settings = self.proposed(for_test=True).sip2
        except SettingsRefused as exc:
            self._refused(exc)
            return
        assert settings is not None
        self.test.setEnabled(False)
        self.result_view = None
        self.result.setText(
            translate(
                "LibraryPage", "Logging in to {host}:{port} and asking for its status…"
            ).format(host=settings.host, port=settings.port)
        )
        self._poll.start()  # the test's frames show even before the page was entered

        def done(status: SystemStatus) -> None:
            self.test.setEnabled(True)
            self.result_view = status
            self._show_result()
            self.poll_traffic()

        def failed(exc: BaseException) -> None:
            self.test.setEnabled(True)
            if isinstance(exc, CheckFailed):
                self.result_view = exc
                self._show_result()
            else:
                self.result.setText(
                    translate("LibraryPage", "The test failed: {error}").format(error=str(exc))
                )
            self.poll_traffic()

        self.ask("library.test", lambda: self.desk.test_library(settings), done, failed)

    def _show_result(self) -> None:
        shown = self.result_view
        if isinstance(shown, SystemStatus):
            self.result.setText(status_text(shown))
        elif isinstance(shown, CheckFailed):
            self.result.setText(failure_text(shown))

    # ---- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.kind_label.setText(key_label("kind"))
        self.kind.retranslate()
        self.half.retranslate()
        for key, caption in self.labels.items():
            caption.setText(f"{key_label(key)}\n{breakable(key)}")
        for control in (*self.controls.values(), *self.overrides.values()):
            if not isinstance(control, TextField):
                control.retranslate()
        for key, heading in self.sections.items():
            heading.setText(translate(CTX, SECTIONS[key]))
        self.sections["terminator"].setText(
            translate(CTX, SECTIONS["terminator"]) + "\n" + breakable("[sip2.dialect_overrides]")
        )
        self.test.setText(translate("LibraryPage", "Test connection"))
        self.clear_traffic.setText(translate("LibraryPage", "Clear"))
        self.traffic.setPlaceholderText(
            translate(
                "LibraryPage",
                "No SIP2 frames yet. The kiosk's own show here while it talks to a library "
                "system over SIP2; Test connection's always do.",
            )
        )
        self.traffic_title.setText(
            translate("LibraryPage", "SIP2 traffic (names, patron ids and PINs masked):")
        )
        self.note.setText(
            translate(
                "LibraryPage",
                "Saved settings are used after a restart of the kiosk app. "
                "Test connection tries what is shown, saved or not.",
            )
        )
        self.keyboard.retranslate()
        self.save.setText(translate("LibraryPage", "Save"))
        self.revert.setText(translate("LibraryPage", "Undo changes"))
        self._busy(self.asking("library.save"))
        if self.result_view is None and not self.asking("library.test"):
            self.result.setText(
                translate(
                    "LibraryPage", "Test connection logs in and shows the system's status here."
                )
            )
        self._show_result()


def status_text(status: SystemStatus) -> str:
    """The 98 in plain words."""
    lines = [
        translate(
            "LibraryPage", "Online: {online} · checkout allowed: {out} · checkin allowed: {back}"
        ).format(
            online=_yes(status.online), out=_yes(status.checkout_ok), back=_yes(status.checkin_ok)
        ),
        translate(
            "LibraryPage", "Library: {name} · protocol {version} · answered in {ms} ms"
        ).format(
            name=status.library_name or "—",
            version=status.protocol_version or "—",
            ms=f"{status.round_trip_ms:.0f}",
        ),
    ]
    if status.system_time is None:
        lines.append(translate("LibraryPage", "The system's clock: not given"))
    else:
        lines.append(
            translate(
                "LibraryPage", "The system's clock: {when} ({offset} s from this kiosk's)"
            ).format(
                when=status.system_time.strftime("%Y-%m-%d %H:%M:%S"),
                offset=f"{status.offset_s or 0.0:+.0f}",
            )
        )
    names = ", ".join(f"{code} {translate(CTX, MESSAGES[code])}" for code in status.supported)
    lines.append(translate("LibraryPage", "Messages it takes: {names}").format(names=names or "—"))
    if status.mismatch:
        lines.append(
            translate("LibraryPage", "Warning: {sentence}").format(sentence=status.mismatch)
        )
    return "\n".join(lines)


def failure_text(failure: CheckFailed) -> str:
    """Why there is no status, in plain words (and the error's own text for the expert)."""
    problem = failure.problem
    if problem is CheckProblem.DIALECT_MISMATCH:
        head = translate("LibraryPage", "Wrong dialect: {sentence}").format(
            sentence=failure.mismatch
        )
    elif problem is CheckProblem.CANNOT_CONNECT:
        head = translate(
            "LibraryPage",
            "Cannot connect: nothing answers at this address and port (or TLS failed).",
        )
    elif problem is CheckProblem.LOGIN_REFUSED:
        head = translate("LibraryPage", "Login refused: check the login user and password.")
    elif problem is CheckProblem.NO_ANSWER:
        head = translate("LibraryPage", "No answer within {s} s.").format(
            s=f"{failure.timeout_s:g}"
        )
    elif problem is CheckProblem.BAD_ANSWERS:
        head = translate(
            "LibraryPage",
            "Answers came but none could be read: check the dialect and character set.",
        )
    else:
        head = translate("LibraryPage", "The test failed.")
    return head + "\n" + translate("LibraryPage", "Detail: {detail}").format(detail=failure.detail)
