"""The RFID tag each demo book carries, and the demo's pad that puts and lifts them: one place
for the tester panel, scenarios, the screenshots tool and tests. Qt-free."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.rfid.security import ItemState, state_of
from drivers.rfid.tag.writer import LibraryTagSettings
from drivers.sim.rfid_sim import (
    FOREIGN_OWNER,
    FOREIGN_UID,
    GARBAGE_UID,
    RfidPadSimulator,
    SimTag,
    foreign_tag,
    garbage_tag,
    library_tag,
)

if TYPE_CHECKING:
    from kiosk.demo_env import DemoBook

DEMO_UID_PREFIX = "E00401"  # NXP (E0 04), I-Code SLI (01): the tags the simulator models
SET_OF_ONE = "0101"  # set information: part 1 of 1 (a book in one volume)
FOREIGN_LABEL = f"another library's tag ({FOREIGN_OWNER})"
GARBAGE_LABEL = "a garbage tag"
_UID = re.compile(r"[0-9A-Fa-f]{16}")


def demo_uid(barcode: str) -> str:
    """The UID of the tag in the book with ``barcode``: E0 04 01 and five bytes of a hash of
    the barcode, the same on every run and machine."""
    digest = hashlib.blake2b(barcode.encode(), digest_size=5).hexdigest().upper()
    return DEMO_UID_PREFIX + digest


def owner_isil(library: str) -> str:
    """A network library's id as the owner institution on its tags (an ISIL: 'CN-CQL')."""
    return f"CN-{library}"


def book_state(status: str) -> ItemState:
    """Where the tag's security says a book in the service's ``status`` is: on loan, or in the
    library (on the shelf, lost, in transit …: whatever is not lent)."""
    return ItemState.ON_LOAN if status == "on_loan" else ItemState.ON_SHELF


def tag_values(book: DemoBook) -> dict[str, str]:
    """What the library's tag writer put on the book's tag."""
    return {
        "primary_item_id": book.barcode,
        "owner_institution": owner_isil(book.owner),
        "set_information": SET_OF_ONE,
    }


def demo_tag(book: DemoBook, settings: LibraryTagSettings | None = None) -> SimTag:
    """The tag of demo book ``book``: its barcode as primary item id, its owner library, set
    1 of 1, and the AFI and EAS of its state (``settings``: the library's tag settings)."""
    return library_tag(
        demo_uid(book.barcode), tag_values(book), state=book_state(book.status), settings=settings
    )


@dataclass(frozen=True)
class PadTag:
    """A tag on the pad as a tester sees it."""

    uid: str
    label: str  # the book's title, or what kind of tag it is
    afi: int
    eas: bool
    state: ItemState | None  # what its security says (None: neither, or they disagree)


class DemoPad:
    """The demo's pad simulator with the demo books' tags. A tag lifted stays in the tester's
    hand: the same book put back is the same tag, with the security last written on it (as a
    real book whose security write failed is still unsecured when it comes back)."""

    def __init__(
        self,
        sim: RfidPadSimulator,
        find_book: Callable[[str], DemoBook | None],
        settings: LibraryTagSettings | None = None,
    ) -> None:
        self.sim = sim
        self.find_book = find_book
        self.settings = settings or LibraryTagSettings()
        self._labels: dict[str, str] = {}  # uid -> what the tag is, for every tag put
        self._hand: dict[str, SimTag] = {}  # uid -> a tag lifted off the pad
        self._last_lifted: list[str] = []  # what the last lift took, to put back

    def put_book(self, book: DemoBook) -> str:
        """Put ``book``'s tag on the pad (the one in hand if it was lifted before)."""
        uid = demo_uid(book.barcode)
        self._labels[uid] = book.title
        return self._put(self._hand.get(uid) or demo_tag(book, self.settings))

    def put(self, target: str) -> str:
        """Put a tag on the pad: a demo book's by its barcode, or one lifted before by its UID.
        ValueError naming what is wrong otherwise."""
        uid = target.upper()
        if _UID.fullmatch(target):
            if uid in self._hand:
                return self._put(self._hand[uid])
            if self.sim.tag(uid) is not None:
                return f"{self.sim.name}: {self.label(uid)} is on the pad already"
        book = self.find_book(target)
        if book is None:
            raise ValueError(f"no book {target} in the demo's data, and no tag {uid} in hand")
        return self.put_book(book)

    def put_foreign(self) -> str:
        self._labels[FOREIGN_UID] = FOREIGN_LABEL
        return self._put(self._hand.get(FOREIGN_UID) or foreign_tag(FOREIGN_UID))

    def put_garbage(self) -> str:
        self._labels[GARBAGE_UID] = GARBAGE_LABEL
        return self._put(self._hand.get(GARBAGE_UID) or garbage_tag(GARBAGE_UID))

    def put_stack(self, books: list[DemoBook]) -> str:
        for book in books:
            self.put_book(book)
        return f"{self.sim.name}: a stack of {len(books)} on the pad"

    def _put(self, tag: SimTag) -> str:
        self._hand.pop(tag.uid_hex, None)
        if self.sim.tag(tag.uid_hex) is not None:
            return f"{self.sim.name}: {self.label(tag.uid_hex)} is on the pad already"
        self.sim.put_tag(tag)
        return f"{self.sim.name}: {self.label(tag.uid_hex)} ({tag.uid_hex}) on the pad"

    def lift(self, target: str) -> str:
        """Lift a tag off the pad into the hand: by UID, by its book's barcode, or ``all``."""
        if target.lower() == "all":
            uids = [t.uid_hex for t in self.sim.tags()]
            self._last_lifted = [uid for uid in uids if self._lift(uid)]
            return f"{self.sim.name}: {len(self._last_lifted)} tag(s) lifted"
        uid = target.upper() if _UID.fullmatch(target) else demo_uid(target)
        if not self._lift(uid):
            raise ValueError(f"no tag of {target} on the pad")
        self._last_lifted = [uid]
        return f"{self.sim.name}: {self.label(uid)} ({uid}) lifted"

    def put_back(self) -> str:
        """Put what the last lift took back on the pad, each tag as it was."""
        uids = [uid for uid in self._last_lifted if uid in self._hand]
        if not uids:
            raise ValueError(f"{self.sim.name}: no tag lifted to put back")
        for uid in uids:
            self._put(self._hand[uid])
        self._last_lifted = []
        return f"{self.sim.name}: {len(uids)} tag(s) put back"

    def _lift(self, uid: str) -> bool:
        tag = self.sim.tag(uid)
        if tag is None or not self.sim.lift_tag(uid):
            return False
        self._hand[uid] = tag
        return True

    def label(self, uid: str) -> str:
        return self._labels.get(uid.upper(), uid.upper())

    def on_pad(self) -> list[PadTag]:
        """The tags lying on the pad now, in the order they were put down."""
        security = self.settings.security
        return [
            PadTag(t.uid_hex, self.label(t.uid_hex), t.afi, t.eas, state_of(t.afi, t.eas, security))
            for t in self.sim.tags()
        ]
