"""The kiosk-regional command: migrate, seed (idempotent), token create, openapi, serve."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from drivers.barcode.classify import is_valid_library_barcode
from drivers.events import IdCard
from drivers.idcard.demo_cards import LI_SI, WANG_FANG, ZHANG_SAN
from regional import served
from regional.app import create_app
from regional.auth import create_token
from regional.cli import main
from regional.db.models import Item, KioskToken, Loan
from regional.db.session import Database
from regional.seed import LIBRARIES
from regional.settings import KEY_ENV
from tests.http_stub import JsonAnswer
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, now


@pytest.fixture
def same_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, CREDENTIAL_KEY.hex())


def test_seed_makes_the_demo_network_once(
    database_url: str, same_key: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed", "--db", database_url]) == 0
    assert "seeded 9 libraries" in capsys.readouterr().out
    assert main(["seed", "--db", database_url]) == 0
    out = capsys.readouterr().out
    assert "already seeded" in out
    db = Database(database_url)
    try:
        with db.read() as session:
            items = session.scalars(select(Item)).all()
            assert len(items) >= 300
            assert all(is_valid_library_barcode(i.barcode) and len(i.barcode) == 14 for i in items)
            statuses = {i.status for i in items}
            assert {"available", "on_loan", "on_hold_shelf", "lost"} <= statuses
            assert any(not i.loanable for i in items)
            assert {i.owner_library_id for i in items} == {spec.id for spec in LIBRARIES}
            open_loans = select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))
            assert session.scalar(open_loans) == 61
        with db.write() as session, session.begin():
            secret = create_token(session, "CQL-K09", "CQL", now())
    finally:
        db.dispose()

    app = create_app(database_url, credential_key=CREDENTIAL_KEY)
    headers = {"Authorization": f"Bearer {secret}"}
    with serving(app) as url, httpx.Client(base_url=url, headers=headers) as client:

        def lookup(card: IdCard) -> httpx.Response:
            chip = {"name": card.name, "valid_to": str(card.valid_to) if card.valid_to else None}
            body = {"credential": {"kind": "id_card", "value": card.id_number}, "id_card": chip}
            return client.post("/v1/patrons/lookup", json=body)

        zhang = lookup(ZHANG_SAN).json()
        assert zhang["registered_now"] is False and zhang["display_name"] == "张*"
        assert zhang["loans"] and zhang["holds_ready"]
        assert any(loan["overdue"] for loan in lookup(LI_SI).json()["loans"])
        assert lookup(WANG_FANG).json()["code"] == "credential_expired"
        cards = [line.split() for line in out.splitlines() if line.startswith("  ")]
        _home, number, pin, _name = cards[0]
        card = {"credential": {"kind": "library_card", "value": number}, "pin": pin}
        assert client.post("/v1/patrons/lookup", json=card).json()["status"] == "ok"
        _home, fined, fined_pin, _ = cards[2]
        card = {"credential": {"kind": "library_card", "value": fined}, "pin": fined_pin}
        blocked = client.post("/v1/patrons/lookup", json=card).json()
        assert [b["code"] for b in blocked["blocks"]] == ["fines_over_limit"]


def test_token_create_prints_the_token_once_and_stores_its_hash(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["token", "create", "--kiosk", "CDL-K07", "--library", "CDL", "--db", database_url])
        == 0
    )
    token = capsys.readouterr().out.strip()
    assert len(token) >= 40
    db = Database(database_url)
    try:
        with db.read() as session:
            row = session.scalars(select(KioskToken).where(KioskToken.kiosk_id == "CDL-K07")).one()
            assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
            assert row.library_id == "CDL"
    finally:
        db.dispose()
    assert main(["token", "create", "--kiosk", "X", "--library", "NOPE", "--db", database_url]) == 2


def test_openapi_command_writes_the_served_document(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    assert main(["openapi", "--out", str(out)]) == 0
    docs = Path(__file__).resolve().parents[2] / "docs" / "regional-openapi.json"
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(docs.read_text("utf-8"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_migrates_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "KIOSK_REGIONAL_CREDENTIAL_KEY": CREDENTIAL_KEY.hex()}
    command = [
        sys.executable,
        "-m",
        "regional.cli",
        "serve",
        "--data-dir",
        str(tmp_path),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.05)  # waiting on another process's socket: no event to wait on
        assert response.json()["status"] == "ok"
        assert (tmp_path / "regional.db").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody has reaped yet."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_served_instance_stops_when_its_parent_is_killed(
    tmp_path: Path, regional_template: Path
) -> None:
    """`kiosk demo` killed with -9 must not leave its service holding the port."""
    parent_code = (
        "import sys, threading\n"
        "from pathlib import Path\n"
        "from regional.served import ServedRegional\n"
        "s = ServedRegional(Path(sys.argv[1]), template=Path(sys.argv[2]))\n"
        "s.start()\n"
        "print(s.proc.pid, s.port, flush=True)\n"
        "threading.Event().wait()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code, str(tmp_path / "svc"), str(regional_template)],
        stdout=subprocess.PIPE,
        text=True,
    )
    child = 0
    try:
        assert parent.stdout is not None
        child, port = (int(x) for x in parent.stdout.readline().split())
        assert httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=5).status_code == 200
        parent.kill()
        parent.wait(timeout=10)
        deadline = time.monotonic() + 20
        while not _gone(child):
            assert time.monotonic() < deadline, "the service outlived its parent"
            time.sleep(0.05)  # another process's exit: nothing here to wait on
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout:
            parent.stdout.close()
        if child and not _gone(child):
            os.kill(child, 9)


_real_free_port = served.free_port


class _Impostor(JsonAnswer):
    """Another program on the port: it answers every health check with 200."""

    body = b'{"status": "ok", "time": "2026-01-01T00:00:00Z", "version": "impostor"}'


def test_a_port_taken_before_the_service_binds_it_is_not_mistaken_for_the_service(
    tmp_path: Path, regional_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The port picked for a served instance is taken by another program before the service
    binds it (two test workers, a client's ephemeral port): the service's start must not take
    that program's answers for its own. It moves to another port; with a port it was given,
    it says the port is taken."""
    impostor = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Impostor)
    thread = threading.Thread(target=impostor.serve_forever, name="impostor")
    thread.start()
    taken = impostor.server_address[1]
    ports = iter([taken])
    monkeypatch.setattr(served, "free_port", lambda: next(ports, None) or _real_free_port())
    service = served.ServedRegional(tmp_path / "svc", template=regional_template)
    try:
        assert service.port == taken
        service.start()
        assert service.port != taken
        assert httpx.get(service.url + "/v1/health", timeout=5).json()["version"] != "impostor"
        service.stop()
        given = served.ServedRegional(tmp_path / "given", template=regional_template, port=taken)
        with pytest.raises(served.PortTaken):
            given.start()
    finally:
        service.stop()
        impostor.shutdown()
        impostor.server_close()
        thread.join(5)
