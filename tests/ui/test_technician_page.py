"""The technician pages' shared base: one request of a kind at a time, and the status line."""

from __future__ import annotations

import threading

from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.page import TechnicianPage


def test_a_request_still_out_is_not_sent_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = JobRunner()
    page = TechnicianPage("technician.page.test", "technician.test.status", None, jobs)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    release = threading.Event()
    calls: list[str] = []
    answers: list[object] = []

    def slow() -> str:
        calls.append("slow")
        release.wait(10)
        return "answer"

    try:
        assert page.ask("queue", slow, answers.append)
        assert not page.ask("queue", slow, answers.append)  # the first is still out
        assert page.ask("export", lambda: "csv", answers.append)  # another kind may go
        assert page.asking("queue")
        release.set()
        qtbot.waitUntil(lambda: len(answers) == 2)
        assert calls == ["slow"] and sorted(answers) == ["answer", "csv"]
        assert not page.asking("queue")
        assert page.ask("queue", lambda: "again", answers.append)
        qtbot.waitUntil(lambda: "again" in answers)
    finally:
        release.set()
        jobs.close()


def test_a_failed_request_frees_its_kind_and_the_status_line_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = JobRunner()
    page = TechnicianPage("technician.page.test", "technician.test.status", None, jobs)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    failures: list[BaseException] = []

    def broken() -> None:
        raise OSError("disk gone")

    try:
        page.ask("queue", broken, lambda _: None, failures.append)
        qtbot.waitUntil(lambda: bool(failures))
        assert not page.asking("queue")
        page.say("The journal cannot be read")
        assert page.status.isVisible() and page.status.text() == "The journal cannot be read"
        page.say("")
        assert not page.status.isVisible()
    finally:
        jobs.close()
