"""Patron lookup: first-use registration, masking, PINs, expiry, blocks, loans and holds."""

from __future__ import annotations

import datetime as dt

from tests.regional.conftest import Service
from tests.regional.world import POLICY, today


def test_an_unknown_id_card_registers_on_first_use(service: Service) -> None:
    kiosk = service.kiosk("CDL")
    number = service.world.id_number()
    card = {"id_card": {"name": "欧阳娜娜", "valid_to": "2035-06-01"}}
    first = kiosk.lookup("id_card", number, **card)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["registered_now"] is True
    assert body["display_name"] == "欧***"
    assert body["home_library"] == "CDL"
    assert body["status"] == "ok" and body["blocks"] == []
    assert body["loan_limit"] == POLICY["CDL"].loan_limit
    assert body["loans"] == [] and body["holds_ready"] == [] and body["fines_cents"] == 0
    again = kiosk.lookup("id_card", number, **card).json()
    assert again["registered_now"] is False
    assert again["patron_id"] == body["patron_id"]


def test_a_social_security_card_is_the_same_person_as_the_id_card(service: Service) -> None:
    kiosk = service.kiosk()
    person = service.world.person()
    body = kiosk.lookup("social_security_card", person.id_number).json()
    assert body["patron_id"] == person.patron_id and body["registered_now"] is False
    newcomer = service.world.id_number()
    registered = kiosk.lookup("social_security_card", newcomer).json()
    assert registered["registered_now"] is True
    assert registered["display_name"].endswith(newcomer[-4:])
    assert newcomer not in registered["display_name"]


def test_a_wrong_check_character_is_refused(service: Service) -> None:
    number = service.world.id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    response = service.kiosk().lookup("id_card", wrong, id_card={"name": "张三"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_credential"


def test_an_expired_id_card_is_refused_and_not_registered(service: Service) -> None:
    kiosk = service.kiosk()
    number = service.world.id_number()
    expired = {"id_card": {"name": "王芳", "valid_to": "2022-09-01"}}
    response = kiosk.lookup("id_card", number, **expired)
    assert response.status_code == 403
    assert response.json()["code"] == "credential_expired"
    # Renewed card: registration now works, and nothing was left behind by the refusal.
    renewed = kiosk.lookup("id_card", number, id_card={"name": "王芳", "valid_to": "2042-09-01"})
    assert renewed.json()["registered_now"] is True


def test_a_known_id_card_that_expired_since_is_refused(service: Service) -> None:
    person = service.world.person()
    kiosk = service.kiosk()
    yesterday = (today() - dt.timedelta(days=2)).isoformat()
    refused = kiosk.lookup(
        "id_card", person.id_number, id_card={"name": "张三", "valid_to": yesterday}
    )
    assert refused.status_code == 403 and refused.json()["code"] == "credential_expired"


def test_library_cards_need_a_pin_where_the_library_says_so(service: Service) -> None:
    kiosk = service.kiosk()
    card = service.world.library_card("CQL", pin="1234")
    missing = kiosk.lookup("library_card", card)
    assert missing.status_code == 401 and missing.json()["code"] == "pin_required"
    wrong = kiosk.lookup("library_card", card, pin="9999")
    assert wrong.status_code == 401 and wrong.json()["code"] == "pin_invalid"
    right = kiosk.lookup("library_card", card, pin="1234")
    assert right.status_code == 200 and right.json()["display_name"] == "林**"
    no_pin_library = service.world.library_card("YZL", pin=None)
    assert POLICY["YZL"].pin_required is False
    assert kiosk.lookup("library_card", no_pin_library).status_code == 200


def test_an_unknown_library_card_is_not_registered(service: Service) -> None:
    patrons_before = service.world.patron_count()
    # Where PINs are asked, an unknown card is answered as a wrong PIN (nothing to enumerate).
    response = service.kiosk().lookup("library_card", "25001999999990", pin="1234")
    assert response.status_code == 401 and response.json()["code"] == "pin_invalid"
    # Where they are not, there is no secret to check: it is not found.
    assert POLICY["YZL"].pin_required is False
    response = service.kiosk("YZL").lookup("library_card", "25002999999990")
    assert response.status_code == 404 and response.json()["code"] == "patron_not_found"
    assert service.world.patron_count() == patrons_before


def test_blocks_are_reported(service: Service) -> None:
    kiosk = service.kiosk()
    limit = POLICY["CQL"].fine_limit_cents
    fined = service.world.person(fines_cents=limit)
    body = kiosk.account(fined)
    assert body["status"] == "blocked" and body["fines_cents"] == limit
    assert [b["code"] for b in body["blocks"]] == ["fines_over_limit"]
    expired = service.world.person(expires=today() - dt.timedelta(days=3))
    assert [b["code"] for b in kiosk.account(expired)["blocks"]] == ["card_expired"]
    manual = service.world.person(manual_block="lost card reported")
    blocks = kiosk.account(manual)["blocks"]
    assert blocks == [{"code": "manual_block", "detail": "lost card reported"}]
    below = service.world.person(fines_cents=limit - 1)
    assert kiosk.account(below)["status"] == "ok"


def test_loans_and_holds_ready_are_listed(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    lent = world.item("CDL")
    kiosk.borrow(person.patron_id, lent)
    overdue = world.item("CQL")
    kiosk.borrow(person.patron_id, overdue)
    world.age_loan(overdue, dt.timedelta(days=40))
    waiting = world.item("CQL")
    world.hold(waiting, person.patron_id, "CQL", ready=True)
    body = kiosk.account(person)
    loans = {loan["item"]["barcode"]: loan for loan in body["loans"]}
    assert loans[lent]["item"]["owner_library"] == "CDL"
    assert loans[lent]["renewals_left"] == POLICY["CDL"].max_renewals
    assert loans[lent]["overdue"] is False
    assert loans[lent]["due"] == str(today() + dt.timedelta(days=POLICY["CDL"].loan_days))
    assert loans[overdue]["overdue"] is True
    assert body["fines_cents"] == 10 * POLICY["CQL"].fine_cents_per_day
    [ready] = body["holds_ready"]
    assert ready["item"]["barcode"] == waiting and ready["pickup_library"] == "CQL"
    assert ready["expires"] == str(today() + dt.timedelta(days=POLICY["CQL"].hold_shelf_days))
