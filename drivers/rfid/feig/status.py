"""STATUS bytes of FEIG readers, ISO 15693 error codes, and the stable codes the kiosk reports."""

# STATUS values: "OBID i-scan System-Manual ID ISC.MR/PR/PRH101", H60301-3e-ID-B, ANNEX D
# (p. 121 ff.). ISO error codes (the byte after STATUS 0x95): ISO/IEC 15693-3, "Error codes".

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    OK = 0x00
    NO_TRANSPONDER = 0x01
    DATA_FALSE = 0x02  # CRC error on the data the tag sent
    WRITE_ERROR = 0x03
    ADDRESS_ERROR = 0x04
    WRONG_TRANSPONDER_TYPE = 0x05
    UNKNOWN_COMMAND = 0x80
    LENGTH_ERROR = 0x81
    COMMAND_NOT_AVAILABLE = 0x82
    RF_COMMUNICATION_ERROR = 0x83
    RF_WARNING = 0x84
    DATA_BUFFER_OVERFLOW = 0x93
    MORE_DATA = 0x94  # inventory: more data sets wait; ask again with MORE set
    ISO_ERROR = 0x95  # the tag answered with an ISO 15693 error code (next byte)


class IsoError(IntEnum):
    NOT_SUPPORTED = 0x01
    NOT_RECOGNISED = 0x02
    OPTION_NOT_SUPPORTED = 0x03
    UNKNOWN = 0x0F
    BLOCK_NOT_AVAILABLE = 0x10
    BLOCK_ALREADY_LOCKED = 0x11
    BLOCK_LOCKED = 0x12  # its content cannot be changed
    BLOCK_NOT_PROGRAMMED = 0x13
    BLOCK_NOT_LOCKED = 0x14


UNKNOWN_STATUS = "unknown_status"

_CODES: dict[int, str] = {
    Status.OK: "ok",
    Status.NO_TRANSPONDER: "no_transponder",
    Status.DATA_FALSE: "data_false",
    Status.WRITE_ERROR: "write_error",
    Status.ADDRESS_ERROR: "address_error",
    Status.WRONG_TRANSPONDER_TYPE: "wrong_transponder_type",
    Status.UNKNOWN_COMMAND: "unknown_command",
    Status.LENGTH_ERROR: "length_error",
    Status.COMMAND_NOT_AVAILABLE: "command_not_available",
    Status.RF_COMMUNICATION_ERROR: "rf_communication_error",
    Status.RF_WARNING: "rf_warning",
    Status.DATA_BUFFER_OVERFLOW: "data_buffer_overflow",
    Status.MORE_DATA: "more_data",
    Status.ISO_ERROR: "iso_error",
}

_ISO_CODES: dict[int, str] = {
    IsoError.NOT_SUPPORTED: "not_supported",
    IsoError.NOT_RECOGNISED: "not_recognised",
    IsoError.OPTION_NOT_SUPPORTED: "option_not_supported",
    IsoError.UNKNOWN: "unknown_error",
    IsoError.BLOCK_NOT_AVAILABLE: "block_not_available",
    IsoError.BLOCK_ALREADY_LOCKED: "block_already_locked",
    IsoError.BLOCK_LOCKED: "block_locked",
    IsoError.BLOCK_NOT_PROGRAMMED: "block_not_programmed",
    IsoError.BLOCK_NOT_LOCKED: "block_not_locked",
}

# Statuses whose reply carries data (H60301-3e-ID-B §6.1, p. 58: "Data is only transferred if
# STATUS = 0x00, 0x83, 0x94, 0x95").
WITH_DATA = frozenset(
    {Status.OK, Status.RF_COMMUNICATION_ERROR, Status.MORE_DATA, Status.ISO_ERROR}
)
# The reader did not take our request (noise on the line, wrong command set).
LINK_ERRORS = frozenset({Status.UNKNOWN_COMMAND, Status.LENGTH_ERROR})


def status_code(status: int) -> str:
    """The stable snake_case code of a STATUS byte; ``unknown_status`` for any other value."""
    return _CODES.get(status, UNKNOWN_STATUS)


def iso_error_code(error: int) -> str:
    """The stable code of an ISO 15693 error byte; ``unknown_error`` for any other value."""
    return _ISO_CODES.get(error, "unknown_error")
