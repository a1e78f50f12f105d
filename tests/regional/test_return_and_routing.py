"""Returns anywhere in the network, routing (shelve, transit, hold shelf), and fines."""

from __future__ import annotations

import datetime as dt

from tests.regional.conftest import Service
from tests.regional.world import POLICY, UNKNOWN_ITEM, now


def test_a_return_at_the_owner_is_shelved(service: Service) -> None:
    world, kiosk = service.world, service.kiosk("CQL")
    person = world.person()
    barcode = world.item("CQL")
    kiosk.borrow(person.patron_id, barcode)
    result = kiosk.give_back(barcode)
    assert (result["status"], result["code"]) == ("accepted", "ok")
    assert result["routing"]["action"] == "shelve"
    assert result["loan"]["item"]["barcode"] == barcode
    assert kiosk.item(barcode)["status"] == "available"
    assert kiosk.account(person)["loans"] == []
    assert world.patron_row(person.patron_id).active_loans == 0


def test_a_return_elsewhere_goes_home_in_transit(service: Service) -> None:
    world = service.world
    person = world.person()
    barcode = world.item("CDL")
    service.kiosk("CDL").borrow(person.patron_id, barcode)
    result = service.kiosk("YZL").give_back(barcode)  # returned anywhere in the network
    assert result["routing"] == {"action": "transit", "library": "CDL", "patron_display": None}
    assert service.kiosk("YZL").item(barcode)["status"] == "in_transit"
    # Arriving home, it is checked in and shelved.
    home = service.kiosk("CDL").give_back(barcode)
    assert (home["status"], home["routing"]["action"]) == ("accepted", "shelve")
    assert service.kiosk("CDL").item(barcode)["status"] == "available"


def test_a_reader_waiting_elsewhere_gets_it_sent_there(service: Service) -> None:
    world = service.world
    borrower, waiting = world.person(), world.person(name="李四")
    barcode = world.item("CQL")
    service.kiosk("CQL").borrow(borrower.patron_id, barcode)
    world.hold(barcode, waiting.patron_id, "SCL")
    result = service.kiosk("CQL").give_back(barcode)
    assert result["routing"] == {"action": "transit", "library": "SCL", "patron_display": None}
    arrival = service.kiosk("SCL").give_back(barcode)
    assert arrival["routing"] == {"action": "hold_shelf", "library": "SCL", "patron_display": "李*"}
    assert service.kiosk("SCL").account(waiting)["holds_ready"][0]["item"]["barcode"] == barcode


def test_a_reader_waiting_here_gets_it_on_the_hold_shelf(service: Service) -> None:
    world = service.world
    borrower, waiting = world.person(), world.person(name="李四")
    barcode = world.item("CDL")
    service.kiosk("CDL").borrow(borrower.patron_id, barcode)
    world.hold(barcode, waiting.patron_id, "CQL")
    result = service.kiosk("CQL").give_back(barcode)
    assert result["routing"] == {"action": "hold_shelf", "library": "CQL", "patron_display": "李*"}
    assert service.kiosk("CQL").item(barcode)["status"] == "on_hold_shelf"


def test_returning_what_is_not_on_loan(service: Service) -> None:
    world, kiosk = service.world, service.kiosk("CQL")
    barcode = world.item("CDL")
    result = kiosk.give_back(barcode)
    assert (result["status"], result["code"]) == ("rejected", "not_on_loan")
    assert result["routing"] == {"action": "transit", "library": "CDL", "patron_display": None}
    assert kiosk.give_back(UNKNOWN_ITEM)["code"] == "item_not_found"


def test_overdue_fines_follow_the_owner_and_stop_at_a_backdated_return(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("MYL")
    rate = POLICY["MYL"].fine_cents_per_day
    kiosk.borrow(person.patron_id, barcode)
    world.age_loan(barcode, dt.timedelta(days=POLICY["MYL"].loan_days + 9))
    assert kiosk.account(person)["fines_cents"] == 9 * rate  # still growing
    kiosk.give_back(barcode, offline=True, at=now() - dt.timedelta(days=5))  # 5 days ago
    assert kiosk.account(person)["fines_cents"] == 4 * rate
    assert world.patron_row(person.patron_id).fines_cents == 4 * rate


def test_fines_over_the_limit_block_borrowing_but_not_returning(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CQL")
    kiosk.borrow(person.patron_id, barcode)
    world.age_loan(barcode, dt.timedelta(days=200))
    assert kiosk.account(person)["status"] == "blocked"
    assert kiosk.borrow(person.patron_id, world.item())["code"] == "patron_blocked"
    result = kiosk.give_back(barcode)
    assert result["status"] == "accepted"
    assert kiosk.account(person)["fines_cents"] == 170 * POLICY["CQL"].fine_cents_per_day
