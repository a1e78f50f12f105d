"""The technician's "test connection": log in, 99 → 98, and the answer or the failure as facts
the page puts into plain words. Qt-free and blocking: run it off the GUI thread."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.backend.errors import BackendError, OutcomeUnknown, ServiceRefused, ServiceUnreachable
from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.codec import parse_sip_date
from kiosk.backend.sip2.connection import TrafficListener
from kiosk.backend.sip2.settings import Sip2Settings

# BX: one Y/N per message, in the order of the 2.00 specification.
SUPPORTED_MESSAGES: tuple[str, ...] = (
    "23",  # patron status
    "11",  # checkout
    "09",  # checkin
    "01",  # block patron
    "99",  # SC/ACS status
    "97",  # request SC/ACS resend
    "93",  # login
    "63",  # patron information
    "35",  # end patron session
    "37",  # fee paid
    "17",  # item information
    "19",  # item status update
    "25",  # patron enable
    "15",  # hold
    "29",  # renew
    "65",  # renew all
)


EVIDENCE_ATTEMPTS = 3  # tries when answers come but fail their checksums


class CheckProblem(StrEnum):
    """Why a test connection gave no status."""

    CANNOT_CONNECT = "cannot_connect"
    LOGIN_REFUSED = "login_refused"
    NO_ANSWER = "no_answer"
    DIALECT_MISMATCH = "dialect_mismatch"
    BAD_ANSWERS = "bad_answers"  # answers came, but none the kiosk could accept
    OTHER = "other"


class CheckFailed(Exception):
    """``problem`` says which; ``detail`` is the error's own text; ``mismatch`` the dialect
    detector's sentence when it has one; ``timeout_s`` the wait that ran out."""

    def __init__(
        self, problem: CheckProblem, detail: str, *, mismatch: str | None, timeout_s: float
    ) -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail
        self.mismatch = mismatch
        self.timeout_s = timeout_s


@dataclass(frozen=True)
class SystemStatus:
    """A 98 as the technician page shows it."""

    online: bool
    checkin_ok: bool
    checkout_ok: bool
    renewal_ok: bool
    offline_ok: bool
    system_time: dt.datetime | None
    offset_s: float | None  # the system's clock minus the kiosk's
    protocol_version: str
    library_name: str
    institution_id: str
    supported: tuple[str, ...]  # message codes the system says it takes
    mismatch: str | None
    round_trip_ms: float


def supported_messages(bx: str) -> tuple[str, ...]:
    return tuple(code for code, flag in zip(SUPPORTED_MESSAGES, bx, strict=False) if flag == "Y")


def check_connection(
    settings: Sip2Settings,
    *,
    on_traffic: TrafficListener | None = None,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> SystemStatus:
    """A backend of its own from ``settings``: log in, 99, 98; always closed afterwards."""
    backend = Sip2Backend(settings, on_traffic=on_traffic, now=now)
    timeout_s = settings.answer_timeout_ms / 1000
    try:
        for attempt in range(1, EVIDENCE_ATTEMPTS + 1):
            started = time.monotonic()
            try:
                reply = backend.status()
                break
            except BackendError as exc:
                failure = _failure(exc, backend.mismatch, timeout_s)
                # Replies that fail their checksum may be another dialect's: the detector
                # judges after a few readable ones, and a dp2 server answers the standard's
                # resend request with text that is no frame. Ask again before saying "unreadable".
                if failure.problem is not CheckProblem.BAD_ANSWERS or attempt == EVIDENCE_ATTEMPTS:
                    raise failure from exc
    finally:
        backend.close()
    elapsed_ms = (time.monotonic() - started) * 1000
    fixed = reply.fixed
    when = parse_sip_date(fixed.get("date_time_sync", ""))
    offset = (when - now()).total_seconds() if when is not None and when.tzinfo is None else None
    return SystemStatus(
        online=fixed.get("online_status") == "Y",
        checkin_ok=fixed.get("checkin_ok") == "Y",
        checkout_ok=fixed.get("checkout_ok") == "Y",
        renewal_ok=fixed.get("acs_renewal_policy") == "Y",
        offline_ok=fixed.get("offline_ok") == "Y",
        system_time=when,
        offset_s=offset,
        protocol_version=fixed.get("protocol_version", ""),
        library_name=reply.first("AM"),
        institution_id=reply.first("AO"),
        supported=supported_messages(reply.first("BX")),
        mismatch=backend.mismatch,
        round_trip_ms=elapsed_ms,
    )


def _failure(exc: BackendError, mismatch: str | None, timeout_s: float) -> CheckFailed:
    detail = exc.detail or str(exc)
    if mismatch:
        problem = CheckProblem.DIALECT_MISMATCH
    elif isinstance(exc, ServiceRefused) and exc.code == "sip2_login_refused":
        problem = CheckProblem.LOGIN_REFUSED
    elif isinstance(exc, ServiceUnreachable):
        problem = CheckProblem.CANNOT_CONNECT
    elif isinstance(exc, OutcomeUnknown) and "no answer" in detail:
        problem = CheckProblem.NO_ANSWER
    elif isinstance(exc, OutcomeUnknown) and "resends" in detail:
        problem = CheckProblem.BAD_ANSWERS
    else:
        problem = CheckProblem.OTHER
    return CheckFailed(problem, detail, mismatch=mismatch, timeout_s=timeout_s)
