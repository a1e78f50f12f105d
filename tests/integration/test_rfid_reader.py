"""The real FEIG reader driver over the in-process pad simulator speaking ISO Host frames."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

from drivers.events import (
    DeviceStateChanged,
    LinkState,
    RfidOperation,
    RfidOutcome,
    RfidTagArrived,
    RfidTagLeft,
    RfidWriteResult,
)
from drivers.rfid.feig import commands as cmd
from drivers.rfid.feig.frames import FeigFrame, FrameAssembler, build_reply
from drivers.rfid.feig.reader import FeigReader
from drivers.rfid.tag import decode_tag, tag_json
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.settings import RfidReaderSettings
from drivers.sim.console import SimulatorConsole
from drivers.sim.rfid_sim import RfidPadSimulator, garbage_tag, make_tag
from tests.helpers import Recorder, wait_until
from tests.integration.sim_devices import registered, sim_settings, started

UIDS = [f"E00401{n:010X}" for n in range(1, 11)]
BOOK = bytes.fromhex("1101") + b"39001234567890".ljust(16, b"\x00") + b"CN-510100"


@pytest.fixture
def sim() -> Iterator[RfidPadSimulator]:
    with registered(
        RfidPadSimulator(f"rfid-{uuid.uuid4().hex[:8]}", records_per_reply=3)
    ) as device:
        yield device


def _settings(sim: RfidPadSimulator, **overrides: object) -> RfidReaderSettings:
    values = {"poll_interval_ms": 20, "reply_timeout_ms": 300}
    return sim_settings(RfidReaderSettings, sim, values | overrides)


@pytest.fixture
def reader(sim: RfidPadSimulator) -> Iterator[tuple[FeigReader, Recorder]]:
    recorder = Recorder()
    with started(FeigReader("rfid_reader", _settings(sim), recorder)) as driver:
        recorder.wait_state(LinkState.CONNECTED)
        yield driver, recorder


def _polls_pass(sim: RfidPadSimulator, n: int = 4) -> None:
    start = sim.inventories
    wait_until(lambda: sim.inventories >= start + n, what=f"{n} more inventories")


def _arrived(rec: Recorder) -> dict[str, RfidTagArrived]:
    return {e.uid: e for e in rec.of(RfidTagArrived)}


def test_a_stack_of_tags_arrives_once_each_with_memory_afi_and_eas(sim, reader) -> None:
    _, rec = reader
    for i, uid in enumerate(UIDS[:7]):  # more than two "more data" replies' worth
        sim.put_tag(make_tag(uid, BOOK + bytes([i]), afi=0x07, eas=i % 2 == 0, locked=(0,)))
    rec.wait_count(RfidTagArrived, 7)
    _polls_pass(sim, 5)
    tags = _arrived(rec)
    assert len(rec.of(RfidTagArrived)) == 7  # lying on the pad is no new arrival
    assert set(tags) == set(UIDS[:7])
    third = tags[UIDS[2]]
    assert third.user_memory[: len(BOOK) + 1] == BOOK + bytes([2])
    assert len(third.user_memory) == 28 * 4 and third.block_size == 4
    assert third.afi == 0x07 and third.eas is True and third.locked_blocks == (0,)
    assert tags[UIDS[1]].eas is False


def test_a_lifted_tag_leaves_once_and_the_others_stay(sim, reader) -> None:
    _, rec = reader
    for uid in UIDS[:3]:
        sim.put_tag(make_tag(uid, BOOK))
    rec.wait_count(RfidTagArrived, 3)
    sim.lift_tag(UIDS[1])
    (left,) = rec.wait_count(RfidTagLeft, 1)
    assert left.uid == UIDS[1]
    _polls_pass(sim, 4)
    assert len(rec.of(RfidTagLeft)) == 1
    sim.put_tag(make_tag(UIDS[1], BOOK))  # put back: a new arrival
    rec.wait_count(RfidTagArrived, 4)
    assert rec.of(RfidTagArrived)[-1].uid == UIDS[1]


def test_a_write_is_read_back_and_verified(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK))
    rec.wait_count(RfidTagArrived, 1)
    new = bytes(range(1, 13))
    result = driver.write_blocks(UIDS[0], 2, new).result(timeout=5)
    assert result.outcome == RfidOutcome.VERIFIED and result.operation == RfidOperation.BLOCKS
    assert sim.tag(UIDS[0]).memory[8:20] == new  # type: ignore[union-attr]
    assert rec.wait_count(RfidWriteResult, 1)[0] == result
    afi = driver.write_afi(UIDS[0], 0xC2).result(timeout=5)
    eas = driver.set_eas(UIDS[0], False).result(timeout=5)
    assert afi.verified and eas.verified
    assert sim.tag(UIDS[0]).afi == 0xC2 and not sim.tag(UIDS[0]).eas  # type: ignore[union-attr]
    _polls_pass(sim, 3)
    assert len(rec.of(RfidTagArrived)) == 1  # a verified write does not make the tag new


def test_a_write_the_tag_did_not_take_is_a_failed_verification(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK, afi=0x07))
    rec.wait_count(RfidTagArrived, 1)
    sim.fail_next_write(UIDS[0])
    result = driver.write_blocks(UIDS[0], 0, b"\xff" * 8).result(timeout=5)
    assert result.outcome == RfidOutcome.VERIFY_FAILED
    assert sim.tag(UIDS[0]).memory[:8] == BOOK[:8]  # type: ignore[union-attr]
    sim.fail_next_write(UIDS[0])
    afi = driver.write_afi(UIDS[0], 0xC2).result(timeout=5)
    assert afi.outcome == RfidOutcome.VERIFY_FAILED and "07" in afi.detail


def test_a_fault_armed_for_any_tag_hits_the_next_write_whichever_tag_it_is(sim, reader) -> None:
    driver, rec = reader
    for uid in UIDS[:2]:
        sim.put_tag(make_tag(uid, BOOK, afi=0x07))
    rec.wait_count(RfidTagArrived, 2)
    sim.command("fail-next-write", [])  # as the tester panel arms it: no UID
    failed = driver.write_afi(UIDS[1], 0xC2).result(timeout=5)
    assert failed.outcome == RfidOutcome.VERIFY_FAILED and sim.armed() == 0
    assert driver.write_afi(UIDS[0], 0xC2).result(timeout=5).verified  # only the next one
    sim.command("lift-during-write", [])
    gone = driver.write_afi(UIDS[0], 0x07).result(timeout=5)
    assert gone.outcome == RfidOutcome.TAG_GONE
    (left,) = rec.wait_count(RfidTagLeft, 1)
    assert left.uid == UIDS[0] and sim.tag(UIDS[1]) is not None


def test_locking_blocks_is_read_back_and_a_lock_that_did_not_take_is_reported(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK, locked=(0,)))
    rec.wait_count(RfidTagArrived, 1)
    result = driver.lock_blocks(UIDS[0], 0, 3).result(timeout=5)  # block 0 already locked
    assert result.outcome == RfidOutcome.VERIFIED and result.operation == RfidOperation.LOCK
    assert sim.tag(UIDS[0]).locked[:4] == [True, True, True, False]  # type: ignore[union-attr]
    sim.fail_next_write(UIDS[0])
    failed = driver.lock_blocks(UIDS[0], 3, 1).result(timeout=5)
    assert failed.outcome == RfidOutcome.VERIFY_FAILED


def test_a_locked_block_is_a_failed_write(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK, locked=(1,)))
    rec.wait_count(RfidTagArrived, 1)
    result = driver.write_blocks(UIDS[0], 0, b"\x00" * 8).result(timeout=5)
    assert result.outcome == RfidOutcome.WRITE_FAILED and "12" in result.detail


def test_a_tag_lifted_during_a_write_is_reported_gone_and_leaves(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK))
    rec.wait_count(RfidTagArrived, 1)
    sim.lift_during_next_write(UIDS[0])
    result = driver.write_blocks(UIDS[0], 0, b"\xaa" * 16).result(timeout=5)
    assert result.outcome == RfidOutcome.TAG_GONE
    (left,) = rec.wait_count(RfidTagLeft, 1)
    assert left.uid == UIDS[0]


def test_a_tag_taken_before_the_read_back_is_gone_not_verified(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK, eas=True))
    sim.put_tag(make_tag(UIDS[1], BOOK, eas=True))
    rec.wait_count(RfidTagArrived, 2)
    sim.lift_after_next_write(UIDS[0])
    blocks = driver.write_blocks(UIDS[0], 0, b"\x01" * 4).result(timeout=5)
    assert blocks.outcome == RfidOutcome.TAG_GONE
    # A tag with EAS off is as silent to EAS Alarm as a tag that left: reset-EAS is verified
    # only while the tag still answers.
    sim.lift_after_next_write(UIDS[1])
    eas = driver.set_eas(UIDS[1], False).result(timeout=5)
    assert eas.outcome == RfidOutcome.TAG_GONE
    assert set(driver.present_tags()) <= {UIDS[0], UIDS[1]}
    rec.wait_count(RfidTagLeft, 2)
    assert driver.present_tags() == []


def test_a_tag_with_garbage_memory_arrives_with_its_bytes_as_they_are(sim, reader) -> None:
    _, rec = reader
    tag = garbage_tag(UIDS[5], seed=7)
    sim.put_tag(tag)
    (event,) = rec.wait_count(RfidTagArrived, 1)
    assert event.user_memory == tag.memory and event.afi == tag.afi


def test_garbage_on_the_line_is_survived(sim, reader) -> None:
    _, rec = reader
    sim.inject_garbage(b"\x00\xff\x13\x02\x00\x09garbage")
    sim.reply_delay = 0.005
    sim.split_next(5, gap=0.005)
    sim.put_tag(make_tag(UIDS[0], BOOK))
    rec.wait_count(RfidTagArrived, 1)
    assert rec.states()[-1] == LinkState.CONNECTED


def test_silent_reader_is_a_state_and_a_write_ends_in_bounded_time(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK))
    rec.wait_count(RfidTagArrived, 1)
    sim.silent = True
    rec.wait_state(LinkState.ERROR, "reader_silent")
    result = driver.write_afi(UIDS[0], 0xC2).result(timeout=5)
    assert result.outcome == RfidOutcome.NO_REPLY
    assert rec.of(RfidTagLeft) == []  # silence says nothing about the pad
    sim.silent = False
    rec.wait_state(LinkState.CONNECTED)
    sim.put_tag(make_tag(UIDS[1], BOOK))
    rec.wait_count(RfidTagArrived, 2)


def test_unplug_then_replug_reconnects_and_a_tag_left_lying_is_not_new(sim, reader) -> None:
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK))
    rec.wait_count(RfidTagArrived, 1)
    sim.unplug()
    rec.wait_state(LinkState.DISCONNECTED, "link_lost")
    assert driver.write_afi(UIDS[0], 0xC2).result(timeout=5).outcome == RfidOutcome.LINK_LOST
    sim.replug()
    rec.wait_state(LinkState.CONNECTED)
    sim.put_tag(make_tag(UIDS[1], BOOK))
    rec.wait_count(RfidTagArrived, 2)
    assert [e.uid for e in rec.of(RfidTagArrived)] == [UIDS[0], UIDS[1]]
    assert rec.states()[:3] == [LinkState.CONNECTED, LinkState.DISCONNECTED, LinkState.CONNECTED]


def test_advanced_frames_and_a_bus_address_work_end_to_end(sim) -> None:
    rec = Recorder()
    settings = _settings(sim, advanced_protocol=True, bus_address=3)
    with FeigReader("rfid_reader", settings, rec) as driver:
        sim.put_tag(make_tag(UIDS[0], BOOK))
        (event,) = rec.wait_count(RfidTagArrived, 1)
        assert isinstance(driver, FeigReader)
        assert driver.write_blocks(UIDS[0], 0, b"\x00" * 4).result(timeout=5).verified
        assert driver.write_afi(UIDS[0], 0xC2).result(timeout=5).verified
        assert driver.set_eas(UIDS[0], False).result(timeout=5).verified
    assert event.user_memory.startswith(BOOK)
    sent = FrameAssembler().feed(bytes(sim.host_bytes))
    assert sent and all(isinstance(f, FeigFrame) and f.advanced and f.com_adr == 3 for f in sent)
    assert {f.control for f in sent if isinstance(f, FeigFrame)} == {0xB0, 0xB1}


def test_no_port_is_disconnected_and_close_is_bounded() -> None:
    rec = Recorder()
    settings = RfidReaderSettings(port="kiosksim://nobody-here", reconnect_initial_ms=20)
    driver = FeigReader("rfid_reader", settings, rec)
    driver.start()
    rec.wait_state(LinkState.DISCONNECTED, "open_failed")
    driver.close(timeout=2.0)
    assert not driver.running
    assert [e.state for e in rec.of(DeviceStateChanged)].count(LinkState.DISCONNECTED) == 1


def test_tester_console_puts_and_lifts_tags_on_the_pad() -> None:
    with SimulatorConsole(transport="inprocess") as console:
        rec = Recorder()
        port = console.ports()["rfid_reader"]
        settings = RfidReaderSettings(port=port, poll_interval_ms=20, reply_timeout_ms=300)
        with FeigReader("rfid_reader", settings, rec):
            out = console.execute(f"put-tag {UIDS[0].lower()} {BOOK.hex()}")
            assert UIDS[0] in out
            (event,) = rec.wait_count(RfidTagArrived, 1)
            assert event.uid == UIDS[0] and event.user_memory.startswith(BOOK)
            console.execute(f"lift-tag {UIDS[0]}")
            rec.wait_count(RfidTagLeft, 1)
            with pytest.raises(ValueError, match="no tag"):
                console.execute(f"lift-tag {UIDS[0]}")
            with pytest.raises(ValueError, match="put-tag"):
                console.execute("put-tag 1234")
            console.execute("unplug rfid")
            rec.wait_state(LinkState.DISCONNECTED)
            console.execute("replug rfid_reader")
            rec.wait_state(LinkState.CONNECTED)


def _decode(args: list[str], data: bytes) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "decode", *args],
        input=data,
        capture_output=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    return proc.returncode, lines, proc.stderr.decode()


def test_devices_decode_reads_a_capture_of_the_readers_replies() -> None:
    uid = bytes.fromhex(UIDS[0])
    inventory = cmd.build_inventory_data([cmd.InventoryRecord(3, 0, uid)])
    blocks = cmd.build_read_blocks_data(4, [cmd.to_wire(b"3900"), cmd.to_wire(b"1234")], [0, 0])
    capture = (
        build_reply(0, 0xB0, 0x00, inventory)
        + b"\x13\x37"
        + build_reply(0, 0xB0, 0x00, blocks)
        + build_reply(0, 0xB0, 0x01)
    )
    rc, events, err = _decode(["--protocol", "rfid"], capture)
    assert rc == 0, err
    assert [(e["event"], e.get("kind")) for e in events] == [
        ("rfid_reply", "inventory"),
        ("frame_error", None),  # one for the noise, not one per byte
        ("rfid_reply", "blocks"),
        ("rfid_status", None),
    ]
    assert events[0]["tags"][0]["uid"] == UIDS[0]
    assert bytes.fromhex(events[2]["data"]) == b"39001234"
    assert events[3]["code"] == "no_transponder"
    rc, hex_events, _ = _decode(["--protocol", "rfid", "--hex"], capture.hex(" ").encode())
    assert rc == 0 and hex_events == events


def test_a_tag_programmed_through_the_reader_reads_back_through_the_tag_model(sim, reader) -> None:
    # The staff tag writer's path: the tag model lays out the bytes, the reader writes, verifies
    # and locks them, and the next placement decodes to the same values.
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0]))  # a blank I-Code SLI: 28 blocks of 4 bytes
    (blank,) = rec.wait_count(RfidTagArrived, 1)
    values = {"primary_item_id": "39001234567890", "owner_institution": "CN-510100"}
    layout = plan_write(
        values, LibraryTagSettings(), memory_size=len(blank.user_memory), block_size=4
    )
    assert driver.write_blocks(UIDS[0], 0, layout.memory).result(timeout=5).verified
    for block in sorted(layout.lock_blocks):
        assert driver.lock_blocks(UIDS[0], block, 1).result(timeout=5).verified
    programmed = sim.tag(UIDS[0])
    assert programmed is not None and programmed.memory == layout.memory
    sim.lift_tag(UIDS[0])
    rec.wait_count(RfidTagLeft, 1)
    sim.put_tag(programmed)  # the same tag, put back on the pad
    again = rec.wait_count(RfidTagArrived, 2)[-1]
    assert again.user_memory == layout.memory
    assert set(again.locked_blocks) == set(layout.lock_blocks) != set()
    elements = tag_json(decode_tag(again.user_memory))["elements"]
    assert elements["primary_item_id"] == values["primary_item_id"]
    assert elements["owner_institution"] == values["owner_institution"]


def test_a_write_whose_reply_is_lost_is_made_once_more_and_read_back(sim, reader) -> None:
    """Noise ate the reader's answer to a security write: the write (idempotent) is sent once
    more, answered and read back, so the patron is not sent back to the pad for it."""
    driver, rec = reader
    sim.put_tag(make_tag(UIDS[0], BOOK, afi=0x07, eas=True))
    rec.wait_count(RfidTagArrived, 1)
    writes = sim.writes
    sim.lose_next_write_reply(UIDS[0])
    afi = driver.write_afi(UIDS[0], 0xC2).result(timeout=10)
    assert afi.outcome == RfidOutcome.VERIFIED
    sim.lose_next_write_reply(UIDS[0])
    eas = driver.set_eas(UIDS[0], False).result(timeout=10)
    assert eas.outcome == RfidOutcome.VERIFIED
    tag = sim.tag(UIDS[0])
    assert tag is not None and (tag.afi, tag.eas) == (0xC2, False)
    assert sim.writes == writes + 4  # each write twice: once unanswered, once answered
    # A lock is not repeated: its lost answer is reported as it is.
    sim.lose_next_write_reply(UIDS[0])
    lock = driver.lock_blocks(UIDS[0], 0, 1).result(timeout=10)
    assert lock.outcome == RfidOutcome.NO_REPLY and sim.writes == writes + 5
