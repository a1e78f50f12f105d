"""RFC 9457 problem details: one exception type, a stable ``code`` for machines, handlers."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from patron_identity.masking import scrub

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:kiosk-regional:problem:"

_TITLES = {
    "unauthorized": "Missing or unknown kiosk token",
    "forbidden": "Not allowed for this kiosk's library",
    "validation_error": "The request is not valid",
    "batch_too_large": "Too many transactions in one batch",
    "body_too_large": "The request body is too large",
    "invalid_credential": "The card number is not valid",
    "credential_expired": "The identity card has expired",
    "pin_required": "A PIN is required for this card",
    "pin_invalid": "The card number or the PIN is wrong",
    "pin_locked": "Too many wrong PINs: the card is locked for a while",
    "too_many_lookups": "Too many patron lookups from this kiosk",
    "too_many_registrations": "Too many first-time card holders at this kiosk",
    "session_required": "An online borrow or renewal needs the patron's session",
    "session_invalid": "The patron session has ended or expired",
    "session_not_found": "No open patron session with this id at this kiosk",
    "patron_not_found": "No patron with this card",
    "item_not_found": "No item with this barcode",
    "not_found": "No such resource",
    "method_not_allowed": "Method not allowed",
    "busy": "The service is busy; try again",
    "txn_id_reused": "This txn_id was used for another act",
    "void_too_late": "Too late to void this act",
    "not_ready": "This instance cannot act now",
    "internal_error": "Internal error",
}
_CODES_BY_STATUS = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}


class Problem(Exception):
    """Raised anywhere in request handling; answered as ``application/problem+json``."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str = "",
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
        self.extra = extra  # more members of the body (RFC 9457 extensions)


def problem_body(
    status: int,
    code: str,
    detail: str,
    errors: Sequence[dict[str, Any]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": _TITLES.get(code, code.replace("_", " ").capitalize()),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = list(errors)
    if extra:
        body.update(extra)
    return body


def problem_response(
    status: int,
    code: str,
    detail: str = "",
    errors: Sequence[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, code, detail, errors, extra),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=dict(headers) if headers else None,
    )


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # The offending value ("input") is left out on purpose: it may be a credential or a PIN.
    return [
        {
            "loc": [str(part) for part in err.get("loc", ())],
            "msg": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in exc.errors()
    ]


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.code, exc.detail, headers=exc.headers, extra=exc.extra)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    if any(e["type"] == "too_long" and e["loc"] == ["body", "transactions"] for e in errors):
        return problem_response(
            422, "batch_too_large", "a batch holds at most 500 transactions", errors
        )
    fields = ", ".join(".".join(e["loc"]) or "body" for e in errors)
    return problem_response(422, "validation_error", f"invalid fields: {fields}", errors)


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES_BY_STATUS.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem_response(exc.status_code, code, detail, headers=exc.headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every expected error as problem+json with a stable code."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)


class CatchAllMiddleware:
    """The last line: anything unexpected is logged (scrubbed) and answered as a problem, 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error(
                "unhandled error in %s %s: %s",
                scope.get("method"),
                scrub(str(scope.get("path"))),
                scrub(f"{type(exc).__name__}: {exc}"),
            )
            if not started:
                response = problem_response(500, "internal_error", "unexpected error; it is logged")
                await response(scope, receive, send)


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes`` with 413 before anything parses them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        def too_large() -> JSONResponse:
            return problem_response(
                413, "body_too_large", f"the body may hold at most {self.max_bytes} bytes"
            )

        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    await too_large()(scope, receive, send)
                    return
        # A chunked body has no length up front: read it all (bounded), then hand it on.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await too_large()(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
