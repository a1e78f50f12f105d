"""Technician mode's tag writer over the real FEIG driver and the pad simulator: new tags,
repairs that keep unknown elements and locked blocks, and the faults staff meet."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from drivers.events import LinkState, RfidTagArrived
from drivers.rfid.feig.reader import FeigReader
from drivers.rfid.security import ItemState, TagSecuritySettings
from drivers.rfid.tag import TagErrorCode, TagModel, decode_tag
from drivers.rfid.tag import iso28560_2 as i2
from drivers.rfid.tag.writer import LibraryTagSettings
from drivers.settings import RfidReaderSettings
from drivers.sim import registry
from drivers.sim.rfid_sim import RfidPadSimulator, garbage_tag, make_tag
from kiosk.core.tag_writer import (
    TagWriteOutcome,
    changed_runs,
    read_tag,
    set_code,
    set_parts,
    write_tag,
)
from tests.helpers import Recorder, wait_until

UID = "E004010000000A01"
VALUES = {
    "primary_item_id": "35001000000023",
    "owner_institution": "CN-CQL",
    "set_information": "2 of 3",
    "shelf_location": "I247.5/12",
}


@pytest.fixture
def sim() -> Iterator[RfidPadSimulator]:
    device = RfidPadSimulator(f"rfid-{uuid.uuid4().hex[:8]}")
    registry.register(device)
    yield device
    registry.unregister(device)


@pytest.fixture
def reader(sim: RfidPadSimulator) -> Iterator[tuple[FeigReader, Recorder]]:
    recorder = Recorder()
    settings = RfidReaderSettings(
        port=f"kiosksim://{sim.name}",
        poll_interval_ms=20,
        reply_timeout_ms=300,
        reconnect_initial_ms=20,
        reconnect_max_ms=100,
    )
    driver = FeigReader("rfid_reader", settings, recorder)
    driver.start()
    recorder.wait_state(LinkState.CONNECTED)
    yield driver, recorder
    driver.close()


def _on_pad(reader: FeigReader, uid: str = UID) -> None:
    wait_until(lambda: any(t.uid == uid for t in reader.present()), what=f"{uid} read")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("2/3", "0302"), ("2 of 3", "0302"), ("1／1", "0101"), ("5/120", "120005"), ("1203", "1203")],
)
def test_set_information_as_staff_type_it(typed: str, code: str) -> None:
    assert set_code(typed) == code
    assert set_parts(code) is not None


@pytest.mark.parametrize("typed", ["4/3", "0/2", "two", "1-2", "12345"])
def test_a_set_information_not_understood_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="set information"):
        set_code(typed)


def test_changed_runs_are_only_the_blocks_that_differ() -> None:
    old = bytes(16)
    new = b"\1" * 4 + bytes(4) + b"\2" * 8
    assert changed_runs(old, new, 4) == [(0, b"\1" * 4), (2, b"\2" * 8)]
    assert changed_runs(new, new, 4) == []


def test_a_blank_tag_is_programmed_locked_and_reads_back(sim, reader) -> None:
    driver, _ = reader
    sim.put_tag(make_tag(UID))
    _on_pad(driver)
    blank = read_tag(driver.present()[0], TagSecuritySettings())
    assert blank.blank and not blank.readable and blank.state is ItemState.ON_SHELF
    report = write_tag(driver, UID, VALUES, LibraryTagSettings(), timeout_s=5)
    assert report.outcome is TagWriteOutcome.WRITTEN, report
    tag = sim.tag(UID)
    assert tag is not None
    values = decode_tag(tag.memory).values
    assert values["primary_item_id"] == "35001000000023"
    assert values["owner_institution"] == "CN-CQL"
    assert values["set_information"] == "0302"
    assert values["shelf_location"] == "I247.5/12"
    # The primary item id's blocks are write-protected, as LibraryTagSettings says by default.
    assert report.locked_now and all(tag.locked[b] for b in report.locked_now)
    assert report.reading is not None and report.reading.item_id == "35001000000023"
    again = write_tag(driver, UID, VALUES, LibraryTagSettings(), timeout_s=5)
    assert again.outcome is TagWriteOutcome.UNCHANGED


def test_a_repair_keeps_unknown_elements_and_locked_blocks(sim, reader) -> None:
    driver, _ = reader
    old = i2.build({"primary_item_id": "35001000000031", "owner_institution": "CN-CQL"})
    raw = i2.encode_element(30, i2.Compaction.OCTET, b"\x01\x02")
    unknown = i2.DataElement(30, i2.Compaction.OCTET, b"\x01\x02", raw, None)
    tag = i2.Iso28560_2Tag((*old.elements, unknown))
    layout = i2.lay_out(tag, memory_size=112)
    sim.put_tag(make_tag(UID, layout.memory, locked=tuple(layout.lock_blocks)))
    _on_pad(driver)
    report = write_tag(
        driver,
        UID,
        {"shelf_location": "K825/3", "primary_item_id": ""},
        LibraryTagSettings(),
        timeout_s=5,
    )
    assert report.outcome is TagWriteOutcome.WRITTEN, report
    on_tag = sim.tag(UID)
    assert on_tag is not None
    repaired = i2.decode(on_tag.memory)
    assert repaired.values["shelf_location"] == "K825/3"
    assert repaired.values["primary_item_id"] == "35001000000031"
    assert [(e.oid, e.data) for e in repaired.unknown] == [(30, b"\x01\x02")]
    # A changed item id in a locked block is refused before anything is written.
    writes = sim.writes
    refused = write_tag(
        driver, UID, {"primary_item_id": "35001000000049"}, LibraryTagSettings(), timeout_s=5
    )
    assert refused.outcome is TagWriteOutcome.REFUSED and "locked" in refused.detail
    assert sim.writes == writes


def test_an_iso28560_3_tag_is_written_as_the_settings_say(sim, reader) -> None:
    driver, _ = reader
    sim.put_tag(make_tag(UID, block_count=8))
    _on_pad(driver)
    settings = LibraryTagSettings(model=TagModel.ISO28560_3)
    values = {"primary_item_id": "35001000000023", "owner_institution": "CN-CQL"}
    report = write_tag(driver, UID, values, settings, timeout_s=5)
    assert report.outcome is TagWriteOutcome.WRITTEN and not report.locked_now
    assert report.reading is not None and report.reading.model is TagModel.ISO28560_3


def test_a_tag_lifted_during_the_write_is_tag_gone(sim, reader) -> None:
    driver, _ = reader
    sim.put_tag(make_tag(UID))
    _on_pad(driver)
    sim.lift_during_next_write(UID)
    report = write_tag(driver, UID, VALUES, LibraryTagSettings(), timeout_s=5)
    assert report.outcome is TagWriteOutcome.TAG_GONE


def test_a_write_that_does_not_stick_fails_verification(sim, reader) -> None:
    driver, _ = reader
    sim.put_tag(make_tag(UID))
    _on_pad(driver)
    sim.fail_next_write(UID)
    report = write_tag(driver, UID, VALUES, LibraryTagSettings(), timeout_s=5)
    assert report.outcome is TagWriteOutcome.VERIFY_FAILED


def test_a_tag_not_on_the_pad_and_garbage(sim, reader) -> None:
    driver, _ = reader
    assert write_tag(driver, UID, VALUES, LibraryTagSettings(), timeout_s=5).outcome is (
        TagWriteOutcome.NOT_ON_PAD
    )
    sim.put_tag(garbage_tag(UID, seed=3))
    _on_pad(driver)
    reading = read_tag(driver.present()[0], TagSecuritySettings())
    assert not reading.readable and reading.problem is not TagErrorCode.BLANK
    assert isinstance(driver.present()[0], RfidTagArrived)


def test_a_block_locked_since_the_tag_was_read_is_said_to_be_locked(sim, reader) -> None:
    driver, _ = reader
    sim.put_tag(make_tag(UID))
    _on_pad(driver)
    on_pad = sim.tag(UID)
    assert on_pad is not None
    on_pad.locked[0] = True  # locked by another writer after this reader read the tag
    report = write_tag(driver, UID, VALUES, LibraryTagSettings(), timeout_s=5)
    assert report.outcome is TagWriteOutcome.BLOCK_LOCKED, report
    assert not any(on_pad.memory)


def test_a_new_tag_can_be_secured_as_a_book_in_the_library(sim, reader) -> None:
    driver, _ = reader
    sim.put_tag(make_tag(UID, afi=0x00, eas=False))
    _on_pad(driver)
    report = write_tag(
        driver, UID, VALUES, LibraryTagSettings(), timeout_s=5, state=ItemState.ON_SHELF
    )
    assert report.outcome is TagWriteOutcome.WRITTEN, report
    tag = sim.tag(UID)
    assert tag is not None and (tag.afi, tag.eas) == (0x07, True)
    assert report.reading is not None and report.reading.state is ItemState.ON_SHELF
    # Already so: nothing more to write.
    again = write_tag(
        driver, UID, VALUES, LibraryTagSettings(), timeout_s=5, state=ItemState.ON_SHELF
    )
    assert again.outcome is TagWriteOutcome.UNCHANGED
