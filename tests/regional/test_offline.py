"""Offline replays: the act already happened, so it is recorded and refusals become exceptions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.regional.conftest import Service
from tests.regional.world import POLICY, now, today


def _codes(result: dict) -> list[str]:
    return [e["code"] for e in result["exceptions"]]


def test_an_offline_borrow_by_a_blocked_patron_is_recorded_with_exceptions(
    service: Service,
) -> None:
    world, kiosk = service.world, service.kiosk()
    blocked = world.person(manual_block="staff review", loan_limit=1)
    kiosk.borrow(blocked.patron_id, world.item(), offline=True)
    barcode = world.item(loanable=False)
    result = kiosk.borrow(
        blocked.patron_id, barcode, offline=True, at=now() - dt.timedelta(hours=2)
    )
    assert (result["status"], result["code"]) == ("accepted", "ok")
    assert _codes(result) == ["patron_blocked", "item_not_loanable", "loan_limit_reached"]
    assert result["loan"]["item"]["barcode"] == barcode
    assert world.patron_row(blocked.patron_id).active_loans == 2  # past the limit: it left


def test_an_offline_borrow_of_a_copy_on_loan_to_another_changes_no_loan(service: Service) -> None:
    """Trust rules: it is recorded for staff to confirm; the other patron's loan stays."""
    world, kiosk = service.world, service.kiosk()
    earlier, later = world.person(), world.person()
    barcode = world.item()
    kiosk.borrow(earlier.patron_id, barcode)
    result = kiosk.borrow(later.patron_id, barcode, offline=True)
    assert result["status"] == "accepted" and _codes(result) == ["offline_loan_taken_over"]
    assert [loan["item"]["barcode"] for loan in kiosk.account(earlier)["loans"]] == [barcode]
    assert kiosk.account(later)["loans"] == []
    assert world.patron_row(earlier.patron_id).active_loans == 1
    assert world.patron_row(later.patron_id).active_loans == 0


def test_an_offline_borrow_registers_nobody_a_lookup_does(service: Service) -> None:
    """Trust rules: a first-time card holder is registered only by a lookup with the chip
    block (the kiosk makes one before replaying such a borrow), never by an act."""
    world, kiosk = service.world, service.kiosk("CDL")
    number = world.id_number()
    barcode = world.item("CDL")
    card: dict[str, Any] = {
        "credential": {"kind": "id_card", "value": number},
        "id_card": {"name": "吉克阿依"},
    }
    patrons_before = world.patron_count()
    refused = kiosk.act("borrow", barcode, offline=True, **card)
    assert (refused["status"], refused["code"]) == ("rejected", "patron_not_found")
    assert world.patron_count() == patrons_before
    account = kiosk.lookup("id_card", number, id_card={"name": "吉克阿依", "valid_to": None})
    assert account.json()["registered_now"] is True
    result = kiosk.act("borrow", barcode, offline=True, **card)
    assert result["status"] == "accepted" and result["exceptions"] == []
    account = kiosk.lookup("id_card", number).json()
    assert account["registered_now"] is False and account["display_name"] == "吉***"
    assert account["home_library"] == "CDL"
    assert [loan["item"]["barcode"] for loan in account["loans"]] == [barcode]


