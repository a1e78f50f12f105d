"""OpenAPI descriptions of the problem+json answers each route may give."""

from __future__ import annotations

from typing import Any

from regional.schemas import ProblemDetails

_DESCRIPTIONS = {
    401: "No valid kiosk token (`unauthorized`), or a PIN problem (`pin_required`, `pin_invalid`)",
    403: "Outside this token's library (`forbidden`), or an expired ID card (`credential_expired`)",
    404: "Not found (`item_not_found`, `patron_not_found`)",
    413: "Body over the size limit (`body_too_large`)",
    409: "The txn_id was used for another act (`txn_id_reused`), or a void came too late "
    "(`void_too_late`)",
    422: "Invalid request (`validation_error`, `batch_too_large`, `invalid_credential`)",
    423: "Too many wrong PINs for this card (`pin_locked`, with `unlocks_at`)",
    429: "Too many lookups (`too_many_lookups`) or heartbeats (`too_many_heartbeats`) from "
    "this kiosk; see Retry-After",
    503: "Database busy for too long (`busy`); retry",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: the given statuses, each answered with ProblemDetails."""
    return {
        status: {"model": ProblemDetails, "description": _DESCRIPTIONS[status]}
        for status in statuses
    }
