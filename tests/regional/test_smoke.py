"""Health and libraries: the simplest answers, with and without a token."""

from __future__ import annotations

from tests.regional.conftest import Service


def test_health_needs_no_token(service: Service) -> None:
    response = service.client.get("/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["version"] and body["time"]


def test_libraries_lists_the_network(service: Service) -> None:
    libraries = service.kiosk().get("/libraries").json()["libraries"]
    ids = {lib["id"] for lib in libraries}
    assert {"CQL", "CDL", "SCL", "YZL", "CQU"} <= ids
    cql = next(lib for lib in libraries if lib["id"] == "CQL")
    assert cql == {
        "id": "CQL",
        "name": {"zh": "重庆图书馆", "en": "Chongqing Library"},
        "city": "重庆",
    }
