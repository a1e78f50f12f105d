"""The console's cookies: a signed session (who, since when) and CSRF tokens bound to it.

Sessions are stateless signed cookies (itsdangerous, HMAC-SHA-256 with a key derived from the
service's credential key, so every instance of one deployment accepts them); their expiry is
checked against the service's clock, and signing out ends them through the account's
``sessions_valid_after``. A form's CSRF token is an HMAC of a random nonce the session (or,
before signing in, a short-lived cookie of its own) carries: a page of another site can
neither read it nor make it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

SESSION_COOKIE = "console_session"
LOGIN_COOKIE = "console_login"
LANGUAGE_COOKIE = "console_lang"
COOKIE_PATH = "/console"
SESSION_MAX_AGE = dt.timedelta(hours=8)
LOGIN_MAX_AGE_S = 30 * 60


def console_key(credential_key: bytes) -> bytes:
    """The console's signing key: derived, so a leaked cookie key says nothing of the other."""
    return hmac.new(credential_key, b"regional-console-cookies-v1", hashlib.sha256).digest()


@dataclass(frozen=True)
class SessionCookie:
    staff_id: int
    signed_at: dt.datetime
    nonce: str


class CookieJar:
    """Signs and reads the console's cookies for one deployment."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._sessions = URLSafeSerializer(key, salt="console-session")
        self._logins = URLSafeSerializer(key, salt="console-login")

    def csrf_token(self, nonce: str) -> str:
        return hmac.new(self._key, b"csrf:" + nonce.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(self.csrf_token(nonce), token)

    def session(self, request: Request, now: dt.datetime) -> SessionCookie | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._sessions.loads(raw)
            cookie = SessionCookie(
                int(data["s"]), dt.datetime.fromtimestamp(float(data["t"]), dt.UTC), str(data["n"])
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            return None
        if not (cookie.signed_at <= now + dt.timedelta(minutes=1)):
            return None  # signed in the future: not by this deployment's clock
        if now - cookie.signed_at > SESSION_MAX_AGE:
            return None
        return cookie

    def start_session(
        self, request: Request, response: Response, staff_id: int, now: dt.datetime
    ) -> None:
        value = self._sessions.dumps(
            {"s": staff_id, "t": now.timestamp(), "n": secrets.token_urlsafe(24)}
        )
        _set(request, response, SESSION_COOKIE, value, int(SESSION_MAX_AGE.total_seconds()))
        response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)

    def end_session(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)

    def login_nonce(self, request: Request) -> str | None:
        raw = request.cookies.get(LOGIN_COOKIE)
        if not raw:
            return None
        try:
            return str(self._logins.loads(raw))
        except BadSignature:
            return None

    def set_login_nonce(self, request: Request, response: Response, nonce: str) -> None:
        _set(request, response, LOGIN_COOKIE, self._logins.dumps(nonce), LOGIN_MAX_AGE_S)


def _set(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        # Secure whenever the console is reached over TLS, directly or through a proxy that
        # ends TLS and says so (trusting the header can only make the cookie stricter); plain
        # HTTP on loopback stays usable.
        secure=request.url.scheme == "https"
        or request.headers.get("x-forwarded-proto", "").lower() == "https",
    )
