"""Several instances over PostgreSQL: two served instances on one database behind HAProxy keep
the service's guarantees with requests spread over both, and kiosks carry on through one when
the other is killed with SIGKILL mid-load — every act applied exactly once."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from drivers.idcard.demo_cards import card_for
from kiosk.core.circulation import Circulation
from kiosk.core.results import Outcome
from kiosk.core.settings import OfflinePolicy, SyncSettings
from kiosk.domain import Credential
from kiosk.services import KioskServices
from kiosk.store.journal import Journal
from patron_identity.id_number import make_id_number
from regional.console.accounts import FAILURES_PER_CLIENT, StaffRole, create_staff
from regional.db.session import Database
from regional.seed import LIBRARIES, LIBRARY_CARDS, library_card_number
from regional.services.clock import utc_now
from tests.e2e.conftest import kiosk_services
from tests.e2e.regional_process import RegionalService
from tests.e2e.scale_out import Region, haproxy_binary, render_config
from tests.helpers import wait_until
from tests.regional.postgres import PostgresCluster

pytestmark = pytest.mark.skipif(
    haproxy_binary() is None, reason="HAProxy is not installed (make test installs it as root)"
)


def card(n: int) -> Credential:
    person = card_for(make_id_number("500103", dt.date(1980, 1, 1) + dt.timedelta(days=n), n))
    return Credential("id_card", person.id_number, person.name, person.valid_to, chip_verified=True)


def post(url: str, token: str, path: str, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        f"{url}/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


@dataclass(frozen=True)
class Looked:
    """A lookup's answer: the patron's opaque id and the session their acts must name."""

    patron_id: str
    session: str


def lookup(url: str, token: str, who: Credential) -> Looked:
    answer = post(
        url,
        token,
        "/patrons/lookup",
        {
            "credential": {"kind": who.kind, "value": who.value},
            "id_card": {"name": who.name, "valid_to": str(who.valid_to)},
        },
    )
    assert answer.status_code == 200, answer.text
    return Looked(answer.json()["patron_id"], answer.json()["session"]["id"])


def internal_id(db: Any, looked: Looked) -> int:
    """The database's id of the patron behind an opaque public id."""
    number: int = db.query("SELECT id FROM patrons WHERE public_id=?", looked.patron_id)[0][0]
    return number


def borrow_body(who: Looked, barcode: str) -> dict[str, Any]:
    return {
        "txn_id": str(uuid.uuid4()),
        "kind": "borrow",
        "session": who.session,
        "item_barcode": barcode,
        "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
        "offline": False,
    }


def all_at_once(calls: list[tuple[str, dict[str, Any]]], token: str) -> list[dict[str, Any]]:
    """POST each (instance url, body) from its own thread, released together."""
    start = threading.Barrier(len(calls))

    def send(call: tuple[str, dict[str, Any]]) -> dict[str, Any]:
        start.wait()
        answer = post(call[0], token, "/transactions", call[1])
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(send, calls))


