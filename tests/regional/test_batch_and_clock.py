"""Batches (in order, each on its own, at most 500) and kiosk clock-skew correction."""

from __future__ import annotations

import datetime as dt

from regional.services.clock import corrected_time
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


def test_a_kiosk_clock_far_off_is_corrected(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CQL")
    slow = now() - dt.timedelta(days=3)  # the kiosk thinks it is three days ago
    body = kiosk.txn("borrow", barcode, person.patron_id, at=slow)
    result = kiosk.post("/transactions", body, **{"X-Kiosk-Clock": slow.isoformat()}).json()
    assert result["loan"]["due"] == str(today() + dt.timedelta(days=POLICY["CQL"].loan_days))
    uncorrected = world.item("CQL")
    plain = kiosk.borrow(person.patron_id, uncorrected, at=slow)
    expected = today() - dt.timedelta(days=3) + dt.timedelta(days=POLICY["CQL"].loan_days)
    assert plain["loan"]["due"] == str(expected)


def test_a_bad_clock_header_is_a_validation_error(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    body = kiosk.txn("return", world.item())
    response = kiosk.post("/transactions", body, **{"X-Kiosk-Clock": "yesterday"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_skew_correction_rules() -> None:
    server = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
    minute = dt.timedelta(seconds=60)
    act = server - dt.timedelta(minutes=5)
    # Within the threshold: left alone.
    assert corrected_time(act, server - dt.timedelta(seconds=59), server, minute) == act
    # Beyond it: shifted by the whole difference.
    kiosk_clock = server - dt.timedelta(hours=2)
    assert corrected_time(act - dt.timedelta(hours=2), kiosk_clock, server, minute) == act
    # Never in the future.
    assert corrected_time(server + dt.timedelta(hours=1), None, server, minute) == server
