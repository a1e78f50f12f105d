"""The pad simulator's tags and tester verbs: a library's tag, a tag of another library, a
garbage tag, write faults armed from the console, the pad listed and cleared."""

from __future__ import annotations

import pytest

from drivers.events import RfidTagArrived
from drivers.rfid.security import AFI_IN_LIBRARY, AFI_ON_LOAN, ItemState
from drivers.rfid.tag import decode_tag, iso28560_2
from drivers.sim.console import SimulatorConsole
from drivers.sim.rfid_sim import (
    FOREIGN_OWNER,
    FOREIGN_UID,
    GARBAGE_UID,
    RfidPadSimulator,
    SimTag,
    foreign_tag,
    library_tag,
)
from kiosk.core.results import ResultCode
from kiosk.core.rfid_pad import RfidSettings, read_book

NETWORK = RfidSettings(network_libraries=("CQL", "CDL"))
UID = "E004010000000001"


def arrival(tag: SimTag) -> RfidTagArrived:
    """What the reader reports for ``tag``: its memory, DSFID and AFI as they are."""
    locked = tuple(i for i, lock in enumerate(tag.locked) if lock)
    return RfidTagArrived(tag.uid_hex, tag.dsfid, tag.afi, tag.block_size, tag.memory, locked)


@pytest.fixture
def pad() -> RfidPadSimulator:
    return RfidPadSimulator("rfid-unit")


def test_a_library_tag_is_laid_out_locked_and_secured_as_its_state_says() -> None:
    values = {"primary_item_id": "35001000000015", "owner_institution": "CN-CQL"}
    shelved = library_tag(UID, values)
    lent = library_tag(UID, values, state=ItemState.ON_LOAN)
    assert decode_tag(shelved.memory, dsfid=shelved.dsfid).values["primary_item_id"] == (
        "35001000000015"
    )
    assert shelved.dsfid == iso28560_2.DSFID
    assert shelved.locked[0] and not shelved.locked[-1]  # the item id's blocks only
    assert (shelved.afi, shelved.eas) == (AFI_IN_LIBRARY, True)
    assert (lent.afi, lent.eas) == (AFI_ON_LOAN, False)
    assert read_book(arrival(shelved), NETWORK).usable


def test_a_tag_of_another_library_is_well_formed_and_refused_as_outside_the_network() -> None:
    tag = foreign_tag()
    values = decode_tag(tag.memory, dsfid=tag.dsfid).values
    assert values["owner_institution"] == FOREIGN_OWNER and values["primary_item_id"]
    book = read_book(arrival(tag), NETWORK)
    assert book.code == ResultCode.TAG_OUTSIDE_NETWORK and book.barcode == values["primary_item_id"]


def test_the_console_puts_a_foreign_and_a_garbage_tag_and_lists_the_pad() -> None:
    console = SimulatorConsole(transport="inprocess")  # not started: no port is needed here
    pad = console.devices["rfid_reader"]
    assert isinstance(pad, RfidPadSimulator)
    assert "CN-BJL" in console.execute("put-foreign-tag")
    assert "random bytes" in console.execute("put-garbage-tag")
    console.execute(f"put-foreign-tag {UID}")
    assert {t.uid_hex for t in pad.tags()} == {FOREIGN_UID, GARBAGE_UID, UID}
    garbage = pad.tag(GARBAGE_UID)
    assert garbage is not None
    assert read_book(arrival(garbage), NETWORK).code == ResultCode.TAG_UNREADABLE
    listed = console.execute("pad")
    assert "3 tag(s)" in listed and f"{UID} afi=07 eas=on" in listed
    assert "3 tag(s) lifted" in console.execute("lift-tag all")
    assert pad.tags() == [] and "empty" in console.execute("pad")
    for line, says in (
        ("put-foreign-tag 1234", "put-foreign-tag"),
        ("put-garbage-tag a b", "usage"),
        ("fail-next-write XYZ", "16 hex digits"),
        ("lift-during-write a b", "usage"),
    ):
        with pytest.raises(ValueError, match=says):
            console.execute(line)


def test_write_faults_are_armed_for_one_tag_or_any_from_the_console(
    pad: RfidPadSimulator,
) -> None:
    assert "any tag" in pad.command("fail-next-write", [])
    assert UID in pad.command("lift-during-write", [UID.lower()])
    pad.command("lift-after-write", [])
    assert pad.armed() == 3


def test_silent_makes_the_pad_or_the_id_reader_hang() -> None:
    console = SimulatorConsole(transport="inprocess")
    assert console.execute("silent on rfid") == "rfid_reader: silent on"
    assert console.devices["rfid_reader"].silent  # type: ignore[attr-defined]
    assert not console.devices["id_card_reader"].silent  # type: ignore[attr-defined]
    console.execute("silent on")
    assert console.devices["id_card_reader"].silent  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r"sam-fault on\|off \[id_card_reader\]"):
        console.execute("sam-fault on rfid")
