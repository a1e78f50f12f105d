"""The Sync page reflects a conflict made by a real offline replay against the reference service,
and exports the journal as masked CSV."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.session import Screen
from kiosk.domain import EntryState
from tests.ui import test_technician_kiosk
from tests.ui.test_technician_kiosk import TechKiosk

tech_kiosk = test_technician_kiosk.tech_kiosk  # the fixture, shared


def test_an_offline_return_the_service_questions_shows_as_a_conflict(
    tech_kiosk: TechKiosk,
) -> None:
    kiosk, env = tech_kiosk, tech_kiosk.env
    shelved = next(b for b in env.books(40) if b.status == "available")  # not on loan
    service = env.service
    assert service is not None
    kiosk.off_gui_thread(service.stop)
    # Returned while the service is away: journalled offline, taken at once.
    env.console.execute(f"scan {shelved.barcode}")
    kiosk.wait(lambda: kiosk.app.controller.view.screen == Screen.RETURNS)
    kiosk.wait(lambda: kiosk.app.controller.view.offline)
    kiosk.wait(lambda: kiosk.app.services.journal.stats().pending == 1)
    kiosk.app.controller.press("finish", "")
    kiosk.off_gui_thread(service.start)
    # The sync worker replays it; the service records it but reports the book was not on loan.
    kiosk.wait(lambda: kiosk.app.services.journal.stats().counts.get(EntryState.CONFLICT), 30)

    kiosk.enter()
    kiosk.tap("technician.tab.sync")
    problems = kiosk.widget("technician.sync.problems")
    kiosk.wait(lambda: len(problems.rows()) == 1)
    row = problems.rows()[0]
    kiosk.wait(lambda: "not_on_loan" in row.reason.text())
    assert "Conflicts" in row.what.text() and shelved.barcode in row.what.text()
    assert "done offline" in row.what.text()
    assert kiosk.widget("technician.sync.count.conflict").text() == "1"
    assert kiosk.widget("technician.sync.count.pending").text() == "0"


def test_retry_now_and_export_csv_to_the_offered_folder(tech_kiosk: TechKiosk) -> None:
    kiosk = tech_kiosk
    kiosk.enter()
    kiosk.tap("technician.tab.sync")
    folder = kiosk.widget("technician.sync.folder")
    journal_folder = Path(kiosk.app.services.journal.path).parent
    kiosk.wait(lambda: journal_folder in folder._values)
    folder.setCurrentIndex(folder._values.index(journal_folder))
    kiosk.tap("technician.sync.retry")
    kiosk.tap("technician.sync.export")
    status = kiosk.widget("technician.sync.status")
    kiosk.wait(lambda: status.text().startswith("Exported to"))
    exported = list(journal_folder.glob("journal-KIOSK-1-*.csv"))
    assert len(exported) == 1
    assert exported[0].read_text(encoding="utf-8").startswith("txn_id,kind,state")
