"""Borrowing: due dates by the owner, every rejection code, holds, the network-wide limit."""

from __future__ import annotations

import datetime as dt

from tests.regional.conftest import Service
from tests.regional.world import POLICY, UNKNOWN_ITEM, today


def test_a_borrow_is_lent_for_the_owning_librarys_period(service: Service) -> None:
    world, kiosk = service.world, service.kiosk("CQL")
    person = world.person()
    barcode = world.item("CQU")
    result = kiosk.borrow(person.patron_id, barcode)
    assert result["status"] == "accepted" and result["code"] == "ok"
    assert result["replayed"] is False and result["routing"] is None and result["exceptions"] == []
    assert result["loan"]["item"] == {"barcode": barcode, "title": "三体", "owner_library": "CQU"}
    assert result["loan"]["due"] == str(today() + dt.timedelta(days=POLICY["CQU"].loan_days))
    item = kiosk.item(barcode)
    assert item["status"] == "on_loan" and item["due"] == result["loan"]["due"]


def test_unknown_item_and_patron(service: Service) -> None:
    kiosk = service.kiosk()
    person = service.world.person()
    result = kiosk.borrow(person.patron_id, UNKNOWN_ITEM)
    assert (result["status"], result["code"]) == ("rejected", "item_not_found")
    # A patron is named by the session their lookup opened; an unknown one is refused.
    barcode = service.world.item()
    body = kiosk.txn("borrow", barcode, session="x" * 32)
    refused = kiosk.post("/transactions", body)
    assert refused.status_code == 401 and refused.json()["code"] == "session_invalid"
    assert kiosk.item(barcode)["status"] == "available"


def test_reference_only_and_lost_items_are_not_loanable(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    for barcode in (world.item(loanable=False), world.item(status="lost")):
        result = kiosk.borrow(person.patron_id, barcode)
        assert (result["status"], result["code"]) == ("rejected", "item_not_loanable")


def test_an_item_on_loan(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    first, second = world.person(), world.person()
    barcode = world.item()
    assert kiosk.borrow(first.patron_id, barcode)["status"] == "accepted"
    assert kiosk.borrow(first.patron_id, barcode)["code"] == "already_borrowed_by_you"
    assert kiosk.borrow(second.patron_id, barcode)["code"] == "item_on_loan_to_other"


def test_blocked_patrons_cannot_borrow(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    barcode = world.item()
    for changes in (
        {"fines_cents": POLICY["CQL"].fine_limit_cents},
        {"expires": today() - dt.timedelta(days=1)},
        {"manual_block": "staff review"},
    ):
        blocked = world.person(**changes)
        result = kiosk.borrow(blocked.patron_id, barcode)
        assert (result["status"], result["code"]) == ("rejected", "patron_blocked"), changes
    assert kiosk.item(barcode)["status"] == "available"


def test_the_loan_limit_counts_loans_across_the_network(service: Service) -> None:
    world = service.world
    person = world.person(loan_limit=2)
    at_cql, at_cdl = service.kiosk("CQL"), service.kiosk("CDL")
    assert at_cql.borrow(person.patron_id, world.item("CQL"))["status"] == "accepted"
    assert at_cdl.borrow(person.patron_id, world.item("CDL"))["status"] == "accepted"
    third = world.item("SCL")
    result = at_cdl.borrow(person.patron_id, third)
    assert (result["status"], result["code"]) == ("rejected", "loan_limit_reached")
    assert world.patron_row(person.patron_id).active_loans == 2


def test_holds_decide_who_may_borrow(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    waiting, other = world.person(name="李四"), world.person()
    barcode = world.item()
    world.hold(barcode, waiting.patron_id, "CQL", ready=True)
    assert kiosk.item(barcode)["status"] == "on_hold_shelf"
    assert kiosk.borrow(other.patron_id, barcode)["code"] == "item_on_hold_for_other"
    assert kiosk.account(waiting)["holds_ready"] != []
    result = kiosk.borrow(waiting.patron_id, barcode)
    assert result["status"] == "accepted"
    assert kiosk.account(waiting)["holds_ready"] == []  # the hold is fulfilled


def test_a_waiting_hold_also_reserves_a_copy_on_the_shelf(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    waiting, other = world.person(), world.person()
    barcode = world.item()
    world.hold(barcode, waiting.patron_id, "CDL")
    assert kiosk.borrow(other.patron_id, barcode)["code"] == "item_on_hold_for_other"
    assert kiosk.borrow(waiting.patron_id, barcode)["status"] == "accepted"
