"""Bad input of every kind is answered with problem+json and a stable code, never a 500."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import httpx
import pytest

from regional.app import create_app
from tests.regional.conftest import Service
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, UNKNOWN_ITEM


def _problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code and body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    return body


def test_invalid_json(service: Service) -> None:
    kiosk = service.kiosk()
    response = service.client.post(
        "/v1/transactions",
        content=b'{"txn_id": ',
        headers={**kiosk.headers, "Content-Type": "application/json"},
    )
    body = _problem(response, 422, "validation_error")
    assert body["errors"][0]["type"] == "json_invalid"


def test_wrong_types_and_unknown_fields_name_the_field(service: Service) -> None:
    kiosk = service.kiosk()
    body = kiosk.txn("return", service.world.item())
    wrong = _problem(
        kiosk.post("/transactions", {**body, "offline": "perhaps"}), 422, "validation_error"
    )
    assert ["body", "offline"] in [e["loc"] for e in wrong["errors"]]
    extra = _problem(kiosk.post("/transactions", {**body, "color": "red"}), 422, "validation_error")
    assert ["body", "color"] in [e["loc"] for e in extra["errors"]]
    naive = _problem(
        kiosk.post("/transactions", {**body, "occurred_at": "2026-11-22T10:15:03"}),
        422,
        "validation_error",
    )
    assert ["body", "occurred_at"] in [e["loc"] for e in naive["errors"]]


def test_credentials_are_not_echoed_in_errors(service: Service) -> None:
    response = service.kiosk().lookup("id_card", "500103199003070116", pin="12")
    assert response.status_code == 422
    assert "500103199003070116" not in response.text


def test_malformed_barcodes(service: Service) -> None:
    kiosk = service.kiosk()
    for bad in ("123", "3500100000001X", "35001000000016"):  # short, letters, bad check digit
        _problem(kiosk.get(f"/items/{bad}"), 422, "validation_error")
        body = kiosk.txn("return", UNKNOWN_ITEM)
        _problem(
            kiosk.post("/transactions", {**body, "item_barcode": bad}), 422, "validation_error"
        )
    _problem(kiosk.get(f"/items/{UNKNOWN_ITEM}"), 404, "item_not_found")


def test_oversized_bodies(service: Service) -> None:
    kiosk = service.kiosk()
    big = b"[" + b" " * (1024 * 1024) + b"]"
    response = service.client.post(
        "/v1/transactions/batch",
        content=big,
        headers={**kiosk.headers, "Content-Type": "application/json"},
    )
    _problem(response, 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(20):
            yield b" " * 65536

    chunked = service.client.post(
        "/v1/transactions/batch",
        content=chunks(),
        headers={**kiosk.headers, "Content-Type": "application/json"},
    )
    _problem(chunked, 413, "body_too_large")


def test_unknown_routes_and_methods(service: Service) -> None:
    _problem(service.client.get("/v1/nothing"), 404, "not_found")
    _problem(service.client.put("/v1/health"), 405, "method_not_allowed")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_unexpected_error_is_a_logged_problem(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_clock() -> dt.datetime:
        raise RuntimeError("clock failed while handling 500103199003070116")

    app = create_app(database_url, credential_key=CREDENTIAL_KEY, clock=broken_clock)
    with caplog.at_level(logging.ERROR), serving(app) as url, httpx.Client(base_url=url) as client:
        response = client.get("/v1/health")
    _problem(response, 500, "internal_error")
    assert "clock failed" in caplog.text
    assert "500103199003070116" not in caplog.text
