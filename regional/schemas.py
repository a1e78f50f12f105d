"""Request and response bodies of API v1 (the contract in REGIONAL_API.md), as pydantic models."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from drivers.barcode.classify import is_valid_library_barcode
from patron_identity.kinds import CredentialKind

MAX_BATCH = 500
# Times outside this window are typing errors, and keep time arithmetic far from overflow.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _check_digit(value: str) -> str:
    if not is_valid_library_barcode(value):
        raise ValueError("the check digit does not match")
    return value


# Types are strict (trust rules): a time is an RFC 3339 string with an offset (no epoch numbers,
# no naive times), a date is YYYY-MM-DD, a txn_id a canonical UUID, a boolean a JSON boolean.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _text_matching(pattern: re.Pattern[str], what: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, dt.date | uuid.UUID):  # built in code; JSON never gives these
            return value
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"must be {what}")
        return value

    return BeforeValidator(check)


def _plausible_time(value: dt.datetime) -> dt.datetime:
    if not EARLIEST <= value < LATEST:
        raise ValueError("must lie between 2000 and 2100")
    return value


Barcode = Annotated[
    str,
    StringConstraints(pattern=r"^3[0-9]{13}$"),
    AfterValidator(_check_digit),
    Field(description="14-digit library item barcode (3, institution, sequence, mod-10 check)."),
]
PatronId = Annotated[str, StringConstraints(pattern=r"^P-[0-9A-Z]{6,32}$")]
SessionId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$"),
    Field(description="The patron session a lookup opened at this kiosk (opaque)."),
]
LibraryId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,7}$")]
Timestamp = Annotated[
    AwareDatetime,
    _text_matching(_RFC3339, "an RFC 3339 time with an offset, e.g. 2026-11-22T10:15:03+08:00"),
    AfterValidator(_plausible_time),
]
Day = Annotated[dt.date, _text_matching(_DATE, "a date as YYYY-MM-DD")]
TxnId = Annotated[
    uuid.UUID, _text_matching(_UUID, "a UUID as 8-4-4-4-12 hexadecimal digits with hyphens")
]
Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,12}$")]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- shared pieces ---------------------------------------------------------------------------
class Credential(_Request):
    kind: CredentialKind
    value: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]{4,32}$")] = Field(
        description="Card number: 18-character ID number, or the library card number."
    )


class IdCardData(_Request):
    """What the kiosk read from a resident ID card besides its number."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    valid_to: Day | None = Field(None, description="Last valid day; null for 长期.")


class ItemRef(_Response):
    barcode: str
    title: str
    owner_library: str


# --- health and libraries --------------------------------------------------------------------
class Health(_Response):
    status: Literal["ok"]
    time: dt.datetime
    version: str


class LibraryName(_Response):
    zh: str
    en: str


class LibraryView(_Response):
    id: str
    name: LibraryName
    city: str


class LibraryList(_Response):
    libraries: list[LibraryView]


# --- patrons ---------------------------------------------------------------------------------
class LookupRequest(_Request):
    credential: Credential
    id_card: IdCardData | None = None
    pin: Pin | None = None
    library: LibraryId | None = Field(
        None, description="Where the patron stands; defaults to the token's library."
    )

    @model_validator(mode="after")
    def _id_card_only_with_id_card(self) -> LookupRequest:
        if self.id_card is not None and self.credential.kind != "id_card":
            raise ValueError("id_card data goes only with an id_card credential")
        if self.credential.kind == "id_card" and self.id_card is None:
            # Trust rules: an ID number alone (typed, scanned) opens no account.
            raise ValueError("an id_card lookup needs the chip block (id_card) read from the card")
        return self


class Block(_Response):
    code: Literal["fines_over_limit", "card_expired", "manual_block"]
    detail: str


class PatronLoan(_Response):
    item: ItemRef
    due: dt.date
    overdue: bool
    renewals_left: int


class HoldReady(_Response):
    item: ItemRef
    pickup_library: str
    expires: dt.date | None


class PatronSessionRef(_Response):
    id: str = Field(description="Opaque; online borrows and renewals send it as `session`.")
    expires: dt.datetime = Field(
        description="When it ends if unused (each use moves this on, up to an absolute limit)."
    )


class PatronView(_Response):
    patron_id: str = Field(description="Opaque and stable; not a counter.")
    display_name: str
    home_library: str
    status: Literal["ok", "blocked"]
    blocks: list[Block]
    loan_limit: int
    fines_cents: int
    registered_now: bool
    loans: list[PatronLoan]
    holds_ready: list[HoldReady]
    session: PatronSessionRef


# --- items -----------------------------------------------------------------------------------
ItemStatus = Literal["available", "on_loan", "in_transit", "on_hold_shelf", "lost"]


class ItemView(_Response):
    barcode: str
    title: str
    author: str
    owner_library: str
    status: ItemStatus
    due: dt.date | None


# --- transactions ----------------------------------------------------------------------------
TxnKind = Literal["borrow", "return", "renew"]
RejectionCode = Literal[
    "patron_blocked",
    "credential_expired",
    "loan_limit_reached",
    "item_not_found",
    "item_not_loanable",
    "item_on_hold_for_other",
    "item_on_loan_to_other",
    "already_borrowed_by_you",
    "renew_limit_reached",
    "renew_blocked_by_hold",
    "not_on_loan",
    "patron_not_found",
    "voided",
    "forbidden",
    "session_required",
    "session_invalid",
]


class TransactionRequest(_Request):
    txn_id: TxnId
    kind: TxnKind
    session: SessionId | None = None
    patron_id: PatronId | None = Field(
        None, description="Not enough on its own: an online borrow or renewal needs `session`."
    )
    credential: Credential | None = Field(
        None, description="Offline borrows: the card as the kiosk's reader read it."
    )
    id_card: IdCardData | None = None
    item_barcode: Barcode
    occurred_at: Timestamp = Field(description="The kiosk's time of the act (RFC 3339).")
    offline: StrictBool = False
    library: LibraryId | None = Field(
        None, description="Where the act happened; defaults to the token's library."
    )

    @model_validator(mode="after")
    def _who(self) -> TransactionRequest:
        if self.credential is not None:
            if self.kind == "return" or not self.offline:
                raise ValueError("a credential names the patron of offline borrows and renewals")
            if self.session is not None:
                raise ValueError("give session or credential, not both")
        if self.id_card is not None and (
            self.credential is None or self.credential.kind != "id_card"
        ):
            raise ValueError("id_card data goes only with an id_card credential")
        if (
            self.offline
            and self.kind in ("borrow", "renew")
            and self.session is None
            and self.credential is None
        ):
            # An online one without a session is answered 401 session_required (trust rules).
            raise ValueError(f"an offline {self.kind} needs the credential the kiosk read")
        return self


class LoanRef(_Response):
    item: ItemRef
    due: dt.date


class Routing(_Response):
    action: Literal["shelve", "transit", "hold_shelf"]
    library: str | None = None
    patron_display: str | None = None


class TxnException(_Response):
    code: str
    detail: str


class TxnStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    VOIDED = "voided"


class TransactionResult(_Response):
    txn_id: str
    status: TxnStatus
    code: Literal["ok"] | RejectionCode
    detail: str = ""
    replayed: bool
    loan: LoanRef | None
    routing: Routing | None
    exceptions: list[TxnException]


class BatchRequest(_Request):
    transactions: list[TransactionRequest] = Field(min_length=1, max_length=MAX_BATCH)


class BatchResult(_Response):
    results: list[TransactionResult]


class FieldError(_Response):
    loc: list[str]
    msg: str
    type: str


class ProblemDetails(_Response):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | None = None
