"""Resolving on the exceptions desk: reversing goes through the void rules, and is refused
where the act changed nothing or a later act stands in the way; one resolution per act."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select

from regional.cli import main
from regional.console.accounts import sign_in as sign_in_check
from regional.db.models import StaffAccount
from regional.db.session import Database
from regional.seed import DEMO_STAFF_PASSWORD
from tests.console.conftest import PASSWORD, Console, csrf_of, sign_in
from tests.regional.world import now


def _resolve(console: Console, username: str, txn_id: str, action: str, note: str = "") -> str:
    with console.signed_in(username) as client:
        token = csrf_of(client.get(f"/console/exceptions/{txn_id}").text)
        answer = client.post(
            f"/console/exceptions/{txn_id}/resolve",
            data={"action": action, "note": note, "csrf": token},
        )
        assert answer.status_code == 303
        return client.get(answer.headers["location"]).text


def test_reversing_takes_the_offline_loan_back_and_the_act_answers_voided(
    console: Console,
) -> None:
    world, kiosk = console.world, console.kiosk()
    blocked = world.person(manual_block="staff review")
    barcode = world.item()
    txn = kiosk.txn("borrow", barcode, blocked.patron_id, offline=True)
    first = kiosk.post("/transactions", txn).json()
    assert [e["code"] for e in first["exceptions"]] == ["patron_blocked"]
    assert world.patron_row(blocked.patron_id).active_loans == 1
    page = _resolve(console, "cql", str(txn["txn_id"]), "reverse", "book back on the shelf")
    assert 'id="result">已记录。' in page and "cql" in page
    assert world.patron_row(blocked.patron_id).active_loans == 0
    assert kiosk.item(barcode)["status"] == "available"
    replay = kiosk.post("/transactions", txn).json()
    assert (replay["status"], replay["replayed"]) == ("voided", True)
    assert [e["code"] for e in replay["exceptions"]] == ["patron_blocked"]  # kept for the desk
    # Resolved once: a second resolution is refused, the first stands.
    page = _resolve(console, "ops", str(txn["txn_id"]), "confirm")
    assert "其他工作人员已处理了此操作" in page


def test_an_act_that_changed_nothing_cannot_be_reversed(console: Console) -> None:
    world, kiosk = console.world, console.kiosk()
    earlier, later = world.person(), world.person()
    barcode = world.item()
    kiosk.borrow(earlier.patron_id, barcode)
    txn = kiosk.txn("borrow", barcode, later.patron_id, offline=True)
    answer = kiosk.post("/transactions", txn).json()
    assert answer["exceptions"][0]["code"] == "offline_loan_taken_over"
    with console.signed_in("cql") as client:
        page = client.get(f"/console/exceptions/{txn['txn_id']}").text
        assert 'id="reverse"' not in page and "找到这本书" in page
    page = _resolve(console, "cql", str(txn["txn_id"]), "reverse")
    assert "无法撤销" in page and 'id="resolve"' in page  # still open
    page = _resolve(console, "cql", str(txn["txn_id"]), "note")
    assert "备注结案需要填写备注" in page
    page = _resolve(console, "cql", str(txn["txn_id"]), "note", "found with the first patron")
    assert 'id="resolution-note"' in page


def test_a_reverse_that_a_later_act_stands_in_the_way_of_changes_nothing(
    console: Console,
) -> None:
    world, kiosk = console.world, console.kiosk()
    blocked, other = world.person(manual_block="x"), world.person()
    barcode = world.item()
    txn = kiosk.txn("borrow", barcode, blocked.patron_id, offline=True)
    kiosk.post("/transactions", txn)
    kiosk.give_back(barcode)
    kiosk.borrow(other.patron_id, barcode)
    page = _resolve(console, "cql", str(txn["txn_id"]), "reverse")
    assert "无法撤销" in page and "returned since" in page
    assert world.patron_row(other.patron_id).active_loans == 1


def test_an_offline_act_the_service_refused_is_on_the_desk(console: Console) -> None:
    kiosk = console.kiosk()
    stranger = {
        "credential": {"kind": "id_card", "value": console.world.id_number()},
        "id_card": {"name": "吉克阿依"},
    }
    txn = kiosk.txn("borrow", console.world.item(), offline=True, at=now(), **stranger)
    assert kiosk.post("/transactions", txn).json()["code"] == "patron_not_found"
    with console.signed_in("cql") as client:
        assert str(txn["txn_id"]) in client.get("/console/exceptions").text


def test_staff_accounts_on_the_command_line(
    console: Console, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def create(*args: str, password: str = "a long enough one") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        return main(["staff", "create", "--db", console.database_url, "--password-stdin", *args])

    assert create("--username", "yzl", "--role", "library", "--library", "YZL") == 0
    assert "created library account yzl (YZL)" in capsys.readouterr().out
    assert create("--username", "yzl2", "--role", "library") == 2
    assert create("--username", "short", "--role", "operator", password="short") == 2
    assert create("--username", "yzl", "--role", "operator") == 2
    assert "already" in capsys.readouterr().err
    with httpx.Client(base_url=console.url) as client:
        assert sign_in(client, "yzl", "a long enough one").status_code == 303
        assert client.get("/console/fleet").status_code == 200
        assert sign_in(client, "short", PASSWORD).status_code == 401
        assert main(["staff", "list", "--db", console.database_url]) == 0
        assert re.search(r"yzl\s+library\s+YZL", capsys.readouterr().out)
        assert main(["staff", "disable", "--db", console.database_url, "--username", "yzl"]) == 0
        # The open session ends at its next request, and signing in again is refused.
        assert client.get("/console/fleet").status_code == 303
        assert sign_in(client, "yzl", "a long enough one").status_code == 401
        assert main(["staff", "disable", "--db", console.database_url, "--username", "x"]) == 2


def test_the_demo_network_comes_with_console_accounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["seed", "--db", url, "--data-dir", str(tmp_path)]) == 0
    assert "demo-ops  operator  *" in capsys.readouterr().out
    db = Database(url)
    try:
        with db.write() as session, session.begin():
            found = sign_in_check(session, "demo-cql", DEMO_STAFF_PASSWORD, "test", now())
            assert found.staff is not None and found.staff.library_id == "CQL"
    finally:
        db.dispose()
    # Again (a network seeded before the console came gets its accounts; none twice).
    with db.write() as session, session.begin():
        session.execute(delete(StaffAccount).where(StaffAccount.username == "demo-ops"))
    assert main(["seed", "--db", url, "--data-dir", str(tmp_path)]) == 0
    assert main(["seed", "--db", url, "--data-dir", str(tmp_path)]) == 0
    with db.read() as session:
        names = session.scalars(select(StaffAccount.username).order_by(StaffAccount.username))
        assert list(names) == ["demo-cql", "demo-ops"]
    db.dispose()
