"""Typed errors of the library side, each with a stable code the UI maps to plain words."""

from __future__ import annotations


class BackendError(Exception):
    """Base: something kept the service from giving an answer."""

    code = "backend_error"

    def __init__(self, detail: str = "", code: str | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        if code is not None:
            self.code = code


class ServiceUnreachable(BackendError):
    """Nothing was sent (connection refused, no route, DNS): safe to say it did not happen."""

    code = "service_unreachable"


class OutcomeUnknown(BackendError):
    """The request may have reached the service (timeout or reset after sending, 5xx)."""

    code = "outcome_unknown"


class ServiceRefused(BackendError):
    """The service answered with a problem: ``code`` is its stable code (pin_invalid …)."""

    code = "refused"

    def __init__(self, detail: str, code: str, status: int) -> None:
        super().__init__(detail, code)
        self.status = status


class ServiceMisconfigured(ServiceRefused):
    """Our token was refused (401 unauthorized / 403 forbidden), or the service answered with
    a redirect (code ``redirected``, never followed): a technician must look."""


class ProtocolViolation(BackendError):
    """The answer was not what the contract says (bad JSON, missing fields)."""

    code = "protocol_violation"
