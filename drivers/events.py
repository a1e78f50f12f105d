"""Events the drivers emit: frozen dataclasses that cross threads safely."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from patron_identity.kinds import CredentialKind
from patron_identity.masking import mask_card_number, mask_id_number, mask_name, scrub


class LinkState(StrEnum):
    """State of a device's link, reported as an event like any other."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ERROR = "error"


class DeviceReason(StrEnum):
    """Why a device's link is not (or no longer) working: a stable code the UI has words for."""

    PORT_MISSING = "port_missing"  # no port matches the configured one (unplugged)
    PORT_BUSY = "port_busy"  # another program holds the port
    OPEN_FAILED = "open_failed"
    LINK_LOST = "link_lost"  # the open port failed (unplugged while in use)
    DRIVER_ERROR = "driver_error"  # the device sent what the driver cannot read
    SAM_FAULT = "sam_fault"  # the ID card reader's security module reports a fault
    READER_SILENT = "reader_silent"  # the ID card reader stopped answering polls
    CLOSED = "closed"  # the kiosk closed the device (shutdown)
    PAPER_NEAR_END = "paper_near_end"  # the receipt printer still prints; its roll is low
    PAPER_OUT = "paper_out"  # the receipt printer has no paper
    COVER_OPEN = "cover_open"  # the receipt printer's cover is open
    PRINTER_FAULT = "printer_fault"  # the receipt printer reports an error (cutter, head)


class BarcodeKind(StrEnum):
    ITEM = "item"
    PATRON = "patron"
    ISBN = "isbn"
    UNKNOWN = "unknown"


@dataclass(frozen=True, repr=False)
class IdCard:
    """The text block of a resident ID card; the photo is kept opaque (vendor WLT format)."""

    name: str
    sex: str  # "male" | "female" | "unknown"
    nation: str  # two-digit code, "01" = 汉
    birth: dt.date | None
    address: str
    id_number: str
    authority: str
    valid_from: dt.date | None
    valid_to: dt.date | None  # None means 长期 (no expiry)
    photo: bytes = field(default=b"", compare=False)

    def __repr__(self) -> str:  # never leak the full ID number or name into a log
        return (
            f"IdCard(name={mask_name(self.name)!r}, id_number={mask_id_number(self.id_number)!r})"
        )


@dataclass(frozen=True)
class DeviceStateChanged:
    """A device's link changed state; ``reason`` says why (none once it works), ``detail`` is
    for technicians."""

    role: str
    state: LinkState
    reason: DeviceReason | None = None
    detail: str = ""

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "state",
            "role": self.role,
            "state": str(self.state),
            "reason": self.reason or None,
            "detail": self.detail or None,
        }


@dataclass(frozen=True, repr=False)
class IdCardRead:
    """A card was read from the ID card reader (one event per placement)."""

    card: IdCard
    id_number_valid: bool
    expired: bool

    def __repr__(self) -> str:
        return (
            f"IdCardRead({self.card!r}, id_number_valid={self.id_number_valid}, "
            f"expired={self.expired})"
        )

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        c = self.card
        return {
            "event": "id_card",
            "name": c.name if reveal else mask_name(c.name),
            "sex": c.sex,
            "nation": c.nation,
            "birth": c.birth.isoformat() if c.birth else None,
            "address": c.address if reveal else _mask_address(c.address),
            "id_number": c.id_number if reveal else mask_id_number(c.id_number),
            "authority": c.authority,
            "valid_from": c.valid_from.isoformat() if c.valid_from else None,
            "valid_to": c.valid_to.isoformat() if c.valid_to else None,
            "id_number_valid": self.id_number_valid,
            "expired": self.expired,
        }


@dataclass(frozen=True)
class IdCardLifted:
    """The card last read has left the reader's field. ``seen_lying``: the reader kept finding
    it after the read, so this is when it was really lifted; else (a reader that halts a read
    card) the driver cannot tell a card lying there from one taken away, and says so."""

    seen_lying: bool = True

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {"event": "id_card_lifted", "seen_lying": self.seen_lying}


@dataclass(frozen=True)
class ReaderStatus:
    """A non-text reply of the ID card reader, by its SW3 status byte."""

    code: str
    sw3: int

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {"event": "reader_status", "code": self.code, "sw3": f"{self.sw3:02X}"}


@dataclass(frozen=True, repr=False)
class BarcodeScanned:
    """One scan (repeats within the configured window are folded into one)."""

    data: str
    symbology: str | None  # AIM identifier such as "]F0", when the scanner sends one
    kind: BarcodeKind
    library: str | None = None  # the library whose item/patron rule matched

    def shown_data(self) -> str:
        """``data`` as it may be shown or logged: a patron card number is masked like a card
        reader's; an unrecognised code only where it looks like an ID number."""
        if self.kind == BarcodeKind.PATRON:
            return mask_card_number(self.data)
        if self.kind == BarcodeKind.UNKNOWN:
            return scrub(self.data)
        return self.data

    def __repr__(self) -> str:
        return (
            f"BarcodeScanned(data={self.shown_data()!r}, symbology={self.symbology!r}, "
            f"kind={self.kind!s}, library={self.library!r})"
        )

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "barcode",
            "data": self.data if reveal else self.shown_data(),
            "symbology": self.symbology,
            "kind": str(self.kind),
        }


@dataclass(frozen=True, repr=False)
class CardPresented:
    """A library card or social-security card number from a line card reader."""

    kind: CredentialKind
    value: str

    def __repr__(self) -> str:
        return f"CardPresented(kind={self.kind!s}, value={mask_card_number(self.value)!r})"

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "card",
            "kind": str(self.kind),
            "value": self.value if reveal else mask_card_number(self.value),
        }


