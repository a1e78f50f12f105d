"""GET /v1/health: the kiosk's online probe; needs no token."""

from __future__ import annotations

from fastapi import APIRouter

from regional.api.deps import RuntimeDep
from regional.schemas import Health
from regional.version import VERSION

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Is the service up")
def health(runtime: RuntimeDep) -> Health:
    return Health(status="ok", time=runtime.clock(), version=VERSION)
