"""The console's pages: sign-in, fleet, statistics (and CSV), the exceptions desk."""

from __future__ import annotations

import csv
import io
import math
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from regional.console import accounts, desk, fleet, statistics
from regional.console.accounts import SignIn
from regional.console.cookies import COOKIE_PATH, LANGUAGE_COOKIE
from regional.console.messages import Language
from regional.console.web import (
    LOGIN_PATH,
    PREFIX,
    SignedInDep,
    check_csrf,
    cookie_jar,
    render,
    runtime_of,
    safe_next,
)
from regional.db.models import Library
from regional.services.unit_of_work import run_write

router = APIRouter(prefix=PREFIX, include_in_schema=False)
# Routes anyone may reach: every other console route needs a session (a test enumerates them).
PUBLIC_ROUTES = frozenset(
    {("GET", LOGIN_PATH), ("POST", LOGIN_PATH), ("GET", PREFIX + "/language/{code}")}
)
FormText = Annotated[str, Form()]


def _libraries(request: Request) -> list[Library]:
    with runtime_of(request).db.read() as session:
        return list(session.scalars(select(Library).order_by(Library.id)))


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "") -> Response:
    return _login_form(request, next)


def _login_form(
    request: Request, next: str, failure: str = "", minutes: int = 0, status_code: int = 200
) -> Response:
    jar = cookie_jar(request)
    nonce = secrets.token_urlsafe(24)  # a fresh one for every form shown
    response = render(
        request,
        "login.html",
        None,
        status_code=status_code,
        next=safe_next(next),
        failure=failure,
        minutes=minutes,
        login_csrf=jar.csrf_token(nonce),
    )
    jar.set_login_nonce(request, response, nonce)
    return response


@router.post("/login")
def login(
    request: Request,
    username: FormText = "",
    password: FormText = "",
    csrf: FormText = "",
    next: FormText = "",
) -> Response:
    jar = cookie_jar(request)
    if not jar.csrf_ok(jar.login_nonce(request), csrf):
        return render(request, "refused.html", None, status_code=403)
    runtime = runtime_of(request)
    now = runtime.clock()
    client = request.client.host if request.client else "unknown"
    found = run_write(
        runtime.db, lambda session: accounts.sign_in(session, username, password, client, now)
    )
    if found.verdict == SignIn.OK and found.staff is not None:
        signed = RedirectResponse(safe_next(next), status_code=303)
        jar.start_session(request, signed, found.staff.id, now)
        return signed
    if found.verdict == SignIn.THROTTLED:
        minutes = max(1, math.ceil(found.retry_after_s / 60))
        response = _login_form(request, next, "login.throttled", minutes, status_code=429)
        response.headers["Retry-After"] = str(math.ceil(found.retry_after_s))
        return response
    return _login_form(request, next, "login.wrong", status_code=401)


@router.post("/logout")
def logout(request: Request, who: SignedInDep, csrf: FormText = "") -> Response:
    check_csrf(request, who, csrf)
    runtime = runtime_of(request)
    now = runtime.clock()
    run_write(runtime.db, lambda session: accounts.sign_out(session, who.staff.id, now))
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    cookie_jar(request).end_session(response)
    return response


@router.get("/language/{code}")
def language(code: Language, next: str = "") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE, code.value, max_age=365 * 86400, path=COOKIE_PATH, samesite="lax"
    )
    return response


@router.get("")
@router.get("/")
def home(who: SignedInDep) -> Response:
    return RedirectResponse(PREFIX + "/fleet", status_code=303)


@router.get("/exceptions", response_class=HTMLResponse)
def exceptions_page(
    request: Request,
    who: SignedInDep,
    state: desk.CaseState = desk.CaseState.OPEN,
    library: Annotated[str | None, Query(max_length=8)] = None,
) -> Response:
    with runtime_of(request).db.read() as session:
        cases = desk.list_cases(session, who.staff, state, library or None)
    return render(
        request,
        "exceptions.html",
        who,
        cases=cases,
        state=state.value,
        states=[s.value for s in desk.CaseState],
        library=library or "",
        libraries=_libraries(request) if who.staff.scope is None else [],
        nav="exceptions",
    )


