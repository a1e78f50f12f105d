"""Kiosk heartbeats (docs/HEALTH.md) and the Prometheus scrape at ``/metrics``."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from regional.api.answers import answer
from regional.api.deps import KioskDep, RuntimeDep
from regional.api.errors import problems
from regional.fleet_schemas import HeartbeatAnswer, HeartbeatRequest, KioskId
from regional.metrics import CONTENT_TYPE, ServiceMetrics
from regional.problems import Problem
from regional.services.fleet import record_heartbeat
from regional.services.unit_of_work import run_write

router = APIRouter(tags=["fleet"])
scrape_router = APIRouter()


@router.post(
    "/kiosks/{kiosk_id}/heartbeat",
    response_model=HeartbeatAnswer,
    responses=problems(401, 403, 413, 422, 429, 503),
    summary="A kiosk's state and hourly counts (every minute, and at once on a change)",
)
async def post_heartbeat(
    runtime: RuntimeDep,
    kiosk: KioskDep,
    kiosk_id: Annotated[KioskId, Path()],
    body: HeartbeatRequest,
) -> Response:
    # Trust rules: a kiosk token speaks for its own kiosk only.
    if kiosk_id != kiosk.kiosk_id:
        raise Problem(403, "forbidden", f"this token belongs to kiosk {kiosk.kiosk_id}")

    def work() -> HeartbeatAnswer:
        now = runtime.clock()
        stored = run_write(
            runtime.db,
            lambda session: record_heartbeat(
                session, kiosk.kiosk_id, kiosk.library_id, body, now, runtime.fleet
            ),
        )
        return HeartbeatAnswer(time=now, stats_stored=stored)

    return await answer(work)


@scrape_router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    expected: str | None = request.app.state.metrics_token
    if expected is not None and not _bearer_is(request.headers.get("authorization", ""), expected):
        return Response(
            "a scrape of /metrics needs its bearer token\n",
            status_code=401,
            media_type="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    collected: ServiceMetrics = request.app.state.metrics
    # The fleet gauges read the database: off the event loop.
    body = await run_in_threadpool(collected.exposition)
    return Response(body, media_type=CONTENT_TYPE)


def _bearer_is(header: str, expected: str) -> bool:
    scheme, _, given = header.partition(" ")
    # Compared in constant time: the scrape token is a secret like a kiosk's.
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )
