"""Guarantees under real concurrency: many threads against a served instance, both databases."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
from sqlalchemy import func, select

from regional.db.models import Loan, Patron
from tests.regional.conftest import Service

T = TypeVar("T")
THREADS = 16


def all_at_once(service: Service, library: str, work: Callable[[httpx.Client, int], T]) -> list[T]:
    """Run ``work`` on THREADS threads, each with its own connection, released together."""
    barrier = threading.Barrier(THREADS)
    headers = {"Authorization": f"Bearer {service.tokens[library]}"}

    def one(index: int) -> T:
        with httpx.Client(base_url=service.url, headers=headers, timeout=30) as client:
            client.get("/v1/health")  # connect before the race starts
            barrier.wait(timeout=20)
            return work(client, index)

    with ThreadPoolExecutor(THREADS, thread_name_prefix="kiosk") as pool:
        return list(pool.map(one, range(THREADS)))


def _post(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/transactions", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _open_loans(service: Service, **where: Any) -> int:
    with service.world.db.read() as session:
        query = select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))
        for name, value in where.items():
            query = query.where(getattr(Loan, name) == value)
        return int(session.scalar(query) or 0)


def test_the_same_txn_id_sent_at_once_applies_once(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    body = kiosk.txn("borrow", barcode, person.patron_id)
    results = all_at_once(service, "CQL", lambda client, _i: _post(client, body))
    assert sum(not r["replayed"] for r in results) == 1
    first = next(r for r in results if not r["replayed"])
    assert first["status"] == "accepted"
    assert all({**r, "replayed": False} == first for r in results)
    assert _open_loans(service, item_barcode=barcode) == 1
    assert world.patron_row(person.patron_id).active_loans == 1


def test_an_item_is_never_lent_twice(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    people = [world.person() for _ in range(THREADS)]
    barcode = world.item()

    def borrow(client: httpx.Client, index: int) -> dict[str, Any]:
        return _post(client, kiosk.txn("borrow", barcode, people[index].patron_id))

    results = all_at_once(service, "CQL", borrow)
    codes = sorted(r["code"] for r in results)
    assert codes == ["item_on_loan_to_other"] * (THREADS - 1) + ["ok"]
    assert _open_loans(service, item_barcode=barcode) == 1


def test_the_loan_limit_holds_under_concurrent_borrows(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    limit = 3
    person = world.person(loan_limit=limit)
    items = [world.item() for _ in range(THREADS)]

    def borrow(client: httpx.Client, index: int) -> dict[str, Any]:
        return _post(client, kiosk.txn("borrow", items[index], person.patron_id))

    results = all_at_once(service, "CQL", borrow)
    assert sum(r["code"] == "ok" for r in results) == limit
    assert sum(r["code"] == "loan_limit_reached" for r in results) == THREADS - limit
    patron_number = world.internal_id(person.patron_id)
    assert _open_loans(service, patron_id=patron_number) == limit
    with world.db.read() as session:
        assert session.get(Patron, patron_number).active_loans == limit  # type: ignore[union-attr]


def test_a_new_card_presented_at_once_registers_one_patron(service: Service) -> None:
    number = service.world.id_number()
    body = {"credential": {"kind": "id_card", "value": number}, "id_card": {"name": "张三"}}

    def lookup(client: httpx.Client, _index: int) -> dict[str, Any]:
        response = client.post("/v1/patrons/lookup", json=body)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    results = all_at_once(service, "CDL", lookup)
    assert len({r["patron_id"] for r in results}) == 1
    assert sum(r["registered_now"] for r in results) == 1