@router.get("/exceptions/{txn_id}", response_class=HTMLResponse)
def exception_page(
    request: Request, who: SignedInDep, txn_id: str, result: str = "", detail: str = ""
) -> Response:
    with runtime_of(request).db.read() as session:
        case = desk.find_case(session, who.staff, txn_id)
    if case is None:
        return render(request, "not_found.html", who, status_code=404, nav="exceptions")
    return render(
        request, "exception.html", who, case=case, result=result, detail=detail, nav="exceptions"
    )


@router.post("/exceptions/{txn_id}/resolve")
def resolve(
    request: Request,
    who: SignedInDep,
    txn_id: str,
    action: FormText = "",
    note: FormText = "",
    csrf: FormText = "",
) -> Response:
    check_csrf(request, who, csrf)
    try:
        chosen = desk.Action(action)
    except ValueError:
        return render(request, "not_found.html", who, status_code=400, nav="exceptions")
    runtime = runtime_of(request)
    now = runtime.clock()
    outcome = run_write(
        runtime.db,
        lambda session: desk.resolve(session, who.staff, txn_id, chosen, note, now),
    )
    if outcome.verdict == desk.Resolved.NOT_FOUND:
        return render(request, "not_found.html", who, status_code=404, nav="exceptions")
    query = urlencode({"result": outcome.verdict.value, "detail": outcome.detail})
    return RedirectResponse(f"{PREFIX}/exceptions/{txn_id}?{query}", status_code=303)


@router.get("/fleet", response_class=HTMLResponse)
def fleet_page(
    request: Request,
    who: SignedInDep,
    library: Annotated[str | None, Query(max_length=8)] = None,
) -> Response:
    runtime = runtime_of(request)
    now = runtime.clock()
    scope = who.staff.scope or library or None
    with runtime.db.read() as session:
        rows = fleet.fleet_rows(session, scope, now, runtime.fleet)
    return render(
        request,
        "fleet.html",
        who,
        rows=rows,
        library=library or "",
        libraries=_libraries(request) if who.staff.scope is None else [],
        offline_after_min=f"{runtime.fleet.offline_after_s / 60:g}",
        nav="fleet",
    )


@dataclass(frozen=True)
class _StatisticsQuery:
    """What the statistics page and its CSV were asked for, and the filter that applies."""

    span: statistics.Span
    library: str  # as asked ("" for none); a library's staff see their own whatever it says
    kiosk: str
    where: statistics.Filter


def _statistics_query(
    who: SignedInDep,
    span: statistics.Span = statistics.Span.WEEK,
    library: Annotated[str | None, Query(max_length=8)] = None,
    kiosk: Annotated[str | None, Query(max_length=64)] = None,
) -> _StatisticsQuery:
    where = statistics.Filter(span, who.staff.scope or library or None, kiosk or None)
    return _StatisticsQuery(span, library or "", kiosk or "", where)


StatisticsQueryDep = Annotated[_StatisticsQuery, Depends(_statistics_query)]


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, who: SignedInDep, asked: StatisticsQueryDep) -> Response:
    runtime = runtime_of(request)
    with runtime.db.read() as session:
        found = statistics.report(session, asked.where, runtime.clock())
    return render(
        request,
        "statistics.html",
        who,
        report=found,
        span=asked.span.value,
        spans=[s.value for s in statistics.Span],
        kinds=statistics.ACT_KINDS,
        library=asked.library,
        kiosk=asked.kiosk,
        libraries=_libraries(request) if who.staff.scope is None else [],
        csv_query=urlencode(
            {"span": asked.span.value, "library": asked.library, "kiosk": asked.kiosk}
        ),
        nav="statistics",
    )


@router.get("/statistics.csv")
def statistics_csv(request: Request, asked: StatisticsQueryDep) -> Response:
    runtime = runtime_of(request)
    now = runtime.clock()
    where = asked.where
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(statistics.CSV_COLUMNS)
    with runtime.db.read() as session:
        writer.writerows(statistics.csv_rows(session, where, now))
    name = f"statistics-{where.library or 'all'}-{asked.span.value}-{now:%Y%m%d}.csv"
    return Response(
        # A byte-order mark: spreadsheet programs then read the Chinese names as UTF-8.
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
