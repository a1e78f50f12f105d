"""Trust rules, sessions: online borrows and renewals name the patron by the session a lookup
opened at that kiosk, never by a patron id; patron ids are opaque."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from tests.regional.conftest import Service
from tests.regional.world import Kiosk, now


def _person_lookup(kiosk: Kiosk, number: str) -> dict[str, Any]:
    response = kiosk.lookup("id_card", number)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _online(kiosk: Kiosk, kind: str, barcode: str, **who: Any) -> dict[str, Any]:
    return {
        "txn_id": str(uuid.uuid4()),
        "kind": kind,
        "item_barcode": barcode,
        "occurred_at": now().isoformat(),
        "offline": False,
        **who,
    }


def test_a_patron_id_alone_borrows_and_renews_nothing(service: Service) -> None:
    """The attack: a valid kiosk token borrowing for any patron by their id."""
    world, kiosk = service.world, service.kiosk()
    victim = world.person()
    barcode = world.item()
    for kind in ("borrow", "renew"):
        body = _online(kiosk, kind, barcode, patron_id=victim.patron_id)
        refused = kiosk.post("/transactions", body)
        assert refused.status_code == 401, refused.text
        assert refused.json()["code"] == "session_required"
    assert kiosk.item(barcode)["status"] == "available"
    assert world.patron_row(victim.patron_id).active_loans == 0


def test_a_lookup_opens_the_session_online_acts_carry(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    account = _person_lookup(kiosk, person.id_number)
    session = account["session"]
    expires = dt.datetime.fromisoformat(session["expires"])
    assert now() < expires <= now() + dt.timedelta(minutes=30)
    assert len(session["id"]) >= 22  # at least 128 random bits, base64url
    barcode = world.item()
    lent = kiosk.post("/transactions", _online(kiosk, "borrow", barcode, session=session["id"]))
    assert lent.status_code == 200 and lent.json()["status"] == "accepted"
    renewed = kiosk.post("/transactions", _online(kiosk, "renew", barcode, session=session["id"]))
    assert renewed.status_code == 200 and renewed.json()["code"] in ("ok", "renew_limit_reached")
    assert world.patron_row(person.patron_id).active_loans == 1
    # Every lookup opens a session of its own.
    assert _person_lookup(kiosk, person.id_number)["session"]["id"] != session["id"]


def test_a_session_is_bound_to_its_kiosk(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    session = _person_lookup(kiosk, person.id_number)["session"]["id"]
    barcode = world.item()
    for other in (service.other_kiosk("CQL"), service.kiosk("CDL")):
        refused = other.post("/transactions", _online(other, "borrow", barcode, session=session))
        assert refused.status_code == 401 and refused.json()["code"] == "session_invalid"
    assert kiosk.item(barcode)["status"] == "available"


def test_an_ended_session_acts_no_more(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    session = _person_lookup(kiosk, person.id_number)["session"]["id"]
    # Another kiosk cannot end it, and learns nothing by trying.
    other = service.other_kiosk("CQL")
    foreign = other.client.delete(f"/v1/sessions/{session}", headers=other.headers)
    assert foreign.status_code == 404 and foreign.json()["code"] == "session_not_found"
    ended = kiosk.client.delete(f"/v1/sessions/{session}", headers=kiosk.headers)
    assert ended.status_code == 204
    again = kiosk.client.delete(f"/v1/sessions/{session}", headers=kiosk.headers)
    assert again.status_code == 404
    barcode = world.item()
    refused = kiosk.post("/transactions", _online(kiosk, "borrow", barcode, session=session))
    assert refused.status_code == 401 and refused.json()["code"] == "session_invalid"


def test_a_session_expires_when_idle_and_in_any_case_after_half_an_hour(
    service: Service,
) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    barcodes = [world.item() for _ in range(3)]
    # Used within the idle time, the session lives on ...
    session = _person_lookup(kiosk, person.id_number)["session"]["id"]
    world.age_sessions(idle=dt.timedelta(minutes=4), opened=dt.timedelta(minutes=4))
    body = _online(kiosk, "borrow", barcodes[0], session=session)
    assert kiosk.post("/transactions", body).json()["status"] == "accepted"
    # ... idle for longer, it is over.
    world.age_sessions(idle=dt.timedelta(minutes=6), opened=dt.timedelta(minutes=6))
    body = _online(kiosk, "borrow", barcodes[1], session=session)
    assert kiosk.post("/transactions", body).json()["code"] == "session_invalid"
    # However busy, a session ends half an hour after its lookup.
    busy = _person_lookup(kiosk, person.id_number)["session"]["id"]
    world.age_sessions(idle=dt.timedelta(0), opened=dt.timedelta(minutes=31))
    body = _online(kiosk, "borrow", barcodes[2], session=busy)
    assert kiosk.post("/transactions", body).json()["code"] == "session_invalid"
    assert world.patron_row(person.patron_id).active_loans == 1


def test_an_act_whose_answer_was_lost_replays_offline_after_its_session_expired(
    service: Service,
) -> None:
    """A session's expiry never loses an act the patron was told about."""
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    session = _person_lookup(kiosk, person.id_number)["session"]["id"]
    applied, unsent = world.item(), world.item()
    first = _online(kiosk, "borrow", applied, session=session)
    answer = kiosk.post("/transactions", first).json()  # the kiosk never heard this
    assert answer["status"] == "accepted"
    never_arrived = _online(kiosk, "borrow", unsent, session=session)
    kiosk.client.delete(f"/v1/sessions/{session}", headers=kiosk.headers)
    card = kiosk.card_of(person.patron_id)
    for body in (first, never_arrived):
        replay = kiosk.post("/transactions", {**body, "session": None, "offline": True, **card})
        assert replay.status_code == 200 and replay.json()["status"] == "accepted"
    again = {**first, "session": None, "offline": True, **card}
    assert kiosk.post("/transactions", again).json()["replayed"]
    assert world.patron_row(person.patron_id).active_loans == 2


def test_in_a_batch_a_dead_session_refuses_only_its_own_act(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    person = world.person()
    good, bad = world.item(), world.item()
    batch = [
        kiosk.txn("borrow", good, person.patron_id),
        _online(kiosk, "borrow", bad, session="n0-such-session-id-at-all"),
    ]
    response = kiosk.post("/transactions/batch", {"transactions": batch})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["code"] for r in results] == ["ok", "session_invalid"]
    assert kiosk.item(bad)["status"] == "available"
    # Not recorded: the kiosk may send it again as the offline act it became.
    again = kiosk.post(
        "/transactions",
        {**batch[1], "session": None, "offline": True, **kiosk.card_of(person.patron_id)},
    )
    assert again.json()["status"] == "accepted" and not again.json()["replayed"]


def test_patron_ids_are_opaque_not_a_count(service: Service) -> None:
    world, kiosk = service.world, service.kiosk()
    ids = [_person_lookup(kiosk, world.person().id_number)["patron_id"] for _ in range(12)]
    assert all(re.fullmatch(r"P-[0-9A-F]{20}", patron_id) for patron_id in ids)
    # Registered one after another, yet neither counting up nor close to one another.
    assert ids != sorted(ids)
    assert len({patron_id[:6] for patron_id in ids}) > 1
