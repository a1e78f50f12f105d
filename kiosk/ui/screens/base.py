"""What every patron screen provides: its Screen value, show_view(view) and retranslate()."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.session import Screen, SessionView
from kiosk.ui.book_input import BookInput

Press = Callable[[str, str], None]  # controller.press(action, arg)


class ScreenPage(QWidget):
    """A page of the stack. ``show_view`` must show nothing of a patron that ``view`` does not
    hold, so a wiped view leaves a blank page behind."""

    for_screen: Screen  # the Screen value this page shows (not QWidget.screen())

    def __init__(self, press: Press, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"screen.{self.for_screen.value}")
        self.setProperty("role", "page")
        self.press = press
        self.body = QVBoxLayout(self)
        self.tighten(False)

    tight = False
    book_input = BookInput.SCANNER  # the window sets what this kiosk has (hints name it)

    def tighten(self, tight: bool) -> None:
        """Close up the margins and gaps (larger text on a short screen needs the room); a
        page may also drop a hint the patron has followed already."""
        self.tight = tight
        self.body.setContentsMargins(*((48, 8, 48, 10) if tight else (48, 20, 48, 24)))
        self.body.setSpacing(8 if tight else 16)

    def fit_window(self, size: QSize) -> None:
        """Choose a form for a window of ``size`` (portrait, narrow …); called before the
        layout runs, so a form meant for a larger screen never makes the window grow."""

    def retranslate(self) -> None:
        """Set the fixed texts in the current language; ``show_view`` follows with the rest."""

    def show_view(self, view: SessionView) -> None:
        """Show ``view``; called for every change while this screen is on top."""


PILL_PADDING = 2 * 22 + 8  # a pill label's padding and border, beside its text


def greeting_row(top: QBoxLayout, heading: QLabel, pill: QLabel, width: int) -> None:
    """The greeting and its pill (loans count) side by side where both fit in ``width``, else
    the pill under the greeting (a portrait screen with larger text): never a wider window."""
    pill_width = pill.fontMetrics().horizontalAdvance(pill.text()) + PILL_PADDING
    need = (
        heading.fontMetrics().horizontalAdvance(heading.text())
        + (pill_width if pill.text() else 0)
        + top.spacing()
    )
    top.setDirection(
        QBoxLayout.Direction.LeftToRight if need <= width else QBoxLayout.Direction.TopToBottom
    )
