"""The accessibility panel: larger text, high contrast and speech, each one tap to turn on or
off, and with speech on: repeat, quieter and louder; it lies over the screen (nothing moves)
until the patron closes it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.accessibility import AccessibilityState, Aid, Aids
from kiosk.ui.i18n import translate
from kiosk.ui.speech import MAX_VOLUME, VOLUME_STEP, SpeechOutput
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton


class AccessPanel(QFrame):
    """``access.<aid>`` toggles and ``access.close``; shows what ``state`` holds. With speech
    on, ``access.repeat``, ``access.quieter`` and ``access.louder`` act on ``speech``."""

    def __init__(
        self, state: AccessibilityState, speech: SpeechOutput, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("access.panel")
        self.setProperty("role", "access-panel")
        self.state = state
        self.speech = speech
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
        # Speech's own controls, under its switch, only while it is on.
        self.speech_controls = QWidget()
        self.speech_controls.setObjectName("access.speech_controls")
        row = QHBoxLayout(self.speech_controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.repeat_button = TouchButton("access.repeat", "secondary")
        self.quieter_button = TouchButton("access.quieter", "secondary")
        self.louder_button = TouchButton("access.louder", "secondary")
        self.volume = label("hint", name="access.volume", wrap=False)
        self.repeat_button.clicked.connect(speech.repeat)
        self.quieter_button.clicked.connect(speech.quieter)
        self.louder_button.clicked.connect(speech.louder)
        for widget in (self.repeat_button, self.quieter_button, self.volume, self.louder_button):
            row.addWidget(widget)
        layout.addWidget(self.speech_controls)
        speech.volume_changed.connect(self.show_volume)
        self.close_button = TouchButton("access.close", "primary")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button)
        state.listen(self.show_aids)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(translate("AccessPanel", "Accessibility"))
        self.close_button.setText(translate("AccessPanel", "Close"))
        self.repeat_button.setText(translate("AccessPanel", "Repeat"))
        self.quieter_button.setText(translate("AccessPanel", "Quieter"))
        self.louder_button.setText(translate("AccessPanel", "Louder"))
        self.show_aids(self.state.aids)
        self.show_volume(self.speech.volume)

    def show_volume(self, volume: float) -> None:
        """The level in words and numbers ("Volume 4 of 5"), and no louder past the top."""
        steps = round(MAX_VOLUME / VOLUME_STEP)
        level = round(volume / VOLUME_STEP)
        self.volume.setText(
            translate("AccessPanel", "Volume {level} of {steps}").format(level=level, steps=steps)
        )
        self.louder_button.setEnabled(level < steps)
        self.quieter_button.setEnabled(level > 1)

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
        self.speech_controls.setVisible(aids.speech)
