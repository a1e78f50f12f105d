"""Fleet metrics with two instances on one PostgreSQL behind HAProxy: heartbeats spread over
both, and each instance, scraped directly, reports the same fleet (from the database) while
their request counters add up to what the kiosk sent."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from tests.e2e.scale_out import Region, haproxy_binary
from tests.metrics import samples

pytestmark = pytest.mark.skipif(
    haproxy_binary() is None, reason="HAProxy is not installed (make test installs it as root)"
)
BEATS = 6
HEARTBEAT = "/v1/kiosks/{kiosk_id}/heartbeat"


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = requests.get(url + "/metrics", timeout=30)
    assert response.status_code == 200
    return samples(response.text)


def test_every_instance_reports_the_same_fleet(region: Region) -> None:
    body = {
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        "version": "test",
        "uptime_s": 10,
        "devices": {"scanner": {"state": "connected"}},
        "printer_paper": "out",
        "pending_count": 2,
        "oldest_pending_s": 40,
        "last_sync_at": None,
        "clock_offset_s": 0.0,
        "out_of_service": False,
        "stats": [],
    }
    for _ in range(BEATS):
        # A connection of its own each: HAProxy spreads them over the instances.
        answer = requests.post(
            f"{region.url}/v1/kiosks/CQL-T1/heartbeat",
            json=body,
            headers={"Authorization": f"Bearer {region.token}", "Connection": "close"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
    scraped = [scrape(instance.url) for instance in region.instances]
    degraded = ("regional_fleet_kiosks", (("library", "CQL"), ("state", "degraded")))
    assert [s[degraded] for s in scraped] == [1, 1]  # paper out: from the database, on both
    oldest = ("regional_fleet_oldest_pending_act_seconds", ())
    assert all(s[oldest] >= 40 for s in scraped)
    beats = (
        "regional_requests_total",
        (("endpoint", HEARTBEAT), ("method", "POST"), ("result", "200")),
    )
    per_instance = [s.get(beats, 0) for s in scraped]
    assert all(n > 0 for n in per_instance), per_instance  # both took some
    assert sum(per_instance) == BEATS  # counters per instance: Prometheus sums them
