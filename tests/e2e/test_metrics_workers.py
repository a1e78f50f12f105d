"""/metrics of `kiosk-regional serve --workers 2`: a scrape, answered by one worker, counts the
requests every worker answered (prometheus-client's multiprocess mode)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.regional_process import RegionalService
from tests.metrics import metric_sum

REQUESTS = 40


@pytest.fixture
def two_workers(tmp_path: Path, regional_template: Path) -> Iterator[RegionalService]:
    svc = RegionalService(tmp_path / "svc", regional_template, serve_args=("--workers", "2"))
    svc.start()
    yield svc
    svc.stop()


def _live_requests(text: str) -> float:
    return metric_sum(text, "regional_requests_total", endpoint="/v1/health/live")


def test_a_scrape_counts_every_workers_requests(two_workers: RegionalService) -> None:
    for _ in range(REQUESTS):
        # A connection of its own each: the kernel hands them to either worker.
        with httpx.Client(base_url=two_workers.url, timeout=30) as client:
            assert client.get("/v1/health/live").status_code == 200
    for _ in range(4):  # whichever worker answers the scrape, it counts all of them
        with httpx.Client(base_url=two_workers.url, timeout=30) as client:
            scrape = client.get("/metrics")
        assert scrape.status_code == 200
        assert _live_requests(scrape.text) == REQUESTS
        assert (
            "regional_fleet_kiosks" in scrape.text or "regional_fleet_pending_acts" in scrape.text
        )
