"""POST /v1/patrons/lookup: identify a patron by card (never by URL), registering on first use
(only here, never in an act), within the kiosk's lookup and registration budgets."""

from __future__ import annotations

from fastapi import APIRouter

from regional.api.deps import KioskDep, RuntimeDep, place_of
from regional.api.errors import problems
from regional.problems import Problem
from regional.schemas import LookupRequest, PatronView
from regional.services import budgets, patrons, pins
from regional.services.unit_of_work import run_write

router = APIRouter(tags=["patrons"])


@router.post(
    "/patrons/lookup",
    response_model=PatronView,
    responses=problems(401, 403, 404, 413, 422, 423, 429, 503),
    summary="Identify a patron",
)
def lookup_patron(runtime: RuntimeDep, kiosk: KioskDep, body: LookupRequest) -> PatronView:
    place = place_of(kiosk, body.library)
    wait = run_write(
        runtime.db,
        lambda session: budgets.spend_lookup(
            session, kiosk.kiosk_id, runtime.clock(), runtime.lookups_per_minute
        ),
    )
    if wait:
        raise Problem(
            429,
            "too_many_lookups",
            f"more than {runtime.lookups_per_minute} patron lookups a minute from this kiosk",
            headers={"Retry-After": str(int(wait))},
        )
    registrar = patrons.Registrar(kiosk.kiosk_id, runtime.registrations_per_hour)
    # Most lookups find a known card and change nothing: answer those from a read transaction,
    # which on SQLite does not queue behind the writers.
    found: PatronView | pins.PinCheck
    try:
        with runtime.db.read() as session:
            now = runtime.clock()
            found = patrons.lookup(
                session, runtime.hasher, body, place, now, registrar=registrar, may_write=False
            )
    except patrons.NeedsWrite:
        found = run_write(
            runtime.db,
            lambda session: patrons.lookup(
                session, runtime.hasher, body, place, runtime.clock(), registrar=registrar
            ),
        )
    if isinstance(found, pins.PinCheck):  # committed: the wrong PIN stays counted
        raise pins.refusal(found)
    return found
