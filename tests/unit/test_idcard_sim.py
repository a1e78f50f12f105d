"""The simulated ID card reader, driven through its host side exactly as a port would."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from drivers.events import IdCardRead, ReaderStatus
from drivers.idcard.decode import IdCardReplyDecoder
from drivers.idcard.demo_cards import LI_SI, WANG_FANG, ZHANG_SAN
from drivers.idcard.frames import FrameAssembler, SamFrame, build_request
from drivers.idcard.text import parse_read_reply
from drivers.sim.device import Unplugged
from drivers.sim.idcard_sim import SWAP_GAP_FINDS, IdCardSimulator

FIND = build_request(0x20, 0x01)
SELECT = build_request(0x20, 0x02)
READ = build_request(0x30, 0x01)
FIND_OK = bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
NO_CARD = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
SELECT_OK = bytes.fromhex("AA AA AA 96 69 00 0C 00 00 90" + " 00" * 8 + " 9C")
SELECT_FAILED = bytes.fromhex("AA AA AA 96 69 00 04 00 00 81 85")
READ_FAILED = bytes.fromhex("AA AA AA 96 69 00 04 00 00 41 45")
SAM_OK = bytes.fromhex("AA AA AA 96 69 00 04 00 00 90 94")
TODAY = dt.date(2026, 1, 1)


def read_bytes(sim: IdCardSimulator, size: int, timeout: float = 1.0) -> bytes:
    """Read until ``size`` bytes arrived or ``timeout`` passed."""
    out = bytearray()
    deadline = time.monotonic() + timeout
    while len(out) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        out += sim.host_read(size - len(out), remaining, sim.generation)
    return bytes(out)


def ask(sim: IdCardSimulator, request: bytes, size: int) -> bytes:
    sim.host_write(request, generation=sim.generation)
    return read_bytes(sim, size)


def sw3_of(sim: IdCardSimulator, request: bytes) -> int:
    """Send one request and return the SW3 of the one reply."""
    sim.host_write(request, generation=sim.generation)
    assembler = FrameAssembler()
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        items = assembler.feed(sim.host_read(2048, 0.2, sim.generation))
        if items:
            [frame] = items
            assert isinstance(frame, SamFrame)
            return frame.sw3
    raise AssertionError("no reply")


def read_card_events(sim: IdCardSimulator) -> list[object]:
    """One find/select/read cycle as a driver runs it, decoded from the wire."""
    decoder = IdCardReplyDecoder(TODAY)
    events: list[object] = []
    for request, size in ((FIND, 15), (SELECT, 19), (READ, 1295)):
        events += decoder.feed(ask(sim, request, size))
    return events


@pytest.fixture
def sim() -> IdCardSimulator:
    return IdCardSimulator("idcard-test")


def test_role() -> None:
    assert IdCardSimulator.role == "id_card_reader"


def test_empty_field_answers_the_documented_failures(sim: IdCardSimulator) -> None:
    assert ask(sim, FIND, 11) == NO_CARD
    assert ask(sim, SELECT, 11) == SELECT_FAILED
    assert ask(sim, READ, 11) == READ_FAILED


def test_find_select_read_gives_the_documented_bytes(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    assert ask(sim, FIND, 15) == FIND_OK
    assert ask(sim, SELECT, 19) == SELECT_OK
    reply = ask(sim, READ, 1295)
    assert len(reply) == 1295
    assert reply[:14] == bytes.fromhex("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    card = parse_read_reply(SamFrame(reply[7:-1]))
    assert card == ZHANG_SAN and card.photo == ZHANG_SAN.photo
    assert sim.reads == 1


def test_select_needs_a_find_and_read_needs_a_select(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    assert sw3_of(sim, SELECT) == 0x81
    assert sw3_of(sim, READ) == 0x41
    assert sw3_of(sim, FIND) == 0x9F
    assert sw3_of(sim, READ) == 0x41
    assert sw3_of(sim, SELECT) == 0x90
    assert sw3_of(sim, READ) == 0x90
    assert sw3_of(sim, READ) == 0x41  # a second read needs a fresh find and select


def test_a_read_card_halts_until_lifted_and_put_back(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    found, selected, event = read_card_events(sim)
    assert (found, selected) == (ReaderStatus("card_found", 0x9F), ReaderStatus("ok", 0x90))
    assert isinstance(event, IdCardRead) and event.card == ZHANG_SAN
    for _ in range(3):  # left lying on the reader
        assert ask(sim, FIND, 11) == NO_CARD
    assert sw3_of(sim, SELECT) == 0x81
    sim.remove_card()
    assert ask(sim, FIND, 11) == NO_CARD
    sim.put_card(ZHANG_SAN)
    assert ask(sim, FIND, 15) == FIND_OK


def test_swapping_cards_reads_the_new_one(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    read_card_events(sim)
    sim.put_card(WANG_FANG)
    for _ in range(SWAP_GAP_FINDS):  # the field is empty for a moment while the hand swaps
        assert ask(sim, FIND, 11) == NO_CARD
    assert read_card_events(sim)[-1] == IdCardRead(WANG_FANG, id_number_valid=True, expired=True)


def test_stays_findable_reads_the_same_card_again(sim: IdCardSimulator) -> None:
    sim.stays_findable = True
    sim.put_card(LI_SI)
    first = read_card_events(sim)
    second = read_card_events(sim)
    assert first == second and isinstance(first[-1], IdCardRead)
    assert sim.reads == 2


def test_card_removed_between_select_and_read(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    assert sw3_of(sim, FIND) == 0x9F
    assert sw3_of(sim, SELECT) == 0x90
    sim.remove_card()
    assert sw3_of(sim, READ) == 0x41


def test_bad_checksum_length_and_command(sim: IdCardSimulator) -> None:
    assert sw3_of(sim, FIND[:-1] + b"\x00") == 0x10
    assert sw3_of(sim, bytes.fromhex("AA AA AA 96 69 00 00 20 01 22")) == 0x11
    assert sw3_of(sim, bytes.fromhex("AA AA AA 96 69 FF FF 20 01 22")) == 0x11
    assert sw3_of(sim, build_request(0x55, 0x66)) == 0x21
    assert sw3_of(sim, FIND) == 0x80  # and it still understands the next request


def test_sam_commands(sim: IdCardSimulator) -> None:
    assert ask(sim, build_request(0x11, 0xFF), 11) == SAM_OK
    assert ask(sim, build_request(0x10, 0xFF), 11) == SAM_OK
    assert ask(sim, build_request(0x01, 0xFF), 11) == SAM_OK
    sam_id = ask(sim, build_request(0x12, 0xFF), 27)
    assert len(sam_id) == 27 and sam_id[9] == 0x90


def test_sam_fault(sim: IdCardSimulator) -> None:
    sim.sam_fault = True
    sim.put_card(ZHANG_SAN)
    assert sw3_of(sim, build_request(0x11, 0xFF)) == 0x60
    assert sw3_of(sim, FIND) == 0x9F
    assert sw3_of(sim, SELECT) == 0x90
    assert sw3_of(sim, READ) == 0x60  # the SAM decrypts the card, so reads fail with it
    sim.sam_fault = False
    assert sw3_of(sim, build_request(0x11, 0xFF)) == 0x90


def test_reset_forgets_the_selection(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    assert sw3_of(sim, FIND) == 0x9F
    assert sw3_of(sim, build_request(0x10, 0xFF)) == 0x90
    assert sw3_of(sim, SELECT) == 0x81


def test_30_10_read(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    ask(sim, FIND, 15)
    ask(sim, SELECT, 19)
    reply = ask(sim, build_request(0x30, 0x10), 1297)
    assert len(reply) == 1297
    assert parse_read_reply(SamFrame(reply[7:-1])) == ZHANG_SAN


def test_silent_reader_answers_nothing(sim: IdCardSimulator) -> None:
    sim.silent = True
    sim.put_card(ZHANG_SAN)
    sim.host_write(FIND, generation=sim.generation)
    assert sim.host_read(100, 0.1, sim.generation) == b""
    sim.silent = False
    assert ask(sim, FIND, 15) == FIND_OK


def test_reply_delay(sim: IdCardSimulator) -> None:
    sim.reply_delay = 0.15
    sim.host_write(FIND, generation=sim.generation)
    assert sim.host_read(100, 0.03, sim.generation) == b""
    assert read_bytes(sim, 11, timeout=1.0) == NO_CARD


def test_garbage_split_and_batched_requests(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    sim.host_write(b"\x00\xaa\x13" + FIND[:4], generation=sim.generation)
    assert sim.host_read(100, 0.05, sim.generation) == b""
    sim.host_write(FIND[4:] + SELECT + READ, generation=sim.generation)
    events = IdCardReplyDecoder(TODAY).feed(read_bytes(sim, 15 + 19 + 1295))
    assert events[:2] == [ReaderStatus("card_found", 0x9F), ReaderStatus("ok", 0x90)]
    assert isinstance(events[2], IdCardRead) and len(events) == 3


def test_unplug(sim: IdCardSimulator) -> None:
    sim.put_card(ZHANG_SAN)
    assert sw3_of(sim, FIND) == 0x9F
    old = sim.generation
    sim.host_write(FIND[:5], generation=old)  # half a request is on the wire when power goes
    sim.unplug()
    with pytest.raises(Unplugged):
        sim.host_write(SELECT, generation=old)
    with pytest.raises(Unplugged):
        sim.host_read(10, 0.01, old)
    sim.replug()
    with pytest.raises(Unplugged):  # handles opened before the unplug stay dead
        sim.host_read(10, 0.01, old)
    assert sw3_of(sim, SELECT) == 0x81  # the selection was forgotten, and so was half a request
    assert sw3_of(sim, FIND) == 0x9F  # the card still lies there


def test_tester_commands(sim: IdCardSimulator) -> None:
    assert (
        sim.command("card", [ZHANG_SAN.id_number]) == "idcard-test: card 500103********0113 placed"
    )
    assert sim.card is ZHANG_SAN
    assert sim.command("card", ["11010519491231002x"]).endswith("placed")
    assert sim.card is not None and sim.card.id_number == "11010519491231002X"
    assert sim.command("remove-card", []) == "idcard-test: card removed"
    assert sim.card is None
    with pytest.raises(ValueError, match="not a valid 18-character ID number"):
        sim.command("card", ["110105194912310021"])
    with pytest.raises(ValueError, match="usage"):
        sim.command("card", [])
    with pytest.raises(ValueError, match="unknown command"):
        sim.command("explode", [])
    assert "unplugged" in sim.command("unplug", [])
    assert not sim.plugged


def test_tester_thread_and_host_thread_together(sim: IdCardSimulator) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def tester() -> None:
        try:
            while not stop.is_set():
                sim.put_card(ZHANG_SAN)
                sim.remove_card()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=tester)
    thread.start()
    try:
        decoder = IdCardReplyDecoder(TODAY)
        events: list[object] = []
        for _ in range(100):
            for request in (FIND, SELECT, READ):
                sim.host_write(request, generation=sim.generation)
        # Every request gets exactly one well-formed reply, whatever the card did meanwhile.
        while len(events) < 300:
            chunk = sim.host_read(4096, 1.0, sim.generation)
            assert chunk, "replies stopped"
            events += decoder.feed(chunk)
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert len(events) == 300
    assert all(isinstance(e, IdCardRead | ReaderStatus) for e in events)


def test_a_swap_on_a_reader_that_keeps_finding_cards_shows_a_gap_then_the_new_card(
    sim: IdCardSimulator,
) -> None:
    sim.stays_findable = True
    sim.put_card(ZHANG_SAN)
    read_card_events(sim)
    assert ask(sim, FIND, 15) == FIND_OK  # left lying there: still found
    sim.put_card(WANG_FANG)  # the hand takes one card away and lays another down
    assert [ask(sim, FIND, 11) for _ in range(SWAP_GAP_FINDS)] == [NO_CARD] * SWAP_GAP_FINDS
    assert read_card_events(sim)[-1] == IdCardRead(WANG_FANG, id_number_valid=True, expired=True)


def test_the_halting_command_switches_the_reader_kind(sim: IdCardSimulator) -> None:
    assert "halts" in sim.command("halting", ["on"]) and not sim.stays_findable
    assert "findable" in sim.command("halting", ["off"]) and sim.stays_findable
    with pytest.raises(ValueError, match="halting on"):
        sim.command("halting", ["maybe"])
