"""Kiosk tokens: 401 without a valid one, 403 outside the token's library."""

from __future__ import annotations

import pytest

from tests.regional.conftest import Service

PROTECTED = [
    ("GET", "/v1/libraries"),
    ("GET", "/v1/items/35001000000015"),
    ("POST", "/v1/patrons/lookup"),
    ("POST", "/v1/transactions"),
    ("POST", "/v1/transactions/batch"),
    ("DELETE", "/v1/transactions/0b9a6a3e-4f6b-4c36-9a51-3c1f0c2b7d11"),
]


@pytest.mark.parametrize("method,path", PROTECTED)
def test_no_or_a_wrong_token_is_unauthorized(service: Service, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic eDp5"}):
        response = service.client.request(method, path, headers=headers, json={})
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "unauthorized"


def test_a_token_acts_only_for_its_own_library(service: Service) -> None:
    world, kiosk = service.world, service.kiosk("CQL")
    person = world.person()
    barcode = world.item()
    body = kiosk.txn("borrow", barcode, person.patron_id, library="CDL")
    response = kiosk.post("/transactions", body)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert kiosk.item(barcode)["status"] == "available"
    own = kiosk.post("/transactions", {**body, "library": "CQL"})
    assert own.status_code == 200 and own.json()["status"] == "accepted"
    lookup = kiosk.lookup("id_card", person.id_number, library="SCL")
    assert lookup.status_code == 403 and lookup.json()["code"] == "forbidden"


def test_another_librarys_transactions_are_off_limits(service: Service) -> None:
    world = service.world
    person = world.person()
    cql, cdl = service.kiosk("CQL"), service.kiosk("CDL")
    body = cql.txn("borrow", world.item(), person.patron_id)
    cql.post("/transactions", body)
    assert cdl.void(body["txn_id"]).status_code == 403
    replay = cdl.post("/transactions", body)
    assert replay.status_code == 403 and replay.json()["code"] == "forbidden"
    batch = cdl.post("/transactions/batch", {"transactions": [body]}).json()["results"]
    assert (batch[0]["status"], batch[0]["code"]) == ("rejected", "forbidden")
    assert cql.void(body["txn_id"]).json()["status"] == "voided"
