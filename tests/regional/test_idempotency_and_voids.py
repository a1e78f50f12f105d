"""Replays by txn_id, and voids: reversal, remembering unseen ids, idempotence."""

from __future__ import annotations

import uuid

from tests.regional.conftest import Service


def test_a_repeated_txn_id_replays_the_first_result(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    body = kiosk.txn("borrow", world.item(), person.patron_id)
    first = kiosk.post("/transactions", body).json()
    again = kiosk.post("/transactions", body).json()
    assert again == {**first, "replayed": True}
    assert world.patron_row(person.patron_id).active_loans == 1
    # The same id for another act is refused (trust rules), and does nothing.
    for change in ({"item_barcode": world.item()}, {"kind": "return"}):
        other = kiosk.post("/transactions", {**body, **change})
        assert other.status_code == 409 and other.json()["code"] == "txn_id_reused"
    assert world.patron_row(person.patron_id).active_loans == 1
    # How the patron is named may change on a replay (a session, later the card, offline).
    replayed_offline = kiosk.post("/transactions", {**body, "offline": True}).json()
    assert replayed_offline == {**first, "replayed": True}


def test_rejections_are_replayed_too(service: Service) -> None:
    kiosk = service.kiosk()
    body = kiosk.txn("return", service.world.item())
    first = kiosk.post("/transactions", body).json()
    assert first["code"] == "not_on_loan"
    assert kiosk.post("/transactions", body).json() == {**first, "replayed": True}


def test_voiding_a_borrow_reverses_it(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    body = kiosk.txn("borrow", barcode, person.patron_id)
    kiosk.post("/transactions", body)
    response = kiosk.void(body["txn_id"])
    assert response.status_code == 200
    voided = response.json()
    assert (voided["status"], voided["code"], voided["replayed"]) == ("voided", "voided", False)
    assert kiosk.item(barcode)["status"] == "available"
    assert world.patron_row(person.patron_id).active_loans == 0
    again = kiosk.void(body["txn_id"]).json()
    assert again == {**voided, "replayed": True}
    replay = kiosk.post("/transactions", body).json()
    assert (replay["status"], replay["code"], replay["replayed"]) == ("voided", "voided", True)


def test_voiding_an_unseen_id_refuses_it_when_it_arrives(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    body = kiosk.txn("borrow", barcode, person.patron_id)
    assert kiosk.void(body["txn_id"]).json()["status"] == "voided"
    late = kiosk.post("/transactions", body).json()
    assert (late["status"], late["code"]) == ("voided", "voided")
    assert kiosk.item(barcode)["status"] == "available"


def test_voiding_a_return_reopens_the_loan(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item("CDL")
    kiosk.borrow(person.patron_id, barcode)
    body = kiosk.txn("return", barcode)
    assert kiosk.post("/transactions", body).json()["routing"]["action"] == "transit"
    assert kiosk.void(body["txn_id"]).json()["exceptions"] == []
    assert kiosk.item(barcode)["status"] == "on_loan"
    assert world.patron_row(person.patron_id).active_loans == 1


def test_voiding_a_renewal_restores_the_due_date(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    due = kiosk.borrow(person.patron_id, barcode)["loan"]["due"]
    body = kiosk.txn("renew", barcode, person.patron_id)
    assert kiosk.post("/transactions", body).json()["loan"]["due"] != due
    kiosk.void(body["txn_id"])
    assert kiosk.item(barcode)["due"] == due


def test_a_void_that_cannot_be_undone_says_so(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    body = kiosk.txn("borrow", barcode, person.patron_id)
    kiosk.post("/transactions", body)
    kiosk.give_back(barcode)
    voided = kiosk.void(body["txn_id"]).json()
    assert voided["status"] == "voided"
    assert [e["code"] for e in voided["exceptions"]] == ["not_reversed"]


def test_a_malformed_txn_id_is_refused(service: Service) -> None:
    response = service.kiosk().void("not-a-uuid")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert service.kiosk().void(str(uuid.uuid4())).status_code == 200


def test_only_the_issuing_kiosk_may_void_and_only_within_a_day(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcode = world.item()
    body = kiosk.txn("borrow", barcode, person.patron_id)
    kiosk.post("/transactions", body)
    # Another kiosk, even of the same library, can neither void it nor replay it as its own.
    other = service.other_kiosk("CQL")
    refused = other.void(body["txn_id"])
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert other.post("/transactions", body).status_code == 403
    assert kiosk.item(barcode)["status"] == "on_loan"
    # A day later its own kiosk cannot either: staff reverse it.
    world.backdate_transaction(body["txn_id"], hours=25)
    late = kiosk.void(body["txn_id"])
    assert late.status_code == 409 and late.json()["code"] == "void_too_late"
    assert kiosk.item(barcode)["status"] == "on_loan"
    assert world.patron_row(person.patron_id).active_loans == 1
