"""What the use cases answer: frozen values the session machine and the UI only have to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.backend.types import Patron, Routing
from kiosk.domain import ActKind, Credential


class ResultCode(StrEnum):
    """Why an identify or an act came out as it did. The service's codes (REGIONAL_API.md)
    and the kiosk's own; a code this kiosk does not know (a newer service) is ``UNKNOWN``,
    its text kept in the result's ``raw_code``."""

    OK = "ok"
    UNKNOWN = "unknown"
    # the service's rejections of an act or a lookup
    PATRON_BLOCKED = "patron_blocked"
    CREDENTIAL_EXPIRED = "credential_expired"
    LOAN_LIMIT_REACHED = "loan_limit_reached"
    ITEM_NOT_FOUND = "item_not_found"
    ITEM_NOT_LOANABLE = "item_not_loanable"
    ITEM_ON_HOLD_FOR_OTHER = "item_on_hold_for_other"
    ITEM_ON_LOAN_TO_OTHER = "item_on_loan_to_other"
    ALREADY_BORROWED_BY_YOU = "already_borrowed_by_you"
    RENEW_LIMIT_REACHED = "renew_limit_reached"
    RENEW_BLOCKED_BY_HOLD = "renew_blocked_by_hold"
    NOT_ON_LOAN = "not_on_loan"
    PATRON_NOT_FOUND = "patron_not_found"
    VOIDED = "voided"
    FORBIDDEN = "forbidden"
    SESSION_INVALID = "session_invalid"  # the patron's session expired or was ended
    SESSION_REQUIRED = "session_required"  # an online act without the patron's session
    VALIDATION_ERROR = "validation_error"
    # identifying the patron
    PIN_REQUIRED = "pin_required"
    PIN_INVALID = "pin_invalid"
    OFFLINE_CARD_NOT_ACCEPTED = "offline_card_not_accepted"
    SERVICE_MISCONFIGURED = "service_misconfigured"
    INTERNAL_ERROR = "internal_error"
    # the kiosk's own
    OFFLINE_BORROW_NOT_ALLOWED = "offline_borrow_not_allowed"
    OFFLINE_LIMIT_REACHED = "offline_limit_reached"
    OFFLINE_NO_RENEWALS = "offline_no_renewals"
    JOURNAL_UNAVAILABLE = "journal_unavailable"
    OUTCOME_UNKNOWN = "outcome_unknown"
    SERVICE_UNREACHABLE = "service_unreachable"
    TAP_CARD_FIRST = "tap_card_first"
    SCAN_LIBRARY_LABEL = "scan_library_label"
    UNKNOWN_BARCODE = "unknown_barcode"
    NOT_BORROWED_CARD_REFUSED = "not_borrowed_card_refused"  # a scan right after a refused card
    ID_CARD_EXPIRED = "id_card_expired"  # credential_expired for a resident ID card
    ALREADY_RETURNED_HERE = "already_returned_here"  # scanned again after its return
    NOTHING_TO_RENEW = "nothing_to_renew"  # renew all, with nothing due soon
    TAG_UNREADABLE = "tag_unreadable"  # an RFID tag on the pad whose data names no book
    TAG_OUTSIDE_NETWORK = "tag_outside_network"  # an RFID tag owned outside the network

    @classmethod
    def parse(cls, text: str) -> ResultCode:
        """The member for ``text``; ``UNKNOWN`` for a code this kiosk has never heard of."""
        try:
            return cls(text)
        except ValueError:
            return cls.UNKNOWN


class Outcome(StrEnum):
    DONE = "done"
    PROVISIONAL = "provisional"  # done offline; the service is told later
    REFUSED = "refused"  # not done, for a reason the patron can act on (``code``)
    FAILED = "failed"  # not done, because something is broken (``code``)


@dataclass(frozen=True)
class PatronContext:
    """Who stands at the kiosk. ``patron`` is None when identified offline from a chip card."""

    credential: Credential
    patron: Patron | None

    @property
    def patron_id(self) -> str | None:
        return self.patron.patron_id if self.patron else None

    @property
    def session_id(self) -> str | None:
        """The session the service opened for this patron at this kiosk (trust rules)."""
        if self.patron is None or self.patron.session is None:
            return None
        return self.patron.session.id


@dataclass(frozen=True)
class IdentifyResult:
    code: ResultCode  # ok, or why not: pin_required, pin_invalid, credential_expired, …
    context: PatronContext | None = None
    offline: bool = False
    raw_code: str = ""  # the service's own text of the code (what UNKNOWN stands for)

    @property
    def ok(self) -> bool:
        return self.context is not None


@dataclass(frozen=True)
class ActResult:
    kind: ActKind
    item_barcode: str
    outcome: Outcome
    code: ResultCode  # ok, a service rejection, or the kiosk's own (offline_…, journal_…)
    txn_id: str | None = None
    title: str = ""
    due: dt.date | None = None
    routing: Routing | None = None
    offline: bool = False
    raw_code: str = ""  # the service's own text of the code (what UNKNOWN stands for)
    # The library system's own words for a refusal, and their language ("zh_CN"), if any.
    library_message: str = ""
    library_message_language: str = ""

    @property
    def succeeded(self) -> bool:
        return self.outcome in (Outcome.DONE, Outcome.PROVISIONAL)
