"""Dynamic style properties: the themes select on them (QLabel[role="heading"], …)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def restyle(widget: QWidget, **props: str | bool) -> None:
    """Set properties and re-polish, because Qt does not re-apply a style sheet by itself."""
    changed = False
    for name, value in props.items():
        if widget.property(name) != value:
            widget.setProperty(name, value)
            changed = True
    if changed:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def label(role: str, text: str = "", *, name: str = "", wrap: bool = True) -> QLabel:
    """A label with a theme role: heading, subheading, body, hint, small, …"""
    widget = QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    return widget
