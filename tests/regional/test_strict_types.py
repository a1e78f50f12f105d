"""Trust rules, types: booleans are JSON booleans, times RFC 3339 strings with an offset, dates
YYYY-MM-DD, txn_ids canonical UUIDs. Loose forms that pydantic would coerce are refused, with
the field named, and change nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.regional.conftest import Service
from tests.regional.world import now


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    assert any(field in ".".join(map(str, e["loc"])) for e in body["errors"]), body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offline", "yes"),
        ("offline", 1),
        ("offline", "true"),
        ("occurred_at", 1_764_000_000),
        ("occurred_at", "1764000000"),
        ("occurred_at", "2026-11-22T10:15:03"),  # no offset
        ("occurred_at", "2026-11-22"),
        ("occurred_at", "22/11/2026 10:15"),
        ("txn_id", "{0b9a2f4e-1d2c-4b5a-9e8f-0123456789ab}"),
        ("txn_id", "0b9a2f4e1d2c4b5a9e8f0123456789ab"),
        ("txn_id", "urn:uuid:0b9a2f4e-1d2c-4b5a-9e8f-0123456789ab"),
        ("txn_id", 12345),
    ],
)
def test_loose_types_are_refused(service: Service, field: str, value: Any) -> None:
    kiosk = service.kiosk()
    person = service.world.person()
    barcode = service.world.item()
    body = {**kiosk.txn("borrow", barcode, person.patron_id), field: value}
    _refused(kiosk.post("/transactions", body), field)
    assert kiosk.item(barcode)["status"] == "available"


def test_the_strict_forms_are_taken(service: Service) -> None:
    kiosk = service.kiosk()
    person = service.world.person()
    body = kiosk.txn("borrow", service.world.item(), person.patron_id)
    body["txn_id"] = str(uuid.uuid4()).upper()  # hexadecimal digits in either case
    body["occurred_at"] = now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body["offline"] = False
    answer = kiosk.post("/transactions", body)
    assert answer.status_code == 200 and answer.json()["status"] == "accepted", answer.text


@pytest.mark.parametrize("clock", ["1764000000", "2026-11-22T10:15:03", "yesterday"])
def test_a_loose_kiosk_clock_is_refused(service: Service, clock: str) -> None:
    kiosk = service.kiosk()
    body = kiosk.txn("return", service.world.item())
    _refused(kiosk.post("/transactions", body, **{"X-Kiosk-Clock": clock}), "X-Kiosk-Clock")


def test_a_loose_card_date_and_void_id_are_refused(service: Service) -> None:
    kiosk = service.kiosk()
    lookup = {
        "credential": {"kind": "id_card", "value": service.world.id_number()},
        "id_card": {"name": "张三", "valid_to": 20350601},
    }
    _refused(kiosk.post("/patrons/lookup", lookup), "valid_to")
    undashed = uuid.uuid4().hex
    response = kiosk.client.delete(f"/v1/transactions/{undashed}", headers=kiosk.headers)
    _refused(response, "txn_id")
