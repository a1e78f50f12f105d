"""Sync queue: counts per state, the oldest pending act, conflicts and rejections with the
service's reason, Retry now, and Export CSV (masked) to removable media or the journal's folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.backend.types import DATED_AT_REPLAY
from kiosk.domain import EntryState
from kiosk.sync.heartbeat import HeartbeatStatus
from kiosk.technician import ProblemAct, QueueView, TechnicianDesk
from kiosk.ui.i18n import translate
from kiosk.ui.messages import QT_TRANSLATE_NOOP
from kiosk.ui.technician.controls import Choice
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.page import TechnicianPage
from kiosk.ui.widgets.row_list import RowList
from kiosk.ui.widgets.style import label, restyle
from kiosk.ui.widgets.touch_button import TouchButton

REFRESH_MS = 2000
STATE_NAMES = {
    EntryState.PENDING: QT_TRANSLATE_NOOP("SyncPage", "Waiting to sync"),
    EntryState.ACCEPTED: QT_TRANSLATE_NOOP("SyncPage", "Accepted"),
    EntryState.CONFLICT: QT_TRANSLATE_NOOP("SyncPage", "Conflicts"),
    EntryState.REJECTED: QT_TRANSLATE_NOOP("SyncPage", "Rejected"),
    EntryState.VOIDED: QT_TRANSLATE_NOOP("SyncPage", "Voided"),
}


def age_text(since: dt.datetime | None, now: dt.datetime) -> str:
    if since is None:
        return translate("SyncPage", "none")
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 120:
        return translate("SyncPage", "{n} s").format(n=seconds)
    if seconds < 7200:
        return translate("SyncPage", "{n} min").format(n=seconds // 60)
    if seconds < 172800:
        return translate("SyncPage", "{n} h").format(n=seconds // 3600)
    return translate("SyncPage", "{n} days").format(n=seconds // 86400)


def heartbeat_text(status: HeartbeatStatus | None, now: dt.datetime) -> str:
    """What the staff console last heard from this kiosk, in a technician's words."""
    if status is None:
        return translate("SyncPage", "Heartbeat to the staff console: off.")
    if status.error is None and status.last_delivered_at is not None:
        return translate("SyncPage", "Heartbeat to the staff console: sent {age} ago.").format(
            age=age_text(status.last_delivered_at, now)
        )
    if status.error is None:
        return translate("SyncPage", "Heartbeat to the staff console: starting.")
    return translate(
        "SyncPage",
        "Heartbeat to the staff console: not delivered ({error}); last sent: {age}. Trying again.",
    ).format(
        error=status.error,
        age=translate("SyncPage", "never")
        if status.last_delivered_at is None
        else translate("SyncPage", "{age} ago").format(age=age_text(status.last_delivered_at, now)),
    )


