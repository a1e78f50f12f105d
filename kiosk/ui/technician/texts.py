"""Technician mode's words for device settings and their values (keys stay as in the file)."""

from __future__ import annotations

from kiosk.ui.i18n import translate
from kiosk.ui.messages import QT_TRANSLATE_NOOP

# The key is shown too: technicians match it against config.example.toml and manuals.
_FIELDS: dict[str, str] = {
    "enabled": QT_TRANSLATE_NOOP("TechnicianFields", "Open at start-up"),
    "port": QT_TRANSLATE_NOOP("TechnicianFields", "Port"),
    "usb_vid_pid": QT_TRANSLATE_NOOP("TechnicianFields", "Find by USB id (VID:PID)"),
    "usb_serial_number": QT_TRANSLATE_NOOP("TechnicianFields", "USB serial number"),
    "baudrate": QT_TRANSLATE_NOOP("TechnicianFields", "Baud rate"),
    "parity": QT_TRANSLATE_NOOP("TechnicianFields", "Parity (8 data bits, 1 stop bit)"),
    "reconnect_initial_ms": QT_TRANSLATE_NOOP("TechnicianFields", "First reopen wait"),
    "reconnect_max_ms": QT_TRANSLATE_NOOP("TechnicianFields", "Longest reopen wait"),
    "poll_interval_ms": QT_TRANSLATE_NOOP("TechnicianFields", "Card poll interval"),
    "reply_timeout_ms": QT_TRANSLATE_NOOP("TechnicianFields", "Reply timeout"),
    "silent_after": QT_TRANSLATE_NOOP("TechnicianFields", "Unanswered polls before 'silent'"),
    "lift_polls": QT_TRANSLATE_NOOP("TechnicianFields", "'No card' answers before a new tap"),
    "terminator": QT_TRANSLATE_NOOP("TechnicianFields", "End of a code (terminator)"),
    "idle_gap_ms": QT_TRANSLATE_NOOP("TechnicianFields", "Idle gap (with terminator 'idle')"),
    "max_length": QT_TRANSLATE_NOOP("TechnicianFields", "Longest code"),
    "min_length": QT_TRANSLATE_NOOP("TechnicianFields", "Shortest code"),
    "aim": QT_TRANSLATE_NOOP("TechnicianFields", "AIM identifier"),
    "strip_codabar": QT_TRANSLATE_NOOP("TechnicianFields", "Strip Codabar start/stop (A–D)"),
    "repeat_window_ms": QT_TRANSLATE_NOOP("TechnicianFields", "Same code again counts once within"),
    "credential": QT_TRANSLATE_NOOP("TechnicianFields", "Credential kind"),
    "uid_format": QT_TRANSLATE_NOOP("TechnicianFields", "Card number format"),
    "pad_to": QT_TRANSLATE_NOOP("TechnicianFields", "Pad with zeros to (0: no)"),
}

_VALUES: dict[str, str] = {
    "True": QT_TRANSLATE_NOOP("TechnicianFields", "On"),
    "False": QT_TRANSLATE_NOOP("TechnicianFields", "Off"),
    "library_card": QT_TRANSLATE_NOOP("TechnicianFields", "Library card"),
    "social_security_card": QT_TRANSLATE_NOOP("TechnicianFields", "Social-security card"),
    "auto": QT_TRANSLATE_NOOP("TechnicianFields", "Auto"),
    "off": QT_TRANSLATE_NOOP("TechnicianFields", "Off"),
}

_UNITS: dict[str, str] = {
    "ms": QT_TRANSLATE_NOOP("TechnicianFields", "{value} ms"),
    "chars": QT_TRANSLATE_NOOP("TechnicianFields", "{value} characters"),
}


def field_label(key: str) -> str:
    text = _FIELDS.get(key)
    return translate("TechnicianFields", text) if text else key


def value_label(value: object) -> str:
    """On/Off and named kinds translated; codes like 'crlf' or 'N' stay as they are."""
    text = _VALUES.get(str(value))
    return translate("TechnicianFields", text) if text else str(value)


def unit_of(key: str) -> str:
    if key.endswith("_ms"):
        return "ms"
    if key in ("max_length", "min_length", "pad_to"):
        return "chars"
    return "count"


def with_unit(key: str, value: int) -> str:
    unit = _UNITS.get(unit_of(key))
    return translate("TechnicianFields", unit).format(value=value) if unit else str(value)
