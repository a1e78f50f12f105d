"""One device role's settings as touch controls, built from the settings model's fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from drivers.ports import PortInfo
from drivers.settings import SerialSettings
from kiosk.technician import Field
from kiosk.ui.i18n import translate
from kiosk.ui.technician.controls import Choice, Segmented, Stepper, form_grid, mark
from kiosk.ui.technician.texts import field_label, unit_of, value_label, with_unit
from kiosk.ui.widgets.style import label

Control = Segmented | Choice | Stepper
SEGMENTS_UP_TO = 5  # more choices than this (or long names) go into a drop-down


def _segmented(field: Field) -> bool:
    return len(field.choices) <= SEGMENTS_UP_TO and all(
        len(value_label(v)) <= 8 for v in field.choices
    )


class DeviceForm(QWidget):
    """``technician.device.<role>.<key>`` for every control; ``values()`` is what is shown."""

    def __init__(self, role: str, fields: list[Field]) -> None:
        super().__init__()
        self.role = role
        self.setObjectName(f"technician.device.{role}.form")
        self.fields = fields
        self.controls: dict[str, Control] = {}
        self.labels: dict[str, QLabel] = {}
        self._running: dict[str, Any] = {}
        self._ports: list[PortInfo] = []
        grid = form_grid(self)
        for row, field in enumerate(fields):
            name = f"technician.device.{role}.{field.key}"
            control = self._control(name, field)
            if isinstance(control, Choice):
                control.currentIndexChanged.connect(self._mark_changes)
            else:
                control.changed.connect(self._mark_changes)
            caption = label("field", name=f"{name}.label")
            caption.setFixedWidth(250)
            self.labels[field.key] = caption
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(control, row, 1)
            self.controls[field.key] = control
        self.retranslate()

    def _control(self, name: str, field: Field) -> Control:
        if field.kind == "int":
            assert field.minimum is not None and field.maximum is not None
            key = field.key
            return Stepper(name, field.minimum, field.maximum, lambda v: with_unit(key, v))
        if field.kind in ("bool", "choice") and _segmented(field):
            return Segmented(name, field.choices, value_label)
        if field.kind == "choice":
            choice = Choice(name, value_label)
            choice.set_values(field.choices)
            return choice
        choice = Choice(name, self._describe_optional)
        choice.set_values([None])
        return choice

    @staticmethod
    def _describe_optional(value: Any) -> str:
        return str(value) if value is not None else translate("DevicesPage", "— not used —")

    # ---- values ---------------------------------------------------------------------------
    def load(self, settings: SerialSettings | None) -> None:
        """Show ``settings`` (what the device runs with now)."""
        self._running = settings.model_dump() if settings is not None else {}
        self.set_ports(self._ports)
        for key, control in self.controls.items():
            if key in self._running:
                control.set_value(self._running[key])
        self._mark_changes()

    def set_ports(self, ports: list[PortInfo]) -> None:
        """Offer the ports present now (the configured one stays, present or not)."""
        self._ports = ports
        port = self.controls.get("port")
        if isinstance(port, Choice):
            current = port.value() or self._running.get("port") or ""
            values = [p.device for p in ports]
            labels = [self._port_label(p) for p in ports]
            if current not in values:
                values.insert(0, current)
                labels.insert(0, current or translate("DevicesPage", "— none —"))
            port.set_values(values, labels)
            port.set_value(current)
        for key, of_port in (("usb_vid_pid", "vid_pid"), ("usb_serial_number", "serial_number")):
            control = self.controls.get(key)
            if isinstance(control, Choice):
                current = control.value()
                present = sorted({getattr(p, of_port) for p in ports} - {None})
                control.set_values([None, *present])
                control.set_value(current if current is not None else self._running.get(key))

    @staticmethod
    def _port_label(port: PortInfo) -> str:
        usb = f" [{port.vid_pid}]" if port.vid_pid else ""
        return f"{port.device} — {port.description}{usb}"

    def values(self) -> dict[str, Any]:
        return {key: control.value() for key, control in self.controls.items()}

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items() if self._running.get(k) != v}

    def _mark_changes(self, *_: object) -> None:
        changed = self.changes()
        for key, caption in self.labels.items():
            mark(caption, key in changed)

    # ---- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        for field in self.fields:
            limits = self._limits(field)
            detail = f"{field.key} · {limits}" if limits else field.key
            self.labels[field.key].setText(f"{field_label(field.key)}\n{detail}")
            self.controls[field.key].retranslate()

    @staticmethod
    def _limits(field: Field) -> str:
        if field.kind != "int" or field.minimum is None or field.maximum is None:
            return ""
        unit = {"ms": " ms", "chars": "", "count": ""}[unit_of(field.key)]
        return f"{field.minimum}–{field.maximum}{unit}"
