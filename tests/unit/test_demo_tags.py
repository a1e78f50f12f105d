"""The demo books' RFID tags (one UID per barcode, the library's layout, security by state) and
the demo pad that keeps a lifted tag in the tester's hand."""

from __future__ import annotations

import pytest

from drivers.rfid.security import AFI_IN_LIBRARY, AFI_ON_LOAN, ItemState
from drivers.rfid.tag import decode_tag
from drivers.sim.rfid_sim import FOREIGN_UID, GARBAGE_UID, RfidPadSimulator
from kiosk.demo_env import DemoBook
from kiosk.demo_tags import DemoPad, demo_tag, demo_uid

SHELVED = DemoBook("35001000000031", "白鹿原", "CQL", "available")
LENT = DemoBook("35101000000104", "骆驼祥子", "CDL", "on_loan")
LOST = DemoBook("35001000000099", "围城", "CQL", "lost")
BOOKS = {b.barcode: b for b in (SHELVED, LENT, LOST)}


def test_a_books_uid_is_derived_from_its_barcode_the_same_on_every_run() -> None:
    # Fixed values: a scenario or a tester's note may name a book's tag by its UID.
    assert demo_uid("35001000000015") == "E00401AD995B9361"
    assert demo_uid("35101000000104") == "E00401BA4EC01BB9"
    uids = {demo_uid(f"350010000{n:05d}") for n in range(2000)}
    assert len(uids) == 2000 and all(u.startswith("E00401") and len(u) == 16 for u in uids)


@pytest.mark.parametrize(
    ("book", "afi", "eas"),
    [(SHELVED, AFI_IN_LIBRARY, True), (LENT, AFI_ON_LOAN, False), (LOST, AFI_IN_LIBRARY, True)],
)
def test_a_books_tag_names_it_and_its_owner_secured_as_its_state_says(
    book: DemoBook, afi: int, eas: bool
) -> None:
    tag = demo_tag(book)
    values = decode_tag(tag.memory, dsfid=tag.dsfid).values
    assert values["primary_item_id"] == book.barcode
    assert values["owner_institution"] == f"CN-{book.owner}"
    assert values["set_information"] == "0101"
    assert (tag.uid_hex, tag.afi, tag.eas) == (demo_uid(book.barcode), afi, eas)


def test_a_lifted_tag_goes_back_as_it_was_and_books_are_put_by_barcode_or_uid() -> None:
    sim = RfidPadSimulator("rfid-demo-tags")
    pad = DemoPad(sim, BOOKS.get)
    assert "白鹿原" in pad.put(SHELVED.barcode)
    pad.put(LENT.barcode)
    assert "already" in pad.put(demo_uid(SHELVED.barcode).lower())
    on_pad = pad.on_pad()
    assert [t.label for t in on_pad] == ["白鹿原", "骆驼祥子"]
    assert [t.state for t in on_pad] == [ItemState.ON_SHELF, ItemState.ON_LOAN]
    # A security write the tag did not take: lifted and put back, it still says so.
    tag = sim.tag(demo_uid(LENT.barcode))
    assert tag is not None
    tag.afi, tag.eas = AFI_IN_LIBRARY, True
    assert "骆驼祥子" in pad.lift(LENT.barcode)
    assert [t.label for t in pad.on_pad()] == ["白鹿原"]
    pad.put(demo_uid(LENT.barcode))
    back = sim.tag(demo_uid(LENT.barcode))
    assert back is tag and back.afi == AFI_IN_LIBRARY
    pad.put_foreign()
    pad.put_garbage()
    assert "4 tag(s) lifted" in pad.lift("all") and sim.tags() == []
    with pytest.raises(ValueError, match="no tag of"):
        pad.lift(SHELVED.barcode)
    with pytest.raises(ValueError, match="no book 123"):
        pad.put("123")
    assert "4 tag(s) put back" in pad.put_back()
    assert len(pad.on_pad()) == 4
    with pytest.raises(ValueError, match="no tag lifted"):
        pad.put_back()
    pad.lift("all")
    pad.put(FOREIGN_UID)  # in hand since lift all
    pad.put_stack([SHELVED, LOST])
    assert {t.uid for t in pad.on_pad()} == {
        FOREIGN_UID,
        demo_uid(SHELVED.barcode),
        demo_uid(LOST.barcode),
    }
    assert GARBAGE_UID not in {t.uid for t in pad.on_pad()}
