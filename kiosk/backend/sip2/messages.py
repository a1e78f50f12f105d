"""SIP2 message codes, each message's fixed-length fields, and the variable field ids."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class MessageCode(StrEnum):
    """Two-digit message identifiers (3M SIP2 2.00, plus dp2's patron registration 81/82)."""

    PATRON_STATUS = "23"
    PATRON_STATUS_RESPONSE = "24"
    CHECKOUT = "11"
    CHECKOUT_RESPONSE = "12"
    CHECKIN = "09"
    CHECKIN_RESPONSE = "10"
    RENEW = "29"
    RENEW_RESPONSE = "30"
    RENEW_ALL = "65"
    RENEW_ALL_RESPONSE = "66"
    ITEM_INFORMATION = "17"
    ITEM_INFORMATION_RESPONSE = "18"
    END_PATRON_SESSION = "35"
    END_SESSION_RESPONSE = "36"
    PATRON_INFORMATION = "63"
    PATRON_INFORMATION_RESPONSE = "64"
    LOGIN = "93"
    LOGIN_RESPONSE = "94"
    SC_STATUS = "99"
    ACS_STATUS = "98"
    # The spec's names: 96 is sent by the ACS ("SC, resend your last message"), 97 by the SC.
    REQUEST_SC_RESEND = "96"
    REQUEST_ACS_RESEND = "97"
    # dp2's extension: create or change a patron record (first-use registration of an ID card).
    DP2_SET_PATRON = "81"
    DP2_SET_PATRON_RESPONSE = "82"


class FieldId(StrEnum):
    """Two-letter ids of the variable-length fields (2.00 and the 3M extensions in common use;
    the X* and OK ids are dp2's registration fields)."""

    PATRON_IDENTIFIER = "AA"
    ITEM_IDENTIFIER = "AB"
    TERMINAL_PASSWORD = "AC"
    PATRON_PASSWORD = "AD"
    PERSONAL_NAME = "AE"
    SCREEN_MESSAGE = "AF"
    PRINT_LINE = "AG"
    DUE_DATE = "AH"
    TITLE_IDENTIFIER = "AJ"
    BLOCKED_CARD_MSG = "AL"
    LIBRARY_NAME = "AM"
    TERMINAL_LOCATION = "AN"
    INSTITUTION_ID = "AO"
    CURRENT_LOCATION = "AP"
    PERMANENT_LOCATION = "AQ"
    HOLD_ITEMS = "AS"
    OVERDUE_ITEMS = "AT"
    CHARGED_ITEMS = "AU"
    FINE_ITEMS = "AV"
    SEQUENCE_NUMBER = "AY"
    CHECKSUM = "AZ"
    HOME_ADDRESS = "BD"
    EMAIL_ADDRESS = "BE"
    HOME_PHONE_NUMBER = "BF"
    OWNER = "BG"
    CURRENCY_TYPE = "BH"
    CANCEL = "BI"
    TRANSACTION_ID = "BK"
    VALID_PATRON = "BL"
    RENEWED_ITEMS = "BM"
    UNRENEWED_ITEMS = "BN"
    FEE_ACKNOWLEDGED = "BO"
    START_ITEM = "BP"
    END_ITEM = "BQ"
    QUEUE_POSITION = "BR"
    PICKUP_LOCATION = "BS"
    FEE_TYPE = "BT"
    RECALL_ITEMS = "BU"
    FEE_AMOUNT = "BV"
    EXPIRATION_DATE = "BW"
    SUPPORTED_MESSAGES = "BX"
    HOLD_TYPE = "BY"
    HOLD_ITEMS_LIMIT = "BZ"
    OVERDUE_ITEMS_LIMIT = "CA"
    CHARGED_ITEMS_LIMIT = "CB"
    FEE_LIMIT = "CC"
    UNAVAILABLE_HOLD_ITEMS = "CD"
    HOLD_QUEUE_LENGTH = "CF"
    FEE_IDENTIFIER = "CG"
    ITEM_PROPERTIES = "CH"
    SECURITY_INHIBIT = "CI"
    RECALL_DATE = "CJ"
    MEDIA_TYPE = "CK"
    SORT_BIN = "CL"
    HOLD_PICKUP_DATE = "CM"
    LOGIN_USER_ID = "CN"
    LOGIN_PASSWORD = "CO"
    LOCATION_CODE = "CP"
    VALID_PATRON_PASSWORD = "CQ"
    # 3M extensions (Koha, Evergreen and FOLIO send these on checkin).
    COLLECTION_CODE = "CR"
    CALL_NUMBER = "CS"
    DESTINATION_LOCATION = "CT"
    ALERT_TYPE = "CV"
    HOLD_PATRON_ID = "CY"
    HOLD_PATRON_NAME = "DA"
    PATRON_BIRTH_DATE = "PB"
    PATRON_CLASS = "PC"
    # dp2's registration fields (dp2Capo/SipProcessor.cs, SetReaderInfo / DoSetReaderInfo).
    DP2_OPERATION = "XK"
    DP2_ID_CARD_NUMBER = "XO"
    DP2_PATRON_TYPE = "XT"
    DP2_COMMENT = "XF"
    DP2_GENDER = "XM"
    DP2_BIRTH_DATE = "XH"
    DP2_ETHNICITY = "XN"
    DP2_TELEPHONE = "MP"
    DP2_RESULT = "OK"


FIELD_NAMES: dict[str, str] = {fid.value: fid.name.lower().removeprefix("dp2_") for fid in FieldId}
"""Field id → snake_case name, as the specification names it (``"AO"`` → ``institution_id``)."""

# Fields whose values may name or identify a patron: masked wherever frames are shown.
PATRON_NAME_FIELDS = frozenset({"AE", "DA"})
PATRON_ID_FIELDS = frozenset({"AA", "CY"})
SECRET_FIELDS = frozenset({"AD", "AC", "CO"})
ID_NUMBER_FIELDS = frozenset({"XO"})


@dataclass(frozen=True, slots=True)
class FixedField:
    """One fixed-length field: its snake_case name and its length in characters."""

    name: str
    length: int


def _f(*pairs: tuple[str, int]) -> tuple[FixedField, ...]:
    return tuple(FixedField(name, length) for name, length in pairs)


DATE = ("transaction_date", 18)

FIXED_FIELDS: dict[MessageCode, tuple[FixedField, ...]] = {
    MessageCode.PATRON_STATUS: _f(("language", 3), DATE),
    MessageCode.PATRON_STATUS_RESPONSE: _f(("patron_status", 14), ("language", 3), DATE),
    MessageCode.CHECKOUT: _f(("sc_renewal_policy", 1), ("no_block", 1), DATE, ("nb_due_date", 18)),
    MessageCode.CHECKOUT_RESPONSE: _f(
        ("ok", 1), ("renewal_ok", 1), ("magnetic_media", 1), ("desensitize", 1), DATE
    ),
    MessageCode.CHECKIN: _f(("no_block", 1), DATE, ("return_date", 18)),
    MessageCode.CHECKIN_RESPONSE: _f(
        ("ok", 1), ("resensitize", 1), ("magnetic_media", 1), ("alert", 1), DATE
    ),
    MessageCode.RENEW: _f(("third_party_allowed", 1), ("no_block", 1), DATE, ("nb_due_date", 18)),
    MessageCode.RENEW_RESPONSE: _f(
        ("ok", 1), ("renewal_ok", 1), ("magnetic_media", 1), ("desensitize", 1), DATE
    ),
    MessageCode.RENEW_ALL: _f(DATE),
    MessageCode.RENEW_ALL_RESPONSE: _f(
        ("ok", 1), ("renewed_count", 4), ("unrenewed_count", 4), DATE
    ),
    MessageCode.ITEM_INFORMATION: _f(DATE),
    MessageCode.ITEM_INFORMATION_RESPONSE: _f(
        ("circulation_status", 2), ("security_marker", 2), ("fee_type", 2), DATE
    ),
    MessageCode.END_PATRON_SESSION: _f(DATE),
    MessageCode.END_SESSION_RESPONSE: _f(("end_session", 1), DATE),
    MessageCode.PATRON_INFORMATION: _f(("language", 3), DATE, ("summary", 10)),
    MessageCode.PATRON_INFORMATION_RESPONSE: _f(
        ("patron_status", 14),
        ("language", 3),
        DATE,
        ("hold_items_count", 4),
        ("overdue_items_count", 4),
        ("charged_items_count", 4),
        ("fine_items_count", 4),
        ("recall_items_count", 4),
        ("unavailable_holds_count", 4),
    ),
    MessageCode.LOGIN: _f(("uid_algorithm", 1), ("pwd_algorithm", 1)),
    MessageCode.LOGIN_RESPONSE: _f(("ok", 1)),
    MessageCode.SC_STATUS: _f(("status_code", 1), ("max_print_width", 3), ("protocol_version", 4)),
    MessageCode.ACS_STATUS: _f(
        ("online_status", 1),
        ("checkin_ok", 1),
        ("checkout_ok", 1),
        ("acs_renewal_policy", 1),
        ("status_update_ok", 1),
        ("offline_ok", 1),
        ("timeout_period", 3),
        ("retries_allowed", 3),
        ("date_time_sync", 18),
        ("protocol_version", 4),
    ),
    MessageCode.REQUEST_SC_RESEND: (),
    MessageCode.REQUEST_ACS_RESEND: (),
    # dp2 writes 82 as "82" + an 18-character date + fields; its 81 parser skips everything
    # before the first '|', so the kiosk sends the same shape.
    MessageCode.DP2_SET_PATRON: _f(DATE),
    MessageCode.DP2_SET_PATRON_RESPONSE: _f(DATE),
}
"""Each message's fixed-length fields, in wire order (names and lengths as in SIP2 2.00)."""

RESPONSE_TO: dict[MessageCode, MessageCode] = {
    MessageCode.PATRON_STATUS: MessageCode.PATRON_STATUS_RESPONSE,
    MessageCode.CHECKOUT: MessageCode.CHECKOUT_RESPONSE,
    MessageCode.CHECKIN: MessageCode.CHECKIN_RESPONSE,
    MessageCode.RENEW: MessageCode.RENEW_RESPONSE,
    MessageCode.RENEW_ALL: MessageCode.RENEW_ALL_RESPONSE,
    MessageCode.ITEM_INFORMATION: MessageCode.ITEM_INFORMATION_RESPONSE,
    MessageCode.END_PATRON_SESSION: MessageCode.END_SESSION_RESPONSE,
    MessageCode.PATRON_INFORMATION: MessageCode.PATRON_INFORMATION_RESPONSE,
    MessageCode.LOGIN: MessageCode.LOGIN_RESPONSE,
    MessageCode.SC_STATUS: MessageCode.ACS_STATUS,
    MessageCode.DP2_SET_PATRON: MessageCode.DP2_SET_PATRON_RESPONSE,
}
"""The reply the ACS sends to each request the kiosk sends."""

DATE_FIELDS = frozenset({"AH", "CJ", "CM", "BW", "PB"})
"""Variable fields that carry a date (a dialect may write them other than as 18-char dates)."""


def fixed_length(code: MessageCode) -> int:
    """Total length of a message's fixed part, after its two-digit code."""
    return sum(f.length for f in FIXED_FIELDS[code])


class Language(StrEnum):
    """Language codes of the fixed ``language`` field (the two the kiosk speaks)."""

    UNKNOWN = "000"
    ENGLISH = "001"
    CHINESE = "019"


class CirculationStatus(StrEnum):
    """Item information's ``circulation_status`` (18)."""

    OTHER = "01"
    ON_ORDER = "02"
    AVAILABLE = "03"
    CHARGED = "04"
    CHARGED_NOT_TO_BE_RECALLED = "05"
    IN_PROCESS = "06"
    RECALLED = "07"
    WAITING_ON_HOLD_SHELF = "08"
    WAITING_TO_BE_RESHELVED = "09"
    IN_TRANSIT = "10"
    CLAIMED_RETURNED = "11"
    LOST = "12"
    MISSING = "13"


class AlertType(StrEnum):
    """Checkin response's CV (3M extension): why ``alert`` is Y."""

    UNKNOWN = "00"
    LOCAL_HOLD = "01"
    REMOTE_HOLD = "02"
    LOCAL_TRANSIT = "03"
    REMOTE_TRANSIT = "04"
    OTHER = "99"


class PatronStatusFlag(IntEnum):
    """Positions of the 14-character ``patron_status`` (a 'Y' there means the condition holds)."""

    CHARGE_PRIVILEGES_DENIED = 0
    RENEWAL_PRIVILEGES_DENIED = 1
    RECALL_PRIVILEGES_DENIED = 2
    HOLD_PRIVILEGES_DENIED = 3
    CARD_REPORTED_LOST = 4
    TOO_MANY_ITEMS_CHARGED = 5
    TOO_MANY_ITEMS_OVERDUE = 6
    TOO_MANY_RENEWALS = 7
    TOO_MANY_CLAIMS_OF_ITEMS_RETURNED = 8
    TOO_MANY_ITEMS_LOST = 9
    EXCESSIVE_OUTSTANDING_FINES = 10
    EXCESSIVE_OUTSTANDING_FEES = 11
    RECALL_OVERDUE = 12
    TOO_MANY_ITEMS_BILLED = 13


class Supported(IntEnum):
    """Positions of 98's BX "supported messages" (a 'Y' where the system takes the message)."""

    PATRON_STATUS = 0
    CHECKOUT = 1
    CHECKIN = 2
    BLOCK_PATRON = 3
    SC_ACS_STATUS = 4
    RESEND = 5
    LOGIN = 6
    PATRON_INFORMATION = 7
    END_PATRON_SESSION = 8
    FEE_PAID = 9
    ITEM_INFORMATION = 10
    ITEM_STATUS_UPDATE = 11
    PATRON_ENABLE = 12
    HOLD = 13
    RENEW = 14
    RENEW_ALL = 15


def supports(bx: str, message: Supported) -> bool:
    """Whether a BX field says the system takes ``message``; an absent or short BX says
    nothing, so everything is assumed."""
    return len(bx) <= message or bx[message].upper() != "N"


class SummaryItem(IntEnum):
    """Positions of patron information's 10-character ``summary``: which list to send."""

    HOLD_ITEMS = 0
    OVERDUE_ITEMS = 1
    CHARGED_ITEMS = 2
    FINE_ITEMS = 3
    RECALL_ITEMS = 4
    UNAVAILABLE_HOLDS = 5


def patron_status_flags(value: str) -> frozenset[PatronStatusFlag]:
    """The conditions a ``patron_status`` field sets (any character but 'N' or ' ' counts)."""
    return frozenset(
        flag
        for flag in PatronStatusFlag
        if flag < len(value) and value[flag].upper() not in ("N", " ")
    )


def summary(item: SummaryItem | None = None) -> str:
    """A ``summary`` field asking for one list (the spec allows one 'Y' at a time)."""
    chars = [" "] * 10
    if item is not None:
        chars[item] = "Y"
    return "".join(chars)


REQUIRED_FIELDS: dict[MessageCode, tuple[str, ...]] = {
    MessageCode.LOGIN: ("CN", "CO"),
    MessageCode.PATRON_STATUS: ("AO", "AA", "AC", "AD"),
    MessageCode.CHECKOUT: ("AO", "AA", "AB", "AC"),
    MessageCode.CHECKIN: ("AP", "AO", "AB", "AC"),
    MessageCode.PATRON_INFORMATION: ("AO", "AA"),
    MessageCode.ITEM_INFORMATION: ("AO", "AB"),
    MessageCode.RENEW: ("AO", "AA"),
    MessageCode.RENEW_ALL: ("AO", "AA"),
    MessageCode.END_PATRON_SESSION: ("AO", "AA"),
}
"""Variable fields 2.00 requires in each request the kiosk sends (a strict ACS, pysip2's
for one, closes the connection when one is missing)."""

MAY_BE_EMPTY = frozenset({"AC", "AD"})
"""Required fields that may be sent empty (no terminal password, no PIN): ``encode`` adds them
when left out."""
