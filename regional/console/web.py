"""What every console page needs: the signed-in person, the language, CSRF checks, rendering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from regional.console import accounts
from regional.console.accounts import Staff, StaffRole
from regional.console.cookies import LANGUAGE_COOKIE, CookieJar, SessionCookie, console_key
from regional.console.messages import (
    DEFAULT_LANGUAGE,
    Language,
    case_words,
    duration,
    out_of_service_words,
    translate,
    words_or_code,
)
from regional.services.clock import NETWORK_TZ
from regional.services.runtime import Runtime

PREFIX = "/console"
LOGIN_PATH = f"{PREFIX}/login"
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


class SignInRequired(Exception):
    """No valid session: the request is answered with the way to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class CsrfRefused(Exception):
    """A form without the token of this session (or of this sign-in page)."""


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def cookie_jar(request: Request) -> CookieJar:
    jar: CookieJar = request.app.state.console_cookies
    return jar


def language_of(request: Request) -> Language:
    try:
        return Language(request.cookies.get(LANGUAGE_COOKIE, DEFAULT_LANGUAGE))
    except ValueError:
        return DEFAULT_LANGUAGE


def safe_next(path: str | None) -> str:
    """Only a page of the console: never a redirect to another site."""
    if path and path.startswith(PREFIX + "/") and not path.startswith(PREFIX + "//"):
        return path
    return f"{PREFIX}/exceptions"


class SignedIn:
    """The person behind a valid session, and the session (for its CSRF nonce)."""

    def __init__(self, staff: Staff, cookie: SessionCookie) -> None:
        self.staff = staff
        self.cookie = cookie


def signed_in(request: Request) -> SignedIn:
    runtime = runtime_of(request)
    cookie = cookie_jar(request).session(request, runtime.clock())
    staff = None
    if cookie is not None:
        with runtime.db.read() as session:
            staff = accounts.staff_for_session(session, cookie.staff_id, cookie.signed_at)
    if cookie is None or staff is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target if request.method == "GET" else PREFIX + "/exceptions")
    return SignedIn(staff, cookie)


SignedInDep = Annotated[SignedIn, Depends(signed_in)]


def check_csrf(request: Request, who: SignedIn, token: str) -> None:
    if not cookie_jar(request).csrf_ok(who.cookie.nonce, token):
        raise CsrfRefused()


def local_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return "–"
    return moment.astimezone(NETWORK_TZ).strftime("%Y-%m-%d %H:%M")


def render(
    request: Request,
    template: str,
    who: SignedIn | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    language = language_of(request)

    def t(key: str, **fields: object) -> str:
        return translate(language, key, **fields)

    def role_words(staff: Staff) -> str:
        if staff.role == StaffRole.OPERATOR:
            return t("role.operator")
        return t("role.library", library=staff.library_id)

    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    base = {
        "t": t,
        "lang": language.value,
        "other_lang": Language.EN.value if language == Language.ZH else Language.ZH.value,
        "here": quote(here, safe="/?=&"),
        "staff": who.staff if who else None,
        "role_words": role_words,
        "csrf": cookie_jar(request).csrf_token(who.cookie.nonce) if who else "",
        "local_time": local_time,
        "case_words": lambda code: case_words(language, code),
        "duration": lambda seconds: duration(language, seconds),
        "word": lambda prefix, code: words_or_code(language, f"{prefix}.{code}", code),
        "out_of_service": lambda code: out_of_service_words(language, code),
    }
    response = templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )
    # Pages name patrons (masked) and acts: never kept by a shared browser's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _to_sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    target = f"{LOGIN_PATH}?next={quote(exc.next_path, safe='')}"
    return RedirectResponse(target, status_code=303)


def _csrf_refused(request: Request, exc: Exception) -> Response:
    return render(request, "refused.html", None, status_code=403)


def install(app: FastAPI, credential_key: bytes) -> APIRouter:
    """Add the console to the service ``app`` (its runtime already on ``app.state``); returns
    the router of its pages."""
    from regional.console import pages

    app.state.console_cookies = CookieJar(console_key(credential_key))
    app.include_router(pages.router)
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
    return pages.router
