"""What every page of the technician screen shares: entering and leaving, a status line, and
blocking requests sent one at a time to the jobs thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.technician import TechnicianDesk
from kiosk.ui.technician.jobs import Done, Failed, JobRunner
from kiosk.ui.widgets.style import restyle

log = logging.getLogger(__name__)


class StatusLine(QLabel):
    """A page's one line of news: what is being done, what worked, what did not."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setProperty("role", "notice")
        self.setWordWrap(True)
        self.setObjectName(name)
        self.hide()

    def say(self, text: str, tone: str = "warn") -> None:
        """Show ``text`` in ``tone`` (ok, info, warn, bad); an empty text hides the line."""
        self.setText(text)
        restyle(self, tone=tone)
        self.setVisible(bool(text))


class TechnicianPage(QWidget):
    """``status`` is the page's status line (hidden until ``say``); the subclass places it in
    its layout. ``enter`` runs when the page is shown, ``leave`` when it is left."""

    def __init__(self, name: str, status_name: str, desk: TechnicianDesk, jobs: JobRunner) -> None:
        super().__init__()
        self.setObjectName(name)
        self.desk = desk
        self.jobs = jobs
        self.status = StatusLine(status_name)
        self._asking: set[str] = set()

    def enter(self) -> None:
        self.status.hide()

    def leave(self) -> None:
        pass

    def retranslate(self) -> None:
        pass

    def asking(self, what: str) -> bool:
        return what in self._asking

    def ask(
        self, what: str, call: Callable[[], Any], on_done: Done, on_failed: Failed | None = None
    ) -> bool:
        """Run ``call`` on the jobs thread, unless the request ``what`` is still out: one at a
        time, however slow the journal, the disk or the service. False if not sent."""
        if what in self._asking:
            return False
        self._asking.add(what)

        def done(value: Any) -> None:
            self._asking.discard(what)
            on_done(value)

        def failed(exc: BaseException) -> None:
            self._asking.discard(what)
            if on_failed is None:
                log.error("technician request %s failed", what, exc_info=exc)
            else:
                on_failed(exc)

        self.jobs.submit(call, done, failed)
        return True

    def say(self, text: str, tone: str = "warn") -> None:
        self.status.say(text, tone)