@dataclass(frozen=True)
class FrameError:
    """A frame that failed its length, checksum or content check; nothing else is reported."""

    reason: str

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {"event": "frame_error", "reason": self.reason}


class RfidOperation(StrEnum):
    """What a write to an RFID tag changed."""

    BLOCKS = "blocks"
    AFI = "afi"
    EAS = "eas"
    LOCK = "lock"


class RfidOutcome(StrEnum):
    """How a write to an RFID tag ended; only ``verified`` means the tag now holds it."""

    VERIFIED = "verified"  # written and read back equal
    VERIFY_FAILED = "verify_failed"  # the reader said done, but the read-back differs
    WRITE_FAILED = "write_failed"  # the reader or tag refused (locked block, write error)
    TAG_GONE = "tag_gone"  # the tag left the field before the write was verified
    NO_REPLY = "no_reply"  # the reader did not answer in time
    LINK_LOST = "link_lost"  # the port went away or the driver was closed


@dataclass(frozen=True)
class RfidTagArrived:
    """A tag entered the reader's field and its memory was read (one event per placement).

    ``user_memory`` is every block in tag-memory order; ``locked_blocks`` the write-protected
    block numbers; ``eas`` the NXP EAS bit, None where the tag or settings do not tell.
    """

    uid: str  # 16 hex digits, MSB first as printed on tags (E0…)
    dsfid: int
    afi: int
    block_size: int
    user_memory: bytes
    locked_blocks: tuple[int, ...] = ()
    eas: bool | None = None

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "rfid_tag",
            "uid": self.uid,
            "dsfid": f"{self.dsfid:02X}",
            "afi": f"{self.afi:02X}",
            "block_size": self.block_size,
            "user_memory": self.user_memory.hex().upper(),
            "locked_blocks": list(self.locked_blocks),
            "eas": self.eas,
        }


@dataclass(frozen=True)
class RfidTagLeft:
    """A tag reported by ``RfidTagArrived`` is no longer in the field."""

    uid: str

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {"event": "rfid_tag_left", "uid": self.uid}


@dataclass(frozen=True)
class RfidWriteResult:
    """The end of one write to a tag (blocks, AFI or EAS), after its read-back."""

    uid: str
    operation: RfidOperation
    outcome: RfidOutcome
    detail: str = ""

    @property
    def verified(self) -> bool:
        return self.outcome == RfidOutcome.VERIFIED

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "rfid_write",
            "uid": self.uid,
            "operation": str(self.operation),
            "outcome": str(self.outcome),
            "detail": self.detail or None,
        }


@dataclass(frozen=True)
class RfidReaderStatus:
    """A reply of the RFID reader that is neither data nor 'no tag': its STATUS byte, and the
    tag's ISO 15693 error code after STATUS 0x95."""

    code: str
    status: int
    iso_error: int | None = None

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "rfid_status",
            "code": self.code,
            "status": f"{self.status:02X}",
            "iso_error": None if self.iso_error is None else f"{self.iso_error:02X}",
        }


@dataclass(frozen=True)
class RfidReply:
    """One reply in a capture of the RFID reader's bytes (``kiosk devices decode``): its kind
    (``inventory``, ``blocks``, ``system_info``, ``status``) and the fields read from it."""

    control: int
    status: int
    kind: str
    fields: tuple[tuple[str, Any], ...] = ()

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "rfid_reply",
            "control": f"{self.control:02X}",
            "status": f"{self.status:02X}",
            "kind": self.kind,
            **dict(self.fields),
        }


class PrintOutcome(StrEnum):
    """How one print job on the receipt printer ended; only ``printed`` means on paper."""

    PRINTED = "printed"  # the printer processed every byte of it (and cut)
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    PRINTER_FAULT = "printer_fault"
    NOT_CONNECTED = "not_connected"  # unplugged, not found, or the driver was closed
    NO_REPLY = "no_reply"  # the printer did not confirm it in time


@dataclass(frozen=True)
class PrintJobResult:
    """The end of one print job (``ReceiptPrinter.print_bytes``)."""

    job: int
    outcome: PrintOutcome
    detail: str = ""

    @property
    def printed(self) -> bool:
        return self.outcome == PrintOutcome.PRINTED

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        return {
            "event": "print_job",
            "job": self.job,
            "outcome": str(self.outcome),
            "detail": self.detail or None,
        }


class PrinterOutputKind(StrEnum):
    LINE = "line"
    QR = "qr"
    CUT = "cut"


@dataclass(frozen=True)
class PrinterOutput:
    """What a printer makes of the bytes it is sent (``kiosk devices decode --protocol
    escpos``): a line of text, a QR code's payload, or a cut."""

    kind: PrinterOutputKind
    text: str = ""

    def to_json(self, reveal: bool = False) -> dict[str, Any]:
        # A receipt holds no full ID number by design; a capture from elsewhere may: scrub it.
        text = self.text if reveal else scrub(self.text)
        return {"event": "printer", "kind": str(self.kind), "text": text}


def _mask_address(address: str) -> str:
    # Keep the province/city part a technician may need; hide the street and number.
    return address[:6] + "*" * max(0, len(address) - 6)


ProtocolEvent = (
    IdCardRead
    | IdCardLifted
    | ReaderStatus
    | BarcodeScanned
    | CardPresented
    | FrameError
    | RfidTagArrived
    | RfidTagLeft
    | RfidWriteResult
    | RfidReaderStatus
    | RfidReply
    | PrintJobResult
    | PrinterOutput
)
Event = ProtocolEvent | DeviceStateChanged
