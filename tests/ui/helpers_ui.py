"""Small look-ups over a window's widgets for the UI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def child(window: QWidget, name: str) -> QWidget:
    found = window.findChild(QWidget, name)
    assert found is not None, f"no widget named {name!r}"
    return found


def visible_texts(root: QWidget) -> list[str]:
    widgets = [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]
    return [w.text() for w in widgets if isinstance(w, QLabel | QAbstractButton) and w.text()]


def all_texts(root: QWidget) -> str:
    """Every label and button text, shown or hidden: nothing secret may be in any of them."""
    return "\n".join(
        w.text() for w in root.findChildren(QWidget) if isinstance(w, QLabel | QAbstractButton)
    )


def visible_buttons(root: QWidget) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]
