"""Who may see what: every page behind a session, CSRF on every form, sign-in limits, scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response

from regional.app import create_app
from regional.console.accounts import FAILURES_PER_ACCOUNT, FAILURES_PER_CLIENT, LOGIN_WINDOW_S
from regional.console.cookies import CookieJar, console_key
from regional.console.pages import PUBLIC_ROUTES
from regional.console.web import PREFIX
from tests.console.conftest import PASSWORD, Console, csrf_of, sign_in
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY


def _walk(routes: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """Every (method, path) the app answers. FastAPI 0.12x lists its routes flat; later
    versions nest each included router (``effective_candidates``): both are walked."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if nested is not None:
            yield from _walk(nested() if callable(nested) else nested)
            continue
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path and methods:
            yield from ((method, path) for method in sorted(methods))


def _console_routes() -> list[tuple[str, str]]:
    app = create_app("sqlite://", credential_key=CREDENTIAL_KEY)
    found = list(_walk(app.routes))
    # The walk sees the whole app (else a change in FastAPI could hide pages from this test).
    assert ("POST", "/v1/transactions") in found
    return [(method, path) for method, path in found if path.startswith(PREFIX)]


def _concrete(path: str) -> str:
    return path.replace("{txn_id}", "00000000-0000-4000-8000-000000000000").replace("{code}", "en")


def test_every_console_route_refuses_an_unauthenticated_request(console: Console) -> None:
    """Enumerated from the app, so a new page cannot be missed."""
    routes = _console_routes()
    assert set(routes) >= PUBLIC_ROUTES
    private = [r for r in routes if r not in PUBLIC_ROUTES]
    assert len(private) >= 5
    forged = {"console_session": "eyJzIjoxLCJ0IjoxLCJuIjoieCJ9.forged"}
    for cookies in ({}, forged):
        with httpx.Client(base_url=console.url, cookies=cookies) as client:
            for method, path in private:
                answer = client.request(method, _concrete(path), data={"csrf": "x"})
                assert answer.status_code == 303, (method, path, answer.status_code)
                assert answer.headers["location"].startswith(f"{PREFIX}/login?next="), path
                assert "<table" not in answer.text


def test_a_form_without_the_csrf_token_is_refused(console: Console) -> None:
    txn_id = _exception_at(console, "CQL")
    with console.signed_in("cql") as client:
        page = client.get(f"/console/exceptions/{txn_id}")
        assert page.status_code == 200
        token = csrf_of(page.text)
        altered = token[:-1] + ("1" if token[-1] == "0" else "0")
        for data in ({"action": "confirm"}, {"action": "confirm", "csrf": altered}):
            answer = client.post(f"/console/exceptions/{txn_id}/resolve", data=data)
            assert answer.status_code == 403, answer.headers.get("location")
        assert client.post("/console/logout", data={}).status_code == 403
        # Still open: nothing was recorded by the refused forms.
        assert 'id="resolve"' in client.get(f"/console/exceptions/{txn_id}").text
        answer = client.post(
            f"/console/exceptions/{txn_id}/resolve", data={"action": "confirm", "csrf": token}
        )
        assert answer.status_code == 303
    with httpx.Client(base_url=console.url) as stranger:
        answer = stranger.post(
            "/console/login", data={"username": "cql", "password": PASSWORD, "csrf": "x"}
        )
        assert answer.status_code == 403 and "console_session" not in answer.cookies


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(
    console: Console,
) -> None:
    with httpx.Client(base_url=console.url) as client:
        wrong = sign_in(client, "cql", "not the password")
        assert wrong.status_code == 401 and "console_session" not in wrong.cookies
        unknown = sign_in(client, "nobody", PASSWORD)
        assert unknown.status_code == 401
        for _ in range(FAILURES_PER_ACCOUNT - 1):
            assert sign_in(client, "cql", "still wrong").status_code == 401
        # Now even the right password is refused unchecked, with when to try again.
        locked = sign_in(client, "cql", PASSWORD)
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
        # Another account from the same client is not locked by it.
        assert sign_in(client, "cdl", PASSWORD).status_code == 303
    # The count is in the database: another instance of the service refuses too.
    other = create_app(console.database_url, credential_key=CREDENTIAL_KEY, clock=console.clock)
    with serving(other) as url, httpx.Client(base_url=url) as client:
        assert sign_in(client, "cql", PASSWORD).status_code == 429
    # Two windows pass (failures count in the window they fell in and the next).
    console.clock.advance(dt.timedelta(minutes=31))
    with httpx.Client(base_url=console.url) as client:
        assert sign_in(client, "cql", PASSWORD).status_code == 303


def test_one_client_guessing_many_accounts_is_throttled(console: Console) -> None:
    with httpx.Client(base_url=console.url) as client:
        for n in range(FAILURES_PER_CLIENT):
            assert sign_in(client, f"guess{n}", "password1234").status_code == 401
        assert sign_in(client, "ops", PASSWORD).status_code == 429


