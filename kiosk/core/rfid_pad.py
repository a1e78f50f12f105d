"""The RFID book pad in the patron flow: each tag on the pad read once as a book, and the
security writes (AFI/EAS, verified) after a borrow or a return. Qt-free."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from drivers.events import RfidTagArrived, RfidWriteResult
from drivers.rfid.security import ItemState, security_for
from drivers.rfid.tag import TagDataError, decode_tag
from drivers.rfid.tag.writer import LibraryTagSettings
from kiosk.core.results import ResultCode

log = logging.getLogger(__name__)


class RfidSettings(BaseModel):
    """The library's tags and the network whose books this kiosk takes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    network_libraries: tuple[str, ...] = Field(
        (),
        description="Owner institutions whose books this kiosk lends and takes back (library "
        "ids as the regional service names them, e.g. 'CQL'; an ISIL such as 'CN-CQL' on a tag "
        "matches 'CQL'). Empty: every owner is accepted.",
    )
    tags: LibraryTagSettings = Field(
        default_factory=LibraryTagSettings,
        description="This library's tag data model and security (AFI/EAS) values.",
    )
    write_timeout_ms: int = Field(
        10_000,
        ge=500,
        le=60_000,
        description="Longest wait for one verified security write on a tag, in ms.",
    )


@dataclass(frozen=True)
class PadBook:
    """A tag on the pad as the patron flow sees it: the item id the library system knows, or
    why it cannot be used (``code``)."""

    uid: str
    barcode: str = ""
    owner: str = ""
    code: ResultCode | None = None  # None: a book to borrow or return

    @property
    def usable(self) -> bool:
        return self.code is None and bool(self.barcode)


class TagSecurityWriter(Protocol):
    """What the pad needs of a reader (FeigReader): verified security writes."""

    def write_afi(self, uid: str, afi: int) -> Future[RfidWriteResult]: ...

    def set_eas(self, uid: str, enabled: bool) -> Future[RfidWriteResult]: ...


def owner_in_network(owner: str, network: tuple[str, ...]) -> bool:
    """Whether a tag's owner institution is one of ``network`` (an ISIL's country prefix, as
    in 'CN-CQL', is not part of the library id). No owner on the tag: this library's own."""
    if not network or not owner:
        return True
    head, sep, rest = owner.strip().partition("-")
    library = rest if sep and len(head) == 2 and head.isalpha() else owner.strip()
    known = {n.strip().upper() for n in network}
    return library.upper() in known or owner.strip().upper() in known


def read_book(event: RfidTagArrived, settings: RfidSettings) -> PadBook:
    """The book a tag's memory names; never raises (a tag with garbage data is a row that asks
    for the staff, not a crash)."""
    try:
        tag = decode_tag(event.user_memory, dsfid=event.dsfid)
    except TagDataError as exc:
        log.info("tag %s cannot be read: %s", event.uid, exc.code)
        return PadBook(event.uid, code=ResultCode.TAG_UNREADABLE)
    except Exception:
        # The codec promises TagDataError only; a bug there must still not stop the kiosk.
        log.exception("tag %s: decoding failed", event.uid)
        return PadBook(event.uid, code=ResultCode.TAG_UNREADABLE)
    values = tag.values
    barcode = values.get("primary_item_id", "").strip()
    owner = values.get("owner_institution", "").strip()
    if not barcode:
        return PadBook(event.uid, owner=owner, code=ResultCode.TAG_UNREADABLE)
    if not owner_in_network(owner, settings.network_libraries):
        return PadBook(event.uid, barcode, owner, ResultCode.TAG_OUTSIDE_NETWORK)
    return PadBook(event.uid, barcode, owner)


class RfidPad:
    """Reads arrivals (on the thread that owns the session: pure, no I/O) and writes security
    (blocking on the reader's verified writes: call from the circulation worker only)."""

    def __init__(self, settings: RfidSettings, writer: TagSecurityWriter | None) -> None:
        self.settings = settings
        self.writer = writer
        self._on_pad: dict[str, PadBook] = {}  # uid -> the book read at its arrival

    def arrived(self, event: RfidTagArrived) -> PadBook | None:
        """The book on a tag that has just arrived; None for one already read (a reader may
        report a tag again after a reconnect): each arrival is decoded once."""
        uid = event.uid.upper()
        if uid in self._on_pad:
            return None
        book = read_book(event, self.settings)
        self._on_pad[uid] = book
        return book

    def lying(self) -> set[str]:
        """The UIDs of the tags read and not lifted since."""
        return set(self._on_pad)

    def left(self, uid: str) -> PadBook | None:
        return self._on_pad.pop(uid.upper(), None)

    def secure(self, uid: str, state: ItemState) -> bool:
        """Write the AFI and EAS a book in ``state`` carries, each read back; True only when
        every write verified. Blocking for up to ``write_timeout_ms``."""
        if self.writer is None:
            return False
        wanted = security_for(state, self.settings.tags.security)
        futures: list[Future[RfidWriteResult]] = []
        try:
            if wanted.afi is not None:
                futures.append(self.writer.write_afi(uid, wanted.afi))
            if wanted.eas is not None:
                futures.append(self.writer.set_eas(uid, wanted.eas))
        except ValueError:
            log.warning("tag %s: not a tag the reader can address", uid)
            return False
        timeout = self.settings.write_timeout_ms / 1000
        verified = True
        for future in futures:
            try:
                result = future.result(timeout)
            except FutureTimeout:
                log.warning("tag %s: no answer to a security write in time", uid)
                return False
            if not result.verified:
                log.info("tag %s: %s write %s", uid, result.operation, result.outcome)
                verified = False
        return verified
