"""Renewals: the owner's period and limit, holds, blocks."""

from __future__ import annotations

import datetime as dt

from tests.regional.conftest import Service
from tests.regional.world import POLICY, UNKNOWN_ITEM, today


def test_renewal_uses_the_owners_period_and_limit(service: Service) -> None:
    world, kiosk = service.world, service.kiosk("CQL")
    person = world.person()
    barcode = world.item("CDL")  # CDL: 15-day renewals, two of them
    first = kiosk.borrow(person.patron_id, barcode)
    due = dt.date.fromisoformat(first["loan"]["due"])
    for n in range(POLICY["CDL"].max_renewals):
        result = kiosk.renew(person.patron_id, barcode)
        assert result["status"] == "accepted", result
        due += dt.timedelta(days=POLICY["CDL"].renew_days)
        assert result["loan"]["due"] == str(due)
        assert (
            kiosk.account(person)["loans"][0]["renewals_left"] == POLICY["CDL"].max_renewals - n - 1
        )
    refused = kiosk.renew(person.patron_id, barcode)
    assert (refused["status"], refused["code"]) == ("rejected", "renew_limit_reached")


def test_an_overdue_renewal_runs_from_today_and_charges_the_days_so_far(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CQL")
    kiosk.borrow(person.patron_id, barcode)
    world.age_loan(barcode, dt.timedelta(days=33))
    result = kiosk.renew(person.patron_id, barcode)
    assert result["loan"]["due"] == str(today() + dt.timedelta(days=POLICY["CQL"].renew_days))
    assert world.patron_row(person.patron_id).fines_cents == 3 * POLICY["CQL"].fine_cents_per_day


def test_renewal_is_refused_while_another_reader_waits(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person, waiting = world.person(), world.person()
    barcode = world.item()
    kiosk.borrow(person.patron_id, barcode)
    world.hold(barcode, waiting.patron_id, "CQL")
    assert kiosk.renew(person.patron_id, barcode)["code"] == "renew_blocked_by_hold"


def test_renewing_what_you_do_not_have(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person, other = world.person(), world.person()
    barcode = world.item()
    assert kiosk.renew(person.patron_id, barcode)["code"] == "not_on_loan"
    kiosk.borrow(other.patron_id, barcode)
    assert kiosk.renew(person.patron_id, barcode)["code"] == "not_on_loan"
    assert kiosk.renew(person.patron_id, UNKNOWN_ITEM)["code"] == "item_not_found"


def test_fines_over_the_limit_block_renewal(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    kiosk.borrow(person.patron_id, barcode)
    world.update_patron(person.patron_id, fines_cents=POLICY["CQL"].fine_limit_cents)
    assert kiosk.renew(person.patron_id, barcode)["code"] == "patron_blocked"
