"""The accessibility panel: larger text, high contrast and speech, each one tap to turn on or
off; it lies over the screen (nothing moves) until the patron closes it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.core.accessibility import AccessibilityState, Aid, Aids
from kiosk.ui.i18n import translate
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton


class AccessPanel(QFrame):
    """``access.<aid>`` toggles and ``access.close``; shows what ``state`` holds."""

    def __init__(self, state: AccessibilityState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("access.panel")
        self.setProperty("role", "access-panel")
        self.state = state
        self.heading = label("subheading", name="access.heading")
        self.toggles: dict[Aid, TouchButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        for aid in Aid:
            button = TouchButton(f"access.{aid.value}", "toggle")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, a=aid: state.toggle(a))
            self.toggles[aid] = button
            layout.addWidget(button)
        self.close_button = TouchButton("access.close", "primary")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button)
        state.listen(self.show_aids)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("AccessPanel", "Accessibility"))
        self.close_button.setText(translate("AccessPanel", "Close"))
        self.show_aids(self.state.aids)

    def show_aids(self, aids: Aids) -> None:
        names = {
            Aid.LARGE_TEXT: translate("AccessPanel", "Larger text"),
            Aid.HIGH_CONTRAST: translate("AccessPanel", "High contrast"),
            Aid.SPEECH: translate("AccessPanel", "Speech"),
        }
        on, off = translate("AccessPanel", "on"), translate("AccessPanel", "off")
        for aid, button in self.toggles.items():
            button.setChecked(aids.on(aid))
            # The state in words, not only in colour.
            button.setText(f"{names[aid]}: {on if aids.on(aid) else off}")
            restyle(button, active=aids.on(aid))
