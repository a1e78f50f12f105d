"""Book pad: the tags in the field as they come and go (decoded; tags hold no patron data), a
tag writer for staff (the technician PIN asked again before each write) and the [rfid] settings."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.events import Event, RfidTagArrived, RfidTagLeft
from drivers.rfid.security import ItemState
from drivers.rfid.tag import TagErrorCode, TagModel
from kiosk.core.rfid_pad import RfidSettings, owner_in_network
from kiosk.core.tag_writer import (
    TagReading,
    TagWriteOutcome,
    TagWriteReport,
    plan,
    read_tag,
    set_parts,
)
from kiosk.technician import NoConfigFile, SettingsRefused, TechnicianDesk
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
from kiosk.ui.technician.library_page import TextField, breakable
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.technician.texts import value_label, with_unit
from kiosk.ui.widgets.pin_pad import KEY, PinPad
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton

CTX = "RfidPage"
PREFIX = "technician.rfid"
VIEWS = ("tags", "writer", "settings")
KEEP = "keep"  # the writer leaves the tag's AFI and EAS as they are
SECURITY_CHOICES = (KEEP, ItemState.ON_SHELF.value, ItemState.ON_LOAN.value)
CAPTION_WIDTH = 230
PIN_PAD_WIDTH = 3 * 2 * KEY + 2 * 12  # the pad's three columns of keys and their spacing
WRITER_KEYS = ("primary_item_id", "owner_institution", "set_information", "shelf_location")
HEX_BYTE = re.compile(r"^(?:0x)?([0-9a-f]{1,2})$", re.IGNORECASE)
LIBRARY_SEPARATORS = re.compile(r"[\s,，、;；]+")

# The [rfid] keys this page edits, as dotted paths under [rfid], in the order shown.
SETTINGS_KEYS = (
    "network_libraries",
    "tags.model",
    "tags.lock_primary_item_id",
    "tags.content_parameter",
    "tags.security.use_afi",
    "tags.security.afi_on_shelf",
    "tags.security.afi_on_loan",
    "tags.security.use_eas",
    "write_timeout_ms",
)
TEXT_SETTINGS = frozenset(
    {"network_libraries", "tags.security.afi_on_shelf", "tags.security.afi_on_loan"}
)
SWITCH_SETTINGS = frozenset(
    {
        "tags.lock_primary_item_id",
        "tags.content_parameter",
        "tags.security.use_afi",
        "tags.security.use_eas",
    }
)

LABELS: dict[str, str] = {
    "network_libraries": QT_TRANSLATE_NOOP("RfidPage", "Libraries of the network (owners taken)"),
    "model": QT_TRANSLATE_NOOP("RfidPage", "Data model of new tags"),
    "lock_primary_item_id": QT_TRANSLATE_NOOP("RfidPage", "Write-protect the item id"),
    "content_parameter": QT_TRANSLATE_NOOP("RfidPage", "Write a content parameter"),
    "use_afi": QT_TRANSLATE_NOOP("RfidPage", "Use the AFI byte"),
    "afi_on_shelf": QT_TRANSLATE_NOOP("RfidPage", "AFI in the library (hex)"),
    "afi_on_loan": QT_TRANSLATE_NOOP("RfidPage", "AFI on loan (hex)"),
    "use_eas": QT_TRANSLATE_NOOP("RfidPage", "Use the EAS bit"),
    "write_timeout_ms": QT_TRANSLATE_NOOP("RfidPage", "Longest wait for a tag write"),
    "security": QT_TRANSLATE_NOOP("RfidPage", "Security"),
    "primary_item_id": QT_TRANSLATE_NOOP("RfidPage", "Item id (barcode)"),
    "owner_institution": QT_TRANSLATE_NOOP("RfidPage", "Owner institution (ISIL)"),
    "set_information": QT_TRANSLATE_NOOP("RfidPage", "Set (part / of how many)"),
    "shelf_location": QT_TRANSLATE_NOOP("RfidPage", "Shelf location"),
}

SECURITY: dict[str, str] = {
    KEEP: QT_TRANSLATE_NOOP("RfidPage", "Leave as it is"),
    ItemState.ON_SHELF.value: QT_TRANSLATE_NOOP("RfidPage", "Secured (in the library)"),
    ItemState.ON_LOAN.value: QT_TRANSLATE_NOOP("RfidPage", "Not secured (on loan)"),
}

MODELS: dict[str, str] = {
    TagModel.ISO28560_2.value: QT_TRANSLATE_NOOP("RfidPage", "ISO 28560-2 (GB/T 35660.2)"),
    TagModel.ISO28560_3.value: QT_TRANSLATE_NOOP("RfidPage", "ISO 28560-3 (Danish)"),
}

OUTCOMES: dict[TagWriteOutcome, str] = {
    TagWriteOutcome.WRITTEN: QT_TRANSLATE_NOOP(
        "RfidPage", "Written and read back: the tag now holds what is shown."
    ),
    TagWriteOutcome.UNCHANGED: QT_TRANSLATE_NOOP(
        "RfidPage", "The tag already holds exactly this: nothing was written."
    ),
    TagWriteOutcome.PIN_WRONG: QT_TRANSLATE_NOOP(
        "RfidPage", "That PIN is not right. Nothing was written."
    ),
    TagWriteOutcome.PIN_LOCKED: QT_TRANSLATE_NOOP(
        "RfidPage", "Too many wrong PINs: writing is locked for a while. Nothing was written."
    ),
    TagWriteOutcome.PIN_NOT_SET: QT_TRANSLATE_NOOP(
        "RfidPage", "No technician PIN is configured. Nothing was written."
    ),
    TagWriteOutcome.NO_READER: QT_TRANSLATE_NOOP(
        "RfidPage", "The book pad is not open (see the Devices page). Nothing was written."
    ),
    TagWriteOutcome.NOT_ON_PAD: QT_TRANSLATE_NOOP(
        "RfidPage", "That tag is no longer on the pad. Put it back and write again."
    ),
    TagWriteOutcome.REFUSED: QT_TRANSLATE_NOOP(
        "RfidPage", "This cannot be written on the tag: {detail}. Nothing was written."
    ),
    TagWriteOutcome.TAG_GONE: QT_TRANSLATE_NOOP(
        "RfidPage",
        "The tag left the pad before the write was finished: it may hold half of it. "
        "Put it back, keep it still and write again.",
    ),
    TagWriteOutcome.VERIFY_FAILED: QT_TRANSLATE_NOOP(
        "RfidPage",
        "Written, but the tag does not read back what was written: write again, or use "
        "another tag.",
    ),
    TagWriteOutcome.BLOCK_LOCKED: QT_TRANSLATE_NOOP(
        "RfidPage",
        "The tag refused: part of it is write-protected. Change only what is not locked, or "
        "use a new tag.",
    ),
    TagWriteOutcome.WRITE_FAILED: QT_TRANSLATE_NOOP(
        "RfidPage", "The reader or the tag refused the write ({detail}). Try again."
    ),
    TagWriteOutcome.NO_REPLY: QT_TRANSLATE_NOOP(
        "RfidPage", "The reader did not answer in time. Check the pad on the Devices page."
    ),
    TagWriteOutcome.LINK_LOST: QT_TRANSLATE_NOOP(
        "RfidPage", "The link to the reader was lost during the write. Write again."
    ),
    TagWriteOutcome.LOCK_FAILED: QT_TRANSLATE_NOOP(
        "RfidPage",
        "Written and read back, but the item id could not be write-protected ({detail}).",
    ),
}
OK_OUTCOMES = frozenset({TagWriteOutcome.WRITTEN, TagWriteOutcome.UNCHANGED})

PROBLEMS: dict[str, str] = {
    TagErrorCode.BLANK.value: QT_TRANSLATE_NOOP("RfidPage", "Blank tag (no data yet)"),
}


def _security(choice: str) -> str:
    return translate(CTX, SECURITY[choice])


def setting_label(key: str) -> str:
    text = LABELS.get(key.split(".")[-1])
    return translate(CTX, text) if text else key


def plain_problem(line: str) -> str:
    """'rfid.tags.security.afi_on_loan: reason' → 'AFI on loan (hex) (rfid.….afi_on_loan): …'."""
    key, sep, reason = line.partition(": ")
    short = key.split(".")[-1]
    if not sep or short not in LABELS:
        return line
    return f"{setting_label(short)} ({key}): {reason}"


def set_text(code: str) -> str:
    """The codec's NNMM as staff type it (2/3); other text as it is."""
    parts = set_parts(code)
    return f"{parts[0]}/{parts[1]}" if parts else code


