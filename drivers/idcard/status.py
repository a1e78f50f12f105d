"""SW3 status bytes of the ID card reader and the stable codes the kiosk reports them as."""

from __future__ import annotations

from enum import IntEnum


class Sw3(IntEnum):
    OK = 0x90
    CARD_FOUND = 0x9F
    NO_CARD = 0x80
    SELECT_FAILED = 0x81
    NO_CONTENT = 0x91
    CHECKSUM_ERROR = 0x10
    LENGTH_ERROR = 0x11
    BAD_COMMAND = 0x21
    UNAUTHORISED = 0x23
    UNKNOWN_ERROR = 0x24
    # The two directions of card–SAM mutual authentication; sources disagree on which is
    # which, and the kiosk treats them alike.
    AUTH_FAILED_31 = 0x31
    AUTH_FAILED_32 = 0x32
    VERIFICATION_ERROR = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_NUMBER_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66


UNKNOWN_STATUS = "unknown_status"

_CODES: dict[int, str] = {
    Sw3.OK: "ok",
    Sw3.CARD_FOUND: "card_found",
    Sw3.NO_CARD: "no_card",
    Sw3.SELECT_FAILED: "select_failed",
    Sw3.NO_CONTENT: "no_content",
    Sw3.CHECKSUM_ERROR: "checksum_error",
    Sw3.LENGTH_ERROR: "length_error",
    Sw3.BAD_COMMAND: "bad_command",
    Sw3.UNAUTHORISED: "unauthorised",
    Sw3.UNKNOWN_ERROR: "unknown_error",
    Sw3.AUTH_FAILED_31: "auth_failed",
    Sw3.AUTH_FAILED_32: "auth_failed",
    Sw3.VERIFICATION_ERROR: "verification_error",
    Sw3.UNKNOWN_CARD_TYPE: "unknown_card_type",
    Sw3.READ_FAILED: "read_failed",
    Sw3.RANDOM_NUMBER_FAILED: "random_number_failed",
    Sw3.SAM_SELF_TEST_FAILED: "sam_self_test_failed",
    Sw3.SAM_NOT_AUTHORISED: "sam_not_authorised",
}

# The security module is broken or not licensed: no card can be read until a technician comes.
SAM_FAULTS = frozenset({Sw3.SAM_SELF_TEST_FAILED, Sw3.SAM_NOT_AUTHORISED, Sw3.UNAUTHORISED})
# The card moved or was read badly: asking the patron to place it again usually helps.
CARD_RETRY = frozenset(
    {
        Sw3.SELECT_FAILED,
        Sw3.NO_CONTENT,
        Sw3.AUTH_FAILED_31,
        Sw3.AUTH_FAILED_32,
        Sw3.VERIFICATION_ERROR,
        Sw3.READ_FAILED,
        Sw3.RANDOM_NUMBER_FAILED,
    }
)
# The reader did not understand our request (line noise, wrong command set): resend or reset.
LINK_ERRORS = frozenset({Sw3.CHECKSUM_ERROR, Sw3.LENGTH_ERROR, Sw3.BAD_COMMAND})


def status_code(sw3: int) -> str:
    """The stable snake_case code of a status byte; ``unknown_status`` for any other value."""
    return _CODES.get(sw3, UNKNOWN_STATUS)