def test_the_shipped_haproxy_configuration_is_valid(tmp_path: Path) -> None:
    binary = haproxy_binary()
    assert binary is not None
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config(18600, [18601, 18602]))
    checked = subprocess.run(
        [binary, "-c", "-f", str(config)], capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_guarantees_hold_with_requests_spread_over_two_instances(region: Region) -> None:
    urls = [instance.url for instance in region.instances]
    token, db = region.token, region.db
    items = db.available_items("CQL", 12)

    # Idempotency: one txn_id sent eight times at once, to both instances.
    reader = lookup(region.url, token, card(1))
    body = borrow_body(reader, items[0])
    results = all_at_once([(urls[i % 2], body) for i in range(8)], token)
    assert {(r["status"], r["code"]) for r in results} == {("accepted", "ok")}
    assert sum(1 for r in results if not r["replayed"]) == 1
    assert db.query("SELECT count(*) FROM transactions WHERE txn_id=?", body["txn_id"]) == [(1,)]
    assert db.active_loans(items[0]) == 1

    # The loan limit: eight borrows at once of eight copies, for a patron who may have three.
    limited = lookup(region.url, token, card(2))
    number = internal_id(db, limited)
    db.execute("UPDATE patrons SET loan_limit=3 WHERE id=?", number)
    results = all_at_once(
        [(urls[i % 2], borrow_body(limited, items[1 + i])) for i in range(8)], token
    )
    codes = sorted(r["code"] for r in results)
    assert codes == ["loan_limit_reached"] * 5 + ["ok"] * 3, codes
    open_loans = db.query(
        "SELECT count(*) FROM loans WHERE patron_id=? AND returned_at IS NULL", number
    )[0][0]
    counted = db.query("SELECT active_loans FROM patrons WHERE id=?", number)[0][0]
    assert open_loans == counted == 3

    # One loan per copy: six patrons try for the same copy at the same moment.
    copy = items[9]
    patrons = [lookup(region.url, token, card(10 + n)) for n in range(6)]
    results = all_at_once(
        [(urls[i % 2], borrow_body(p, copy)) for i, p in enumerate(patrons)], token
    )
    codes = sorted(r["code"] for r in results)
    assert codes == ["item_on_loan_to_other"] * 5 + ["ok"], codes
    assert db.active_loans(copy) == 1

    # The PIN lockout: five wrong PINs, spread over both instances, lock the card on both.
    demo = LIBRARY_CARDS[0]
    home = next(lib for lib in LIBRARIES if lib.id == demo.home)
    number = library_card_number(home, demo.sequence)
    body = {"credential": {"kind": "library_card", "value": number}}
    answers = [
        post(urls[n % 2], token, "/patrons/lookup", {**body, "pin": f"{n}{n}{n}{n}"})
        for n in range(5)
    ]
    assert [a.status_code for a in answers] == [401] * 4 + [423]
    for url in urls:
        right = post(url, token, "/patrons/lookup", {**body, "pin": demo.pin})
        assert right.status_code == 423 and right.json()["code"] == "pin_locked"


@dataclass
class LoadKiosk:
    """One kiosk of the load, built as the app builds it: its own journal, a client through
    HAProxy, and its sync worker (started), with the patron it serves and its copies."""

    name: str
    services: KioskServices
    patron: Credential
    items: list[str]
    told: list[tuple[str, str, Outcome]] = field(default_factory=list)
    online_done: int = 0

    @property
    def circulation(self) -> Circulation:
        return self.services.circulation

    @property
    def journal(self) -> Journal:
        return self.services.journal

    def close(self) -> None:
        self.services.close()


def _kiosk(folder: Path, url: str, token: str, n: int, items: list[str]) -> LoadKiosk:
    services = kiosk_services(
        folder / f"k{n}",
        url,
        token,
        OfflinePolicy(),
        sync=SyncSettings(
            batch_size=50,
            backoff_initial_ms=50,
            backoff_max_ms=500,
            probe_interval_ms=100,
            health_interval_ms=60_000,
        ),
        connect_timeout_ms=1000,
        read_timeout_ms=5000,
    )
    return LoadKiosk(f"K{n}", services, card(100 + n), items)


def _work(kiosk: LoadKiosk, stop: threading.Event) -> None:
    """Borrow and return the kiosk's copies, one after another, until told to stop."""
    turn = 0
    while not stop.is_set():
        barcode = kiosk.items[turn % len(kiosk.items)]
        turn += 1
        found = kiosk.circulation.identify(kiosk.patron)
        assert found.context is not None, found
        for result in (
            kiosk.circulation.borrow(found.context, barcode),
            kiosk.circulation.return_item(barcode),
        ):
            kiosk.told.append((result.txn_id or "", str(result.kind), result.outcome))
            if result.outcome == Outcome.DONE:
                kiosk.online_done += 1


def test_kiosks_carry_on_through_one_instance_when_the_other_is_killed(
    region: Region, tmp_path: Path
) -> None:
    db = region.db
    items = db.available_items("CQL", 12)
    kiosks = [
        _kiosk(
            tmp_path,
            region.url,
            region.instances[0].create_token(f"CQL-L{n}", "CQL"),
            n,
            items[n * 3 : n * 3 + 3],
        )
        for n in range(4)
    ]
    stop = threading.Event()
    workers = [threading.Thread(target=_work, args=(k, stop), name=k.name) for k in kiosks]
    try:
        for k in kiosks:
            k.services.sync.start()
        for w in workers:
            w.start()

        def acts() -> int:
            return sum(len(k.told) for k in kiosks)

        wait_until(lambda: acts() >= 40, timeout=60, what="the load to get going")
        region.instances[0].kill()  # SIGKILL, mid-load
        at_kill = sum(k.online_done for k in kiosks)
        wait_until(
            lambda: sum(k.online_done for k in kiosks) >= at_kill + 40,
            timeout=90,
            what="kiosks to carry on online through the other instance",
        )
        stop.set()
        for w in workers:
            w.join(30)
        assert not any(w.is_alive() for w in workers)
        for k in kiosks:
            k.services.sync.wake()
        wait_until(
            lambda: all(k.journal.stats().pending == 0 for k in kiosks),
            timeout=90,
            what="every kiosk's journal to be replayed",
        )
        for k in kiosks:  # nothing is waiting for a void either
            assert not [e for e in k.journal.entries(limit=100_000) if e.void_requested]
    finally:
        stop.set()
        for w in workers:
            w.join(30)
        for k in kiosks:
            k.close()

    applied = {
        row[0]: (row[1], row[2], row[3])
        for row in db.query("SELECT txn_id, status, kind, result FROM transactions")
    }
    confirmed = 0
    for k in kiosks:
        for txn_id, _kind, outcome in k.told:
            if outcome in (Outcome.DONE, Outcome.PROVISIONAL):
                confirmed += 1
                assert txn_id in applied, f"{txn_id} was confirmed to a patron but is not applied"
                assert applied[txn_id][0] == "accepted", (txn_id, applied[txn_id])
            elif txn_id:  # told "not done": it never took effect
                assert txn_id not in applied or applied[txn_id][0] != "accepted", txn_id
    # Exactly once: each accepted borrow that lent the copy made one loan, and no other did.
    lent = 0
    for status, kind, result in applied.values():
        answer = json.loads(result) if isinstance(result, str) else result
        if status == "accepted" and kind == "borrow" and not answer["exceptions"]:
            lent += 1
    placeholders = ",".join("?" * len(items))
    loans = db.query(f"SELECT count(*) FROM loans WHERE item_barcode IN ({placeholders})", *items)
    assert loans[0][0] == lent and confirmed > 0
    for barcode in items:
        assert db.active_loans(barcode) == 0, f"{barcode} still on loan: every cycle returned it"
    for k in kiosks:
        number = internal_id(db, lookup(region.url, region.token, k.patron))
        counted, open_loans = db.query(
            "SELECT active_loans, (SELECT count(*) FROM loans l WHERE l.patron_id=p.id AND "
            "l.returned_at IS NULL) FROM patrons p WHERE p.id=?",
            number,
        )[0]
        assert counted == open_loans == 0
    print(
        f"{sum(len(k.told) for k in kiosks)} acts by 4 kiosks through HAProxy ({confirmed} "
        f"confirmed to patrons); instance 1 killed with SIGKILL after {at_kill} online acts; "
        "every one applied exactly once"
    )


def test_instances_starting_together_migrate_one_at_a_time(
    postgres_cluster: PostgresCluster | None,
) -> None:
    if postgres_cluster is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    url = postgres_cluster.create_database(f"fresh_{uuid.uuid4().hex[:8]}")
    migrations = [
        subprocess.Popen(
            [sys.executable, "-m", "regional.cli", "migrate", "--db", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(4)
    ]
    outputs = [m.communicate(timeout=120)[0].decode() for m in migrations]
    assert [m.returncode for m in migrations] == [0] * 4, outputs
    postgres_cluster.drop_database(url)


def test_an_instance_that_cannot_reach_its_database_is_not_ready(
    tmp_path: Path, postgres_served_template: tuple[PostgresCluster, Path]
) -> None:
    cluster, keys = postgres_served_template
    name = f"gone_{uuid.uuid4().hex[:8]}"
    instance = RegionalService(
        tmp_path / "svc", keys, database_url=cluster.create_database(name, "e2e_template")
    )
    instance.start()
    try:
        assert requests.get(instance.url + "/v1/health", timeout=10).status_code == 200
        with psycopg.connect(
            f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        ready = requests.get(instance.url + "/v1/health", timeout=30)
        assert ready.status_code == 503 and ready.json()["code"] == "not_ready"
        assert requests.get(instance.url + "/v1/health/live", timeout=10).status_code == 200
    finally:
        instance.stop()
        cluster.drop_database(name)


def _sign_in(url: str, client_address: str, username: str, password: str) -> int:
    """One console sign-in through the balancer, from ``client_address`` as HAProxy is told
    it (the header a client-side proxy would have set; HAProxy appends the peer it saw)."""
    with requests.Session() as browser:
        browser.headers["X-Forwarded-For"] = client_address
        form = browser.get(url + "/console/login", timeout=30)
        csrf = re.search(r'name="csrf" value="([^"]*)"', form.text)
        assert csrf is not None
        answer = browser.post(
            url + "/console/login",
            data={"username": username, "password": password, "csrf": csrf.group(1)},
            allow_redirects=False,
            timeout=30,
        )
        return answer.status_code


def test_behind_haproxy_the_sign_in_limit_counts_each_client_not_the_proxy(
    region: Region,
) -> None:
    db = Database(region.db.database_url)
    try:
        with db.write() as session, session.begin():
            create_staff(
                session, "ops", "correct horse battery", StaffRole.OPERATOR, None, utc_now()
            )
    finally:
        db.dispose()
    guesser, colleague = "198.51.100.7", "198.51.100.8"
    # Wrong passwords from one client, spread over names so no account's own limit is reached.
    for n in range(FAILURES_PER_CLIENT):
        assert _sign_in(region.url, guesser, f"nobody{n % 4}", "guess") == 401
    assert _sign_in(region.url, guesser, "ops", "correct horse battery") == 429
    # Every request reached the instances from HAProxy's one address: counted by that, the
    # colleague would be locked out too.
    assert _sign_in(region.url, colleague, "ops", "correct horse battery") == 303
