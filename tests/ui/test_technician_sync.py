"""The Sync page reflects a conflict made by a real offline replay against the reference service,
and exports the journal as masked CSV."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.session import Screen
from kiosk.domain import EntryState
from tests.ui.full_kiosk import FullKiosk


def test_an_offline_return_the_service_questions_shows_as_a_conflict(
    tech_kiosk: FullKiosk,
) -> None:
    kiosk, env = tech_kiosk, tech_kiosk.env
    shelved = next(b for b in env.books(40) if b.status == "available")  # not on loan
    service = env.service
    assert service is not None
    kiosk.in_background(service.stop)
    # Returned while the service is away: journalled offline, taken at once.
    env.console.execute(f"scan {shelved.barcode}")
    kiosk.until(lambda: kiosk.app.controller.view.screen == Screen.RETURNS)
    kiosk.until(lambda: kiosk.app.controller.view.offline)
    kiosk.until(lambda: kiosk.app.services.journal.stats().pending == 1)
    kiosk.app.controller.press("finish", "")
    kiosk.in_background(service.start)
    # The sync worker replays it; the service records it but reports the book was not on loan.
    kiosk.until(lambda: kiosk.app.services.journal.stats().counts.get(EntryState.CONFLICT), 30)

    kiosk.enter()
    kiosk.tap("technician.tab.sync")
    problems = kiosk.widget("technician.sync.problems")
    kiosk.until(lambda: len(problems.rows()) == 1)
    row = problems.rows()[0]
    kiosk.until(lambda: "not_on_loan" in row.reason.text())
    assert "Conflicts" in row.what.text() and shelved.barcode in row.what.text()
    assert "done offline" in row.what.text()
    assert kiosk.widget("technician.sync.count.conflict").text() == "1"
    assert kiosk.widget("technician.sync.count.pending").text() == "0"


def test_retry_now_and_export_csv_to_the_offered_folder(tech_kiosk: FullKiosk) -> None:
    kiosk = tech_kiosk
    kiosk.enter()
    kiosk.tap("technician.tab.sync")
    folder = kiosk.widget("technician.sync.folder")
    journal_folder = Path(kiosk.app.services.journal.path).parent
    kiosk.until(lambda: journal_folder in folder.values())
    folder.set_value(journal_folder)
    kiosk.tap("technician.sync.retry")
    kiosk.tap("technician.sync.export")
    status = kiosk.widget("technician.sync.status")
    kiosk.until(lambda: status.text().startswith("Exported to"))
    exported = list(journal_folder.glob("journal-CQL-DEMO-*.csv"))
    assert len(exported) == 1
    assert exported[0].read_text(encoding="utf-8").startswith("txn_id,kind,state")


def test_an_act_dated_at_replay_says_so_in_plain_words(qtbot) -> None:
    import datetime as dt

    from kiosk.backend.types import DATED_AT_REPLAY
    from kiosk.technician import ProblemAct
    from kiosk.ui.technician.sync_page import ProblemRow

    row = ProblemRow()
    qtbot.addWidget(row)
    act = ProblemAct(
        "t1",
        "borrow",
        EntryState.ACCEPTED,
        "39000000000002",
        "5101**********1233",
        dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC),
        True,
        DATED_AT_REPLAY,
    )
    row.show_act(act)
    assert row.what.text().startswith("Accepted: borrow 39000000000002")
    assert "dated it when it was sent, not when it happened" in row.reason.text()
    assert DATED_AT_REPLAY not in row.reason.text()  # words, not the code


def test_the_sync_page_says_what_the_staff_console_last_heard(tech_kiosk: FullKiosk) -> None:
    kiosk = tech_kiosk
    heartbeat = kiosk.app.services.heartbeat
    service = kiosk.env.service
    assert heartbeat is not None and service is not None
    kiosk.until(lambda: heartbeat.status().last_delivered_at is not None)
    kiosk.enter()
    kiosk.tap("technician.tab.sync")
    said = kiosk.widget("technician.sync.heartbeat")
    kiosk.until(lambda: said.text().startswith("Heartbeat to the staff console: sent "))
    kiosk.in_background(service.stop)
    kiosk.sim("paper out")  # a change: a heartbeat goes at once, and cannot arrive
    kiosk.until(lambda: "not delivered (service_unreachable)" in said.text())
    assert "last sent: " in said.text() and " ago" in said.text()
    kiosk.in_background(service.start)
    # Back: the heartbeat owed goes with the link's return, not a minute later.
    kiosk.until(lambda: said.text().startswith("Heartbeat to the staff console: sent "), 30)
