"""Chinese and English through Qt's translation system: installs resources/translations/*.qm."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from kiosk.ui.paths import TRANSLATIONS

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


class LanguageSwitch(QObject):
    """Owns the installed translator; installing one makes Qt send LanguageChange to every
    window, which retranslates itself."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translator: QTranslator | None = None
        self._language = ""
        self.set_language(language)

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        if language == self._language:
            return
        app = QCoreApplication.instance()
        translator = QTranslator(self)
        if not translator.load(f"kiosk_{language}", str(TRANSLATIONS)):
            log.warning("no translation file kiosk_%s.qm in %s", language, TRANSLATIONS)
        self._remove()
        if app is not None:
            app.installTranslator(translator)
        self._translator = translator
        self._language = language
        QLocale.setDefault(QLocale(language))

    def close(self) -> None:
        self._remove()

    def _remove(self) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None


def current_language() -> str:
    """The language the screens show now (follows the last LanguageSwitch)."""
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
