"""The real ID card reader driver over the in-process simulator speaking SAM frames."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from drivers.events import DeviceStateChanged, FrameError, IdCardLifted, IdCardRead, LinkState
from drivers.idcard.demo_cards import LI_SI, WANG_FANG, ZHANG_SAN
from drivers.idcard.reader import FIND, IdCardReader
from drivers.settings import IdCardReaderSettings
from drivers.sim import registry
from drivers.sim.idcard_sim import IdCardSimulator
from tests.helpers import Recorder, wait_until


@pytest.fixture
def sim() -> Iterator[IdCardSimulator]:
    device = IdCardSimulator(f"idcard-{uuid.uuid4().hex[:8]}")
    registry.register(device)
    yield device
    registry.unregister(device)


def _settings(sim: IdCardSimulator, **overrides: object) -> IdCardReaderSettings:
    values = dict(
        port=f"kiosksim://{sim.name}",
        poll_interval_ms=50,
        reply_timeout_ms=300,
        reconnect_initial_ms=20,
        reconnect_max_ms=100,
    )
    values.update(overrides)
    return IdCardReaderSettings(**values)


@pytest.fixture
def reader(sim: IdCardSimulator) -> Iterator[tuple[IdCardReader, Recorder]]:
    recorder = Recorder()
    driver = IdCardReader("id_card_reader", _settings(sim), recorder)
    driver.start()
    yield driver, recorder
    driver.close()
    assert not driver.running


def _finds(sim: IdCardSimulator) -> int:
    return bytes(sim.host_bytes).count(FIND)


def _polls_pass(sim: IdCardSimulator, n: int = 4) -> None:
    """Wait until the driver has polled ``n`` more times."""
    start = _finds(sim)
    wait_until(lambda: _finds(sim) >= start + n, what=f"{n} more polls")


def test_card_tap_is_one_event_with_parsed_fields(sim, reader) -> None:
    _, rec = reader
    rec.wait_state(LinkState.CONNECTED)
    sim.put_card(ZHANG_SAN)
    (event,) = rec.wait_count(IdCardRead, 1)
    assert event.card.id_number == ZHANG_SAN.id_number
    assert event.card.name == ZHANG_SAN.name
    assert event.id_number_valid and not event.expired
    _polls_pass(sim, 5)
    assert len(rec.of(IdCardRead)) == 1


def test_card_left_on_a_reader_that_keeps_finding_it_is_one_event(sim, reader) -> None:
    _, rec = reader
    sim.stays_findable = True
    sim.put_card(LI_SI)
    rec.wait_count(IdCardRead, 1)
    _polls_pass(sim, 6)
    assert len(rec.of(IdCardRead)) == 1
    assert sim.reads == 1  # not even re-read: the driver stops at 'find' while the card lies there
    sim.remove_card()
    _polls_pass(sim, 2)
    sim.put_card(LI_SI)  # lifted and put back: a new tap
    rec.wait_count(IdCardRead, 2)


def test_a_card_lying_on_the_reader_is_reported_lifted_once_when_it_goes(sim, reader) -> None:
    _, rec = reader
    sim.stays_findable = True
    sim.put_card(LI_SI)
    rec.wait_count(IdCardRead, 1)
    _polls_pass(sim, 4)
    assert rec.of(IdCardLifted) == []  # still lying there
    sim.remove_card()
    (lifted,) = rec.wait_count(IdCardLifted, 1)
    assert lifted.seen_lying
    _polls_pass(sim, 4)
    assert len(rec.of(IdCardLifted)) == 1


def test_a_reader_that_halts_a_read_card_says_it_cannot_tell_when_it_is_lifted(sim, reader) -> None:
    _, rec = reader
    sim.put_card(LI_SI)  # the default reader: a read card goes silent to finds
    rec.wait_count(IdCardRead, 1)
    (lifted,) = rec.wait_count(IdCardLifted, 1)
    assert not lifted.seen_lying


def test_expired_card_is_reported_as_expired(sim, reader) -> None:
    _, rec = reader
    sim.put_card(WANG_FANG)
    (event,) = rec.wait_count(IdCardRead, 1)
    assert event.expired and event.id_number_valid


def test_unplug_then_replug_reconnects_and_events_flow_again(sim, reader) -> None:
    _, rec = reader
    rec.wait_state(LinkState.CONNECTED)
    sim.unplug()
    rec.wait_state(LinkState.DISCONNECTED)
    sim.replug()
    rec.wait_state(LinkState.CONNECTED)
    sim.put_card(ZHANG_SAN)
    rec.wait_count(IdCardRead, 1)
    states = rec.states()
    assert states[:3] == [LinkState.CONNECTED, LinkState.DISCONNECTED, LinkState.CONNECTED]


def test_garbage_and_split_frames_are_survived(sim, reader) -> None:
    _, rec = reader
    rec.wait_state(LinkState.CONNECTED)
    sim.inject_garbage(b"\x00\xff\x13\xaa\xaa\x01garbage")
    sim.reply_delay = 0.01
    sim.split_next(7, gap=0.005)
    sim.put_card(ZHANG_SAN)
    rec.wait_count(IdCardRead, 1)
    assert rec.states()[-1] == LinkState.CONNECTED


def test_silent_reader_is_a_state_and_recovers(sim, reader) -> None:
    _, rec = reader
    rec.wait_state(LinkState.CONNECTED)
    sim.silent = True
    rec.wait_state(LinkState.ERROR, "reader_silent")
    sim.silent = False
    rec.wait_state(LinkState.CONNECTED)
    sim.put_card(ZHANG_SAN)
    rec.wait_count(IdCardRead, 1)


def test_sam_fault_is_a_state_and_recovers(sim) -> None:
    sim.sam_fault = True
    rec = Recorder()
    with IdCardReader("id_card_reader", _settings(sim), rec):
        rec.wait_state(LinkState.ERROR, "sam_fault")
        sim.put_card(ZHANG_SAN)
        sim.sam_fault = False
        rec.wait_state(LinkState.CONNECTED)
        rec.wait_count(IdCardRead, 1)


def test_bad_checksum_reply_is_a_frame_error_not_a_card(sim, reader) -> None:
    _, rec = reader
    rec.wait_state(LinkState.CONNECTED)
    sim.corrupt_next()
    rec.wait_count(FrameError, 1)
    assert rec.of(FrameError)[0].reason == "checksum"
    sim.put_card(ZHANG_SAN)  # the next poll goes on as usual
    rec.wait_count(IdCardRead, 1)


def test_no_port_is_disconnected_and_close_is_bounded() -> None:
    rec = Recorder()
    settings = IdCardReaderSettings(port="kiosksim://nobody-here", reconnect_initial_ms=20)
    driver = IdCardReader("id_card_reader", settings, rec)
    driver.start()
    rec.wait_state(LinkState.DISCONNECTED, "open_failed")
    driver.close(timeout=2.0)
    assert not driver.running
    assert [e.state for e in rec.of(DeviceStateChanged)].count(LinkState.DISCONNECTED) == 1
