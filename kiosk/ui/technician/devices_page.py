"""Devices: per role the ports present, the settings as touch controls, a live Test view,
Apply (reopen the device now) and Save (write the config file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.events import DeviceStateChanged, Event
from drivers.ports import PortInfo
from kiosk.config import ROLES
from kiosk.technician import NoConfigFile, SettingsRefused, TechnicianDesk, editable_fields
from kiosk.ui.i18n import translate
from kiosk.ui.messages import device_name, device_state, out_of_service_reason
from kiosk.ui.technician.controls import Segmented
from kiosk.ui.technician.device_form import DeviceForm
from kiosk.ui.technician.device_log import DeviceLog, RawFeed, role_of
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton


class DevicesPage(TechnicianPage):
    def __init__(self, desk: TechnicianDesk, jobs: JobRunner) -> None:
        super().__init__("technician.page.devices", "technician.device.status", desk, jobs)
        self.roles = [r for r in ROLES if desk.current(r) is not None] or list(ROLES)
        self.role = self.roles[0]
        self.feed = RawFeed(self)
        self.log = DeviceLog()
        self.feed.seen.connect(self._raw)

        self.role_switch = Segmented("technician.device.role", self.roles, device_name)
        self.role_switch.changed.connect(self.show_role)
        self.state = label("hint", name="technician.device.state", wrap=False)
        top = QHBoxLayout()
        top.addWidget(self.role_switch, 1)
        top.addWidget(self.state)

        self.ports = label("hint", name="technician.device.ports")
        self.forms: dict[str, DeviceForm] = {}
        self.form_stack = QStackedWidget()
        for role in self.roles:
            form = DeviceForm(role, editable_fields(desk.settings_type(role)))
            self.forms[role] = form
            self.form_stack.addWidget(form)
        scroll = QScrollArea()
        scroll.setObjectName("technician.device.settings")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form_stack)
        self.form_stack.setProperty("role", "list")  # transparent, like the patron lists
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        # Why the device is in its state, in full (paper out, cover open, port busy …).
        self.reason = label("hint", name="technician.device.reason")
        self.reason.hide()
        left = QVBoxLayout()
        left.addWidget(self.reason)
        left.addWidget(self.ports)
        left.addWidget(scroll, 1)

        self.test_buttons: dict[str, TouchButton] = {}
        test_row = QHBoxLayout()
        for role in self.roles:
            button = TouchButton(f"technician.device.{role}.test", "segment")
            button.setCheckable(True)
            button.toggled.connect(lambda on, r=role: self.set_test(r, on))
            self.test_buttons[role] = button
            test_row.addWidget(button, 1)
        self.clear_log = TouchButton("technician.device.clear_log", "quiet")
        self.clear_log.clicked.connect(self.log.clear)
        test_row.addWidget(self.clear_log)
        right_box = QWidget()
        right_box.setMaximumWidth(500)
        right = QVBoxLayout(right_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(test_row)
        right.addWidget(self.log, 1)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        middle.addLayout(left, 1)
        middle.addWidget(right_box, 1)

        self.apply = TouchButton("technician.device.apply", "primary")
        self.save = TouchButton("technician.device.save", "secondary")
        self.revert = TouchButton("technician.device.revert", "quiet")
        self.apply.clicked.connect(self._apply)
        self.save.clicked.connect(self._save)
        self.revert.clicked.connect(lambda: self.reload(self.role))
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(self.apply)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.role_switch.set_value(self.role)
        self.show_role(self.role)
        self.retranslate()

    # ---- showing ------------------------------------------------------------------------
    def enter(self) -> None:
        """Technician mode opened: show what every device runs with now, and its ports."""
        super().enter()
        for role in self.roles:
            self.forms[role].load(self.desk.current(role))
        self.refresh_ports()

    def leave(self) -> None:
        for button in self.test_buttons.values():
            button.setChecked(False)
        self.desk.clear_taps()

    def refresh_ports(self) -> None:
        self.ask("ports", self.desk.list_ports, self._show_ports, lambda exc: self._show_ports([]))

    def _show_ports(self, ports: list[PortInfo]) -> None:
        for form in self.forms.values():
            form.set_ports(ports)
        if ports:
            lines = [DeviceForm._port_label(p) for p in ports]
            self.ports.setText(
                translate("DevicesPage", "Serial ports present:") + "\n" + "\n".join(lines)
            )
        else:
            self.ports.setText(translate("DevicesPage", "No serial ports are present."))

    def show_role(self, role: str) -> None:
        self.role = role
        self.form_stack.setCurrentWidget(self.forms[role])
        for r, button in self.test_buttons.items():
            button.setVisible(r == role)
        self.status.hide()
        self._show_state()

    def reload(self, role: str) -> None:
        self.forms[role].load(self.desk.current(role))
        self.status.hide()

    def _show_state(self) -> None:
        state = self.desk.device_state(self.role)
        self.state.setText(
            translate("DevicesPage", "Now: {state}").format(
                state=device_state(str(state)) if state else translate("DevicesPage", "off")
            )
        )
        reason = self.desk.device_reason(self.role) if state else ""
        self.reason.setText(out_of_service_reason(f"{self.role}_{reason}") if reason else "")
        self.reason.setVisible(bool(reason))
        restyle(self.reason, tone="bad")  # even paper near end: something to see to
        restyle(self.state, tone="ok" if state == "connected" else "bad")

    # ---- the Test view --------------------------------------------------------------------
    def set_test(self, role: str, on: bool) -> None:
        self.desk.set_raw_tap(role, self.feed.tap_for(role) if on else None)
        if on:
            self.log.add_note(
                translate("DevicesPage", "watching the {device}").format(device=device_name(role))
            )

    def _raw(self, role: str, direction: str, data: bytes) -> None:
        if self.test_buttons[role].isChecked():
            self.log.add_raw(role, direction, data)

    def on_device_event(self, event: Event) -> None:
        role = role_of(event)
        if isinstance(event, DeviceStateChanged) and role == self.role:
            self._show_state()
        button = self.test_buttons.get(role or self.role)
        if button is not None and button.isChecked():
            self.log.add_event(role or "?", event)

    # ---- Apply and Save -------------------------------------------------------------------
    def _proposed(self):  # type: ignore[no-untyped-def]
        try:
            return self.desk.propose(self.role, self.forms[self.role].values())
        except SettingsRefused as exc:
            self._refused(exc)
            return None

    def _apply(self) -> None:
        settings = self._proposed()
        if settings is None:
            return
        role = self.role
        self._busy(translate("DevicesPage", "Reopening the device with these settings…"))

        def done(_: object) -> None:
            self.forms[role].load(self.desk.current(role))
            self._done(
                translate(
                    "DevicesPage",
                    "Applied: the device was reopened with these settings. "
                    "Save to keep them after a restart.",
                ),
                "ok",
            )
            self._show_state()

        self.ask("settings", lambda: self.desk.apply(role, settings), done, self._failed)

    def _save(self) -> None:
        settings = self._proposed()
        if settings is None:
            return
        role = self.role
        self._busy(translate("DevicesPage", "Writing the configuration file…"))

        def done(backup: object) -> None:
            self._done(
                translate(
                    "DevicesPage",
                    "Saved in {file}. The previous file is kept as {backup}. "
                    "Apply reopens the device with them now.",
                ).format(file=str(self.desk.config_path), backup=getattr(backup, "name", "")),
                "ok",
            )

        self.ask("settings", lambda: self.desk.save(role, settings), done, self._failed)

    def _busy(self, text: str) -> None:
        for button in (self.apply, self.save, self.revert):
            button.setEnabled(False)
        self.say(text, "info")

    def _done(self, text: str, tone: str) -> None:
        for button in (self.apply, self.save, self.revert):
            button.setEnabled(True)
        self.save.setEnabled(self.desk.config_path is not None)
        self.say(text, tone)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SettingsRefused):
            self._done("", "warn")
            self._refused(exc)
        elif isinstance(exc, NoConfigFile):
            self._done(
                translate(
                    "DevicesPage",
                    "This kiosk was started without a config file: there is nothing to save to.",
                ),
                "warn",
            )
        else:
            self._done(
                translate("DevicesPage", "That did not work: {error}").format(error=str(exc)),
                "warn",
            )

    def _refused(self, exc: SettingsRefused) -> None:
        self.say(
            translate("DevicesPage", "Not applied and nothing written, because:")
            + "\n"
            + "\n".join(exc.problems),
            "warn",
        )

    # ---- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.role_switch.retranslate()
        for form in self.forms.values():
            form.retranslate()
        for button in self.test_buttons.values():
            button.setText(translate("DevicesPage", "Test: show what it sends"))
        self.clear_log.setText(translate("DevicesPage", "Clear"))
        self.apply.setText(translate("DevicesPage", "Apply"))
        self.save.setText(translate("DevicesPage", "Save"))
        self.revert.setText(translate("DevicesPage", "Undo changes"))
        self.save.setEnabled(self.desk.config_path is not None and not self.asking("settings"))
        self._show_state()
