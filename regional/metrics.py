"""Prometheus metrics at ``/metrics``: this process's requests and acts, and the fleet's state
read from the database at each scrape (so every instance answers the same fleet)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from regional.db.session import Database
from regional.services.fleet import FleetSettings, FleetState, fleet_summary

# Set (by ``kiosk-regional serve --workers N``, or by the operator) when several worker
# processes share one socket: each writes its counters to files there, and a scrape, which
# reaches one worker, adds up all of them (prometheus-client's multiprocess mode).
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
log = logging.getLogger(__name__)
UNMATCHED = "unmatched"  # a path no route serves (404): one label, not one per path tried
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class FleetCollector(Collector):
    """Kiosks by library and fleet state, the oldest pending act and all pending acts: asked of
    the database at each scrape, never kept in a process's memory."""

    def __init__(self, db: Database, clock: Callable[[], Any], settings: FleetSettings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings

    def collect(self) -> Iterable[GaugeMetricFamily]:
        try:
            with self.db.read() as session:
                summary = fleet_summary(session, self.clock(), self.settings)
        except SQLAlchemyError as exc:
            # The process's own counters still scrape; the fleet's gauges are absent (an alert
            # on their absence says the database is out of reach).
            log.warning("fleet gauges left out: the database cannot be read (%s)", exc)
            return
        kiosks = GaugeMetricFamily(
            "regional_fleet_kiosks",
            "Kiosks by library and fleet state (ok, degraded, offline, out_of_service)",
            labels=["library", "state"],
        )
        libraries = {library for library, _state in summary.kiosks_by_state}
        for library in sorted(libraries):
            for state in FleetState:  # every state, zeros too: an alert needs the series
                kiosks.add_metric(
                    [library, str(state)], summary.kiosks_by_state.get((library, state), 0)
                )
        yield kiosks
        yield GaugeMetricFamily(
            "regional_fleet_oldest_pending_act_seconds",
            "Age of the oldest act a kiosk holds unsettled, over the whole fleet (0: none)",
            value=summary.oldest_pending_s,
        )
        yield GaugeMetricFamily(
            "regional_fleet_pending_acts",
            "Acts held unsettled by the fleet's kiosks, as their last heartbeats said",
            value=summary.pending_acts,
        )

    def describe(self) -> Iterable[GaugeMetricFamily]:
        return []  # nothing to ask the database when the collector is registered


class ServiceMetrics:
    """One app's metrics: a registry of its own (several apps may share a test process)."""

    def __init__(self, fleet: FleetCollector) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "regional_requests",
            "Requests answered, by endpoint (the route's path), method and HTTP status",
            ["endpoint", "method", "result"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "regional_request_duration_seconds",
            "Time to answer a request, by endpoint, method and HTTP status",
            ["endpoint", "method", "result"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.acts = Counter(
            "regional_acts",
            "Borrows, returns and renewals answered, by kind, result code and library",
            ["kind", "result", "library"],
            registry=self.registry,
        )
        self.fleet = fleet
        self.registry.register(fleet)

    def count_act(self, kind: str, result: str, library: str) -> None:
        self.acts.labels(kind, result, library).inc()

    def exposition(self) -> bytes:
        """The text format for a scrape."""
        if os.environ.get(MULTIPROC_ENV):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            registry.register(self.fleet)
            return generate_latest(registry)
        return generate_latest(self.registry)


CONTENT_TYPE = CONTENT_TYPE_LATEST


class RequestMetricsMiddleware:
    """Counts and times every HTTP request by the route that served it.

    ``paths`` names each endpoint function's full path: the route a request records is the one
    its router declared, without the prefix the app included that router under."""

    def __init__(
        self, app: ASGIApp, metrics: ServiceMetrics, paths: dict[Callable[..., Any], str]
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before it answers

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            handler = getattr(route, "endpoint", None)
            endpoint = (self.paths.get(handler) if handler else None) or UNMATCHED
            labels = (endpoint, scope.get("method", ""), str(status))
            self.metrics.requests.labels(*labels).inc()
            self.metrics.latency.labels(*labels).observe(time.perf_counter() - started)