def security_text(reading: TagReading) -> str:
    afi = f"AFI {reading.afi:02X}"
    if reading.eas is None:
        eas = translate("RfidPage", "EAS not read")
    else:
        eas = translate("RfidPage", "EAS on") if reading.eas else translate("RfidPage", "EAS off")
    if reading.state is ItemState.ON_SHELF:
        state = translate("RfidPage", "secured: in the library")
    elif reading.state is ItemState.ON_LOAN:
        state = translate("RfidPage", "not secured: on loan")
    else:
        state = translate("RfidPage", "neither in the library nor on loan by these settings")
    return f"{afi} · {eas} · {state}"


class TagCard(QFrame):
    """One tag in the field: UID and data model, item id, owner · set · shelf, security."""

    def __init__(self, reading: TagReading) -> None:
        super().__init__()
        self.setProperty("role", "row")
        name = f"{PREFIX}.tag.{reading.uid}"
        self.setObjectName(name)
        self.uid_line = label("row-barcode", name=f"{name}.uid")
        self.item = label("row-title", name=f"{name}.item")
        self.detail = label("row-detail", name=f"{name}.detail")
        self.security = label("row-detail", name=f"{name}.security")
        self.write = TouchButton(f"{name}.write", "secondary")
        text = QVBoxLayout()
        text.setSpacing(2)
        for widget in (self.uid_line, self.item, self.detail, self.security):
            text.addWidget(widget)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.addLayout(text, 1)
        row.addWidget(self.write, 0, Qt.AlignmentFlag.AlignVCenter)
        self.reading = reading
        self.show_reading(reading)

    def show_reading(self, reading: TagReading) -> None:
        self.reading = reading
        self.retranslate()

    def retranslate(self) -> None:
        r = self.reading
        model = translate(CTX, MODELS[r.model.value]) if r.model else ""
        self.uid_line.setText(" · ".join(p for p in (f"UID {r.uid}", model) if p))
        self.write.setText(translate("RfidPage", "Write…"))
        if r.readable:
            self.item.setText(r.item_id)
            parts = [
                translate("RfidPage", "Owner {owner}").format(owner=r.owner or "—"),
                translate("RfidPage", "Set {set}").format(set=set_text(r.set_information) or "—"),
                translate("RfidPage", "Shelf {shelf}").format(shelf=r.shelf_location or "—"),
            ]
            self.detail.setText(" · ".join(parts))
            restyle(self, tone="")
        else:
            problem = PROBLEMS.get(r.problem.value if r.problem else "")
            self.item.setText(
                translate(CTX, problem)
                if problem
                else translate("RfidPage", "Cannot be read (not a library tag)")
            )
            self.detail.setText(
                translate("RfidPage", "Write it to give it this library's data.")
                if r.blank
                else translate("RfidPage", "Its data is not a library data model: write it anew.")
            )
            restyle(self, tone="" if r.blank else "warn")
        self.security.setText(security_text(r))