def test_an_offline_borrow_with_an_expired_card_is_reported(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    world.set_card_valid_to(person.id_number, dt.date(2022, 9, 1))
    card: dict[str, Any] = {
        "credential": {"kind": "id_card", "value": person.id_number},
        "id_card": {"name": "王芳", "valid_to": "2022-09-01"},
    }
    result = kiosk.act("borrow", world.item(), offline=True, **card)
    assert result["status"] == "accepted" and _codes(result) == ["credential_expired"]


def test_a_cards_validity_moves_only_later_and_only_by_a_lookup(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()  # valid to 2035-01-01
    world.set_card_valid_to(person.id_number, dt.date(2026, 1, 1))  # expired since
    expired = kiosk.lookup(
        "id_card", person.id_number, id_card={"name": "张三", "valid_to": "2025-06-01"}
    )
    assert expired.json()["code"] == "credential_expired"  # an older card: still expired
    # An offline act's chip block changes nothing stored.
    card = {
        "credential": {"kind": "id_card", "value": person.id_number},
        "id_card": {"name": "张三", "valid_to": "2040-01-01"},
    }
    kiosk.act("borrow", world.item(), offline=True, **card)
    assert world.card_valid_to(person.id_number) == (dt.date(2026, 1, 1), None)
    # A newer card, read by this kiosk in a lookup, makes it valid again; the kiosk is named.
    renewed = kiosk.lookup(
        "id_card", person.id_number, id_card={"name": "张三", "valid_to": "2046-01-01"}
    )
    assert renewed.status_code == 200, renewed.text
    assert world.card_valid_to(person.id_number) == (dt.date(2046, 1, 1), "CQL-K01")


def test_a_credential_is_accepted_on_offline_borrows_only(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    body = kiosk.txn(
        "borrow", world.item(), credential={"kind": "id_card", "value": world.id_number()}
    )
    response = kiosk.post("/transactions", body)
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_an_offline_return_of_a_copy_not_on_loan_is_reported(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    barcode = world.item("CQL")
    result = kiosk.give_back(barcode, offline=True)
    assert result["status"] == "accepted" and _codes(result) == ["not_on_loan"]
    assert result["routing"]["action"] == "shelve"


def test_an_offline_return_stops_fines_at_the_time_it_happened(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CQL")
    days = POLICY["CQL"].loan_days
    kiosk.borrow(person.patron_id, barcode)
    world.age_loan(barcode, dt.timedelta(days=days + 10))  # due ten days ago
    kiosk.give_back(barcode, offline=True, at=now() - dt.timedelta(days=8))
    assert world.patron_row(person.patron_id).fines_cents == 2 * POLICY["CQL"].fine_cents_per_day


def test_a_late_offline_return_never_closes_a_loan_begun_after_it(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    reader = world.person()
    barcode = world.item()
    returned_at = now() - dt.timedelta(minutes=10)  # taken back offline, replayed only now
    kiosk.borrow(reader.patron_id, barcode)  # lent again since, online
    result = kiosk.give_back(barcode, offline=True, at=returned_at)
    assert result["status"] == "accepted" and _codes(result) == ["return_after_loan_replaced"]
    assert [loan["item"]["barcode"] for loan in kiosk.account(reader)["loans"]] == [barcode]
    assert world.patron_row(reader.patron_id).active_loans == 1
    assert kiosk.item(barcode)["status"] == "on_loan"
    # Online, the copy is in the kiosk's hands now: the open loan is the one it ends.
    assert _codes(kiosk.give_back(barcode, at=returned_at)) == []
    assert kiosk.account(reader)["loans"] == []


def test_an_offline_borrow_older_than_the_copys_loan_leaves_that_loan_alone(
    service: Service,
) -> None:
    world, kiosk = service.world, service.kiosk()
    earlier, later = world.person(), world.person()
    barcode = world.item()
    kiosk.borrow(later.patron_id, barcode)
    result = kiosk.borrow(
        earlier.patron_id, barcode, offline=True, at=now() - dt.timedelta(hours=1)
    )
    assert result["status"] == "accepted"
    assert _codes(result) == ["offline_borrow_before_newer_loan"]
    assert kiosk.account(earlier)["loans"] == []
    assert world.patron_row(earlier.patron_id).active_loans == 0
    assert [loan["item"]["barcode"] for loan in kiosk.account(later)["loans"]] == [barcode]


def test_an_offline_acts_time_is_the_elapsed_time_the_kiosk_measured(service: Service) -> None:
    """The kiosk's clock is 40 s slow (under the skew threshold): the offline return it took
    5 s ago is dated 5 s ago by the service's clock, after the loan began 20 s ago — so it
    ends that loan (by the kiosk's own clock it would predate the loan)."""
    world, kiosk = service.world, service.kiosk()
    reader = world.person()
    barcode = world.item()
    kiosk.borrow(reader.patron_id, barcode)
    world.age_loan(barcode, dt.timedelta(seconds=20))
    kiosk_now = now() - dt.timedelta(seconds=40)
    body = kiosk.txn("return", barcode, offline=True, at=kiosk_now - dt.timedelta(seconds=5))
    result = kiosk.post("/transactions", body, **{"X-Kiosk-Clock": kiosk_now.isoformat()})
    assert result.status_code == 200 and _codes(result.json()) == []
    assert kiosk.account(reader)["loans"] == []


def test_an_offline_act_older_than_the_window_is_dated_at_its_edge(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CQL")
    window = dt.timedelta(days=POLICY["CQL"].offline_window_days)
    result = kiosk.borrow(person.patron_id, barcode, offline=True, at=now() - 3 * window)
    assert result["status"] == "accepted" and _codes(result) == ["stale_offline_act"]
    edge = today() - window
    assert result["loan"]["due"] == str(edge + dt.timedelta(days=POLICY["CQL"].loan_days))


def test_offline_borrows_past_the_librarys_item_limit_lend_nothing(service: Service) -> None:
    """Trust rules: at most the library's offline item limit per patron per offline episode at
    one kiosk; the rest is recorded for staff and changes nothing."""
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    limit = POLICY["CQL"].offline_item_limit
    barcodes = [world.item() for _ in range(limit + 1)]
    # One episode: every act happened before the kiosk was heard from again.
    start = now() - dt.timedelta(minutes=10)
    results = [
        kiosk.borrow(person.patron_id, barcode, offline=True, at=start + dt.timedelta(seconds=i))
        for i, barcode in enumerate(barcodes)
    ]
    assert [_codes(r) for r in results] == [[]] * limit + [["offline_limit_exceeded"]]
    assert results[-1]["status"] == "accepted" and results[-1]["loan"] is None
    assert kiosk.item(barcodes[-1])["status"] == "available"
    assert world.patron_row(person.patron_id).active_loans == limit
    # Another kiosk's episode is its own.
    other = service.other_kiosk("CQL")
    elsewhere = other.borrow(person.patron_id, world.item(), offline=True, at=start)
    assert _codes(elsewhere) == []
    # Once the kiosk has been heard from, a new episode begins.
    kiosk.give_back(barcodes[0])
    later = kiosk.borrow(person.patron_id, barcodes[-1], offline=True, at=now())
    assert _codes(later) == [] and later["loan"]["item"]["barcode"] == barcodes[-1]


def test_offline_only_a_chip_read_id_card_names_the_patron(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    card = kiosk.card_of(person.patron_id)
    barcode = world.item()
    # The same person by the number alone (no chip block), and by a social-security card.
    for who in (
        {"credential": card["credential"]},
        {"credential": {"kind": "social_security_card", "value": person.id_number}},
    ):
        result = kiosk.act("borrow", barcode, offline=True, **who)
        assert _codes(result) == ["offline_credential_not_accepted"]
        assert result["loan"] is None
    assert kiosk.item(barcode)["status"] == "available"
    assert world.patron_row(person.patron_id).active_loans == 0
