"""Batches (in order, each on its own, at most 500), and whose clock dates an act."""

from __future__ import annotations

import datetime as dt

from regional.services.clock import offline_time
from tests.regional.conftest import Service
from tests.regional.world import POLICY, now, today


def test_a_batch_is_applied_in_order_each_on_its_own(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person(loan_limit=1)
    first, second = world.item(), world.item()
    bodies = [
        kiosk.txn("borrow", first, person.patron_id),
        kiosk.txn("borrow", second, person.patron_id),  # over the limit of one
        kiosk.txn("return", first),
        kiosk.txn("borrow", second, person.patron_id),  # fine now
    ]
    response = kiosk.post("/transactions/batch", {"transactions": bodies})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["txn_id"] for r in results] == [b["txn_id"] for b in bodies]
    assert [r["code"] for r in results] == ["ok", "loan_limit_reached", "ok", "ok"]
    again = kiosk.post("/transactions/batch", {"transactions": bodies}).json()["results"]
    assert [r["replayed"] for r in again] == [True] * 4


def test_a_batch_over_500_is_refused_whole(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    bodies = [kiosk.txn("borrow", barcode, person.patron_id) for _ in range(501)]
    response = kiosk.post("/transactions/batch", {"transactions": bodies})
    assert response.status_code == 422 and response.json()["code"] == "batch_too_large"
    assert kiosk.item(barcode)["status"] == "available"


def test_one_bad_entry_refuses_the_whole_batch_before_anything_is_written(
    service: Service,
) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    good = kiosk.txn("borrow", barcode, person.patron_id)
    for bad, status in (
        ({**good, "item_barcode": "12345"}, 422),
        ({**good, "library": "CDL"}, 403),
    ):
        bad = {**bad, "txn_id": kiosk.txn("return", barcode)["txn_id"]}
        response = kiosk.post("/transactions/batch", {"transactions": [good, bad]})
        assert response.status_code == status, response.text
        assert kiosk.item(barcode)["status"] == "available"


def test_an_online_act_happens_now_whatever_the_kiosk_says(service: Service) -> None:
    """Trust rules, time: neither occurred_at nor X-Kiosk-Clock moves an online act."""
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    due = str(today() + dt.timedelta(days=POLICY["CQL"].loan_days))
    for occurred, clock in (
        (now() - dt.timedelta(days=400), None),  # a backdated borrow: a due date long past
        (now(), now() + dt.timedelta(days=3000)),  # a clock far ahead
        (now() - dt.timedelta(days=3), now() - dt.timedelta(days=3)),  # a slow clock
    ):
        body = kiosk.txn("borrow", world.item("CQL"), person.patron_id, at=occurred)
        headers = {"X-Kiosk-Clock": clock.isoformat()} if clock else {}
        result = kiosk.post("/transactions", body, **headers).json()
        assert result["loan"]["due"] == due, (occurred, clock)
    assert world.patron_row(person.patron_id).fines_cents == 0


def test_a_backdating_clock_cannot_erase_a_fine(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CQL")
    kiosk.borrow(person.patron_id, barcode)
    world.age_loan(barcode, dt.timedelta(days=POLICY["CQL"].loan_days + 4))  # 4 days late
    body = kiosk.txn("return", barcode, at=now() - dt.timedelta(days=30))
    kiosk.post("/transactions", body, **{"X-Kiosk-Clock": "2099-01-01T00:00:00+00:00"})
    assert world.patron_row(person.patron_id).fines_cents == 4 * POLICY["CQL"].fine_cents_per_day


def test_a_bad_clock_header_is_a_validation_error(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    body = kiosk.txn("return", world.item())
    response = kiosk.post("/transactions", body, **{"X-Kiosk-Clock": "yesterday"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_offline_time_is_the_elapsed_time_the_kiosk_measured() -> None:
    server = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
    # A kiosk two hours slow, whose act was five minutes before it sent it.
    kiosk_clock = server - dt.timedelta(hours=2)
    act = kiosk_clock - dt.timedelta(minutes=5)
    assert offline_time(act, kiosk_clock, server) == server - dt.timedelta(minutes=5)
    # Without the kiosk's clock, its own time; never in the future.
    assert offline_time(act, None, server) == act
    assert offline_time(server + dt.timedelta(hours=1), None, server) == server
