"""The patron window: a stack of screens chosen by the view model, with a top bar (one plain
state, the accessibility button, language switch), the offline banner and the current message."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.events import LinkState
from kiosk.core.accessibility import TEXT_SCALE, AccessibilityState, Aids
from kiosk.core.kiosk_loop import Cue
from kiosk.core.receipt_desk import PRINTER_ROLE, ReceiptDesk, ReceiptSettings
from kiosk.core.session import Screen, SessionView
from kiosk.core.settings import KioskIdentity
from kiosk.core.ui_settings import UiSettings
from kiosk.ui.book_input import BookInput
from kiosk.ui.controller import KioskController
from kiosk.ui.fonts import register_fonts
from kiosk.ui.i18n import LanguageSwitch, translate
from kiosk.ui.libraries import LIBRARY_NAMES
from kiosk.ui.messages import device_short_name, device_state, message
from kiosk.ui.paths import THEMES
from kiosk.ui.receipts import ReceiptJobs
from kiosk.ui.row_text import alert_text
from kiosk.ui.screens.account import AccountScreen
from kiosk.ui.screens.base import ScreenPage
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.identify import IdentifyScreen
from kiosk.ui.screens.notices import offline_line
from kiosk.ui.screens.out_of_service import OutOfServiceScreen
from kiosk.ui.screens.pin import PinScreen
from kiosk.ui.screens.returns import ReturnsScreen
from kiosk.ui.screens.session import SessionScreen
from kiosk.ui.screens.summary import SummaryScreen
from kiosk.ui.screens.timeout import TimeoutScreen
from kiosk.ui.sound import SoundPlayer
from kiosk.ui.speech import SpeechOutput
from kiosk.ui.technician.hold_spot import HoldSpot
from kiosk.ui.widgets.access_panel import AccessPanel
from kiosk.ui.widgets.banner import Banner
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.status_mark import StatusMark
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton

log = logging.getLogger(__name__)

PAGES: tuple[type[ScreenPage], ...] = (
    HomeScreen,
    IdentifyScreen,
    PinScreen,
    SessionScreen,
    ReturnsScreen,
    AccountScreen,
    SummaryScreen,
    TimeoutScreen,
    OutOfServiceScreen,
)
# Leaving these for home means the patron has gone: the next one starts in the default language.
SESSION_ENDS = frozenset({Screen.SUMMARY, Screen.TIMEOUT})
TIGHT_BELOW_PX = 1000  # window height under which larger text closes up the pages' gaps
TIGHT_NARROWER_PX = 800  # and window width
BAR_LEFT, BAR_RIGHT, BAR_SPACING, MARK_SPACING = 32, 16, 12, 4  # px
MARK_ORDER = {"id_card_reader": 0, "card_reader": 1, "scanner": 2}
TONE_OF_STATE = {LinkState.CONNECTED: "ok", LinkState.DISCONNECTED: "bad", LinkState.ERROR: "bad"}
BODY_PX = 24
LARGE_ALREADY_PX = 40  # larger text leaves type this large as it is (headings, the countdown)
FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


def scaled_style(sheet: str, scale: float) -> str:
    """The theme with its type ``scale`` times larger, save type that is large already and the
    brand (the network's name: nothing a patron must read to use the kiosk)."""
    if scale == 1:
        return sheet

    def grow(match: re.Match[str]) -> str:
        px = int(match.group(1))
        return f"font-size: {px if px >= LARGE_ALREADY_PX else round(px * scale)}px"

    return "\n".join(
        line if 'role="brand"' in line else FONT_SIZE.sub(grow, line) for line in sheet.split("\n")
    )


class ScreenStack(QStackedWidget):
    """Asks only as much room as the page on top needs: a page that is not shown must not
    make the window taller or wider than the screen (each page fits itself to what it gets)."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return QSize(0, 0)
        hint = page.minimumSizeHint()
        layout = page.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > hint.width():
            # Wrapped text is shorter at the real width than at the narrowest one (only ever
            # shorter: some layouts answer with their preferred height here).
            hint.setHeight(min(hint.height(), layout.minimumHeightForWidth(self.width())))
        return hint

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else QSize(0, 0)


class KioskWindow(QMainWindow):
    """Renders ``controller.view_changed``; buttons call ``controller.press``.

    Technician mode may ``take_over`` the screen area with its own page; the patron pages keep
    following the view model meanwhile and show again on ``give_back``. In fullscreen the
    window cannot be closed (Alt+F4, Escape) until ``allow_close`` says technician mode or
    the app's shutdown asked for it.
    """

    closed = Signal()

    def __init__(
        self,
        controller: KioskController,
        *,
        settings: UiSettings,
        book_input: BookInput = BookInput.SCANNER,
        receipts: ReceiptDesk | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("kiosk_window")
        self.controller = controller
        self.settings = settings
        self._takeover: QWidget | None = None
        self._may_close = not settings.fullscreen
        self.languages = LanguageSwitch(settings.language, self)
        self.sound = SoundPlayer(settings.sound, self)
        # Accessibility mode's voice: off until the patron turns it on (speech.set_enabled).
        self.speech = SpeechOutput(lambda: self.languages.language, parent=self)
        self._view: SessionView | None = None
        self._devices: dict[str, tuple[LinkState, str]] = {}
        # What the patron turned on; the speech engine reads access.speech_enabled too.
        self.access = AccessibilityState()
        self._apply_look()

        root = QWidget()
        root.setObjectName("kiosk_root")
        self.root = root
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._top_bar())
        self.banner = Banner("banner.offline")
        self.banner.hide()
        layout.addWidget(self.banner)
        # The message lies over the top of the screen rather than in the layout: showing it
        # must not push the PIN pad or the list of books around under the patron's finger.
        self.message = label("message", name="message")
        self.message.setParent(root)
        self.message.hide()
        # A card left on the reader: said on every screen until it is lifted (issue 13).
        self.card_left = label("notice", name="card_left")
        restyle(self.card_left, tone="warn")
        self.card_left.hide()
        layout.addWidget(self.card_left)
        self.stack = ScreenStack()
        self.stack.setObjectName("screens")
        self.pages: dict[Screen, ScreenPage] = {}
        for page_type in PAGES:
            page = page_type(self._press)
            page.book_input = book_input
            self.pages[page.for_screen] = page
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)
        # Receipts: printed by the kiosk's printer, if it has one (the QR code shows anyway).
        identity = KioskIdentity()
        desk = receipts or ReceiptDesk(
            ReceiptSettings(), lambda: None, kiosk_id=identity.id, library_id=identity.library
        )
        if desk.library_names is None:
            desk.library_names = LIBRARY_NAMES
        self.receipts = ReceiptJobs(desk, self)
        self.summary.attach_receipts(self.receipts, lambda: self.languages.language)
        self.stack.installEventFilter(self)  # the overlays follow where the screens are
        self.setCentralWidget(root)
        # Over the screen, not in the layout.
        self.access_panel = AccessPanel(self.access, self.speech, root)
        self.access_panel.hide()
        self.access.listen(self._show_aids)
        # On the home screen no session times out: aids left on there end after the idle time.
        self.aids_idle = QTimer(self)
        self.aids_idle.setSingleShot(True)
        self.aids_idle.setInterval(round(controller.machine.settings.idle_timeout_s * 1000))
        self.aids_idle.timeout.connect(self.end_idle_aids)
        self._fit_pages(self.size())

        controller.view_changed.connect(self.render)
        controller.devices_changed.connect(self.show_devices)
        controller.cue.connect(self._cue)
        controller.view_changed.connect(self.speech.show_view)
        pin = self.pages[Screen.PIN]
        assert isinstance(pin, PinScreen)
        pin.pad.typed.connect(self.speech.digit_entered)
        self._retranslate()
        self.show_devices(dict(controller.devices))
        self.render(controller.view)
        self.speech.show_view(controller.view)

    # ---- building ---------------------------------------------------------------------
    def _apply_look(self) -> None:
        self._apply_theme(Aids())
        self.setWindowTitle("Library kiosk")
        if self.settings.fullscreen:
            self.setWindowState(Qt.WindowState.WindowFullScreen)
            self.setCursor(Qt.CursorShape.BlankCursor)  # a touch screen has no pointer to show
        else:
            self.resize(self.settings.window_width, self.settings.window_height)

    def _apply_theme(self, aids: Aids) -> None:
        """The configured theme, or high contrast and larger text as the patron asked."""
        scale = TEXT_SCALE if aids.large_text else 1
        font = QFont(register_fonts())
        font.setPixelSize(round(BODY_PX * scale))
        self.setFont(font)
        theme = "high-contrast" if aids.high_contrast else self.settings.theme
        path = THEMES / f"{theme}.qss"
        try:
            self.setStyleSheet(scaled_style(path.read_text(encoding="utf-8"), scale))
        except OSError as exc:
            log.warning("theme %s not loaded: %s", path, exc)

    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topbar")
        bar.setProperty("rows", "1")
        self._bar_form = "1"
        self.bar = bar
        self.brand = label("brand", name="brand", wrap=False)
        # The bar picks a form that leaves the brand room (_fit_top_bar); should nothing be
        # enough, the brand gives way rather than widen a fixed-size screen.
        self.brand.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.marks_row = QWidget()
        self.marks_row.setObjectName("topbar.marks")
        self.marks_box = QHBoxLayout(self.marks_row)
        self.marks_box.setContentsMargins(0, 0, 0, 0)
        self.marks_box.setSpacing(MARK_SPACING)
        self.marks: dict[str, StatusMark] = {}
        self.service_mark = StatusMark("status.service")
        self.marks_box.addWidget(self.service_mark)
        self.lang_zh = TouchButton("lang.zh", "lang")
        self.lang_zh.setText("中文")  # each language is named in itself, never translated
        self.lang_en = TouchButton("lang.en", "lang")
        self.lang_en.setText("English")
        for button in (self.lang_zh, self.lang_en):
            button.setMinimumWidth(120)
        self.access_button = TouchButton("access.open", "lang")
        self.access_button.clicked.connect(self._toggle_access_panel)
        # With speech on, "repeat" stays in one place on every screen, beside the button that
        # turned speech on (the panel has it too, with the volume).
        self.repeat_button = TouchButton("speech.repeat", "lang")
        self.repeat_button.clicked.connect(self.speech.repeat)
        self.repeat_button.hide()
        self.lang_zh.clicked.connect(lambda: self.set_language("zh_CN"))
        self.lang_en.clicked.connect(lambda: self.set_language("en"))
        self.top_row = QHBoxLayout()
        self.top_row.setSpacing(BAR_SPACING)
        self.top_row.addWidget(self.brand, 1)
        self.top_row.addWidget(self.marks_row)
        self.top_row.addSpacing(16)
        self.top_row.addWidget(self.repeat_button)
        self.top_row.addWidget(self.access_button)
        self.top_row.addWidget(self.lang_zh)
        self.top_row.addWidget(self.lang_en)
        # On a narrow screen the marks move under the brand (see _fit_top_bar).
        self.second_row = QHBoxLayout()
        self.second_row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(BAR_LEFT, 4, BAR_RIGHT, 4)
        layout.setSpacing(0)
        layout.addLayout(self.top_row)
        layout.addLayout(self.second_row)
        return bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_pages(event.size())
        super().resizeEvent(event)
        self._fit_top_bar()
        self._place_overlays()

    def _fit_pages(self, size: QSize) -> None:
        # Larger text on a short landscape panel or a narrow portrait one: the pages close up
        # their margins and gaps rather than shrink the list or the PIN pad.
        tight = self.access.aids.large_text and (
            size.height() < TIGHT_BELOW_PX or size.width() < TIGHT_NARROWER_PX
        )
        for page in self.pages.values():
            changed = page.tight != tight
            page.tighten(tight)
            page.fit_window(size)
            if changed and self._view is not None:
                page.show_view(self._view)  # what a page shows may follow (its hint)
        for rows in self.findChildren(RowList):
            rows.refit()  # larger or smaller type: the rows' fixed parts changed width

    def _place_overlays(self) -> None:
        top = self.stack.geometry().top()
        width = self.root.width()
        self.message.setGeometry(0, top, width, self.message.heightForWidth(width))
        self.message.raise_()
        self._place_access_panel()

    @Slot(str)
    def _cue(self, cue: str) -> None:
        self.sound.play(cue)
        if cue == Cue.ATTENTION:  # the card-left reminder's repeat: said too, with speech on
            self.speech.remind_card_left()

    # ---- accessibility --------------------------------------------------------------------
    def _toggle_access_panel(self) -> None:
        self.access_panel.setVisible(not self.access_panel.isVisible())
        self._place_access_panel()

    def _place_access_panel(self) -> None:
        """Under the top bar at the right, over the screen: opening it moves nothing."""
        panel = self.access_panel
        panel.adjustSize()
        room = self.root.rect().adjusted(0, self.bar.height(), 0, 0)
        width = min(room.width(), max(panel.sizeHint().width(), 480))
        height = min(room.height(), panel.sizeHint().height())
        panel.setGeometry(room.right() + 1 - width, room.top(), width, height)
        panel.raise_()

    def end_idle_aids(self) -> None:
        if self._view is None or self._view.screen == Screen.HOME:
            self.access.reset()
            self.access_panel.hide()
            self.speech.reset()

    def _show_aids(self, aids: Aids) -> None:
        if aids != Aids():
            self.aids_idle.start()
        if aids.speech != self.speech.enabled:  # the button's speech switch drives the voice
            self.speech.set_enabled(aids.speech)
        self.repeat_button.setVisible(aids.speech and not self.taken_over)
        self._apply_theme(aids)
        self._fit_pages(self.size())
        self._fit_top_bar()
        self._place_overlays()

    def _fit_top_bar(self) -> None:
        """One row with every word if it fits; else the marks shrink to dots (a problem keeps
        its words) or, where the screen is tall, move to a second row."""
        width = self.width()
        brand = self.brand.fontMetrics().horizontalAdvance(self.brand.text()) + 8
        buttons = [self.lang_zh, self.lang_en]
        if not self.access_button.isHidden():
            buttons.insert(0, self.access_button)
        if not self.repeat_button.isHidden():
            buttons.append(self.repeat_button)
        langs = sum(max(b.sizeHint().width(), b.minimumWidth()) for b in buttons)
        fixed = BAR_LEFT + BAR_RIGHT + brand + 16 + langs + (len(buttons) + 2) * BAR_SPACING
        # Device marks are words for technicians: shown only while technician mode is on.
        marks = [self.service_mark] if not self.service_mark.isHidden() else []
        marks += list(self.marks.values()) if self.taken_over else []

        def marks_width(compact: bool) -> int:
            return sum(m.wanted_width(compact) for m in marks) + MARK_SPACING * max(
                0, len(marks) - 1
            )

        forms = [(1, False), (1, True), (2, False), (2, True)]
        if self.height() > width:  # portrait: height to spare, so words rather than dots
            forms = [(1, False), (2, False), (2, True), (1, True)]
        for rows, compact in forms:
            if rows == 1 and fixed + marks_width(compact) <= width:
                break
            if rows == 2 and BAR_LEFT + BAR_RIGHT + marks_width(compact) <= width:
                break
        for mark in marks:
            mark.set_compact(compact)
        # Where even the brand, the accessibility button and the languages are too wide for
        # one row (a portrait panel), the button goes under the brand, beside the state.
        below = rows == 2 and fixed > width
        form = f"{rows}{'+access' if below else ''}"
        if form != self._bar_form:
            self._bar_form = form
            while self.second_row.count():
                self.second_row.takeAt(0)
            self.top_row.removeWidget(self.marks_row)
            self.top_row.removeWidget(self.access_button)
            self.top_row.removeWidget(self.repeat_button)
            if rows == 2:
                self.second_row.addWidget(self.marks_row)
                self.second_row.addStretch(1)
            else:
                self.top_row.insertWidget(1, self.marks_row)
            if below:
                self.second_row.addWidget(self.repeat_button)
                self.second_row.addWidget(self.access_button)
            else:
                self.top_row.insertWidget(self.top_row.indexOf(self.lang_zh), self.repeat_button)
                self.top_row.insertWidget(self.top_row.indexOf(self.lang_zh), self.access_button)
            restyle(self.bar, rows=form)

    # ---- inputs -----------------------------------------------------------------------
    def _press(self, action: str, arg: str = "") -> None:
        self.controller.press(action, arg)

    def set_language(self, language: str) -> None:
        """Switch now; Qt then sends LanguageChange and every text is set again."""
        self.languages.set_language(language)
        self.speech.announce()  # in the new language, when speech is on

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif (
            event.type() == QEvent.Type.WindowStateChange
            and self.settings.fullscreen
            and not self._may_close
            and not self.isFullScreen()
        ):
            # Only technician mode leaves fullscreen; a key combination must not.
            QTimer.singleShot(0, self, self.showFullScreen)
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.stack and event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._place_overlays()
        return super().eventFilter(watched, event)

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()  # a patron must not leave the kiosk for the desktop
            return
        self.languages.close()
        self.sound.close()
        self.speech.close()
        super().closeEvent(event)
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._may_close and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    # ---- technician mode --------------------------------------------------------------------
    @property
    def taken_over(self) -> bool:
        return self._takeover is not None

    @property
    def technician_spot(self) -> HoldSpot:
        """The home screen's hidden corner a technician long-presses."""
        home = self.pages[Screen.HOME]
        assert isinstance(home, HomeScreen)
        return home.technician_spot

    def add_page(self, page: QWidget) -> None:
        """A page of technician mode's, built and laid out now, shown by ``take_over``."""
        self.stack.addWidget(page)

    def take_over(self, page: QWidget) -> None:
        """Show ``page`` in place of the patron screens (and without their banner/message)."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self._takeover = page
        self.stack.setCurrentWidget(page)
        self.banner.hide()
        self.message.hide()
        self.card_left.hide()
        self.access_panel.hide()
        self.service_mark.show()  # no banner here to say it
        self._show_marks()

    def give_back(self) -> None:
        """The patron screens again, as the view model stands now."""
        self._takeover = None
        self._show_marks()
        if self._view is not None:
            view, self._view = self._view, None
            self.render(view)

    # ---- output -----------------------------------------------------------------------
    # Named as the design asks; it shadows QWidget.render(), which the kiosk never uses.
    def render(self, view: SessionView) -> None:  # type: ignore[override]
        previous = self._view
        self._view = view
        if self.access.follow(
            previous.screen if previous is not None else None, view.screen, view.card_left
        ):
            self.access_panel.hide()  # the next patron finds the kiosk as it was
            self.speech.reset()  # and the voice at its usual volume
        if self.access.aids != Aids():
            self.aids_idle.start()  # the patron is doing something
        page = self.pages[view.screen]
        if previous is None or previous.screen != view.screen:
            if (
                previous is not None
                and previous.screen in SESSION_ENDS
                and view.screen == Screen.HOME
                and self.languages.language != self.settings.language
            ):
                self.set_language(self.settings.language)
            # Every page is redrawn from the new view, so no page keeps the last patron's data.
            for other in self.pages.values():
                other.show_view(view)
            if self._takeover is None:
                self.stack.setCurrentWidget(page)
        else:
            page.show_view(view)
        self._show_conditions(view)

    @property
    def summary(self) -> SummaryScreen:
        page = self.pages[Screen.SUMMARY]
        assert isinstance(page, SummaryScreen)
        return page

    def show_devices(self, devices: dict[str, tuple[LinkState, str]]) -> None:
        self._devices = dict(devices)
        printer = devices.get(PRINTER_ROLE)
        self.summary.set_printer((LinkState(printer[0]), printer[1]) if printer else None)
        for role, (state, _reason) in devices.items():
            mark = self.marks.get(role)
            if mark is None:
                mark = StatusMark(f"status.{role}")
                self.marks[role] = mark
                # Same order on every kiosk, whichever device reported first.
                known = sorted(self.marks, key=lambda r: (MARK_ORDER.get(r, 99), r))
                self.marks_box.insertWidget(known.index(role), mark)
            tone = TONE_OF_STATE.get(state, "bad")
            name = device_short_name(role)
            # A problem is spelt out: there is no hover on a touch screen to ask for it.
            mark.set_state(name if tone == "ok" else f"{name}: {device_state(str(state))}", tone)
        self._show_marks()
        if self._view is not None:
            self._show_state(self._view)

    def _show_marks(self) -> None:
        # Technician mode is no patron's: the aids' buttons give their room to the device
        # words (on a portrait panel they would not fit beside them). Arranged before the marks
        # show: shown in a row without room for them they would grow the window for good.
        self.access_button.setVisible(not self.taken_over)
        self.repeat_button.setVisible(self.access.speech_enabled and not self.taken_over)
        self._fit_top_bar()
        for mark in self.marks.values():
            mark.setVisible(self.taken_over)

    def _show_conditions(self, view: SessionView) -> None:
        patrons = self._takeover is None
        offline_banner = patrons and view.offline and view.screen != Screen.OUT_OF_SERVICE
        self.banner.setVisible(offline_banner)
        # While the banner says what works offline it is the state: the header's words would
        # only repeat it, in room larger text needs.
        self.service_mark.setVisible(not offline_banner)
        self.banner.show_texts(offline_line(view.offline_limit), "")
        text = message(view.message) if view.message else alert_text(view.alert)
        self.message.setText(text)
        self.message.setVisible(patrons and bool(text))
        self.card_left.setVisible(patrons and view.card_left)
        self._place_overlays()
        self._show_state(view)

    def _show_state(self, view: SessionView) -> None:
        """One plain state for patrons; what exactly is wrong is for technicians."""
        # A printer's trouble is only 'receipts unavailable', said on the summary screen.
        troubled = view.offline or any(
            TONE_OF_STATE.get(state, "bad") != "ok"
            for role, (state, _reason) in self._devices.items()
            if role != PRINTER_ROLE
        )
        self.service_mark.set_state(
            translate("Window", "Some services unavailable")
            if troubled
            else translate("Window", "Ready"),
            "warn" if troubled else "ok",
        )
        self._fit_top_bar()

    def set_book_input(self, book_input: BookInput) -> None:
        """What the hints say books go in by (the pad, the scanner or both)."""
        for page in self.pages.values():
            page.book_input = book_input
        self._retranslate()

    def _retranslate(self) -> None:
        language = self.languages.language
        restyle(self.lang_zh, active=language == "zh_CN")
        restyle(self.lang_en, active=language == "en")
        self.brand.setText(translate("Window", "Shared Reading Pass"))
        self.access_button.setText(translate("Window", "Accessibility"))
        self.repeat_button.setText(translate("Window", "Repeat"))
        self.access_panel.retranslate()
        self.card_left.setText(
            translate(
                "Window",
                "An ID card is still on the reader. Please take it with you now.",
            )
        )
        for page in self.pages.values():
            page.retranslate()
        self.show_devices(self._devices)
        if self._view is not None:
            view, self._view = self._view, None
            self.render(view)
