"""Health: readiness (``/v1/health``, the kiosk's online probe and the load balancer's check)
and liveness (``/v1/health/live``); neither needs a token."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from regional.api.deps import RuntimeDep
from regional.problems import Problem
from regional.schemas import Health
from regional.version import VERSION

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    summary="Can this instance act (it reaches its database)",
    responses={503: {"description": "the database cannot be reached: send acts elsewhere"}},
)
def health(runtime: RuntimeDep) -> Health:
    try:
        with runtime.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("not ready: the database cannot be reached (%s)", type(exc).__name__)
        raise Problem(
            503,
            "not_ready",
            "this instance cannot reach its database",
            headers={"Retry-After": "5"},
        ) from exc
    return Health(status="ok", time=runtime.clock(), version=VERSION)


@router.get("/health/live", response_model=Health, summary="Is the process up")
async def live(runtime: RuntimeDep) -> Health:
    # A coroutine: nothing here blocks, so the answer needs no trip to the thread pool.
    return Health(status="ok", time=runtime.clock(), version=VERSION)
