"""The one wiring function: ``create_app`` builds the FastAPI service over a database URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from regional.api import fleet, health, items, libraries, patrons, transactions
from regional.console import web as console
from regional.db.session import Database
from regional.metrics import FleetCollector, RequestMetricsMiddleware, ServiceMetrics
from regional.problems import (
    MEDIA_TYPE,
    BodyLimitMiddleware,
    CatchAllMiddleware,
    install_problem_handlers,
)
from regional.services.clock import utc_now
from regional.services.credentials import CredentialHasher, check_key
from regional.services.fleet import FleetSettings
from regional.services.runtime import Runtime
from regional.services.unit_of_work import run_write
from regional.settings import MAX_BODY_BYTES
from regional.version import VERSION

PREFIX = "/v1"
DESCRIPTION = (
    "Regional borrowing service of the Sichuan–Chongqing shared reading network: the contract "
    "between self-service kiosks and the network (REGIONAL_API.md). Every request but "
    "/v1/health needs `Authorization: Bearer <kiosk token>`; errors are RFC 9457 "
    "`application/problem+json` with a stable `code`."
)


def create_app(
    database_url: str,
    *,
    credential_key: bytes,
    clock: Callable[[], dt.datetime] = utc_now,
    max_body_bytes: int = MAX_BODY_BYTES,
    lookups_per_minute: int = 120,
    registrations_per_hour: int = 60,
    fleet_settings: FleetSettings | None = None,
    metrics_token: str | None = None,
) -> FastAPI:
    """The service over ``database_url``, whose schema ``regional.db.migrate`` has made.

    ``metrics_token``: the bearer token a scrape of /metrics must carry (None: open).
    Nothing connects until the first request or the start of the lifespan."""
    runtime = Runtime(
        db=Database(database_url),
        hasher=CredentialHasher(credential_key),
        clock=clock,
        lookups_per_minute=lookups_per_minute,
        registrations_per_hour=registrations_per_hour,
        fleet=fleet_settings or FleetSettings(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        run_write(runtime.db, lambda session: check_key(session, runtime.hasher))
        yield
        runtime.db.dispose()

    app = FastAPI(
        title="Regional borrowing service",
        version=VERSION,
        description=DESCRIPTION,
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    metrics = ServiceMetrics(FleetCollector(runtime.db, runtime.clock, runtime.fleet))
    app.state.metrics = metrics
    app.state.metrics_token = metrics_token
    routers = [
        *((m.router, PREFIX) for m in (health, libraries, patrons, items, transactions, fleet)),
        (fleet.scrape_router, ""),  # /metrics: where Prometheus looks by default
    ]
    for router, prefix in routers:
        app.include_router(router, prefix=prefix)
    install_problem_handlers(app)
    console_router = console.install(app, credential_key)
    # Every endpoint by its declared path, the API's and the console pages' (read from the
    # routers: newer FastAPI versions nest an included router's routes in app.routes).
    paths: dict[Callable[..., Any], str] = {
        r.endpoint: prefix + r.path
        for router, prefix in [*routers, (console_router, "")]
        for r in router.routes
        if isinstance(r, APIRoute)
    }
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(CatchAllMiddleware)  # wraps everything else but the metrics
    # Outermost, so that it sees every answer, a refused body's and a crash's too.
    app.add_middleware(RequestMetricsMiddleware, metrics=metrics, paths=paths)
    # FastAPI's documented way to extend the schema is to replace the method on the instance.
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with errors declared as problem+json and its own 422 model gone."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    for path in spec.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status.startswith(("4", "5")) and "application/json" in content:
                    schema = {"$ref": "#/components/schemas/ProblemDetails"}
                    response["content"] = {MEDIA_TYPE: {"schema": schema}}
                    if status == "422":
                        response["description"] = (
                            "Invalid request (`validation_error`, `batch_too_large`, "
                            "`invalid_credential`)"
                        )
    schemas = spec.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    app.openapi_schema = spec
    return spec
