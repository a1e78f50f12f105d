"""Heartbeats and /metrics over loopback HTTP on both databases: a kiosk's state and counts are
stored (idempotently), a kiosk speaks only for itself, and a silent kiosk turns offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from regional.app import create_app
from regional.db.models import KioskHeartbeat, KioskStatus
from regional.db.session import Database
from regional.metrics import FleetCollector, ServiceMetrics
from regional.services.fleet import FleetSettings
from regional.settings import METRICS_TOKEN_ENV, load_metrics_token
from tests.regional.fleet_world import HEARTBEATS_PER_MINUTE, START, Fleet, stored_counts
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk

HOUR = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)


def beat(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sent_at": "2026-12-04T17:30:02+08:00",
        "version": "1.16.0",
        "uptime_s": 3600,
        "devices": {
            "id_card_reader": {"state": "connected", "reason": None},
            "barcode_scanner": {"state": "connected"},
        },
        "printer_paper": "ok",
        "pending_count": 0,
        "oldest_pending_s": None,
        "last_sync_at": "2026-12-04T17:29:00+08:00",
        "clock_offset_s": 2.0,
        "out_of_service": False,
        "stats": [],
    }
    body.update(changes)
    return body


def stat(kind: str, count: int, result: str = "", reason: str = "", owner: str = "") -> Any:
    return {
        "hour": HOUR.isoformat(),
        "kind": kind,
        "result": result,
        "reason": reason,
        "owner_library_id": owner,
        "count": count,
    }


def post(kiosk: Kiosk, body: dict[str, Any], kiosk_id: str | None = None) -> httpx.Response:
    return kiosk.post(f"/kiosks/{kiosk_id or kiosk.kiosk_id}/heartbeat", body)


def test_a_heartbeat_is_stored_with_its_counts_and_resent_counts_replace(fleet: Fleet) -> None:
    stats = [
        stat("borrow", 3, "done"),
        stat("borrow", 1, "refused", "loan_limit_reached"),
        stat("return", 2, "done", owner="CDL"),
        stat("session", 4),
    ]
    answer = post(fleet.cql, beat(stats=stats))
    assert answer.status_code == 200, answer.text
    assert answer.json()["stats_stored"] == 4
    assert dt.datetime.fromisoformat(answer.json()["time"]) == START

    # The hour goes on: the kiosk re-sends that hour's absolute counts, and nothing adds up.
    fleet.clock.now += dt.timedelta(minutes=1)
    again = post(fleet.cql, beat(stats=[stat("borrow", 5, "done"), stat("session", 4)]))
    assert again.status_code == 200, again.text
    assert stored_counts(fleet.db, "CQL-K01") == {
        ("borrow", "done", "", ""): 5,
        ("borrow", "refused", "loan_limit_reached", ""): 1,
        ("return", "done", "", "CDL"): 2,
        ("session", "", "", ""): 4,
    }
    with fleet.db.read() as session:
        status = session.get(KioskStatus, "CQL-K01")
        assert status is not None
        assert status.library_id == "CQL"
        assert status.first_seen == START
        assert status.last_heartbeat_at == START + dt.timedelta(minutes=1)
        assert status.devices["id_card_reader"] == {"state": "connected", "reason": None}
        assert status.clock_offset_s == 2.0
        history = session.scalars(
            select(KioskHeartbeat.received_at).where(KioskHeartbeat.kiosk_id == "CQL-K01")
        ).all()
        assert sorted(history) == [START, START + dt.timedelta(minutes=1)]


def test_heartbeats_past_the_retention_are_pruned(fleet: Fleet) -> None:
    assert post(fleet.cql, beat()).status_code == 200
    fleet.clock.now += dt.timedelta(days=7, minutes=1)
    assert post(fleet.cql, beat()).status_code == 200
    with fleet.db.read() as session:
        history = session.scalars(select(KioskHeartbeat.received_at)).all()
    assert history == [fleet.clock.now]


def test_a_kiosk_may_post_only_its_own_id(fleet: Fleet) -> None:
    refused = post(fleet.cql, beat(stats=[stat("borrow", 9, "done")]), kiosk_id="CDL-K01")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    no_token = fleet.client.post("/v1/kiosks/CQL-K01/heartbeat", json=beat())
    assert no_token.status_code == 401
    with fleet.db.read() as session:
        assert session.scalars(select(KioskStatus)).all() == []
    assert stored_counts(fleet.db, "CDL-K01") == {}


@pytest.mark.parametrize(
    "changes",
    [
        {"out_of_service": "false"},  # types are strict
        {"uptime_s": "60"},
        {"printer_paper": "low"},
        {"devices": {"id_card_reader": {"state": "sleepy"}}},
        {"stats": [{**stat("borrow", 1, "done"), "hour": "2026-12-04T09:15:00+00:00"}]},
        {"stats": [stat("lunch", 1)]},
        {"stats": [stat("borrow", -1, "done")]},
        {"stats": [stat("borrow", 1, "done")] * 1001},
        {"sent_at": "2026-12-04 17:30:02"},
        {"surprise": 1},
    ],
)
def test_a_malformed_heartbeat_is_refused_whole(fleet: Fleet, changes: dict[str, Any]) -> None:
    answer = post(fleet.cql, beat(**changes))
    assert answer.status_code == 422, answer.text
    with fleet.db.read() as session:
        assert session.scalars(select(KioskStatus)).all() == []


def _fleet_gauge(metrics: dict[Any, float], library: str, state: str) -> float:
    return metrics[("regional_fleet_kiosks", (("library", library), ("state", state)))]


def test_metrics_scrape_with_requests_acts_and_the_fleet(fleet: Fleet) -> None:
    barcode = fleet.cql.world.item("CQL") if fleet.cql.world else ""
    fleet.cql.give_back(barcode)  # not on loan: refused, and counted by its code
    assert post(fleet.cql, beat(pending_count=3, oldest_pending_s=120)).status_code == 200
    assert post(fleet.cdl, beat(printer_paper="near_end")).status_code == 200

    metrics = fleet.metrics()
    ok_beats = (
        "regional_requests_total",
        (("endpoint", "/v1/kiosks/{kiosk_id}/heartbeat"), ("method", "POST"), ("result", "200")),
    )
    assert metrics[ok_beats] == 2
    latency = (
        "regional_request_duration_seconds_count",
        (("endpoint", "/v1/kiosks/{kiosk_id}/heartbeat"), ("method", "POST"), ("result", "200")),
    )
    assert metrics[latency] == 2
    act = (
        "regional_acts_total",
        (("kind", "return"), ("library", "CQL"), ("result", "not_on_loan")),
    )
    assert metrics[act] == 1
    assert _fleet_gauge(metrics, "CQL", "ok") == 1
    assert _fleet_gauge(metrics, "CDL", "degraded") == 1
    assert _fleet_gauge(metrics, "CDL", "offline") == 0
    assert metrics[("regional_fleet_oldest_pending_act_seconds", ())] == 120
    assert metrics[("regional_fleet_pending_acts", ())] == 3


def test_a_silent_kiosk_turns_offline_after_the_threshold(fleet: Fleet) -> None:
    assert post(fleet.cql, beat(pending_count=1, oldest_pending_s=30)).status_code == 200
    assert (
        post(fleet.cdl, beat(out_of_service=True, out_of_service_reason="journal")).status_code
        == 200
    )

    fleet.clock.now += dt.timedelta(seconds=180)  # at the threshold: not yet
    metrics = fleet.metrics()
    assert _fleet_gauge(metrics, "CQL", "ok") == 1
    assert _fleet_gauge(metrics, "CDL", "out_of_service") == 1

    fleet.clock.now += dt.timedelta(seconds=1)
    metrics = fleet.metrics()
    assert _fleet_gauge(metrics, "CQL", "offline") == 1
    assert _fleet_gauge(metrics, "CQL", "ok") == 0
    assert _fleet_gauge(metrics, "CDL", "offline") == 1
    # The silent kiosk's unsent act keeps ageing.
    assert metrics[("regional_fleet_oldest_pending_act_seconds", ())] == 30 + 181

    # It speaks again, with its act still waiting past the pending threshold: degraded.
    assert post(fleet.cql, beat(pending_count=1, oldest_pending_s=700)).status_code == 200
    assert _fleet_gauge(fleet.metrics(), "CQL", "degraded") == 1


def test_a_kiosk_over_its_heartbeat_budget_is_told_to_wait(fleet: Fleet) -> None:
    for _ in range(HEARTBEATS_PER_MINUTE):
        assert post(fleet.cql, beat()).status_code == 200
    refused = post(fleet.cql, beat(stats=[stat("borrow", 9, "done")]))
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_heartbeats"
    assert int(refused.headers["Retry-After"]) >= 1
    assert stored_counts(fleet.db, "CQL-K01") == {}
    assert post(fleet.cdl, beat()).status_code == 200  # another kiosk's budget is its own
    fleet.clock.now += dt.timedelta(minutes=1)
    assert post(fleet.cql, beat()).status_code == 200


def test_a_scrape_without_the_database_still_gives_the_counters(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables: every read fails
    try:
        metrics = ServiceMetrics(FleetCollector(db, lambda: START, FleetSettings()))
        metrics.count_act("borrow", "ok", "CQL")
        text = metrics.exposition().decode()
    finally:
        db.dispose()
    names = {s.name for f in text_string_to_metric_families(text) for s in f.samples}
    assert "regional_acts_total" in names
    assert not any(name.startswith("regional_fleet_") for name in names)


def test_a_scrape_needs_the_metrics_token_when_one_is_set(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(METRICS_TOKEN_ENV, "  s3cret-scrape  ")
    token = load_metrics_token()
    assert token == "s3cret-scrape"
    app = create_app(database_url, credential_key=CREDENTIAL_KEY, metrics_token=token)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}):
            refused = client.get("/metrics", headers=headers)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"].startswith("Bearer")
            assert "regional_" not in refused.text
        scrape = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert scrape.status_code == 200 and "regional_requests_total" in scrape.text
        # The API's own endpoints are not behind the scrape token.
        assert client.get("/v1/health/live").status_code == 200
    monkeypatch.setenv(METRICS_TOKEN_ENV, " ")
    assert load_metrics_token() is None
