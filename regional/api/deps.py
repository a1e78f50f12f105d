"""Request dependencies: the runtime, the authenticated kiosk, its clock, and where it acts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from regional.auth import KioskIdentity, authenticate
from regional.problems import Problem
from regional.schemas import Timestamp
from regional.services.runtime import Runtime

_bearer = HTTPBearer(auto_error=False, description="One token per kiosk (kiosk-regional token)")


# The cheap dependencies are coroutines: a plain function would cost a trip to the thread pool.
async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _authenticate(runtime: Runtime, token: str) -> KioskIdentity | None:
    with runtime.db.read() as session:
        return authenticate(session, token)


async def get_kiosk(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> KioskIdentity:
    if credentials is None or not credentials.credentials:
        raise Problem(401, "unauthorized", "send Authorization: Bearer <kiosk token>")
    # The runtime straight from the app, not as a dependency: one node fewer for FastAPI to
    # solve on every request.
    runtime: Runtime = request.app.state.runtime
    token = credentials.credentials
    identity = runtime.tokens.get(token)
    if identity is None:
        identity = await run_in_threadpool(_authenticate, runtime, token)
        if identity is None:
            raise Problem(401, "unauthorized", "unknown or revoked token")
        runtime.tokens.put(token, identity)
    return identity


KioskDep = Annotated[KioskIdentity, Depends(get_kiosk)]


async def get_kiosk_clock(
    x_kiosk_clock: Annotated[
        Timestamp | None,
        Header(
            alias="X-Kiosk-Clock",
            description="The kiosk's clock when it sent the request (RFC 3339).",
        ),
    ] = None,
) -> dt.datetime | None:
    return x_kiosk_clock


KioskClockDep = Annotated[dt.datetime | None, Depends(get_kiosk_clock)]


def place_of(kiosk: KioskIdentity, library: str | None) -> str:
    """Where an act happens: a token acts only for its own library."""
    if library is not None and library != kiosk.library_id:
        raise Problem(
            403, "forbidden", f"this kiosk's token acts for {kiosk.library_id}, not {library}"
        )
    return kiosk.library_id
