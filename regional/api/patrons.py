"""POST /v1/patrons/lookup: identify a patron by card (never by URL), registering on first use
(only here, never in an act), within the kiosk's lookup and registration budgets, and open
their session; DELETE /v1/sessions/{id} ends it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from sqlalchemy.orm import Session

from regional.api.answers import answer
from regional.api.deps import KioskDep, RuntimeDep, place_of
from regional.api.errors import problems
from regional.auth import KioskIdentity
from regional.problems import Problem
from regional.schemas import LookupRequest, PatronView, SessionId
from regional.services import budgets, patrons, pins, sessions
from regional.services.runtime import Runtime
from regional.services.unit_of_work import run_write

router = APIRouter(tags=["patrons"])


@router.post(
    "/patrons/lookup",
    response_model=PatronView,
    responses=problems(401, 403, 404, 413, 422, 423, 429, 503),
    summary="Identify a patron and open their session at this kiosk",
)
async def lookup_patron(runtime: RuntimeDep, kiosk: KioskDep, body: LookupRequest) -> Response:
    place = place_of(kiosk, body.library)
    return await answer(lambda: _lookup(runtime, kiosk, body, place))


def _lookup(runtime: Runtime, kiosk: KioskIdentity, body: LookupRequest, place: str) -> PatronView:
    registrar = patrons.Registrar(kiosk.kiosk_id, runtime.registrations_per_hour)

    # One write transaction: the lookup is counted against the budget, and a wrong PIN against
    # the card, whatever the answer; so refusals are returned, committed, and raised after.
    def work(session: Session) -> patrons.Identified | pins.PinCheck | Problem:
        now = runtime.clock()
        wait = budgets.spend_lookup(session, kiosk.kiosk_id, now, runtime.lookups_per_minute)
        if wait:
            return budgets.over_budget(
                "too_many_lookups",
                f"more than {runtime.lookups_per_minute} patron lookups a minute from this kiosk",
                wait,
            )
        try:
            return patrons.lookup(session, runtime.hasher, body, place, now, registrar=registrar)
        except Problem as refused:
            return refused

    found = run_write(runtime.db, work)
    if isinstance(found, pins.PinCheck):
        raise pins.refusal(found)
    if isinstance(found, Problem):
        raise found
    # The account is read after the commit, outside SQLite's one-writer turn.
    with runtime.db.read() as session:
        return patrons.view(
            session, found.patron, runtime.clock(), found.registered_now, found.opened
        )


@router.delete(
    "/sessions/{id}",
    status_code=204,
    responses=problems(401, 404, 422, 503),
    summary="End a patron session (the patron finished or timed out)",
)
def end_session(
    runtime: RuntimeDep, kiosk: KioskDep, session_id: Annotated[SessionId, Path(alias="id")]
) -> Response:
    ended = run_write(
        runtime.db,
        lambda session: sessions.end(session, session_id, kiosk.kiosk_id, runtime.clock()),
    )
    if not ended:
        raise Problem(404, "session_not_found", "no open session with this id at this kiosk")
    return Response(status_code=204)