class RfidPage(TechnicianPage):
    def __init__(self, desk: TechnicianDesk, jobs: JobRunner) -> None:
        super().__init__(f"{PREFIX}.page", f"{PREFIX}.status", desk, jobs)
        self.cards: dict[str, TagCard] = {}
        self.controls: dict[str, TextField | Segmented | Stepper] = {}
        self.captions: dict[str, QLabel] = {}
        self.fields: dict[str, TextField] = {}
        self.field_captions: dict[str, QLabel] = {}
        self._running: dict[str, Any] = {}
        self._writing_uid = ""
        self._filled_for: str | None = None
        self.last_report: TagWriteReport | None = None

        self.view = Segmented(f"{PREFIX}.view", VIEWS, self._view_name)
        self.view.changed.connect(self.show_view)
        self.views = QStackedWidget()
        self.views.addWidget(self._build_tags())
        self.views.addWidget(self._build_writer())
        self.views.addWidget(self._build_settings())

        self.keyboard = TouchKeyboard()
        self.keyboard.done.connect(self.close_keyboard)
        self.keyboard.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.view)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.keyboard)
        layout.addWidget(self.status)
        self.view.set_value("tags")
        self.show_view("tags")
        self.load()
        self.retranslate()

    # ---- building ---------------------------------------------------------------------------
    def _build_tags(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.tags_hint = label("hint", name=f"{PREFIX}.tags_hint")
        self.empty = label("empty", name=f"{PREFIX}.empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QWidget()
        self.card_list = QVBoxLayout(content)
        self.card_list.setContentsMargins(0, 0, 12, 0)
        self.card_list.setSpacing(8)
        self.card_list.addWidget(self.empty)
        self.card_list.addStretch(1)
        column.addWidget(self.tags_hint)
        column.addWidget(scrolling(content, f"{PREFIX}.tags"), 1)
        return box

    def _build_writer(self) -> QWidget:
        self.writer = QWidget()
        self.writer.setObjectName(f"{PREFIX}.writer")
        column = QVBoxLayout(self.writer)
        column.setContentsMargins(0, 0, 0, 0)
        form = QWidget()
        grid = form_grid(form)
        self.tag_caption = label("field", name=f"{PREFIX}.target.label")
        self.tag_caption.setFixedWidth(CAPTION_WIDTH)
        self.target = Choice(f"{PREFIX}.target", self._describe_target)
        self.target.setSizeAdjustPolicy(
            Choice.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(8)
        self.target.currentIndexChanged.connect(self._target_changed)
        grid.addWidget(self.tag_caption, 0, 0)
        grid.addWidget(self.target, 0, 1)
        for row, key in enumerate(WRITER_KEYS, start=1):
            caption = label("field", name=f"{PREFIX}.write.{key}.label")
            caption.setFixedWidth(CAPTION_WIDTH)
            field = TextField(f"{PREFIX}.write.{key}")
            field.focused.connect(partial(self.open_keyboard, field))
            self.fields[key] = field
            self.field_captions[key] = caption
            grid.addWidget(caption, row, 0)
            grid.addWidget(field, row, 1)
        row = len(WRITER_KEYS) + 1
        self.security_caption = label("field", name=f"{PREFIX}.write.security.label")
        self.security_caption.setFixedWidth(CAPTION_WIDTH)
        self.security_choice = Segmented(f"{PREFIX}.write.security", SECURITY_CHOICES, _security)
        self.security_choice.set_value(KEEP)
        grid.addWidget(self.security_caption, row, 0)
        grid.addWidget(self.security_choice, row, 1)
        self.writer_hint = label("hint", name=f"{PREFIX}.writer_hint")
        grid.addWidget(self.writer_hint, row + 1, 0, 1, 2)
        grid.setRowStretch(row + 2, 1)
        self.writer_form = scrolling(form, f"{PREFIX}.writer_form")
        self.write = TouchButton(f"{PREFIX}.write", "primary")
        self.write.clicked.connect(self._ask_pin)
        self.writer_buttons = QWidget()
        buttons = QHBoxLayout(self.writer_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.write)

        # The PIN again, right before the write: in place of the form until OK or Cancel.
        self.pin_box = QWidget()
        self.pin_box.setObjectName(f"{PREFIX}.pin")
        self.pin_summary = label("lead", name=f"{PREFIX}.pin.summary")
        self.pin_note = label("hint", name=f"{PREFIX}.pin.note")
        self.pin_pad = PinPad()
        self.pin_pad.setObjectName(f"{PREFIX}.pin.pad")
        for digit, button in self.pin_pad.keys.items():
            button.setObjectName(f"{PREFIX}.pin.digit.{digit}")
        self.pin_pad.ok_key.setObjectName(f"{PREFIX}.pin.ok")
        self.pin_pad.clear_key.setObjectName(f"{PREFIX}.pin.clear")
        self.pin_pad.dots.setObjectName(f"{PREFIX}.pin.dots")
        self.pin_pad.submitted.connect(self._write)
        self.pin_cancel = TouchButton(f"{PREFIX}.pin.cancel", "secondary")
        self.pin_cancel.clicked.connect(self._close_pin)
        side = QVBoxLayout()
        side.setSpacing(12)
        side.addWidget(self.pin_summary)
        side.addWidget(self.pin_note)
        side.addStretch(1)
        side.addWidget(self.pin_cancel, 0, Qt.AlignmentFlag.AlignLeft)
        self.pin_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.pin_box)
        self.pin_layout.setContentsMargins(0, 0, 0, 0)
        self.pin_layout.setSpacing(24)
        self.pin_layout.addLayout(side, 1)
        self.pin_layout.addWidget(self.pin_pad, 0, Qt.AlignmentFlag.AlignTop)
        self.pin_box.hide()

        column.addWidget(self.writer_form, 1)
        column.addWidget(self.writer_buttons)
        column.addWidget(self.pin_box, 1)
        return self.writer

    def _build_settings(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        form = QWidget()
        grid = form_grid(form)
        self.settings_hint = label("hint", name=f"{PREFIX}.settings_hint")
        grid.addWidget(self.settings_hint, 0, 0, 1, 2)
        for row, key in enumerate(SETTINGS_KEYS, start=1):
            caption = label("field", name=f"{PREFIX}.{key}.label")
            caption.setFixedWidth(CAPTION_WIDTH)
            control = self._control(key)
            self.captions[key] = caption
            self.controls[key] = control
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(control, row, 1)
        self.settings_form = scrolling(form, f"{PREFIX}.settings")
        self.settings_buttons, self.save, self.revert = save_row(PREFIX)
        self.save.clicked.connect(self._save)
        self.revert.clicked.connect(self.load_settings)
        column.addWidget(self.settings_form, 1)
        column.addWidget(self.settings_buttons)
        return box

    def _control(self, key: str) -> TextField | Segmented | Stepper:
        name = f"{PREFIX}.{key}"
        control: TextField | Segmented | Stepper
        if key in TEXT_SETTINGS:
            control = TextField(name)
            control.textChanged.connect(self._mark_changes)
            control.focused.connect(partial(self.open_keyboard, control))
        elif key in SWITCH_SETTINGS:
            control = Segmented(name, [True, False], value_label)
            control.changed.connect(self._mark_changes)
        elif key == "tags.model":
            control = Segmented(name, list(MODELS), lambda v: translate(CTX, MODELS[v]))
            control.changed.connect(self._mark_changes)
        else:
            info = RfidSettings.model_fields["write_timeout_ms"]
            low = next(m.ge for m in info.metadata if hasattr(m, "ge"))
            high = next(m.le for m in info.metadata if hasattr(m, "le"))
            control = Stepper(name, low, high, partial(with_unit, key))
            control.changed.connect(self._mark_changes)
        return control

    # ---- life -------------------------------------------------------------------------------
    def load(self) -> None:
        """Technician mode opened: the settings the kiosk runs with, the tags on the pad now."""
        self.load_settings()
        self._close_pin()
        self.refresh_tags()
        self.status.hide()

    def enter(self) -> None:
        super().enter()
        self.refresh_tags()

    def leave(self) -> None:
        self._close_pin()
        if self.keyboard.isVisible():
            self.close_keyboard()

    def show_view(self, view: str) -> None:
        if self.keyboard.target is not None:
            self.close_keyboard()
        self._close_pin()
        self.view.set_value(view)
        self.views.setCurrentIndex(VIEWS.index(view))

    @staticmethod
    def _view_name(view: str) -> str:
        return {
            "tags": translate("RfidPage", "Tags on the pad"),
            "writer": translate("RfidPage", "Write a tag"),
            "settings": translate("RfidPage", "Settings"),
        }[view]

    # ---- the tags in the field ----------------------------------------------------------------
    def on_device_event(self, event: Event) -> None:
        """Arrivals and departures from the reader (technician mode routes them here)."""
        if isinstance(event, RfidTagArrived):
            self._show_tag(read_tag(event, self.desk.rfid().tags.security))
        elif isinstance(event, RfidTagLeft):
            card = self.cards.pop(event.uid.upper(), None)
            if card is not None:
                self.card_list.removeWidget(card)
                card.deleteLater()
            self._tags_changed()

    def refresh_tags(self) -> None:
        """The tags as the reader last read them (a copy it keeps: no wait on the port)."""
        readings = {r.uid.upper(): r for r in self.desk.tags_on_pad()}
        for uid in [u for u in self.cards if u not in readings]:
            card = self.cards.pop(uid)
            self.card_list.removeWidget(card)
            card.deleteLater()
        for reading in readings.values():
            self._show_tag(reading, quiet=True)
        self._tags_changed()

    def _show_tag(self, reading: TagReading, *, quiet: bool = False) -> None:
        uid = reading.uid.upper()
        card = self.cards.get(uid)
        if card is None:
            card = TagCard(reading)
            card.write.clicked.connect(partial(self.write_tag, uid))
            self.cards[uid] = card
            self.card_list.insertWidget(self.card_list.count() - 1, card)
        else:
            card.show_reading(reading)
        if not quiet:
            self._tags_changed()

    def _tags_changed(self) -> None:
        self.empty.setVisible(not self.cards)
        current = self.target.value()
        self.target.set_values(list(self.cards))
        if current in self.cards:
            self.target.set_value(current)
        elif len(self.cards) == 1:
            self.target.set_value(next(iter(self.cards)))  # the only one: no need to pick
        else:
            self.target.setCurrentIndex(-1)
        self._target_changed()

    def readings(self) -> dict[str, TagReading]:
        return {uid: card.reading for uid, card in self.cards.items()}

    # ---- the writer ---------------------------------------------------------------------------
    def write_tag(self, uid: str) -> None:
        """The writer, for this tag, its fields filled with what it holds."""
        self.show_view("writer")
        self.target.set_value(uid)
        self._fill(uid)

    def _describe_target(self, uid: Any) -> str:
        card = self.cards.get(str(uid))
        if card is None:
            return str(uid)
        r = card.reading
        if r.readable:
            what = r.item_id
        elif r.blank:
            what = translate("RfidPage", "blank")
        else:
            what = translate("RfidPage", "cannot be read")
        return f"{uid} — {what}"

    def _target_changed(self, *_: object) -> None:
        uid = self.target.value()
        if uid is not None and uid != self._filled_for:
            self._fill(str(uid))
        if uid is None:
            self._filled_for = None
        self._update_write_button()

    def _fill(self, uid: str) -> None:
        self._filled_for = uid
        reading = self.readings().get(uid)
        values = {
            "primary_item_id": reading.item_id if reading else "",
            "owner_institution": reading.owner if reading else "",
            "set_information": set_text(reading.set_information) if reading else "",
            "shelf_location": reading.shelf_location if reading else "",
        }
        for key, field in self.fields.items():
            field.set_value(values[key])
        self.security_choice.set_value(KEEP)

    def _update_write_button(self) -> None:
        self.write.setEnabled(self.target.value() is not None and not self.asking("rfid.write"))

    def writer_values(self) -> dict[str, str]:
        return {key: field.value() for key, field in self.fields.items()}

    def _ask_pin(self) -> None:
        uid = self.target.value()
        if uid is None:
            self.say(translate("RfidPage", "Put the tag on the pad first, then pick it here."))
            return
        values = self.writer_values()
        tag = self.desk.pad_tag(str(uid))
        if tag is None:
            self.say(translate(CTX, OUTCOMES[TagWriteOutcome.NOT_ON_PAD]))
            return
        try:  # pure: refuse what cannot be laid out before asking for the PIN
            plan(tag, values, self.desk.rfid().tags)
        except ValueError as exc:
            self.say(translate(CTX, OUTCOMES[TagWriteOutcome.REFUSED]).format(detail=str(exc)))
            return
        if self.keyboard.target is not None:
            self.close_keyboard()
        self._writing_uid = str(uid)
        summary = [translate("RfidPage", "Write tag {uid}:").format(uid=uid)]
        for key in WRITER_KEYS:
            if values[key]:
                summary.append(f"{setting_label(key)}: {values[key]}")
        if self.security_choice.value() != KEEP:
            security = _security(self.security_choice.value())
            summary.append(translate("RfidPage", "Security: {state}").format(state=security))
        self.pin_summary.setText("\n".join(summary))
        owner = values["owner_institution"]
        network = self.desk.rfid().network_libraries
        note = [translate("RfidPage", "Enter the technician PIN, then OK, to write.")]
        if owner and not owner_in_network(owner, network):
            note.append(
                translate(
                    "RfidPage",
                    "Note: {owner} is not one of the network's libraries; kiosks here will "
                    "refuse this book.",
                ).format(owner=owner)
            )
        self.pin_note.setText("\n".join(note))
        self.status.hide()
        self.pin_pad.clear()
        self.pin_pad.setEnabled(True)
        for widget in (self.writer_form, self.writer_buttons, self.view):
            widget.hide()
        self.pin_box.show()
        self._arrange_pin()

    def _close_pin(self) -> None:
        self.pin_pad.clear()
        self.pin_box.hide()
        self.writer_form.show()
        self.writer_buttons.show()
        self.view.setVisible(self.keyboard.target is None)

    def _write(self, pin: str) -> None:
        uid, values = self._writing_uid, self.writer_values()
        choice = self.security_choice.value()
        state = None if choice in (None, KEEP) else ItemState(choice)
        self._close_pin()
        self.say(translate("RfidPage", "Writing… keep the tag still on the pad."), "info")

        def done(report: TagWriteReport) -> None:
            self._update_write_button()
            self._show_report(report)

        def failed(exc: BaseException) -> None:
            self._update_write_button()
            self.say(
                translate("RfidPage", "That did not work: {error}").format(error=str(exc)), "bad"
            )

        if self.ask(
            "rfid.write", lambda: self.desk.write_tag(pin, uid, values, state), done, failed
        ):
            self._update_write_button()

    def _show_report(self, report: TagWriteReport) -> None:
        text = translate(CTX, OUTCOMES[report.outcome]).format(detail=report.detail or "—")
        if report.reading is not None:
            self._show_tag(report.reading)
            self._fill(report.uid)
        if report.locked_now:
            text += " " + translate(
                "RfidPage", "Blocks {first}–{last} are now write-protected."
            ).format(first=min(report.locked_now), last=max(report.locked_now))
        self.last_report = report
        self.say(text, "ok" if report.outcome in OK_OUTCOMES else "warn")

    # ---- the PIN pad's arrangement ---------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange_pin()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange_pin()

    def _arrange_pin(self) -> None:
        # Beside the words where there is room; under them on a narrow (portrait) screen.
        narrow = self.width() < PIN_PAD_WIDTH + 360
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        self.pin_layout.setDirection(direction)

    # ---- the on-screen keyboard ------------------------------------------------------------
    def open_keyboard(self, field: TextField) -> None:
        self.keyboard.target = field
        for widget in (self.view, self.writer_buttons, self.settings_buttons, self.status):
            widget.hide()
        self.keyboard.show()
        QTimer.singleShot(0, self, self._keep_in_view)

    def _keep_in_view(self) -> None:
        field = self.keyboard.target
        if field is None:
            return
        scroll = self.writer_form if field in self.fields.values() else self.settings_form
        content = scroll.widget()
        if content is None:
            return
        middle = field.mapTo(content, field.rect().center())
        scroll.ensureVisible(middle.x(), middle.y(), 0, field.height() // 2 + 8)

    def close_keyboard(self) -> None:
        field = self.keyboard.target
        self.keyboard.target = None
        self.keyboard.hide()
        for widget in (self.view, self.writer_buttons, self.settings_buttons):
            widget.show()
        if field is not None:
            field.clearFocus()

    # ---- settings ------------------------------------------------------------------------------
    def load_settings(self) -> None:
        """Show what the running kiosk reads and secures tags with."""
        values = _flat(self.desk.rfid().model_dump(mode="json"))
        for key, control in self.controls.items():
            value = values[key]
            if key == "network_libraries":
                value = ", ".join(value)
            elif key.startswith("tags.security.afi_"):
                value = f"{value:02X}"
            control.set_value(value)
        self._running = self.settings_values()
        self._mark_changes()

    def settings_values(self) -> dict[str, Any]:
        """The controls as flat dotted keys (typed text as typed where it is not understood:
        the model judges it)."""
        out: dict[str, Any] = {}
        for key, control in self.controls.items():
            value = control.value()
            if key == "network_libraries":
                value = [p for p in LIBRARY_SEPARATORS.split(str(value)) if p]
            elif key.startswith("tags.security.afi_"):
                match = HEX_BYTE.match(str(value).strip())
                value = int(match.group(1), 16) if match else str(value)
            out[key] = value
        return out

    def proposed(self) -> RfidSettings:
        values = self.settings_values()
        problems = [
            f"rfid.{key}: "
            + translate(
                "RfidPage", "two hex digits, 00 to FF (in the library 07, on loan C2 by default)"
            )
            for key, value in values.items()
            if key.startswith("tags.security.afi_") and isinstance(value, str)
        ]
        if problems:
            raise SettingsRefused(problems)
        return self.desk.propose_rfid(_nested(values))

    def _mark_changes(self, *_: object) -> None:
        now = self.settings_values()
        for key, caption in self.captions.items():
            mark(caption, now.get(key) != self._running.get(key))

    def _save(self) -> None:
        try:
            settings = self.proposed()
        except SettingsRefused as exc:
            self._refused(exc)
            return
        self.save.setEnabled(False)
        self.say(translate("RfidPage", "Writing the configuration file…"), "info")

        def done(backup: object) -> None:
            self.save.setEnabled(True)
            self._running = self.settings_values()
            self._mark_changes()
            self.refresh_tags()  # the security words follow the new AFI values
            self.say(
                translate(
                    "RfidPage",
                    "Saved in {file}; the previous file is kept as {backup}. The pad reads and "
                    "secures books with these settings from now on.",
                ).format(file=str(self.desk.config_path), backup=getattr(backup, "name", "")),
                "ok",
            )

        def failed(exc: BaseException) -> None:
            self.save.setEnabled(self.desk.config_path is not None)
            if isinstance(exc, SettingsRefused):
                self._refused(exc)
            elif isinstance(exc, NoConfigFile):
                self.say(
                    translate(
                        "RfidPage",
                        "This kiosk was started without a config file: there is nothing to "
                        "save to.",
                    )
                )
            else:
                self.say(translate("RfidPage", "That did not work: {error}").format(error=str(exc)))

        self.ask("rfid.save", lambda: self.desk.save_rfid(settings), done, failed)

    def _refused(self, exc: SettingsRefused) -> None:
        self.say(
            translate("RfidPage", "Not saved, because:")
            + "\n"
            + "\n".join(plain_problem(p) for p in exc.problems),
            "warn",
        )

    # ---- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.view.retranslate()
        self.tags_hint.setText(
            translate(
                "RfidPage",
                "Every tag in the pad's field, read as it arrives. Tags hold no patron data. "
                "Write… programs or repairs one.",
            )
        )
        self.empty.setText(translate("RfidPage", "No tag on the pad. Put a book on it."))
        for card in self.cards.values():
            card.retranslate()
        self.tag_caption.setText(translate("RfidPage", "Tag"))
        self.target.retranslate()
        self.target.setPlaceholderText(translate("RfidPage", "Put the tag on the pad"))
        for key, caption in self.field_captions.items():
            caption.setText(setting_label(key))
        self.fields["owner_institution"].setPlaceholderText("CN-CQL")
        self.fields["set_information"].setPlaceholderText("1/1")
        self.writer_hint.setText(
            translate(
                "RfidPage",
                "Set: this part and how many the set has, e.g. 1/1 or 2/3. A field left empty "
                "stays as it is on the tag. Only the blocks that change are written, each read "
                "back; write-protected blocks are never touched.",
            )
        )
        self.security_caption.setText(translate("RfidPage", "Security (AFI, EAS)"))
        self.security_choice.retranslate()
        self.write.setText(translate("RfidPage", "Write tag…"))
        self.pin_cancel.setText(translate("RfidPage", "Cancel"))
        self.pin_pad.retranslate()
        self.settings_hint.setText(
            translate(
                "RfidPage",
                "The reader's port and timing are on the Devices page (Book pad).",
            )
        )
        for key, caption in self.captions.items():
            caption.setText(f"{setting_label(key)}\n{breakable('rfid.' + key)}")
        for control in self.controls.values():
            if not isinstance(control, TextField):
                control.retranslate()
        self.save.setText(translate("RfidPage", "Save"))
        self.revert.setText(translate("RfidPage", "Undo changes"))
        self.keyboard.retranslate()


def _flat(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _nested(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dotted, value in values.items():
        *tables, key = dotted.split(".")
        node = out
        for table in tables:
            node = node.setdefault(table, {})
        node[key] = value
    return out