class ProblemRow(QFrame):
    """One conflict or rejection: what, which item, whose (masked), when, and why."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "row")
        self.setObjectName("technician.sync.problem")
        self.what = label("row-title", wrap=False)
        self.when = label("row-barcode", wrap=False)
        self.reason = label("row-status")
        self.reason.setObjectName("technician.sync.problem.reason")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.what, 1)
        top.addWidget(self.when)
        layout.addLayout(top)
        layout.addWidget(self.reason)

    def show_act(self, act: ProblemAct) -> None:
        state = translate("SyncPage", STATE_NAMES[act.state])
        offline = translate("SyncPage", " · done offline") if act.offline else ""
        patron = f" · {act.patron}" if act.patron else ""
        self.what.setText(f"{state}: {act.kind} {act.item_barcode}{patron}{offline}")
        self.when.setText(act.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
        if act.reason == DATED_AT_REPLAY:
            self.reason.setText(
                translate(
                    "SyncPage",
                    "The library system dated it when it was sent, not when it happened "
                    "(it ignores the original date of an offline act).",
                )
            )
        else:
            self.reason.setText(
                translate("SyncPage", "Service's reason: {reason}").format(reason=act.reason or "—")
            )
        tone = {EntryState.REJECTED: "bad", EntryState.ACCEPTED: "info"}.get(act.state, "warn")
        restyle(self, tone=tone)
        restyle(self.reason, tone=tone)


class SyncPage(TechnicianPage):
    def __init__(self, desk: TechnicianDesk, jobs: JobRunner) -> None:
        super().__init__("technician.page.sync", "technician.sync.status", desk, jobs)
        self.view: QueueView | None = None
        self.counts: dict[EntryState, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        for col, state in enumerate(STATE_NAMES):
            number = label("lead-strong", name=f"technician.sync.count.{state.value}", wrap=False)
            name = label("hint", wrap=False)
            self.counts[state] = (number, name)
            grid.addWidget(number, 0, col)
            grid.addWidget(name, 1, col)
        self.oldest = label("lead", name="technician.sync.oldest")
        self.last_error = label("hint", name="technician.sync.last_error")
        self.heartbeat = label("hint", name="technician.sync.heartbeat")
        self.problems_title = label("subheading", name="technician.sync.problems_title")
        self.problems = RowList("technician.sync.problems")
        self.problems.follow_end = False

        self.retry = TouchButton("technician.sync.retry", "secondary")
        self.retry.clicked.connect(self._retry)
        self.folder = Choice("technician.sync.folder")
        self.export = TouchButton("technician.sync.export", "primary")
        self.export.clicked.connect(self._export)
        self.export_title = label("hint", wrap=False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry)
        buttons.addSpacing(24)
        buttons.addWidget(self.export_title)
        buttons.addWidget(self.folder, 1)
        buttons.addWidget(self.export)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(grid)
        layout.addWidget(self.oldest)
        layout.addWidget(self.last_error)
        layout.addWidget(self.heartbeat)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    # ---- life -----------------------------------------------------------------------------
    def enter(self) -> None:
        super().enter()
        self.refresh()
        self.ask("folders", self.desk.export_folders, self._show_folders)
        self._timer.start()

    def leave(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        self.ask("queue", self.desk.queue, self._render, self._unreadable)

    def _render(self, view: QueueView) -> None:
        self.view = view
        for state, (number, _name) in self.counts.items():
            number.setText(str(view.stats.counts.get(state, 0)))
        now = dt.datetime.now(dt.UTC)
        self.oldest.setText(
            translate("SyncPage", "Oldest act waiting to sync: {age}").format(
                age=age_text(view.stats.oldest_pending, now)
            )
        )
        error = view.stats.last_error if view.stats.pending else None
        self.last_error.setText(
            translate("SyncPage", "Last try: {error}").format(error=error) if error else ""
        )
        self.last_error.setVisible(bool(error))
        self.heartbeat.setText(heartbeat_text(view.heartbeat, now))
        rows = self.problems.sync(len(view.problems), ProblemRow)
        for row, act in zip(rows, view.problems, strict=True):
            row.show_act(act)

    def _unreadable(self, exc: BaseException) -> None:
        self.say(translate("SyncPage", "The journal cannot be read: {error}").format(error=exc))

    # ---- actions --------------------------------------------------------------------------
    def _retry(self) -> None:
        self.desk.retry_now()
        self.say(translate("SyncPage", "Sending the waiting acts now…"), "info")
        QTimer.singleShot(500, self, self.refresh)

    def _show_folders(self, folders: list[Path]) -> None:
        self.folder.set_values(folders, [str(f) for f in folders])
        if folders:
            self.folder.setCurrentIndex(0)  # removable media first: that is what one carries off

    def _export(self) -> None:
        folder = self.folder.value()
        if folder is None:
            return
        self.export.setEnabled(False)
        self.say(translate("SyncPage", "Writing the CSV file…"), "info")

        def done(path: object) -> None:
            self.export.setEnabled(True)
            self.say(
                translate("SyncPage", "Exported to {file} (patron data masked).").format(
                    file=str(path)
                ),
                "ok",
            )

        def failed(exc: BaseException) -> None:
            self.export.setEnabled(True)
            self.say(translate("SyncPage", "Export failed: {error}").format(error=exc))

        self.ask("export", lambda: self.desk.export_csv(folder), done, failed)

    def retranslate(self) -> None:
        for state, (_number, name) in self.counts.items():
            name.setText(translate("SyncPage", STATE_NAMES[state]))
        self.problems_title.setText(translate("SyncPage", "Conflicts and rejections"))
        self.problems.empty.setText(
            translate("SyncPage", "None. Acts the service refuses or questions are listed here.")
        )
        self.retry.setText(translate("SyncPage", "Retry now"))
        self.export_title.setText(translate("SyncPage", "Export CSV to:"))
        self.export.setText(translate("SyncPage", "Export CSV"))
        if self.view is not None:
            self._render(self.view)