def test_signing_out_ends_the_session(console: Console) -> None:
    with console.signed_in("ops") as client:
        page = client.get("/console/exceptions")
        assert page.status_code == 200
        stolen = dict(client.cookies)
        assert client.post("/console/logout", data={"csrf": csrf_of(page.text)}).status_code == 303
    with httpx.Client(base_url=console.url, cookies=stolen) as replay:
        assert replay.get("/console/exceptions").status_code == 303


def test_a_session_expires(console: Console) -> None:
    with console.signed_in("ops") as client:
        assert client.get("/console/exceptions").status_code == 200
        console.clock.advance(dt.timedelta(hours=8, minutes=1))
        assert client.get("/console/exceptions").status_code == 303


def test_library_staff_see_and_resolve_only_their_library(console: Console) -> None:
    cdl_case = _exception_at(console, "CDL")
    cql_case = _exception_at(console, "CQL")
    with console.signed_in("cql") as client:
        listing = client.get("/console/exceptions").text
        assert cql_case in listing and cdl_case not in listing
        # Asking for another library's list, or one of its acts, shows nothing of it.
        assert cdl_case not in client.get("/console/exceptions?library=CDL").text
        assert client.get(f"/console/exceptions/{cdl_case}").status_code == 404
        token = csrf_of(listing)
        answer = client.post(
            f"/console/exceptions/{cdl_case}/resolve", data={"action": "confirm", "csrf": token}
        )
        assert answer.status_code == 404
    with console.signed_in("ops") as client:
        listing = client.get("/console/exceptions").text
        assert cql_case in listing and cdl_case in listing
        assert 'id="resolve"' in client.get(f"/console/exceptions/{cdl_case}").text


def _exception_at(console: Console, library: str) -> str:
    """An offline borrow by a blocked patron at ``library``: recorded, with an exception."""
    world, kiosk = console.world, console.kiosk(library)
    blocked = world.person(home=library, manual_block="staff review")
    txn = kiosk.txn("borrow", world.item(library), blocked.patron_id, offline=True)
    answer = kiosk.post("/transactions", txn)
    assert answer.json()["exceptions"][0]["code"] == "patron_blocked"
    return str(txn["txn_id"])


def test_failures_just_before_a_window_edge_still_count_after_it(console: Console) -> None:
    now = console.clock()
    edge = (int(now.timestamp() // LOGIN_WINDOW_S) + 1) * LOGIN_WINDOW_S
    console.clock.advance(dt.datetime.fromtimestamp(edge - 20, dt.UTC) - now)
    with httpx.Client(base_url=console.url) as client:
        for _ in range(FAILURES_PER_ACCOUNT):
            assert sign_in(client, "cdl", "wrong password").status_code == 401
        console.clock.advance(dt.timedelta(seconds=40))  # into the next window
        assert sign_in(client, "cdl", PASSWORD).status_code == 429


def test_cookies_are_http_only_strict_and_secure_behind_tls(console: Console) -> None:
    with httpx.Client(base_url=console.url) as client:
        page = client.get("/console/login", headers={"X-Forwarded-Proto": "https"})
        login_cookie = page.headers["set-cookie"].lower()
        assert "httponly" in login_cookie and "samesite=strict" in login_cookie
        assert "secure" in login_cookie and "path=/console" in login_cookie
        answer = client.post(
            "/console/login",
            data={"username": "ops", "password": PASSWORD, "csrf": csrf_of(page.text)},
            # The client keeps a Secure cookie for https only: sent by hand, as a browser would.
            headers={
                "X-Forwarded-Proto": "https",
                "Cookie": f"console_login={page.cookies['console_login']}",
            },
        )
        session = next(
            c for c in answer.headers.get_list("set-cookie") if c.startswith("console_session=")
        ).lower()
        assert "httponly" in session and "samesite=strict" in session and "secure" in session
        assert "max-age=28800" in session
        # Over plain HTTP (loopback) the cookie is not Secure, or the browser would drop it.
        plain = client.get("/console/login").headers["set-cookie"].lower()
        assert "secure" not in plain


def test_a_proxy_that_ends_tls_makes_the_cookies_secure() -> None:
    """As `kiosk-regional serve` runs it (uvicorn trusting no proxy headers itself)."""
    jar = CookieJar(console_key(CREDENTIAL_KEY))

    def cookie_for(headers: list[tuple[bytes, bytes]]) -> str:
        scope = {"type": "http", "scheme": "http", "headers": headers, "path": "/console/login"}
        response = Response()
        jar.set_login_nonce(Request(scope), response, "nonce")
        return response.headers["set-cookie"].lower()

    assert "secure" in cookie_for([(b"x-forwarded-proto", b"https")])
    assert "secure" not in cookie_for([])


def test_console_pages_are_counted_by_their_route_in_the_metrics(console: Console) -> None:
    with httpx.Client(base_url=console.url) as client:
        assert client.get("/console/login").status_code == 200
        assert client.get("/console/fleet").status_code == 303  # to sign in
        scrape = client.get("/metrics").text
    assert 'endpoint="/console/login",method="GET",result="200"' in scrape
    assert 'endpoint="/console/fleet",method="GET",result="303"' in scrape
    assert 'endpoint="unmatched"' not in scrape
